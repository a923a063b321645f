import type { Clock } from '../../platform/clock.ts';
import type { Queryable } from '../../platform/db/database.ts';
import type { UnitOfWork } from '../../platform/db/unit-of-work.ts';
import { AppError, conflict } from '../../platform/http/errors.ts';
import { newId } from '../../platform/ids.ts';
import { systemMeta } from '../access/actor.ts';
import type { AuditLog } from '../audit/audit.service.ts';
import { evidenceOfferPayloadSchema } from './evidence-offer.ts';
import type { NodeIdentity } from './node-identity.ts';
import { type OutboxRow, outboxRepository as repo } from './outbox.repository.ts';
import type { PartnerEntry, PartnersService } from './partners.service.ts';
import type { JsonValue } from './protocol/canonical.ts';
import {
  createEnvelope,
  type Envelope,
  sealCreatedEnvelopeWithText,
  type UnsignedEnvelope,
} from './protocol/envelope.ts';
import { agreeKey, encryptEnvelopePayload, type KeyAgreement } from './protocol/payload-crypto.ts';
import { digestOfCanonical } from './protocol/receipts.ts';

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
 * Envelopes of one conversation made ready outside any transaction (see `Outbox.prepareBatch`):
 * ids given, payloads encrypted, and signed for the sequence numbers the conversation's cursor
 * promised when they were prepared.
 */
export interface PreparedBatch {
  readonly drafts: readonly EnvelopeDraft[];
  /** Encrypted, unsigned: re-signed in the transaction if the sequences turn out to differ. */
  readonly unsigned: readonly UnsignedEnvelope[];
  readonly sealed: readonly Envelope[];
  /** The RFC 8785 text of each of `sealed`. */
  readonly canonical: readonly string[];
  /** The sequence `sealed[0]` was signed with. */
  readonly firstSequence: number;
}

