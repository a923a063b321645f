import crypto from 'node:crypto';
import type { Tables } from '../../platform/db/schema.ts';
import type { Actor, RequestMeta } from '../access/actor.ts';

export type AuditRow = Omit<Tables['audit_event'], 'seq'>;
export type AuditOutcome = AuditRow['outcome'];

/** What a service says happened; who/where come from the actor and request meta. */
export interface AuditInput {
  action: string;
  objectType?: string | null;
  objectId?: string | null;
  outcome?: AuditOutcome;
  /** Ids, counts and codes only: never personal data or secrets. */
  details?: Record<string, unknown>;
}

export interface AuditWho {
  actor: Pick<Actor, 'userId' | 'agencyId'> | null;
  meta: RequestMeta;
}

/** The canonical event as text: a JSON array in a fixed field order (version first). */
function canonicalEventText(e: Omit<AuditRow, 'leaf_hash' | 'leaf_index'>): string {
  return JSON.stringify([
    1,
    e.id,
    e.occurred_at,
    e.node_id,
    e.actor_user_id,
    e.actor_agency_id,
    e.action,
    e.object_type,
    e.object_id,
    e.outcome,
    e.ip,
    e.session_id,
    e.request_id,
    e.purpose,
    e.details,
  ]);
}

/**
 * The exact bytes a leaf commits to. A JSON array in a fixed field order (version first), so the
 * encoding never depends on object key order; `details` is hashed as the stored string.
 */
export function canonicalEventBytes(e: Omit<AuditRow, 'leaf_hash' | 'leaf_index'>): Buffer {
  return Buffer.from(canonicalEventText(e), 'utf8');
}

/**
 * RFC 9162 §2.1.1: leaf hash = SHA-256(0x00 ‖ leaf). One-shot over one string: U+0000 is the
 * single byte 0x00 in UTF-8, so these are exactly the bytes 0x00 ‖ canonicalEventBytes(e).
 */
export const eventLeafHash = (e: Omit<AuditRow, 'leaf_hash' | 'leaf_index'>): string =>
  crypto.hash('sha256', `\u0000${canonicalEventText(e)}`, 'hex');

export function buildAuditRow(
  input: AuditInput,
  who: AuditWho,
  ctx: { id: string; nodeId: string; occurredAt: string },
): AuditRow {
  const base = {
    id: ctx.id,
    occurred_at: ctx.occurredAt,
    node_id: ctx.nodeId,
    actor_user_id: who.actor?.userId ?? null,
    actor_agency_id: who.actor?.agencyId ?? null,
    action: input.action,
    object_type: input.objectType ?? null,
    object_id: input.objectId ?? null,
    outcome: input.outcome ?? 'success',
    ip: who.meta.ip,
    session_id: who.meta.sessionId,
    request_id: who.meta.requestId,
    purpose: who.meta.purpose,
    details: JSON.stringify(input.details ?? {}),
  } satisfies Omit<AuditRow, 'leaf_hash' | 'leaf_index'>;
  return { ...base, leaf_index: null, leaf_hash: eventLeafHash(base) };
}
