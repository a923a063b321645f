import type { Queryable } from '../../../../platform/db/database.ts';
import type { UnitOfWork } from '../../../../platform/db/unit-of-work.ts';
import type { Carrier, CarrierMessage, CarrierResult } from './carrier.ts';

/**
 * The shape of the federation module's remote carrier this adapter uses (structurally typed, so the
 * requests module does not reach into federation internals). Receipts come back later through the
 * federation's `onReceipt` and are recorded with `Deliveries.addReceipt`.
 */
export interface RemoteTransport {
  transmit(
    uow: UnitOfWork,
    message: {
      recipientNode: string;
      recipientAgency?: string | undefined;
      senderAgency?: string | undefined;
      type: string;
      conversationId: string;
      payload: Record<string, unknown>;
      labels: { tlp: string; [label: string]: unknown };
      idempotencyKey: string;
    },
  ): Promise<{ envelopeId: string }>;
  nodeForAgency(agencyId: string): string | undefined;
}

/** Delivery to an agency on a partner node, through the federation outbox. */
export class FederatedCarrier implements Carrier {
  readonly kind = 'remote' as const;

  constructor(private readonly remote: RemoteTransport) {}

  async reaches(_db: Queryable, agencyId: string): Promise<boolean> {
    return this.remote.nodeForAgency(agencyId) !== undefined;
  }

  async transmit(uow: UnitOfWork, m: CarrierMessage): Promise<CarrierResult> {
    const node = m.recipientNode ?? this.remote.nodeForAgency(m.recipientAgencyId);
    if (!node) throw new Error(`No partner node hosts agency ${m.recipientAgencyId}`);
    const queued = await this.remote.transmit(uow, {
      recipientNode: node,
      recipientAgency: m.recipientAgencyId,
      senderAgency: m.senderAgencyId,
      type: m.type,
      conversationId: m.conversationId,
      payload: { action: m.action, version: m.version, contentHash: m.contentHash, ...m.payload },
      labels: m.labels,
      idempotencyKey: m.idempotencyKey,
    });
    return { carrier: 'remote', envelopeId: queued.envelopeId, deliveredAt: null };
  }
}