/** Envelopes prepared between two yields to the event loop (deliveries and answers go on meanwhile). */
const PREPARE_SLICE = 25;

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
    const partner = this.partnerFor(draft);
    const now = this.clock.now();
    const sequence = await repo.nextSequence(uow.tx, draft.recipientNode, draft.conversationId);
    const envelope = await this.build(partner, draft, newId(), sequence, now);
    const { envelope: sealed, canonical } = await sealCreatedEnvelopeWithText(
      envelope,
      this.identity.signingKey(),
    );
    const at = now.toISOString();
    await repo.insert(uow.tx, this.row(draft, sealed, canonical, at));
    if (draft.type === 'evidence.offer') await this.grantBlobs(uow, draft, sealed.id, at);
    await this.audit.append(uow, { actor: null, meta: systemMeta }, queuedEvent(draft, sealed));
    uow.afterCommit(this.wakeDelivery);
    return queuedOf(draft, sealed);
  }

  /**
   * The costly part of queueing many envelopes of one conversation (encryption, signing), done
   * before the transaction so that SQLite's single writer is not held during it; then
   * `enqueuePrepared` stores them in one short transaction. The sequence numbers are signed, so
   * they are read from the conversation's cursor here and confirmed there, atomically: if another
   * transaction took them meanwhile, the envelopes are signed again with the numbers really
   * reserved. Either way the conversation stays gap-free and in order.
   */
  async prepareBatch(db: Queryable, drafts: readonly EnvelopeDraft[]): Promise<PreparedBatch> {
    const first = drafts[0];
    if (!first) return { drafts, unsigned: [], sealed: [], canonical: [], firstSequence: 1 };
    if (
      drafts.some((d) => d.recipientNode !== first.recipientNode || d.conversationId !== first.conversationId)
    )
      throw new TypeError('A batch is one conversation towards one node');
    const partner = this.partnerFor(first);
    const now = this.clock.now();
    const firstSequence = (await repo.lastSequence(db, first.recipientNode, first.conversationId)) + 1;
    const key = this.identity.signingKey();
    // One ephemeral key for the batch's encrypted payloads (docs/federation.md §7): one X25519 key
    // generation and agreement here, and one on the recipient, instead of one per envelope.
    const agreement =
      partner.encryptionKey && drafts.some((d) => d.encrypt !== false)
        ? agreeKey(partner.encryptionKey)
        : undefined;
    const unsigned: UnsignedEnvelope[] = [];
    const sealed: Envelope[] = [];
    const canonical: string[] = [];
    for (const [i, draft] of drafts.entries()) {
      // Long batches let deliveries and requests run between slices instead of waiting for all.
      if (i > 0 && i % PREPARE_SLICE === 0) await new Promise((r) => setImmediate(r));
      const envelope = await this.build(partner, draft, newId(), firstSequence + i, now, agreement);
      unsigned.push(envelope);
      const signed = await sealCreatedEnvelopeWithText(envelope, key);
      sealed.push(signed.envelope);
      canonical.push(signed.canonical);
    }
    return { drafts, unsigned, sealed, canonical, firstSequence };
  }

  /**
   * Stores a prepared batch in the caller's transaction: sequences reserved in one statement, the
   * envelopes and their audit events in multi-row INSERTs. An idempotency key already queued sends
   * the whole batch through `enqueue`, envelope by envelope (the first envelope wins, as there).
   */
  async enqueuePrepared(uow: UnitOfWork, batch: PreparedBatch): Promise<QueuedEnvelope[]> {
    const { drafts } = batch;
    if (drafts.length === 0) return [];
    const keys = drafts.map((d) => d.idempotencyKey);
    if (new Set(keys).size !== keys.length || (await repo.takenIdempotencyKeys(uow.tx, keys)).size > 0) {
      const out: QueuedEnvelope[] = [];
      for (const draft of drafts) out.push(await this.enqueue(uow, draft));
      return out;
    }
    const first = drafts[0]!;
    // Re-checked here: the partner may have been suspended since the batch was prepared.
    this.partnerFor(first);
    const last = await repo.reserveSequences(
      uow.tx,
      first.recipientNode,
      first.conversationId,
      drafts.length,
    );
    const firstSequence = last - drafts.length + 1;
    let { sealed, canonical } = batch;
    if (firstSequence !== batch.firstSequence) {
      const key = this.identity.signingKey();
      const signed = await Promise.all(
        batch.unsigned.map((u, i) => sealCreatedEnvelopeWithText({ ...u, sequence: firstSequence + i }, key)),
      );
      sealed = signed.map((s) => s.envelope);
      canonical = signed.map((s) => s.canonical);
    }
    const at = this.clock.now().toISOString();
    await repo.insertMany(
      uow.tx,
      sealed.map((s, i) => this.row(drafts[i]!, s, canonical[i]!, at)),
    );
    for (const [i, draft] of drafts.entries()) {
      if (draft.type === 'evidence.offer') await this.grantBlobs(uow, draft, sealed[i]!.id, at);
    }
    await this.audit.appendMany(
      uow,
      { actor: null, meta: systemMeta },
      sealed.map((s, i) => queuedEvent(drafts[i]!, s)),
    );
    uow.afterCommit(this.wakeDelivery);
    return sealed.map((s, i) => queuedOf(drafts[i]!, s));
  }

  private partnerFor(draft: EnvelopeDraft): PartnerEntry {
    const partner = this.partners.get(draft.recipientNode);
    if (!partner || partner.row.status === 'pending') {
      throw new AppError(
        'federation-unknown-partner',
        `Node ${draft.recipientNode} is not a confirmed partner.`,
      );
    }
    return partner;
  }

  /** The unsigned envelope of a draft, its payload encrypted unless the draft says otherwise. */
  private async build(
    partner: PartnerEntry,
    draft: EnvelopeDraft,
    id: string,
    sequence: number,
    now: Date,
    agreement?: KeyAgreement,
  ): Promise<UnsignedEnvelope> {
    const envelope = createEnvelope(
      {
        id,
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
    if (draft.encrypt === false) return envelope;
    if (!partner.encryptionKey) {
      throw new AppError(
        'federation-unknown-partner',
        `Node ${draft.recipientNode} publishes no encryption key.`,
      );
    }
    return encryptEnvelopePayload(envelope, partner.encryptionKey, agreement);
  }

  /** `canonical`: the RFC 8785 text of `sealed`, stored as the bytes to send and digested for receipts. */
  private row(draft: EnvelopeDraft, sealed: Envelope, canonical: string, at: string): OutboxRow {
    return {
      id: sealed.id,
      recipient_node: draft.recipientNode,
      type: draft.type,
      conversation_id: draft.conversationId,
      sequence: sealed.sequence,
      idempotency_key: draft.idempotencyKey,
      envelope: canonical,
      digest: digestOfCanonical(canonical),
      status: 'pending',
      attempts: 0,
      next_attempt_at: at,
      locked_by: null,
      locked_until: null,
      last_status: null,
      last_error: null,
      created_at: at,
      completed_at: null,
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

const queuedEvent = (draft: EnvelopeDraft, sealed: Envelope) => ({
  action: 'federation.envelope.queued',
  objectType: 'federation-envelope',
  objectId: sealed.id,
  details: {
    type: draft.type,
    partner: draft.recipientNode,
    conversationId: draft.conversationId,
    sequence: sealed.sequence,
    encrypted: draft.encrypt !== false,
  },
});

const queuedOf = (draft: EnvelopeDraft, sealed: Envelope): QueuedEnvelope => ({
  envelopeId: sealed.id,
  recipientNode: draft.recipientNode,
  conversationId: draft.conversationId,
  sequence: sealed.sequence,
  duplicate: false,
});
