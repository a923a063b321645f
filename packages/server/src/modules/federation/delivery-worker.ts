import type { Logger } from 'pino';
import type { Clock } from '../../platform/clock.ts';
import type { Config } from '../../platform/config.ts';
import type { NodeKeys } from '../../platform/crypto/node-keys.ts';
import type { Database } from '../../platform/db/database.ts';
import { GroupCommit } from '../../platform/db/group-commit.ts';
import { inTransaction } from '../../platform/db/unit-of-work.ts';
import { newId } from '../../platform/ids.ts';
import { systemMeta } from '../access/actor.ts';
import type { AuditLog } from '../audit/audit.service.ts';
import type { AuditInput } from '../audit/audit-event.ts';
import type { NodeIdentity } from './node-identity.ts';
import { type OutboxRow, outboxRepository as repo } from './outbox.repository.ts';
import { NetworkError, type PartnerHttp } from './partner-http.ts';
import { partnersRepository } from './partners.repository.ts';
import type { PartnerEntry, PartnersService } from './partners.service.ts';
import { signRequest } from './protocol/http-signature.ts';
import { MAX_BATCH_BYTES } from './protocol/problems.ts';
import {
  type BreakerPermit,
  type BreakerState,
  CircuitBreaker,
  classifyResponse,
  nextAttemptDelay,
} from './protocol/retry.ts';

/** Where a partner receives envelopes, relative to its base URL. */
export const INBOX_PATH = '/api/federation/inbox';
/** Where a partner receives ordered batches of envelopes (docs/federation.md §8a). */
export const INBOX_BATCH_PATH = '/api/federation/inbox/batch';

/**
 * Envelopes per batch request. Large enough that the per-request costs (request signature, TLS
 * record, the receiver's storage transaction) are shared by many envelopes, small enough that
 * several requests stay in flight to keep both nodes busy.
 */
const BATCH_ENVELOPES = 50;
/** Leaves room for the `{"envelopes":[…]}` wrapper under the receiver's limit. */
const BATCH_BYTES = MAX_BATCH_BYTES - 1024;
/** After a partner's batch path answered 404/405, single envelopes for this long, then batches again. */
const NO_BATCH_RETRY_MS = 10 * 60_000;

type Outcome =
  | { kind: 'delivered'; status: number }
  | { kind: 'retry'; status: number | null; error: string; delayMs: number; partnerFault: boolean }
  | { kind: 'failed'; status: number; error: string };

interface Result {
  row: OutboxRow;
  outcome: Outcome;
  at: string;
}

/**
 * Delivers the outbox (docs/federation.md §12): per partner, up to COMITY_FEDERATION_CONCURRENCY
 * envelopes in flight, each claimed with a lease; exponential backoff with full jitter and a cap,
 * `Retry-After` honoured, permanent refusals parked as `failed` with the partner's problem answer,
 * and a circuit breaker per partner so a node that is down is probed, not hammered. Results are
 * written in batches (one transaction for many envelopes).
 */
export class DeliveryWorker {
  readonly workerId = newId();
  private readonly breakers = new Map<string, CircuitBreaker>();
  private readonly inFlight = new Map<string, number>();
  private readonly sends = new Set<Promise<void>>();
  private readonly results: GroupCommit<Result>;
  private running = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private woken = false;
  private lastKeyRefresh = 0;
  private readonly lastSuccessWrite = new Map<string, number>();
  private readonly failing = new Set<string>();
  /** Partners whose batch path answered 404/405, until when single envelopes are sent instead. */
  private readonly noBatch = new Map<string, number>();
  /**
   * SQLite: the envelopes this worker has claimed, each with the end of its lease (Infinity while
   * its attempt runs). One process writes a SQLite database and runs its one worker, so its leases
   * live here instead of in the rows (see outboxRepository.due); undefined on PostgreSQL, where
   * instances share the outbox and each claimed row carries its lease.
   */
  private readonly leased: Map<string, number> | undefined;

  constructor(
    private readonly database: Database,
    private readonly identity: NodeIdentity,
    private readonly keys: NodeKeys,
    private readonly partners: PartnersService,
    private readonly http: PartnerHttp,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly options: Config['federation'],
  ) {
    this.results = new GroupCommit((items) => this.writeResults(items), 2, 500);
    this.leased = database.engine === 'sqlite' ? new Map() : undefined;
  }

