import type { TransitionAction } from '@comity/contracts';
import type { Queryable } from '../../../../platform/db/database.ts';
import type { UnitOfWork } from '../../../../platform/db/unit-of-work.ts';

/**
 * One business message between the two sides of a request: the transmission of the frozen version,
 * or a formal communication that follows it (acknowledgement, request for information, decision,
 * results…). A carrier takes it inside the transaction of the transition, so the message exists
 * exactly when the transition committed.
 */
export interface CarrierMessage {
  requestId: string;
  type: 'request.transmission' | 'request.communication';
  action: TransitionAction;
  senderAgencyId: string;
  recipientAgencyId: string;
  /** Partner node hosting the recipient; null when it is on this node. */
  recipientNode: string | null;
  /** Messages of one request are processed in the order sent. */
  conversationId: string;
  /** Transmission: the frozen request as JSON; communication: the transition's payload. */
  payload: Record<string, unknown>;
  /** Handling labels (TLP 2.0 at least). */
  labels: { tlp: string; [label: string]: string };
  /** Transmission: content version and its SHA-256 (RFC 8785 canonical JSON). */
  version: number | null;
  contentHash: string | null;
  /** Stable for the business step, e.g. `request:<id>:transmit:v5`: a repeat sends nothing new. */
  idempotencyKey: string;
  at: string;
}

export interface CarrierResult {
  carrier: 'local' | 'remote';
  /** The federation envelope, for a remote carrier. */
  envelopeId: string | null;
  /** When the recipient has it: now for the local carrier; later (by receipt) for a remote one. */
  deliveredAt: string | null;
  /** The partner node the message went to (remote carrier). */
  recipientNode?: string | undefined;
}

/**
 * How a request reaches the other side. The local carrier delivers to an agency on this node; the
 * federation module's remote carrier (see federated-carrier.ts) queues a signed envelope for a
 * partner node. Receipts follow the e-CODEX model: submitted, delivered, retrieved.
 */
export interface Carrier {
  readonly kind: 'local' | 'remote';
  /** Whether this carrier can deliver to the agency. */
  reaches(db: Queryable, agencyId: string): Promise<boolean>;
  transmit(uow: UnitOfWork, message: CarrierMessage): Promise<CarrierResult>;
}
