import type { Queryable } from '../../../../platform/db/database.ts';
import type { UnitOfWork } from '../../../../platform/db/unit-of-work.ts';
import { validationFailed } from '../../../../platform/http/errors.ts';
import { newId } from '../../../../platform/ids.ts';
import { type DeliveryRow, lifecycleRepository as repo } from '../lifecycle.repository.ts';
import type { Carrier, CarrierMessage } from './carrier.ts';

export interface SentDelivery {
  deliveryId: string;
  carrier: 'local' | 'remote';
  deliveredAt: string | null;
}

/**
 * Every message between the sides goes through one of the carriers (the local one first) and leaves
 * a delivery record with its receipts: `submitted` when it leaves, `delivered` when the recipient
 * has it, `retrieved` when someone there opens it (the e-CODEX evidence model).
 */
export class Deliveries {
  constructor(private readonly carriers: readonly Carrier[]) {}

  async carrierFor(db: Queryable, agencyId: string): Promise<Carrier | undefined> {
    for (const c of this.carriers) if (await c.reaches(db, agencyId)) return c;
    return undefined;
  }

  async send(uow: UnitOfWork, m: Omit<CarrierMessage, 'recipientNode'>): Promise<SentDelivery> {
    const carrier = await this.carrierFor(uow.tx, m.recipientAgencyId);
    if (!carrier)
      throw validationFailed([
        {
          path: 'body.recipientAgencyId',
          message: 'No carrier reaches this agency (not on this node nor on a partner node).',
        },
      ]);
    const result = await carrier.transmit(uow, { ...m, recipientNode: null });
    const row: DeliveryRow = {
      id: newId(),
      request_id: m.requestId,
      type: m.type,
      action: m.action,
      carrier: result.carrier,
      sender_agency_id: m.senderAgencyId,
      recipient_agency_id: m.recipientAgencyId,
      recipient_node: null,
      version: m.version,
      content_hash: m.contentHash,
      envelope_id: result.envelopeId,
      idempotency_key: m.idempotencyKey,
      created_at: m.at,
    };
    await repo.insertDelivery(uow.tx, row);
    await repo.insertReceipts(uow.tx, [
      { delivery_id: row.id, kind: 'submitted', at: m.at, by_user_id: null },
      ...(result.deliveredAt
        ? [{ delivery_id: row.id, kind: 'delivered' as const, at: result.deliveredAt, by_user_id: null }]
        : []),
    ]);
    return { deliveryId: row.id, carrier: result.carrier, deliveredAt: result.deliveredAt };
  }

  /** A receipt that came back later (remote carrier), or a retrieval here. Repeats are ignored. */
  addReceipt(
    db: Queryable,
    deliveryId: string,
    kind: 'delivered' | 'retrieved',
    at: string,
    by: string | null,
  ) {
    return repo.insertReceipts(db, [{ delivery_id: deliveryId, kind, at, by_user_id: by }]);
  }

  /** Someone of the recipient agency opened the request: `retrieved` on what was waiting for it. */
  async markRetrieved(
    db: Queryable,
    requestId: string,
    agencyId: string,
    userId: string,
    at: string,
  ): Promise<number> {
    const ids = await repo.unretrievedFor(db, requestId, agencyId);
    await repo.insertReceipts(
      db,
      ids.map((id) => ({ delivery_id: id, kind: 'retrieved' as const, at, by_user_id: userId })),
    );
    if (ids.length) await repo.markIncomingRetrieved(db, requestId, agencyId, at, userId);
    return ids.length;
  }

  async list(db: Queryable, requestId: string, viewerAgencyId: string) {
    const rows = await repo.deliveries(db, requestId);
    const receipts = await repo.receipts(
      db,
      rows.map((r) => r.id),
    );
    return rows.map((r) => ({
      id: r.id,
      type: r.type,
      action: r.action,
      carrier: r.carrier,
      direction: r.sender_agency_id === viewerAgencyId ? ('outgoing' as const) : ('incoming' as const),
      senderAgencyId: r.sender_agency_id,
      recipientAgencyId: r.recipient_agency_id,
      recipientNode: r.recipient_node,
      version: r.version,
      contentHash: r.content_hash,
      createdAt: r.created_at,
      receipts: receipts
        .filter((x) => x.delivery_id === r.id)
        .map((x) => ({ kind: x.kind, at: x.at, by: x.by_user_id })),
    }));
  }
}