  /** The worker id that results are recorded under: null when the leases are kept in memory. */
  private get leaseHolder(): string | null {
    return this.leased ? null : this.workerId;
  }

  /** How long a claim holds an envelope: its attempt's timeout and a margin. */
  private leaseEnd(nowMs: number): number {
    return nowMs + this.options.timeoutMs + 2_000;
  }

  /** Up to `limit` due envelopes for a partner, each leased to this worker. */
  private async claim(recipientNode: string, nowMs: number, limit: number): Promise<OutboxRow[]> {
    const now = new Date(nowMs).toISOString();
    if (!this.leased) {
      return repo.claim(this.database.db, this.database.engine, {
        recipientNode,
        workerId: this.workerId,
        now,
        leaseUntil: new Date(this.leaseEnd(nowMs)).toISOString(),
        limit,
      });
    }
    for (const [id, until] of this.leased) if (until <= nowMs) this.leased.delete(id);
    const rows = await repo.due(this.database.db, {
      recipientNode,
      now,
      limit,
      leased: [...this.leased.keys()],
    });
    for (const row of rows) this.leased.set(row.id, Number.POSITIVE_INFINITY);
    return rows;
  }

  /** Gives a claimed envelope back to the queue, unsent. */
  private async release(row: OutboxRow): Promise<void> {
    if (this.leased) this.leased.delete(row.id);
    else await repo.release(this.database.db, row.id, this.workerId);
  }

  breaker(nodeId: string): CircuitBreaker {
    let b = this.breakers.get(nodeId);
    if (!b) {
      b = new CircuitBreaker({
        failureThreshold: this.options.breakerFailures,
        cooldownMs: this.options.breakerCooldownMs,
        probeTimeoutMs: this.options.timeoutMs + 5_000,
        now: () => this.clock.now().getTime(),
      });
      this.breakers.set(nodeId, b);
    }
    return b;
  }

  breakerState(nodeId: string): BreakerState {
    return this.breakers.get(nodeId)?.state ?? 'closed';
  }

  async start(): Promise<void> {
    if (this.running) return;
    if (this.database.engine === 'sqlite') await repo.releaseAll(this.database.db);
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
    await Promise.allSettled([...this.sends]);
    await this.results.drain();
  }

  wake = (): void => {
    this.woken = true;
    this.wakeUp?.();
  };

