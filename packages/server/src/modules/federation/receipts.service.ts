import type { Clock } from '../../platform/clock.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { HotInsert, runHot } from '../../platform/db/hot-query.ts';
import { type Tables, toBool } from '../../platform/db/schema.ts';
import type { UnitOfWork } from '../../platform/db/unit-of-work.ts';
import { notFound } from '../../platform/http/errors.ts';
import { systemMeta } from '../access/actor.ts';
import type { AuditLog } from '../audit/audit.service.ts';
import type { HandlerOutcome, ReceivedEnvelope } from './envelope-handlers.ts';
import type { EnvelopeDraft, Outbox } from './outbox.ts';
import type { JsonValue } from './protocol/canonical.ts';
import type { Envelope } from './protocol/envelope.ts';
import { type ReceiptKind, type ReceiptPayload, receiptPayloadSchema } from './protocol/receipts.ts';

export const RECEIPT_TYPE = 'receipt';

type ReceiptRow = Tables['federation_receipt'];

// One per envelope on each side: SQL compiled once per engine (hot-query.ts).
const INSERT_RECEIPT = new HotInsert(
  'federation_receipt',
  [
    'id',
    'envelope_id',
    'direction',
    'kind',
    'at',
    'partner_node',
    'digest',
    'digest_matches',
    'problem',
    'created_at',
  ],
  { columns: ['envelope_id', 'direction', 'kind'] },
);

/** A receipt as stored on either side. */
export interface StoredReceipt {
  envelopeId: string;
  kind: ReceiptKind;
  at: string;
  direction: 'issued' | 'received';
  receiptEnvelopeId: string;
  partnerNode: string;
  digestMatches: boolean;
  problem: { code: string; detail?: string } | null;
}

export type ReceiptListener = (uow: UnitOfWork, receipt: StoredReceipt) => Promise<void>;

/** The part of a received envelope a receipt needs. */
export type Receiptable = Pick<
  ReceivedEnvelope,
  'id' | 'type' | 'sender' | 'recipient' | 'conversationId' | 'digest'
> & {
  labels: Pick<Envelope['labels'], 'tlp'>;
};

/**
 * Receipts after the e-CODEX evidence model (docs/federation.md §10): the recipient node answers
 * each envelope with signed `receipt` envelopes — `accepted` when stored, `delivered` (or
 * `rejected`/`not-delivered`) when processed, `retrieved` when a person opened it — and both sides
 * keep them per envelope. A receipt is issued at most once per (envelope, kind) and never receipted.
 */
export class ReceiptsService {
  private readonly listeners: ReceiptListener[] = [];

  constructor(
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    /** Refused receipts are audited (optional for tools that only issue receipts). */
    private readonly audit?: AuditLog,
  ) {}

  onReceipt(listener: ReceiptListener): void {
    this.listeners.push(listener);
  }

  async issue(
    uow: UnitOfWork,
    received: Receiptable,
    kind: ReceiptKind,
    problem?: { code: string; detail?: string },
  ): Promise<void> {
    await this.issueMany(uow, [{ received, kind, problem }]);
  }

  /**
   * Issues the receipts of several envelopes in the caller's transaction (the processor's batch):
   * each is still its own signed `receipt` envelope, but the receipts of one conversation are
   * queued together (one sequence reservation, multi-row INSERTs; see Outbox.enqueuePrepared).
   */
  async issueMany(
    uow: UnitOfWork,
    items: readonly {
      received: Receiptable;
      kind: ReceiptKind;
      problem?: { code: string; detail?: string } | undefined;
    }[],
  ): Promise<void> {
    const at = this.clock.now().toISOString();
    const groups = new Map<string, { draft: EnvelopeDraft; row: ReceiptRow }[]>();
    for (const { received, kind, problem } of items) {
      if (received.type === RECEIPT_TYPE) continue;
      const payload: ReceiptPayload = {
        receiptFor: received.id,
        kind,
        at,
        envelopeDigest: received.digest,
        ...(problem ? { problem } : {}),
      };
      const draft: EnvelopeDraft = {
        recipientNode: received.sender.node,
        recipientAgency: received.sender.agency,
        senderAgency: received.recipient.agency,
        type: RECEIPT_TYPE,
        conversationId: received.conversationId,
        payload: payload as unknown as JsonValue,
        labels: { tlp: received.labels.tlp },
        idempotencyKey: `receipt:${received.id}:${kind}`,
        refs: [received.id],
        encrypt: false,
      };
      const row: ReceiptRow = {
        id: '',
        envelope_id: received.id,
        direction: 'issued',
        kind,
        at,
        partner_node: received.sender.node,
        digest: received.digest,
        digest_matches: 1,
        problem: problem ? JSON.stringify(problem) : null,
        created_at: at,
      };
      // Conversations are separate sequences: one batch each, in the order given.
      const key = `${draft.recipientNode}\n${draft.conversationId}`;
      const group = groups.get(key) ?? [];
      group.push({ draft, row });
      groups.set(key, group);
    }
    const rows: ReceiptRow[] = [];
    for (const group of groups.values()) {
      if (group.length === 1) {
        const q = await this.outbox.enqueue(uow, group[0]!.draft);
        if (!q.duplicate) rows.push({ ...group[0]!.row, id: q.envelopeId });
        continue;
      }
      const prepared = await this.outbox.prepareBatch(
        uow.tx,
        group.map((g) => g.draft),
      );
      const queued = await this.outbox.enqueuePrepared(uow, prepared);
      for (const [i, q] of queued.entries()) {
        if (!q.duplicate) rows.push({ ...group[i]!.row, id: q.envelopeId });
      }
    }
    for (let i = 0; i < rows.length; i += 16) await INSERT_RECEIPT.run(uow.tx, rows.slice(i, i + 16));
  }

