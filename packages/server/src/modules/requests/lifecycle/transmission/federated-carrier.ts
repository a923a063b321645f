import type { Queryable } from '../../../../platform/db/database.ts';
import type { UnitOfWork } from '../../../../platform/db/unit-of-work.ts';
import type { Carrier, CarrierMessage, CarrierResult } from './carrier.ts';

/** Envelope types of the lifecycle on the wire (docs/federation.md §14a). */
export const TRANSMISSION_TYPE = 'request.transmission';
export const COMMUNICATION_TYPE = 'formal-communication';
export const EVIDENCE_OFFER_TYPE = 'evidence.offer';

/** A received envelope as the lifecycle reads it (structurally the federation's ReceivedEnvelope). */
export interface InboundEnvelope {
  id: string;
  type: string;
  sender: { node: string; agency?: string | undefined };
  recipient: { node: string; agency?: string | undefined };
  conversationId: string;
  createdAt: string;
  labels: { tlp: string; [label: string]: unknown };
  payload: unknown;
}

export type InboundOutcome =
  | undefined
  | { outcome: 'rejected' | 'not-delivered'; problem: { code: string; detail?: string } };

/** A blob sink as the federation's blob transfer writes to it. */
export interface PullSink {
  length(): Promise<number>;
  append(chunk: Uint8Array): Promise<void>;
  readAll(): AsyncIterable<Uint8Array>;
}

/**
 * The shape of the federation module's remote carrier this module uses (structurally typed, so the
 * requests module does not reach into federation internals; node.ts passes `federation.carrier`).
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
      // biome-ignore lint/suspicious/noExplicitAny: JSON payload, typed by the federation as JsonValue
      payload: any;
      labels: { tlp: string; [label: string]: unknown };
      idempotencyKey: string;
      refs?: string[] | undefined;
    },
  ): Promise<{ envelopeId: string; recipientNode: string }>;
  nodeForAgency(agencyId: string): string | undefined;
  onReceived(
    type: string,
    handler: (uow: UnitOfWork, envelope: InboundEnvelope) => Promise<InboundOutcome>,
  ): void;
  onReceipt(
    listener: (
      uow: UnitOfWork,
      receipt: {
        envelopeId: string;
        kind: string;
        at: string;
        direction: string;
        /** The node that sent the receipt, and whether it names exactly the envelope sent to it. */
        partnerNode: string;
        digestMatches: boolean;
      },
    ) => Promise<void>,
  ): void;
  markRetrieved(uow: UnitOfWork, envelopeId: string): Promise<boolean>;
  receipts(envelopeId: string): Promise<{ kind: string; at: string; direction: string }[]>;
  partnerAgency(
    agencyId: string,
  ): { id: string; name: string; kind: string; jurisdiction: string; node: string } | undefined;
  pull(nodeId: string, blob: { sha256: string; size: number }, sink: PullSink): Promise<unknown>;
}

/**
 * Delivery to an agency on a partner node: a signed, encrypted envelope queued in the federation
 * outbox inside the transition's transaction (it leaves if and only if the transition commits).
 * The transmission of the frozen version is a `request.transmission`; everything after it a
 * `formal-communication`. Receipts come back later through the federation's `onReceipt`.
 */
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
      type: m.type === 'request.transmission' ? TRANSMISSION_TYPE : COMMUNICATION_TYPE,
      conversationId: m.conversationId,
      payload: {
        requestId: m.requestId,
        action: m.action,
        version: m.version,
        contentHash: m.contentHash,
        at: m.at,
        ...m.payload,
      },
      // The labels travel signed with the data; the originator is the agency that wrote it.
      labels: { ...m.labels, originatorAgency: m.senderAgencyId },
      idempotencyKey: m.idempotencyKey,
      refs: [m.requestId],
    });
    return { carrier: 'remote', envelopeId: queued.envelopeId, deliveredAt: null, recipientNode: node };
  }
}