  private async run(): Promise<void> {
    while (this.running) {
      let sleepMs = 1000;
      try {
        sleepMs = await this.tick();
      } catch (e) {
        this.log.error({ err: e }, 'federation delivery pass failed');
      }
      if (!this.running) break;
      if (this.woken) {
        // Let answers that arrive together be claimed for together (one claim transaction).
        await new Promise((r) => setTimeout(r, 3));
        this.woken = false;
        continue;
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.max(5, sleepMs));
        this.wakeUp = () => {
          clearTimeout(t);
          setTimeout(resolve, 3);
        };
      });
      this.wakeUp = undefined;
      this.woken = false;
    }
  }

  /** A 404/405 on the batch path holds for a while (a partner mid-upgrade gets it later), not for ever. */
  private batchRefusedBy(nodeId: string, nowMs: number): boolean {
    const until = this.noBatch.get(nodeId);
    if (until === undefined) return false;
    if (nowMs < until) return true;
    this.noBatch.delete(nodeId);
    return false;
  }

  /** One pass: claim what each partner can take now; returns how long to sleep before the next pass. */
  private async tick(): Promise<number> {
    const nowMs = this.clock.now().getTime();
    if (nowMs - this.lastKeyRefresh > 2000) {
      this.lastKeyRefresh = nowMs;
      // `comity keys rotate` runs in another process: sign with the key that is current now.
      await this.keys.refresh();
    }
    let sleep = 1000;
    for (const partner of this.partners.entries()) {
      if (partner.row.status !== 'active') continue;
      const nodeId = partner.row.node_id;
      const breaker = this.breaker(nodeId);
      const state = breaker.state;
      const busy = this.inFlight.get(nodeId) ?? 0;
      if (state === 'open') {
        sleep = Math.min(sleep, Math.max(5, breaker.nextAttemptAt() - nowMs));
        continue;
      }
      if (state === 'half-open' && busy > 0) continue;
      // Requests, not envelopes, are limited: each may carry a batch (a half-open probe carries one).
      const requests = state === 'half-open' ? 1 : this.options.concurrency - busy;
      if (requests <= 0) continue;
      const perRequest = state === 'half-open' || this.batchRefusedBy(nodeId, nowMs) ? 1 : BATCH_ENVELOPES;
      const rows = await this.claim(nodeId, nowMs, requests * perRequest);
      const { batches, rest } = splitBatches(rows, requests, perRequest);
      // Claimed beyond what the free requests can carry (large envelopes): back to the queue now.
      for (const row of rest) await this.release(row);
      for (const batch of batches) {
        const permit = breaker.tryAcquire();
        if (!permit) {
          for (const row of batch) await this.release(row);
          continue;
        }
        this.inFlight.set(nodeId, (this.inFlight.get(nodeId) ?? 0) + 1);
        const p = this.send(partner, batch, permit).finally(() => {
          this.sends.delete(p);
          this.inFlight.set(nodeId, (this.inFlight.get(nodeId) ?? 1) - 1);
          this.wake();
        });
        this.sends.add(p);
      }
    }
    const due = await repo.nextDue(this.database.db, this.clock.now().toISOString());
    if (due) sleep = Math.min(sleep, Math.max(5, Date.parse(due) - this.clock.now().getTime()));
    return sleep;
  }

  /**
   * One request: a single envelope on the inbox path, or several in request order on the batch path,
   * each envelope getting its own outcome from the partner's per-envelope results.
   */
  private async send(partner: PartnerEntry, rows: OutboxRow[], permit: BreakerPermit): Promise<void> {
    const nodeId = partner.row.node_id;
    const breaker = this.breaker(nodeId);
    const backoff = (row: OutboxRow) =>
      nextAttemptDelay(row.attempts + 1, {
        baseMs: this.options.retryBaseMs,
        capMs: this.options.retryCapMs,
      });
    const batched = rows.length > 1;
    let outcomes: Outcome[];
    try {
      const body = batched
        ? Buffer.from(`{"envelopes":[${rows.map((r) => r.envelope).join(',')}]}`, 'utf8')
        : Buffer.from(rows[0]!.envelope, 'utf8');
      const url = `${partner.row.base_url}${batched ? INBOX_BATCH_PATH : INBOX_PATH}`;
      const signature = await signRequest(
        { method: 'POST', url, headers: {}, body },
        this.identity.httpKey(),
        {
          now: this.clock.now(),
        },
      );
      const answer = await this.http.request({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/json', ...signature },
        body,
        timeoutMs: this.options.timeoutMs,
        maxBodyBytes: batched ? 1024 * 1024 : 64 * 1024,
      });
      if (batched && (answer.status === 404 || answer.status === 405)) {
        // A node without the batch path: send these again one by one, not counted as attempts.
        this.noBatch.set(nodeId, this.clock.now().getTime() + NO_BATCH_RETRY_MS);
        breaker.recordSuccess(permit);
        for (const row of rows) await this.release(row);
        return;
      }
      const entries = batched && answer.status === 200 ? batchResults(answer.body, rows.length) : undefined;
      if (entries) {
        outcomes = rows.map((row, i) => {
          const e = entries[i]!;
          const headers = e.retryAfter === undefined ? {} : { 'retry-after': String(e.retryAfter) };
          return this.outcomeOf(e.status, headers, describeEntry(e), () => backoff(row));
        });
      } else if (batched && answer.status >= 200 && answer.status < 300) {
        // A 2xx that does not say what happened to each envelope: nothing is known to be stored.
        outcomes = rows.map((row) => ({
          kind: 'retry',
          status: answer.status,
          error: 'batch answer without one result per envelope',
          delayMs: backoff(row),
          partnerFault: true,
        }));
      } else {
        const error = describeAnswer(answer.status, answer.body);
        outcomes = rows.map((row) =>
          this.outcomeOf(answer.status, answer.headers, error, () => backoff(row)),
        );
      }
    } catch (e) {
      outcomes = rows.map((row) => ({
        kind: 'retry',
        status: null,
        error: e instanceof NetworkError ? `network: ${e.message}` : `error: ${(e as Error)?.message ?? e}`,
        delayMs: backoff(row),
        partnerFault: e instanceof NetworkError,
      }));
    }
    // The breaker judges the partner by the request: a refused envelope in a batch is not its fault.
    if (outcomes.every((o) => o.kind === 'retry' && o.partnerFault)) breaker.recordFailure(permit);
    else breaker.recordSuccess(permit);
    const at = this.clock.now().toISOString();
    try {
      await Promise.all(rows.map((row, i) => this.results.submit({ row, outcome: outcomes[i]!, at })));
      // Recorded: a lease kept in memory ends with its attempt, as a row's ends when its result is
      // written.
      for (const row of rows) this.leased?.delete(row.id);
    } catch (e) {
      // Not recorded: the envelopes are sent again when their lease ends (the inbox deduplicates),
      // not at once and over again while the database refuses the write.
      this.log.error({ err: e, envelopes: rows.map((r) => r.id) }, 'could not record a delivery attempt');
      const until = this.leaseEnd(this.clock.now().getTime());
      for (const row of rows) this.leased?.set(row.id, until);
    }
  }

  private outcomeOf(
    status: number,
    headers: Record<string, string | string[] | undefined>,
    error: string,
    backoff: () => number,
  ): Outcome {
    const c = classifyResponse(status, headers, { now: this.clock.now() });
    if (c.kind === 'delivered') return { kind: 'delivered', status };
    if (c.kind === 'permanent') return { kind: 'failed', status, error };
    return {
      kind: 'retry',
      status,
      error,
      delayMs: c.kind === 'retry-after' ? c.delayMs : backoff(),
      // A 503 "cannot check now" is the partner's state too: count it for the breaker.
      partnerFault: true,
    };
  }

  private async writeResults(items: Result[]): Promise<void> {
    await inTransaction(this.database, async (uow) => {
      const succeeded = new Set<string>();
      const failing = new Set<string>();
      // One multi-row INSERT for the batch's audit events instead of one statement each.
      const events: AuditInput[] = [];
      // Delivered envelopes answered together (same status, same moment) take one UPDATE.
      const delivered = new Map<string, Result[]>();
      for (const item of items) {
        if (item.outcome.kind !== 'delivered') continue;
        const key = `${item.outcome.status} ${item.at}`;
        delivered.set(key, [...(delivered.get(key) ?? []), item]);
      }
      const mineDelivered = new Set<string>();
      for (const group of delivered.values()) {
        const { outcome, at } = group[0]! as Result & { outcome: { kind: 'delivered' } };
        for (let i = 0; i < group.length; i += DELIVERED_CHUNK) {
          const ids = group.slice(i, i + DELIVERED_CHUNK).map((g) => g.row.id);
          for (const id of await repo.recordDelivered(uow.tx, ids, this.leaseHolder, {
            last_status: outcome.status,
            completed_at: at,
          }))
            mineDelivered.add(id);
        }
      }
      for (const { row, outcome, at } of items) {
        if (outcome.kind === 'delivered') {
          succeeded.add(row.recipient_node);
          if (mineDelivered.has(row.id)) events.push(auditOf(row, outcome));
          continue;
        }
        const next =
          outcome.kind === 'retry'
            ? new Date(Date.parse(at) + outcome.delayMs).toISOString()
            : row.next_attempt_at;
        const mine = await repo.recordAttempt(uow.tx, row.id, this.leaseHolder, {
          status: outcome.kind === 'retry' ? 'pending' : 'failed',
          next_attempt_at: next,
          last_status: outcome.status,
          last_error: outcome.error.slice(0, 2000),
          completed_at: outcome.kind === 'retry' ? null : at,
        });
        if (outcome.kind === 'retry' && outcome.partnerFault) failing.add(row.recipient_node);
        if (!mine || outcome.kind === 'retry') continue;
        events.push(auditOf(row, outcome));
      }
      await this.audit.appendMany(uow, { actor: null, meta: systemMeta }, events);
      const nowMs = this.clock.now().getTime();
      const at = new Date(nowMs).toISOString();
      for (const nodeId of succeeded) {
        // Availability bookkeeping: write on a change, else at most every 10 s.
        if (!this.failing.has(nodeId) && nowMs - (this.lastSuccessWrite.get(nodeId) ?? 0) < 10_000) continue;
        this.lastSuccessWrite.set(nodeId, nowMs);
        this.failing.delete(nodeId);
        await partnersRepository.markSuccess(uow.tx, nodeId, at);
      }
      for (const nodeId of failing) {
        if (succeeded.has(nodeId) || this.failing.has(nodeId)) continue;
        this.failing.add(nodeId);
        await partnersRepository.markFailing(uow.tx, nodeId, at);
      }
    });
  }
}

