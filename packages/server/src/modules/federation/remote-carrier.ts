import type { UnitOfWork } from '../../platform/db/unit-of-work.ts';
import type { EnvelopeHandler } from './envelope-handlers.ts';
import type { BlobSink } from './evidence-offer.ts';
import type { QueuedEnvelope } from './outbox.ts';
import type { JsonValue } from './protocol/canonical.ts';
import type { Envelope } from './protocol/envelope.ts';
import type { ReceiptListener, StoredReceipt } from './receipts.service.ts';

/** One business message for an agency on a partner node. */
export interface RemoteTransmission {
  /** The partner node hosting the recipient agency (see `nodeForAgency`). */
  recipientNode: string;
  recipientAgency?: string | undefined;
  /** The sending agency on this node (travels as `sender.agency`). */
  senderAgency?: string | undefined;
  /** Envelope type, e.g. `request.transmission`, `formal-communication`, `message`, `evidence.offer`. */
  type: string;
  /** Case, request or thread id: envelopes of one conversation are processed in the order sent. */
  conversationId: string;
  /** Encrypted to the recipient node; never logged or audited. */
  payload: JsonValue;
  /** Handling labels: `tlp` required; `handlingCode`, `originatorAgency` and more enforced by the receiver. */
  labels: Envelope['labels'];
  /** Stable for the business step (`request:<id>:transmit:<version>`): a repeat returns the first envelope. */
  idempotencyKey: string;
  refs?: string[] | undefined;
}

/**
 * What the lifecycle, messaging and evidence modules use to reach an agency on another node. Local
 * delivery stays theirs; when `nodeForAgency` names a partner node they call `transmit` inside the
 * transaction of their business change (the envelope is queued if and only if that commits), and
 * register a handler per envelope type for what arrives.
 */
export interface RemoteCarrier {
  transmit(uow: UnitOfWork, message: RemoteTransmission): Promise<QueuedEnvelope>;
  /**
   * Handles incoming envelopes of one type: called once per envelope, in conversation order, inside
   * the transaction that marks it processed. Registering a type twice throws (at startup).
   */
  onReceived(type: string, handler: EnvelopeHandler): void;
  /** Receipts (accepted, delivered, retrieved…) for envelopes this node sent, as they arrive. */
  onReceipt(listener: ReceiptListener): void;
  /** The active partner node hosting this agency, from partners' node documents; undefined if none. */
  nodeForAgency(agencyId: string): string | undefined;
  /** A person opened a received envelope: the sender gets a `retrieved` receipt (true: queued now). */
  markRetrieved(uow: UnitOfWork, envelopeId: string): Promise<boolean>;
  /** Receipts stored for an envelope (sent or received by this node). */
  receipts(envelopeId: string): Promise<StoredReceipt[]>;
  /** An agency a partner node hosts, as its signed node document describes it (names in views). */
  partnerAgency(
    agencyId: string,
  ): { id: string; name: string; kind: string; jurisdiction: string; node: string } | undefined;
  /**
   * Pulls a blob offered by `nodeId` in an `evidence.offer` into `sink` (§9a): resumable, and
   * accepted only when its SHA-256 and size match the offer (BlobIntegrityError otherwise).
   */
  pull(nodeId: string, blob: { sha256: string; size: number }, sink: BlobSink): Promise<unknown>;
}
