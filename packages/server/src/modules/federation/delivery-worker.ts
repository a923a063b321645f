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
import type { NodeIdentity } from './node-identity.ts';
import { type OutboxRow, outboxRepository as repo } from './outbox.repository.ts';
import { NetworkError, type PartnerHttp } from './partner-http.ts';
import { partnersRepository } from './partners.repository.ts';
import type { PartnerEntry, PartnersService } from './partners.service.ts';
import { signRequest } from './protocol/http-signature.ts';
import {
  type BreakerPermit,
  type BreakerState,
  CircuitBreaker,
  classifyResponse,
  nextAttemptDelay,
} from './protocol/retry.ts';

/** Where a partner receives envelopes, relative to its base URL. */
export const INBOX_PATH = '/api/federation/inbox';

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
      const limit = state === 'half-open' ? 1 : this.options.concurrency - busy;
      if (limit <= 0) continue;
      const now = new Date(nowMs);
      const rows = await repo.claim(this.database.db, this.database.engine, {
        recipientNode: nodeId,
        workerId: this.workerId,
        now: now.toISOString(),
        leaseUntil: new Date(nowMs + this.options.timeoutMs + 2_000).toISOString(),
        limit,
      });
      for (const row of rows) {
        const permit = breaker.tryAcquire();
        if (!permit) {
          await repo.release(this.database.db, row.id, this.workerId);
          continue;
        }
        this.inFlight.set(nodeId, (this.inFlight.get(nodeId) ?? 0) + 1);
        const p = this.send(partner, row, permit).finally(() => {
          this.sends.delete(p);
          this.inFlight.set(nodeId, (this.inFlight.get(nodeId) ?? 1) - 1);
          this.wake();
        });
        this.sends.add(p);
      }
    }
    const due = await repo.nextDue(this.database.db);
    if (due) sleep = Math.min(sleep, Math.max(5, Date.parse(due) - this.clock.now().getTime()));
    return sleep;
  }

  private async send(partner: PartnerEntry, row: OutboxRow, permit: BreakerPermit): Promise<void> {
    const nodeId = partner.row.node_id;
    const breaker = this.breaker(nodeId);
    const attempt = row.attempts + 1;
    const backoff = () =>
      nextAttemptDelay(attempt, { baseMs: this.options.retryBaseMs, capMs: this.options.retryCapMs });
    let outcome: Outcome;
    try {
      const body = Buffer.from(row.envelope, 'utf8');
      const url = `${partner.row.base_url}${INBOX_PATH}`;
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
        maxBodyBytes: 64 * 1024,
      });
      const c = classifyResponse(answer.status, answer.headers, { now: this.clock.now() });
      const error = c.kind === 'delivered' ? '' : describeAnswer(answer.status, answer.body);
      if (c.kind === 'delivered') outcome = { kind: 'delivered', status: answer.status };
      else if (c.kind === 'permanent') outcome = { kind: 'failed', status: answer.status, error };
      else {
        outcome = {
          kind: 'retry',
          status: answer.status,
          error,
          delayMs: c.kind === 'retry-after' ? c.delayMs : backoff(),
          // A 503 "cannot check now" is the partner's state too: count it for the breaker.
          partnerFault: true,
        };
      }
    } catch (e) {
      outcome = {
        kind: 'retry',
        status: null,
        error: e instanceof NetworkError ? `network: ${e.message}` : `error: ${(e as Error)?.message ?? e}`,
        delayMs: backoff(),
        partnerFault: e instanceof NetworkError,
      };
    }
    if (outcome.kind === 'retry' && outcome.partnerFault) breaker.recordFailure(permit);
    else breaker.recordSuccess(permit);
    try {
      await this.results.submit({ row, outcome, at: this.clock.now().toISOString() });
    } catch (e) {
      // The lease expires and the envelope is sent again: the inbox deduplicates.
      this.log.error({ err: e, envelope: row.id }, 'could not record a delivery attempt');
    }
  }

  private async writeResults(items: Result[]): Promise<void> {
    await inTransaction(this.database, async (uow) => {
      const succeeded = new Set<string>();
      const failing = new Set<string>();
      for (const { row, outcome, at } of items) {
        const next =
          outcome.kind === 'retry'
            ? new Date(Date.parse(at) + outcome.delayMs).toISOString()
            : row.next_attempt_at;
        const mine = await repo.recordAttempt(uow.tx, row.id, this.workerId, {
          status: outcome.kind === 'retry' ? 'pending' : outcome.kind,
          next_attempt_at: next,
          last_status: outcome.status,
          last_error: outcome.kind === 'delivered' ? null : outcome.error.slice(0, 2000),
          completed_at: outcome.kind === 'retry' ? null : at,
        });
        if (outcome.kind === 'delivered') succeeded.add(row.recipient_node);
        if (outcome.kind === 'retry' && outcome.partnerFault) failing.add(row.recipient_node);
        if (!mine || outcome.kind === 'retry') continue;
        await this.audit.append(
          uow,
          { actor: null, meta: systemMeta },
          {
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
          },
        );
      }
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