/** Envelopes per grouped UPDATE: a batch request's worth. */
const DELIVERED_CHUNK = 50;

/** The audit event of an envelope's final delivery result. */
function auditOf(row: OutboxRow, outcome: Extract<Outcome, { kind: 'delivered' | 'failed' }>): AuditInput {
  return {
    action: outcome.kind === 'delivered' ? 'federation.envelope.sent' : 'federation.envelope.failed',
    objectType: 'federation-envelope',
    objectId: row.id,
    outcome: outcome.kind === 'delivered' ? 'success' : 'failure',
    details: {
      type: row.type,
      partner: row.recipient_node,
      conversationId: row.conversation_id,
      sequence: row.sequence,
      attempts: row.attempts + 1,
      status: outcome.status,
      ...(outcome.kind === 'failed' ? { error: outcome.error.slice(0, 500) } : {}),
    },
  };
}

/**
 * Splits claimed rows (in id order) into at most `requests` consecutive batches of at most
 * `perRequest` envelopes and BATCH_BYTES. Few rows are spread over the free requests rather than
 * packed into one, so a short queue is not held behind a single round trip. Rows that do not fit in
 * `requests` batches (large envelopes) are the `rest`, released to the queue: the concurrency limit
 * and the memory it bounds hold whatever the envelopes' sizes.
 */
