import type { Clock } from '../../platform/clock.ts';
import type { UnitOfWork } from '../../platform/db/unit-of-work.ts';
import { AppError, conflict } from '../../platform/http/errors.ts';
import { newId } from '../../platform/ids.ts';
import { systemMeta } from '../access/actor.ts';
import type { AuditLog } from '../audit/audit.service.ts';
import { evidenceOfferPayloadSchema } from './evidence-offer.ts';
import type { NodeIdentity } from './node-identity.ts';
import { outboxRepository as repo } from './outbox.repository.ts';
import type { PartnersService } from './partners.service.ts';
import type { JsonValue } from './protocol/canonical.ts';
import { createEnvelope, type Envelope, sealEnvelope } from './protocol/envelope.ts';
import { encryptEnvelopePayload } from './protocol/payload-crypto.ts';
import { envelopeDigest } from './protocol/receipts.ts';

/** What a module hands to the outbox; the federation layer fills in the rest (ids, sequence, signature). */
export interface EnvelopeDraft {
  recipientNode: string;
  recipientAgency?: string | undefined;
  senderAgency?: string | undefined;
  type: string;
  conversationId: string;
  payload: JsonValue;
  labels: Envelope['labels'];
  /**
   * Unique per sending node and stable across repeats of the same business step (e.g.
   * `request:<id>:transmit:<version>`): enqueueing the same key again returns the first envelope.
   */
  idempotencyKey: string;
  refs?: string[] | undefined;
  /** Operational data is encrypted to the recipient node (default). Receipts travel in clear. */
  encrypt?: boolean;
}

export interface QueuedEnvelope {
  envelopeId: string;
  recipientNode: string;
  conversationId: string;
  sequence: number;
  /** True when the idempotency key was already queued: nothing new was written. */
  duplicate: boolean;
}

/**
 * The durable outbox. `enqueue` runs inside the caller's transaction, so the envelope exists exactly
 * when the business change that caused it committed; it is signed (and encrypted) once, here, and
 * every delivery attempt sends the same bytes.
 */
export class Outbox {
  constructor(
    private readonly identity: NodeIdentity,
    private readonly partners: PartnersService,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly wakeDelivery: () => void,
  ) {}

  async enqueue(uow: UnitOfWork, draft: EnvelopeDraft): Promise<QueuedEnvelope> {
    const existing = await repo.byIdempotencyKey(uow.tx, draft.idempotencyKey);
    if (existing) {
      if (
        existing.recipient_node !== draft.recipientNode ||
        existing.type !== draft.type ||
        existing.conversation_id !== draft.conversationId
      ) {
        throw conflict(`Idempotency key ${draft.idempotencyKey} was used for another envelope.`);
      }
      return {
        envelopeId: existing.id,
        recipientNode: existing.recipient_node,
        conversationId: existing.conversation_id,
        sequence: existing.sequence,
        duplicate: true,
      };
    }
    const partner = this.partners.get(draft.recipientNode);
    if (!partner || partner.row.status === 'pending') {
      throw new AppError(
        'federation-unknown-partner',
        `Node ${draft.recipientNode} is not a confirmed partner.`,
      );
    }
    const now = this.clock.now();
    const sequence = await repo.nextSequence(uow.tx, draft.recipientNode, draft.conversationId);
    let envelope = createEnvelope(
      {
        id: newId(),
        type: draft.type,
        sender: { node: this.identity.nodeId, ...(draft.senderAgency ? { agency: draft.senderAgency } : {}) },
        recipient: {
          node: draft.recipientNode,
          ...(draft.recipientAgency ? { agency: draft.recipientAgency } : {}),
        },
        idempotencyKey: draft.idempotencyKey,
        conversationId: draft.conversationId,
        sequence,
        ...(draft.refs?.length ? { refs: draft.refs } : {}),
        labels: draft.labels,
        payload: draft.payload,
      },
      now,
    );
    if (draft.encrypt !== false) {
      if (!partner.encryptionKey) {
        throw new AppError(
          'federation-unknown-partner',
          `Node ${draft.recipientNode} publishes no encryption key.`,
        );
      }
      envelope = await encryptEnvelopePayload(envelope, partner.encryptionKey);
    }
    const sealed = await sealEnvelope(envelope, this.identity.signingKey());
    const at = now.toISOString();
    await repo.insert(uow.tx, {
      id: sealed.id,
      recipient_node: draft.recipientNode,
      type: draft.type,
      conversation_id: draft.conversationId,
      sequence,
      idempotency_key: draft.idempotencyKey,
      envelope: JSON.stringify(sealed),
      digest: envelopeDigest(sealed),
      status: 'pending',
      attempts: 0,
      next_attempt_at: at,
      locked_by: null,
      locked_until: null,
      last_status: null,
      last_error: null,
      created_at: at,
      completed_at: null,
    });
    if (draft.type === 'evidence.offer') await this.grantBlobs(uow, draft, sealed.id, at);
    await this.audit.append(
      uow,
      { actor: null, meta: systemMeta },
      {
        action: 'federation.envelope.queued',
        objectType: 'federation-envelope',
        objectId: sealed.id,
        details: {
          type: draft.type,
          partner: draft.recipientNode,
          conversationId: draft.conversationId,
          sequence,
          encrypted: draft.encrypt !== false,
        },
      },
    );
    uow.afterCommit(this.wakeDelivery);
    return {
      envelopeId: sealed.id,
      recipientNode: draft.recipientNode,
      conversationId: draft.conversationId,
      sequence,
      duplicate: false,
    };
  }

  /** The recipient of an evidence offer may pull the offered blobs (and nobody else may). */
  private async grantBlobs(uow: UnitOfWork, draft: EnvelopeDraft, envelopeId: string, at: string) {
    const offer = evidenceOfferPayloadSchema.parse(draft.payload);
    for (const item of offer.items) {
      await uow.tx
        .insertInto('federation_blob_grant')
        .values({
          partner_node: draft.recipientNode,
          sha256: item.sha256,
          size: item.size,
          envelope_id: envelopeId,
          created_at: at,
        })
        .onConflict((oc) => oc.columns(['partner_node', 'sha256']).doNothing())
        .execute();
    }
  }
}
