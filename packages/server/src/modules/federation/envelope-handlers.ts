import type { UnitOfWork } from '../../platform/db/unit-of-work.ts';
import type { JsonValue } from './protocol/canonical.ts';
import type { Envelope, EnvelopeParty } from './protocol/envelope.ts';

/** An incoming envelope as a handler sees it: verified, in conversation order, payload decrypted. */
export interface ReceivedEnvelope {
  id: string;
  type: string;
  sender: EnvelopeParty;
  recipient: EnvelopeParty;
  conversationId: string;
  sequence: number;
  createdAt: string;
  labels: Envelope['labels'];
  refs: string[];
  payload: JsonValue;
  /** SHA-256 (base64url) of the canonical envelope as received: what receipts name. */
  digest: string;
}

/**
 * What a handler may answer instead of "done": the envelope is then processed (never offered to the
 * handler again) and the sender gets a `rejected` or `not-delivered` receipt with the problem.
 * Throwing instead means "not now": the transaction rolls back and processing is retried with
 * backoff, holding back the later envelopes of the conversation.
 */
export type HandlerOutcome =
  | undefined
  | {
      outcome: 'rejected' | 'not-delivered';
      problem: { code: string; detail?: string };
    };

/**
 * Runs inside the transaction that marks the envelope processed: whatever the handler writes with
 * `uow.tx` commits together with that mark, so each envelope takes effect exactly once.
 */
export type EnvelopeHandler = (
  uow: UnitOfWork,
  envelope: ReceivedEnvelope,
) => Promise<HandlerOutcome | undefined>;

/** Envelope types this node processes, each with exactly one handler. */
export class EnvelopeHandlers {
  private readonly handlers = new Map<string, EnvelopeHandler>();

  register(type: string, handler: EnvelopeHandler): void {
    if (!/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/.test(type) || type.length > 64) {
      throw new Error(`"${type}" is not an envelope type`);
    }
    if (this.handlers.has(type)) throw new Error(`Envelope handler for "${type}" is registered twice`);
    this.handlers.set(type, handler);
  }

  get(type: string): EnvelopeHandler | undefined {
    return this.handlers.get(type);
  }

  has(type: string): boolean {
    return this.handlers.has(type);
  }

  types(): string[] {
    return [...this.handlers.keys()].sort();
  }
}