export function splitBatches(
  rows: OutboxRow[],
  requests: number,
  perRequest: number,
): { batches: OutboxRow[][]; rest: OutboxRow[] } {
  if (rows.length === 0) return { batches: [], rest: [] };
  const size = Math.min(perRequest, Math.max(1, Math.ceil(rows.length / requests)));
  const out: OutboxRow[][] = [];
  let current: OutboxRow[] = [];
  let bytes = 0;
  for (const [i, row] of rows.entries()) {
    const n = Buffer.byteLength(row.envelope, 'utf8') + 1;
    if (current.length > 0 && (current.length >= size || bytes + n > BATCH_BYTES)) {
      out.push(current);
      if (out.length === requests) return { batches: out, rest: rows.slice(i) };
      current = [];
      bytes = 0;
    }
    current.push(row);
    bytes += n;
  }
  out.push(current);
  return { batches: out, rest: [] };
}

interface BatchEntry {
  status: number;
  code?: string;
  detail?: string;
  retryAfter?: number;
}

/** The per-envelope results of a batch answer, if it has exactly one well-formed result per envelope. */
function batchResults(body: Buffer, count: number): BatchEntry[] | undefined {
  try {
    const results = (JSON.parse(body.toString('utf8')) as { results?: unknown }).results;
    if (!Array.isArray(results) || results.length !== count) return undefined;
    for (const r of results as BatchEntry[]) {
      if (typeof r !== 'object' || r === null || !Number.isInteger(r.status)) return undefined;
      if (r.retryAfter !== undefined && !(Number.isInteger(r.retryAfter) && r.retryAfter >= 0))
        return undefined;
    }
    return results as BatchEntry[];
  } catch {
    return undefined;
  }
}

/** A batch entry's refusal, reduced to its code and detail like a problem answer. */
function describeEntry(e: BatchEntry): string {
  if (e.status >= 200 && e.status < 300) return '';
  if (typeof e.code !== 'string') return `HTTP ${e.status}`;
  return `${e.status} ${e.code}${typeof e.detail === 'string' ? `: ${e.detail.slice(0, 300)}` : ''}`;
}

/** The partner's problem+json answer, reduced to its code and detail (never a payload). */
function describeAnswer(status: number, body: Buffer): string {
  try {
    const p = JSON.parse(body.toString('utf8')) as { code?: unknown; detail?: unknown };
    if (typeof p.code === 'string') {
      return `${status} ${p.code}${typeof p.detail === 'string' ? `: ${p.detail.slice(0, 300)}` : ''}`;
    }
  } catch {}
  return `HTTP ${status}`;
}
