import type { FederationEnvelope, FederationEnvelopeListQuery } from '@comity/contracts';
import type { z } from 'zod';
import type { Clock } from '../../platform/clock.ts';
import type { NodeKeys } from '../../platform/crypto/node-keys.ts';
import type { Database } from '../../platform/db/database.ts';
import { inTransaction } from '../../platform/db/unit-of-work.ts';
import { conflict, notFound, validationFailed } from '../../platform/http/errors.ts';
import type { Actor, RequestMeta } from '../access/actor.ts';
import type { AuditLog } from '../audit/audit.service.ts';
import { type Federation, incomingDto, outgoingDto } from './federation.service.ts';
import { inboxRepository } from './inbox.repository.ts';
import { NodeKeysAdmin } from './node-keys.service.ts';
import { outboxRepository } from './outbox.repository.ts';
import { partnersRepository } from './partners.repository.ts';

type EnvelopeDto = z.infer<typeof FederationEnvelope>;
export type EnvelopeListQuery = z.infer<typeof FederationEnvelopeListQuery>;

export interface FederationOperationsDeps {
  database: Database;
  federation: Federation;
  keys: NodeKeys;
  audit: AuditLog;
  clock: Clock;
}

/**
 * The parts of the operations API (docs/federation.md §15) beyond the dashboard's status: envelope
 * listings in and out, the node's keys and their rotation, removing a partner added by mistake.
 */
export class FederationOperations {
  readonly keys: NodeKeysAdmin;

  constructor(private readonly deps: FederationOperationsDeps) {
    this.keys = new NodeKeysAdmin(deps);
  }

  /** Reads of the dashboard, a partner or one envelope leave a trace, as the envelope listings do. */
  async recordRead(
    actor: Actor,
    meta: RequestMeta,
    event: {
      action: string;
      objectType: 'federation-partner' | 'federation-envelope';
      objectId?: string;
      details?: Record<string, unknown>;
    },
  ): Promise<void> {
    await this.deps.audit.record({ actor, meta }, event);
  }

  /** A page of envelopes, newest first, with their receipts: metadata only, never a payload. */
  async listEnvelopes(
    actor: Actor,
    meta: RequestMeta,
    q: EnvelopeListQuery,
  ): Promise<{ items: EnvelopeDto[]; nextCursor: string | null }> {
    const db = this.deps.database.db;
    const before = q.cursor ? decodeCursor(q.cursor) : undefined;
    // One more than asked tells whether another page follows.
    const filter = { partner: q.partner, type: q.type, before, limit: q.limit + 1 };
    let items: EnvelopeDto[];
    let last: { at: string; id: string } | undefined;
    if (q.direction === 'out') {
      const rows = await outboxRepository.page(db, { ...filter, status: q.status as OutStatus | undefined });
      const page = rows.slice(0, q.limit);
      const receipts = await this.deps.federation.receipts.list(
        db,
        page.map((r) => r.id),
      );
      items = page.map((r) => outgoingDto(r, receipts.get(r.id) ?? []));
      const tail = rows.length > q.limit ? page.at(-1) : undefined;
      last = tail && { at: tail.created_at, id: tail.id };
    } else {
      const rows = await inboxRepository.page(db, { ...filter, status: q.status as InStatus | undefined });
      const page = rows.slice(0, q.limit);
      const receipts = await this.deps.federation.receipts.list(
        db,
        page.map((r) => r.id),
      );
      items = page.map((r) => incomingDto(r, receipts.get(r.id) ?? []));
      const tail = rows.length > q.limit ? page.at(-1) : undefined;
      last = tail && { at: tail.received_at, id: tail.id };
    }
    await this.deps.audit.record(
      { actor, meta },
      {
        action: 'federation.envelope.list',
        objectType: 'federation-envelope',
        details: {
          direction: q.direction,
          ...(q.status ? { status: q.status } : {}),
          ...(q.partner ? { partner: q.partner } : {}),
          ...(q.type ? { type: q.type } : {}),
          count: items.length,
        },
      },
    );
    return { items, nextCursor: last ? encodeCursor(last) : null };
  }

  /**
   * Removes a partner that was added but never confirmed (a wrong URL, a mistake). Confirmed
   * partners are suspended instead, never deleted: envelopes and receipts name them.
   */
  async removePendingPartner(actor: Actor, meta: RequestMeta, id: string): Promise<void> {
    const { database, audit, federation } = this.deps;
    await inTransaction(database, async (uow) => {
      const row = await partnersRepository.byId(uow.tx, id);
      if (!row) throw notFound();
      if (row.status !== 'pending') {
        throw conflict('Only a pending partner can be removed; suspend a confirmed partner instead.');
      }
      const r = await partnersRepository.deletePending(uow.tx, id);
      if (Number(r.numDeletedRows) !== 1) throw conflict('The partner changed meanwhile.');
      await audit.append(
        uow,
        { actor, meta },
        {
          action: 'federation.partner.remove',
          objectType: 'federation-partner',
          objectId: id,
          details: { partner: row.node_id, baseUrl: row.base_url, fingerprint: row.fingerprint },
        },
      );
    });
    await federation.partners.reload();
  }

  /** The node's keys for the dashboard; the listing is audited like other operational reads. */
  async listKeys(actor: Actor, meta: RequestMeta) {
    const items = await this.keys.list();
    await this.deps.audit.record(
      { actor, meta },
      { action: 'node-key.list', objectType: 'node-key', details: { count: items.length } },
    );
    return items;
  }
}

type OutStatus = 'queued' | 'retrying' | 'delivered' | 'failed';
type InStatus = 'stored' | 'processed' | 'failed';

const encodeCursor = (c: { at: string; id: string }) => Buffer.from(`${c.at}|${c.id}`).toString('base64url');

function decodeCursor(cursor: string): { at: string; id: string } {
  const [at, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!at || !id || rest.length || !/^\d{4}-\d\d-\d\dT[\d:.]+Z$/.test(at) || !/^[0-9a-f-]{36}$/.test(id)) {
    throw validationFailed([{ path: 'cursor', message: 'not a cursor of this listing' }]);
  }
  return { at, id };
}
