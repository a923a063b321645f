/**
 * The chain of custody of one evidence item: each record's hash covers its content and the hash of
 * the record before it, so removing, reordering or changing any record breaks every later hash.
 * Pure and dependency-free: the offline package verifier uses the same functions.
 */
import { createHash } from 'node:crypto';

export const CUSTODY_EVENTS = [
  'created',
  'uploaded',
  'hash-verified',
  'viewed',
  'downloaded',
  'transferred',
  'received',
  'sealed',
  'exported',
  'integrity-rechecked',
] as const;
export type CustodyEvent = (typeof CUSTODY_EVENTS)[number];

export const GENESIS_HASH = '0'.repeat(64);

export interface CustodyRecord {
  id: string;
  itemId: string;
  seq: number;
  event: CustodyEvent;
  actorId: string | null;
  actorAgencyId: string | null;
  at: string;
  place: string | null;
  reason: string | null;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

/** JSON with object keys sorted at every level: the same value always gives the same bytes. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function custodyHash(r: Omit<CustodyRecord, 'hash'>): string {
  const { id, itemId, seq, event, actorId, actorAgencyId, at, place, reason, details, prevHash } = r;
  const body = canonicalJson({
    id,
    itemId,
    seq,
    event,
    actorId,
    actorAgencyId,
    at,
    place,
    reason,
    details,
    prevHash,
  });
  return createHash('sha256').update(body).digest('hex');
}

/** Returns the problems found (empty when the chain is intact). */
export function verifyCustodyChain(records: readonly CustodyRecord[]): string[] {
  const problems: string[] = [];
  let prev = GENESIS_HASH;
  records.forEach((r, i) => {
    if (r.seq !== i + 1) problems.push(`record ${r.id}: sequence ${r.seq}, expected ${i + 1}`);
    if (r.prevHash !== prev) problems.push(`record ${r.seq}: previous hash does not match`);
    if (custodyHash(r) !== r.hash) problems.push(`record ${r.seq}: hash does not match its content`);
    prev = r.hash;
  });
  return problems;
}
