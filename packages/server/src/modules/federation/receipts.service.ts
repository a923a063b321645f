import type { Clock } from '../../platform/clock.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { HotInsert, runHot } from '../../platform/db/hot-query.ts';
import { type Tables, toBool } from '../../platform/db/schema.ts';
import type { UnitOfWork } from '../../platform/db/unit-of-work.ts';
import { notFound } from '../../platform/http/errors.ts';
import { systemMeta } from '../access/actor.ts';
import type { AuditLog } from '../audit/audit.service.ts';
import type { HandlerOutcome, ReceivedEnvelope } from './envelope-handlers.ts';
import type { Outbox } from './outbox.ts';
import type { JsonValue } from './protocol/canonical.ts';
import { encodeBase64url, sha256 } from './protocol/canonical.ts';
import type { Envelope } from './protocol/envelope.ts';
import { MAX_RECEIPT_LIST, type ReceiptKind, type ReceiptPayload, receiptsOf } from './protocol/receipts.ts';

type ReceiptRefusal =
  | 'unknown-envelope'
  | 'not-the-recipient'
  | 'other-conversation'
  | 'digest-mismatch'
  | undefined;

export const RECEIPT_TYPE = 'receipt';

type ReceiptRow = Tables['federation_receipt'];

/** What a receipt is judged against: the envelope as this node sent it. */
interface SentEnvelope {
  digest: string;
  recipient_node: string;
  conversation_id: string;
}

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
  ): Promise<number> {
    return this.issueMany(uow, [{ received, kind, problem }]);
  }

  /**
   * Issues the receipts of several envelopes in the caller's transaction (the processor's batch).
   * The receipts of one conversation (same agencies and TLP) travel as one receipt list
   * (docs/federation.md §10): one signed `receipt` envelope for up to MAX_RECEIPT_LIST of them, so a
   * batch of processed envelopes costs its sender one envelope to verify, store and process, not one
   * per envelope. A lone receipt keeps the single form. Each (envelope, kind) is still stored as its
   * own `issued` row. Answers how many were queued now (not those issued before).
   */
  async issueMany(
    uow: UnitOfWork,
    items: readonly {
      received: Receiptable;
      kind: ReceiptKind;
      problem?: { code: string; detail?: string } | undefined;
    }[],
  ): Promise<number> {
    const at = this.clock.now().toISOString();
    const groups = new Map<string, { received: Receiptable; payload: ReceiptPayload; row: ReceiptRow }[]>();
    for (const { received, kind, problem } of items) {
      if (received.type === RECEIPT_TYPE) continue;
      const payload: ReceiptPayload = {
        receiptFor: received.id,
        kind,
        at,
        envelopeDigest: received.digest,
        ...(problem ? { problem } : {}),
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
      // One list carries what one envelope's header can say for all of its receipts.
      const key = [
        received.sender.node,
        received.conversationId,
        received.labels.tlp,
        received.sender.agency ?? '',
        received.recipient.agency ?? '',
      ].join('\n');
      const group = groups.get(key) ?? [];
      group.push({ received, payload, row });
      groups.set(key, group);
    }
    const rows: ReceiptRow[] = [];
    for (const group of groups.values()) {
      for (let i = 0; i < group.length; i += MAX_RECEIPT_LIST) {
        const part = group.slice(i, i + MAX_RECEIPT_LIST);
        const { received } = part[0]!;
        const single = part.length === 1;
        const q = await this.outbox.enqueue(uow, {
          recipientNode: received.sender.node,
          recipientAgency: received.sender.agency,
          senderAgency: received.recipient.agency,
          type: RECEIPT_TYPE,
          conversationId: received.conversationId,
          payload: (single
            ? part[0]!.payload
            : { receipts: part.map((p) => p.payload) }) as unknown as JsonValue,
          labels: { tlp: received.labels.tlp },
          // Stable for the same receipts, so queueing them again is a duplicate, not a second list.
          idempotencyKey: single
            ? `receipt:${received.id}:${part[0]!.payload.kind}`
            : `receipts:${encodeBase64url(sha256(part.map((p) => `${p.payload.receiptFor}:${p.payload.kind}`).join('\n')))}`,
          refs: single ? [received.id] : undefined,
          encrypt: false,
        });
        if (!q.duplicate) for (const p of part) rows.push({ ...p.row, id: q.envelopeId });
      }
    }
    for (let i = 0; i < rows.length; i += 16) await INSERT_RECEIPT.run(uow.tx, rows.slice(i, i + 16));
    return rows.length;
  }

  /**
   * A person of the recipient agency opened the envelope: the sender gets a `retrieved` receipt.
   * True when it was queued now, false when it had been already (the caller audits what it wrote).
   */
  async markRetrieved(uow: UnitOfWork, envelopeId: string): Promise<boolean> {
    const row = await uow.tx
      .selectFrom('federation_inbox')
      .select(['envelope', 'digest', 'status'])
      .where('id', '=', envelopeId)
      .executeTakeFirst();
    if (row?.status !== 'processed') throw notFound('No processed incoming envelope with this id.');
    const env = JSON.parse(row.envelope) as Envelope;
    const issued = await this.issue(
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
    return issued > 0;
  }

  /**
   * The built-in handler of `receipt` envelopes (a single receipt or a receipt list): each receipt
   * is stored against the envelope this node sent, or refused on its own.
   */
  handle = async (uow: UnitOfWork, envelope: ReceivedEnvelope): Promise<HandlerOutcome> => {
    const receipts = receiptsOf(envelope.payload);
    if (!receipts) {
      return {
        outcome: 'rejected',
        problem: { code: 'federation-envelope-malformed', detail: 'not a receipt' },
      };
    }
    const sent = await this.sentEnvelopes(
      uow,
      receipts.map((r) => r.receiptFor),
    );
    const now = this.clock.now().toISOString();
    const rows: ReceiptRow[] = [];
    let refused: Exclude<ReceiptRefusal, undefined> | undefined;
    for (const r of receipts) {
      const s = sent.get(r.receiptFor);
      // Only the node the envelope went to may receipt it, within the envelope's conversation, and
      // only for exactly what was sent. Anything else is refused: audited for the record, never
      // stored under the envelope's (envelope, kind) key (it would shadow the genuine receipt) and
      // never passed to listeners.
      const refusal: ReceiptRefusal = !s
        ? 'unknown-envelope'
        : s.recipient_node !== envelope.sender.node
          ? 'not-the-recipient'
          : s.digest !== r.envelopeDigest
            ? 'digest-mismatch'
            : s.conversation_id !== envelope.conversationId
              ? 'other-conversation'
              : undefined;
      if (refusal) {
        refused ??= refusal;
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
        continue;
      }
      rows.push({
        id: envelope.id,
        envelope_id: r.receiptFor,
        direction: 'received',
        kind: r.kind,
        at: r.at,
        partner_node: envelope.sender.node,
        digest: r.envelopeDigest,
        digest_matches: toBool(true),
        problem: r.problem ? JSON.stringify(r.problem) : null,
        created_at: now,
      });
    }
    let inserted = 0;
    for (let i = 0; i < rows.length; i += 16) {
      inserted += Number((await INSERT_RECEIPT.run(uow.tx, rows.slice(i, i + 16))).numAffectedRows ?? 0);
    }
    // Listeners hear only receipts stored now, not repeats of one stored before (the row kept wins).
    const stored = inserted === rows.length ? rows : await this.storedBy(uow, envelope.id, rows);
    for (const row of stored) {
      const receipt: StoredReceipt = {
        envelopeId: row.envelope_id,
        kind: row.kind,
        at: row.at,
        direction: 'received',
        receiptEnvelopeId: envelope.id,
        partnerNode: envelope.sender.node,
        digestMatches: true,
        problem: row.problem ? (JSON.parse(row.problem) as StoredReceipt['problem']) : null,
      };
      for (const l of this.listeners) await l(uow, receipt);
    }
    if (!refused) return undefined;
    return {
      outcome: 'rejected',
      problem: {
        code: 'forbidden',
        detail:
          refused === 'digest-mismatch'
            ? 'The receipt names another envelope digest than the one sent.'
            : 'No envelope with this id was sent to the receipting node.',
      },
    };
  };

  /** Digest and recipient of the envelopes this node sent, by id (one statement per receipt list). */
  private async sentEnvelopes(uow: UnitOfWork, ids: readonly string[]): Promise<Map<string, SentEnvelope>> {
    const out = new Map<string, SentEnvelope>();
    for (let i = 0; i < ids.length; i += MAX_RECEIPT_LIST) {
      const chunk = ids.slice(i, i + MAX_RECEIPT_LIST);
      const rows =
        chunk.length === 1
          ? (
              await runHot<SentEnvelope & { id: string }>(uow.tx, 'receipts.sent', [chunk[0]], () =>
                uow.tx
                  .selectFrom('federation_outbox')
                  .select(['id', 'digest', 'recipient_node', 'conversation_id'])
                  .where('id', '=', chunk[0]!),
              )
            ).rows
          : (
              await runHot<SentEnvelope & { id: string }>(
                uow.tx,
                `receipts.sentMany.${chunk.length}`,
                chunk,
                () =>
                  uow.tx
                    .selectFrom('federation_outbox')
                    .select(['id', 'digest', 'recipient_node', 'conversation_id'])
                    .where('id', 'in', chunk),
              )
            ).rows;
      for (const r of rows) out.set(r.id, r);
    }
    return out;
  }

  /** Of `rows`, those this receipt envelope stored (others were already stored by an earlier receipt). */
  private async storedBy(uow: UnitOfWork, receiptEnvelopeId: string, rows: readonly ReceiptRow[]) {
    const mine = await uow.tx
      .selectFrom('federation_receipt')
      .select(['envelope_id', 'kind'])
      .where('id', '=', receiptEnvelopeId)
      .where('direction', '=', 'received')
      .where(
        'envelope_id',
        'in',
        rows.map((r) => r.envelope_id),
      )
      .execute();
    const keys = new Set(mine.map((m) => `${m.envelope_id} ${m.kind}`));
    return rows.filter((r) => keys.has(`${r.envelope_id} ${r.kind}`));
  }

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
