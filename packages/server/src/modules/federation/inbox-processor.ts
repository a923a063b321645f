import type { Logger } from 'pino';
import type { Clock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/database.ts';
import { inTransaction, type UnitOfWork } from '../../platform/db/unit-of-work.ts';
import { systemMeta } from '../access/actor.ts';
import type { AuditLog } from '../audit/audit.service.ts';
import type { AuditInput } from '../audit/audit-event.ts';
import type { EnvelopeHandlers, HandlerOutcome, ReceivedEnvelope } from './envelope-handlers.ts';
import { type InboxRow, inboxRepository as repo } from './inbox.repository.ts';
import type { NodeIdentity } from './node-identity.ts';
import type { PlaintextCache } from './plaintext-cache.ts';
import type { Envelope } from './protocol/envelope.ts';
import { openEnvelopePayload } from './protocol/payload-crypto.ts';
import { nextAttemptDelay } from './protocol/retry.ts';
import { RECEIPT_TYPE, type ReceiptsService } from './receipts.service.ts';

/** After this many failed attempts a handler's envelope is parked as `failed` for an administrator. */
const MAX_HANDLER_ATTEMPTS = 10;
/** Envelopes processed in one transaction (heads of conversations and the successors waiting behind them). */
const BATCH = 100;
/** A stored envelope not processed within this long gets an `accepted` receipt. */
export const ACCEPT_AFTER_MS = 3_000;

class AlreadyProcessed extends Error {}

type PendingReceipt = Parameters<ReceiptsService['issueMany']>[1][number];
/** What a batch writes once, at its end. */
interface Deferred {
  receipts: PendingReceipt[];
  events: AuditInput[];
  /** Envelopes processed in the batch, marked processed together (the cursor already moved past them). */
  processed: string[];
}

/**
 * Processes stored envelopes exactly once and in order (docs/federation.md §9): for each (sender
 * node, conversation) only the envelope whose sequence is the cursor's next is taken; the handler's
 * writes, the cursor move, the processed mark, the receipt and the audit event commit together. An
 * envelope whose predecessor has not arrived waits; nothing is skipped.
 */
export class InboxProcessor {
  private running = false;
  private draining: Promise<void> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private lastSweep = 0;

  constructor(
    private readonly database: Database,
    private readonly identity: NodeIdentity,
    private readonly handlers: EnvelopeHandlers,
    private readonly receipts: ReceiptsService,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly plaintexts: PlaintextCache,
  ) {}

  start(): void {
    this.running = true;
    this.wake();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.draining;
  }

  /** Asks for a pass now (an envelope was stored, or a predecessor processed). */
  wake = (): void => {
    if (!this.running) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drain()
      .then(async () => {
        const now = Date.now();
        if (now - this.lastSweep >= 1_000) {
          this.lastSweep = now;
          await this.receiptWaiting();
        }
      })
      .catch((e) => this.log.error({ err: e }, 'federation inbox pass failed'))
      .finally(() => {
        this.draining = undefined;
        if (this.again) {
          this.again = false;
          this.wake();
        } else this.schedule(1000);
      });
  };

  private schedule(ms: number): void {
    if (!this.running) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.wake();
    }, ms);
    this.timer.unref?.();
  }

  /**
   * `accepted` receipts for envelopes that have waited ACCEPT_AFTER_MS without being processed
   * (their predecessor is missing): the sender learns they are safely stored. Envelopes processed
   * sooner get only `delivered`, which implies acceptance.
   */
  async receiptWaiting(): Promise<number> {
    const before = new Date(this.clock.now().getTime() - ACCEPT_AFTER_MS).toISOString();
    const rows = await repo.waitingUnreceipted(this.database.db, before, 500);
    if (rows.length === 0) return 0;
    await inTransaction(this.database, async (uow) => {
      for (const row of rows) {
        const env = JSON.parse(row.envelope) as Envelope;
        await this.receipts.issue(uow, { ...env, digest: row.digest }, 'accepted');
      }
    });
    return rows.length;
  }

  /** Processes everything that is ready; returns how many envelopes were processed. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const rows = await repo.ready(this.database.db, this.clock.now().toISOString(), 100);
      if (rows.length === 0) return total;
      const n = await this.processBatch(rows);
      total += n;
      if (n === 0) return total;
    }
  }

  /**
   * Processes the given conversation heads and the successors already waiting behind them, many
   * envelopes per transaction (one fsync). If anything in the batch fails, the batch rolls back and
   * the envelopes are processed one per transaction, so one failing handler holds back only its own
   * conversation.
   */
  private async processBatch(unordered: InboxRow[]): Promise<number> {
    // Same lock order as the inbox's store batches: (sender, conversation). See compareSlots.
    const heads = [...unordered].sort((a, b) =>
      a.sender_node !== b.sender_node
        ? a.sender_node < b.sender_node
          ? -1
          : 1
        : a.conversation_id < b.conversation_id
          ? -1
          : a.conversation_id > b.conversation_id
            ? 1
            : 0,
    );
    try {
      return await inTransaction(this.database, async (uow) => {
        let n = 0;
        // The batch's receipts and audit events are written together at its end, in the same transaction.
        const after: Deferred = { receipts: [], events: [], processed: [] };
        for (const head of heads) {
          if (n >= BATCH) break;
          // The head and the successors already stored, while consecutive (a gap waits for its envelope).
          const run = [head];
          for (const row of await repo.followers(uow.tx, head, BATCH - n - 1)) {
            if (Number(row.sequence) !== Number(run.at(-1)!.sequence) + 1) break;
            run.push(row);
          }
          // One cursor move for the whole run, only if it still points at the head (else another
          // worker processed it: the batch rolls back). The transaction holds the cursor until it ends.
          if (!(await repo.advanceCursor(uow.tx, head, run.length))) throw new AlreadyProcessed();
          for (const row of run) {
            await this.processIn(uow, row, after);
            n++;
          }
        }
        await repo.markProcessedMany(uow.tx, after.processed, this.clock.now().toISOString());
        await this.receipts.issueMany(uow, after.receipts);
        await this.audit.appendMany(uow, { actor: null, meta: systemMeta }, after.events);
        return n;
      });
    } catch {
      let n = 0;
      for (const head of heads) {
        let row: InboxRow | undefined = head;
        for (let i = 0; row && i < BATCH; i++) {
          if (!(await this.processOne(row))) break;
          n++;
          row = await repo.successor(this.database.db, row);
        }
      }
      return n;
    }
  }

  /** True when processed; false when it failed (retried later) or someone else processed it. */
  private async processOne(row: InboxRow): Promise<boolean> {
    try {
      await inTransaction(this.database, (uow) => this.processIn(uow, row));
      return true;
    } catch (e) {
      if (e instanceof AlreadyProcessed) return false;
      const attempt = row.attempts + 1;
      const final = attempt >= MAX_HANDLER_ATTEMPTS;
      this.log.warn({ err: e, envelope: row.id, type: row.type, attempt, final }, 'envelope handler failed');
      // The envelope is stored but not delivered to the agency yet: tell the sender it was accepted.
      const env = JSON.parse(row.envelope) as Envelope;
      await inTransaction(this.database, (uow) =>
        this.receipts.issue(uow, { ...env, digest: row.digest }, 'accepted'),
      ).catch((err) => this.log.warn({ err, envelope: row.id }, 'could not issue an accepted receipt'));
      await repo.markAttemptFailed(this.database.db, row.id, {
        status: final ? 'failed' : 'waiting',
        next_attempt_at: new Date(
          this.clock.now().getTime() + nextAttemptDelay(attempt, { baseMs: 1000, capMs: 5 * 60_000 }),
        ).toISOString(),
        last_error: (e instanceof Error ? e.message : String(e)).slice(0, 2000),
      });
      if (final) {
        await this.audit.record(
          { actor: null, meta: systemMeta },
          {
            action: 'federation.envelope.processing-failed',
            objectType: 'federation-envelope',
            objectId: row.id,
            outcome: 'failure',
            details: { type: row.type, partner: row.sender_node, attempts: attempt },
          },
        );
      }
      return false;
    }
  }

  /**
   * One envelope inside the caller's transaction: cursor, handler, processed mark, receipt, audit.
   * With `after`, the receipt and the audit event are left there for the caller to write before
   * it commits.
   */
  private async processIn(uow: UnitOfWork, row: InboxRow, after?: Deferred): Promise<void> {
    const at = this.clock.now().toISOString();
    // In a batch (`after`) the caller has moved the cursor past this envelope's run already.
    if (!after && !(await repo.advanceCursor(uow.tx, row))) throw new AlreadyProcessed();
    // What the inbox verified and opened moments ago (the same stored envelope), else the stored text.
    const cached = this.plaintexts.take(row.id);
    const env = cached?.envelope ?? (JSON.parse(row.envelope) as Envelope);
    const opened = cached
      ? ({ ok: true, payload: cached.payload } as const)
      : await openEnvelopePayload(env, this.identity.decryptionKey);
    let outcome: HandlerOutcome;
    if (!opened.ok) {
      outcome = { outcome: 'not-delivered', problem: { code: 'federation-decryption-failed' } };
    } else {
      const handler = env.type === RECEIPT_TYPE ? this.receipts.handle : this.handlers.get(env.type);
      const received: ReceivedEnvelope = {
        id: env.id,
        type: env.type,
        sender: env.sender,
        recipient: env.recipient,
        conversationId: env.conversationId,
        sequence: env.sequence,
        createdAt: env.createdAt,
        labels: env.labels,
        refs: env.refs ?? [],
        payload: opened.payload,
        digest: row.digest,
      };
      outcome = handler
        ? await handler(uow, received)
        : { outcome: 'not-delivered', problem: { code: 'federation-unsupported-type' } };
    }
    const receipt: PendingReceipt = {
      received: { ...env, digest: row.digest },
      kind: outcome ? outcome.outcome : 'delivered',
      problem: outcome?.problem,
    };
    const event: AuditInput = {
      action: 'federation.envelope.processed',
      objectType: 'federation-envelope',
      objectId: row.id,
      outcome: outcome ? 'failure' : 'success',
      details: {
        type: row.type,
        partner: row.sender_node,
        conversationId: row.conversation_id,
        sequence: row.sequence,
        result: outcome ? outcome.outcome : 'delivered',
        ...(outcome ? { code: outcome.problem.code } : {}),
      },
    };
    if (after) {
      after.processed.push(row.id);
      after.receipts.push(receipt);
      after.events.push(event);
      return;
    }
    await repo.markProcessed(uow.tx, row.id, at);
    await this.receipts.issueMany(uow, [receipt]);
    await this.audit.append(uow, { actor: null, meta: systemMeta }, event);
  }
}
