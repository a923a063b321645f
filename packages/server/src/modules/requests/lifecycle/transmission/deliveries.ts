import type { Queryable } from '../../../../platform/db/database.ts';
import type { UnitOfWork } from '../../../../platform/db/unit-of-work.ts';
import { validationFailed } from '../../../../platform/http/errors.ts';
import { newId } from '../../../../platform/ids.ts';
import { type DeliveryRow, lifecycleRepository as repo } from '../lifecycle.repository.ts';
import type { Carrier, CarrierMessage } from './carrier.ts';
import type { RemoteTransport } from './federated-carrier.ts';

export interface SentDelivery {
  deliveryId: string;
  carrier: 'local' | 'remote';
  deliveredAt: string | null;
  recipientNode: string | null;
}

/**
 * Every message between the sides goes through one of the carriers (the local one first) and leaves
 * a delivery record with its receipts: `submitted` when it leaves, `delivered` when the recipient
 * has it, `retrieved` when someone there opens it (the e-CODEX evidence model).
 */
export class Deliveries {
  constructor(
    private readonly carriers: readonly Carrier[],
    /** The federation's carrier, when this node has one: retrievals are receipted to the sender. */
    private readonly remote?: RemoteTransport,
  ) {}

  async carrierFor(db: Queryable, agencyId: string): Promise<Carrier | undefined> {
    for (const c of this.carriers) if (await c.reaches(db, agencyId)) return c;
    return undefined;
  }

  /**
   * Sends through the carrier that reaches the recipient agency; once a request has gone to a partner
   * node (`recipientNode`), everything after goes to that node, whatever partner documents say since
   * (a suspended partner's messages wait in the outbox rather than go to another node).
   */
  async send(
    uow: UnitOfWork,
    m: Omit<CarrierMessage, 'recipientNode'> & { recipientNode?: string | null },
  ): Promise<SentDelivery> {
    const carrier = m.recipientNode
      ? this.carriers.find((c) => c.kind === 'remote')
      : await this.carrierFor(uow.tx, m.recipientAgencyId);
    if (!carrier)
      throw validationFailed([
        {
          path: 'body.recipientAgencyId',
          message: 'No carrier reaches this agency (not on this node nor on a partner node).',
        },
      ]);
    const result = await carrier.transmit(uow, { ...m, recipientNode: m.recipientNode ?? null });
    const row: DeliveryRow = {
      id: newId(),
      request_id: m.requestId,
      type: m.type,
      action: m.action,
      carrier: result.carrier,
      sender_agency_id: m.senderAgencyId,
      recipient_agency_id: m.recipientAgencyId,
      recipient_node: result.recipientNode ?? null,
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
    return {
      deliveryId: row.id,
      carrier: result.carrier,
      deliveredAt: result.deliveredAt,
      recipientNode: result.recipientNode ?? null,
    };
  }

  /**
   * A communication that arrived from a partner node as an envelope: recorded like a local delivery
   * (submitted when the partner created it, delivered now), so both sides read one timeline.
   */
  async recordIncoming(
    uow: UnitOfWork,
    m: {
      requestId: string;
      action: string;
      senderAgencyId: string;
      recipientAgencyId: string;
      envelopeId: string;
      sentAt: string;
      at: string;
    },
  ): Promise<void> {
    const row: DeliveryRow = {
      id: newId(),
      request_id: m.requestId,
      type: 'request.communication',
      action: m.action,
      carrier: 'remote',
      sender_agency_id: m.senderAgencyId,
      recipient_agency_id: m.recipientAgencyId,
      recipient_node: null,
      version: null,
      content_hash: null,
      envelope_id: m.envelopeId,
      idempotency_key: `envelope:${m.envelopeId}`,
      created_at: m.sentAt,
    };
    await repo.insertDelivery(uow.tx, row);
    await repo.insertReceipts(uow.tx, [
      { delivery_id: row.id, kind: 'submitted', at: m.sentAt, by_user_id: null },
      { delivery_id: row.id, kind: 'delivered', at: m.at, by_user_id: null },
    ]);
  }

  /** A receipt from the partner node for an envelope this node sent (e-CODEX `delivered`, `retrieved`). */
  async remoteReceipt(
    db: Queryable,
    envelopeId: string,
    kind: string,
    at: string,
    from: { partnerNode: string; now: string },
  ): Promise<boolean> {
    if (kind !== 'delivered' && kind !== 'retrieved') return false;
    const d = await repo.deliveryByEnvelope(db, envelopeId);
    // Only the node the envelope went to receipts it.
    if (d?.carrier !== 'remote' || d.recipient_node !== from.partnerNode) return false;
    // The time is the partner's claim: never before the envelope left nor after its arrival here.
    const when = Number.isNaN(Date.parse(at))
      ? from.now
      : at < d.created_at
        ? d.created_at
        : at > from.now
          ? from.now
          : at;
    await repo.insertReceipts(db, [{ delivery_id: d.id, kind, at: when, by_user_id: null }]);
    return true;
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

  /**
   * Someone of the recipient agency opened the request: `retrieved` on what was waiting for it; what
   * came from a partner node also gets its `retrieved` receipt sent back to that node.
   */
  async markRetrieved(
    uow: UnitOfWork,
    requestId: string,
    agencyId: string,
    userId: string,
    at: string,
  ): Promise<number> {
    const db = uow.tx;
    const ids = await repo.unretrievedFor(db, requestId, agencyId);
    if (this.remote && ids.length) {
      for (const d of await repo.deliveries(db, requestId)) {
        if (ids.includes(d.id) && d.carrier === 'remote' && d.envelope_id && d.recipient_node === null)
          await this.remote.markRetrieved(uow, d.envelope_id);
      }
    }
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