  /** A person of the recipient agency opened the envelope: the sender gets a `retrieved` receipt. */
  async markRetrieved(uow: UnitOfWork, envelopeId: string): Promise<void> {
    const row = await uow.tx
      .selectFrom('federation_inbox')
      .select(['envelope', 'digest', 'status'])
      .where('id', '=', envelopeId)
      .executeTakeFirst();
    if (row?.status !== 'processed') throw notFound('No processed incoming envelope with this id.');
    const env = JSON.parse(row.envelope) as Envelope;
    await this.issue(
      uow,
      {
        id: env.id,
        type: env.type,
        sender: env.sender,
        recipient: env.recipient,
        conversationId: env.conversationId,
        digest: row.digest,
        labels: env.labels,
      },
      'retrieved',
    );
  }

  /** The built-in handler of `receipt` envelopes: store it against the envelope this node sent. */
  handle = async (uow: UnitOfWork, envelope: ReceivedEnvelope): Promise<HandlerOutcome> => {
    const parsed = receiptPayloadSchema.safeParse(envelope.payload);
    if (!parsed.success) {
      return {
        outcome: 'rejected',
        problem: { code: 'federation-envelope-malformed', detail: 'not a receipt' },
      };
    }
    const r = parsed.data;
    const sent = (
      await runHot<{ digest: string; recipient_node: string }>(uow.tx, 'receipts.sent', [r.receiptFor], () =>
        uow.tx
          .selectFrom('federation_outbox')
          .select(['digest', 'recipient_node'])
          .where('id', '=', r.receiptFor),
      )
    ).rows[0];
    // Only the node the envelope went to may receipt it, and only for exactly what was sent. Anything
    // else is refused: audited for the record, never stored under the envelope's (envelope, kind)
    // key (it would shadow the genuine receipt) and never passed to listeners.
    const refusal = !sent
      ? 'unknown-envelope'
      : sent.recipient_node !== envelope.sender.node
        ? 'not-the-recipient'
        : sent.digest !== r.envelopeDigest
          ? 'digest-mismatch'
          : undefined;
    if (refusal) {
      await this.audit?.append(
        uow,
        { actor: null, meta: systemMeta },
        {
          action: 'federation.receipt.refused',
          objectType: 'federation-envelope',
          objectId: r.receiptFor,
          outcome: 'denied',
          details: {
            reason: refusal,
            partner: envelope.sender.node,
            receiptEnvelopeId: envelope.id,
            kind: r.kind,
            at: r.at,
            envelopeDigest: r.envelopeDigest,
          },
        },
      );
      return {
        outcome: 'rejected',
        problem: {
          code: 'forbidden',
          detail:
            refusal === 'digest-mismatch'
              ? 'The receipt names another envelope digest than the one sent.'
              : 'No envelope with this id was sent to the receipting node.',
        },
      };
    }
    const inserted = await INSERT_RECEIPT.run(uow.tx, [
      {
        id: envelope.id,
        envelope_id: r.receiptFor,
        direction: 'received',
        kind: r.kind,
        at: r.at,
        partner_node: envelope.sender.node,
        digest: r.envelopeDigest,
        digest_matches: toBool(true),
        problem: r.problem ? JSON.stringify(r.problem) : null,
        created_at: this.clock.now().toISOString(),
      },
    ]);
    if (Number(inserted.numAffectedRows ?? 0) > 0) {
      const stored: StoredReceipt = {
        envelopeId: r.receiptFor,
        kind: r.kind,
        at: r.at,
        direction: 'received',
        receiptEnvelopeId: envelope.id,
        partnerNode: envelope.sender.node,
        digestMatches: true,
        problem: r.problem ?? null,
      };
      for (const l of this.listeners) await l(uow, stored);
    }
    return undefined;
  };

  async list(db: Queryable, envelopeIds: readonly string[]): Promise<Map<string, StoredReceipt[]>> {
    const out = new Map<string, StoredReceipt[]>();
    if (envelopeIds.length === 0) return out;
    const rows = await db
      .selectFrom('federation_receipt')
      .selectAll()
      .where('envelope_id', 'in', [...envelopeIds])
      .orderBy('at')
      .execute();
    for (const r of rows) {
      const list = out.get(r.envelope_id) ?? [];
      list.push({
        envelopeId: r.envelope_id,
        kind: r.kind,
        at: r.at,
        direction: r.direction,
        receiptEnvelopeId: r.id,
        partnerNode: r.partner_node,
        digestMatches: r.digest_matches === 1,
        problem: r.problem ? (JSON.parse(r.problem) as StoredReceipt['problem']) : null,
      });
      out.set(r.envelope_id, list);
    }
    return out;
  }
}

export type { HandlerOutcome };
export type ReceiptOutcome = Exclude<HandlerOutcome, undefined>;
