import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { Clock } from '../clock.ts';
import type { Database, Queryable } from '../db/database.ts';
import { HotInsert } from '../db/hot-query.ts';
import type { Tables } from '../db/schema.ts';
import { newId } from '../ids.ts';

export interface JobContext {
  jobId: string;
  attempt: number;
  clock: Clock;
}

export interface JobHandler<P = unknown> {
  name: string;
  handle(payload: P, ctx: JobContext): Promise<void>;
  maxAttempts?: number;
}

export interface EnqueueOptions {
  runAt?: Date;
  /** A second enqueue with the same key is a no-op: jobs that other events repeat run once. */
  idempotencyKey?: string;
  maxAttempts?: number;
}

/**
 * Work whose due times a business table keeps in an index of its own instead of in job rows (a
 * clock's next alert, say): the queue runs every scan after the due jobs. `run` delivers up to
 * `limit` due items, each in a transaction of its own that also marks it delivered, so an item is
 * delivered once whoever scans and however often; it answers how many it delivered. An item that
 * fails stays due and is tried again at the next run.
 */
export interface DueScan {
  name: string;
  run(limit: number): Promise<number>;
}

/** One job to enqueue (see `enqueue`). */
export interface JobSpec {
  name: string;
  payload: unknown;
  opts?: EnqueueOptions;
}

type JobRow = Tables['job'];

/** A job whose idempotency key is taken already is not enqueued again. */
const INSERT_JOBS = new HotInsert(
  'job',
  [
    'id',
    'name',
    'payload',
    'status',
    'run_at',
    'attempts',
    'max_attempts',
    'locked_by',
    'locked_until',
    'last_error',
    'idempotency_key',
    'created_at',
    'updated_at',
  ],
  { columns: ['idempotency_key'] },
);

const LEASE_MS = 5 * 60_000;
const BACKOFF_BASE_MS = 2_000;
const BACKOFF_CAP_MS = 60 * 60_000;

/** Exponential backoff with full jitter, capped (attempt counts from 1). */
export const backoffMs = (attempt: number, random = Math.random): number =>
  Math.round(random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1)));

/**
 * Durable jobs stored in the database. Enqueue inside the business transaction, so a job exists
 * exactly when the change it follows committed. Claims take a lease; a worker that dies leaves the
 * lease to expire and the job is claimed again. PostgreSQL claims with FOR UPDATE SKIP LOCKED so
 * several instances share the queue; SQLite has one writer and needs no row locks.
 */
export class JobQueue {
  private readonly handlers = new Map<string, JobHandler>();
  private readonly scans = new Map<string, DueScan>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  readonly workerId = newId();

  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  register<P>(handler: JobHandler<P>): void {
    if (this.handlers.has(handler.name)) throw new Error(`Job handler "${handler.name}" is registered twice`);
    this.handlers.set(handler.name, handler as JobHandler);
  }

  registerScan(scan: DueScan): void {
    if (this.scans.has(scan.name)) throw new Error(`Due scan "${scan.name}" is registered twice`);
    this.scans.set(scan.name, scan);
  }

  /** Startup check: every job waiting in the database must have a handler. */
  async assertHandlersFor(): Promise<void> {
    const names = await this.database.db
      .selectFrom('job')
      .select('name')
      .distinct()
      .where('status', 'in', ['queued', 'running'])
      .execute();
    const missing = names.map((n) => n.name).filter((n) => !this.handlers.has(n));
    if (missing.length) throw new Error(`No handler registered for queued jobs: ${missing.join(', ')}`);
  }

  async enqueue(db: Queryable, name: string, payload: unknown, opts: EnqueueOptions = {}): Promise<void> {
    await this.enqueueMany(db, [{ name, payload, opts }]);
  }

  /** Enqueues several jobs in one statement (same rules as `enqueue`, each job on its own). */
  async enqueueMany(db: Queryable, jobs: readonly JobSpec[]): Promise<void> {
    if (jobs.length === 0) return;
    const nowDate = this.clock.now();
    const now = nowDate.toISOString();
    const rows = jobs.map(({ name, payload, opts = {} }): JobRow => {
      const handler = this.handlers.get(name);
      if (!handler) throw new Error(`No handler registered for job "${name}"`);
      return {
        id: newId(),
        name,
        payload: JSON.stringify(payload ?? null),
        status: 'queued',
        run_at: opts.runAt ? opts.runAt.toISOString() : now,
        attempts: 0,
        max_attempts: opts.maxAttempts ?? handler.maxAttempts ?? 8,
        locked_by: null,
        locked_until: null,
        last_error: null,
        idempotency_key: opts.idempotencyKey ?? null,
        created_at: now,
        updated_at: now,
      };
    });
    await INSERT_JOBS.run(db, rows);
  }

  private async claim(limit: number): Promise<JobRow[]> {
    const now = this.clock.now();
    const nowIso = now.toISOString();
    const until = new Date(now.getTime() + LEASE_MS).toISOString();
    const lock = this.database.engine === 'postgres' ? sql`FOR UPDATE SKIP LOCKED` : sql``;
    const result = await sql<JobRow>`
      UPDATE job SET status = 'running', locked_by = ${this.workerId}, locked_until = ${until},
        attempts = attempts + 1, updated_at = ${nowIso}
      WHERE id IN (
        SELECT id FROM job
        WHERE (status = 'queued' AND run_at <= ${nowIso}) OR (status = 'running' AND locked_until < ${nowIso})
        ORDER BY run_at LIMIT ${limit} ${lock}
      )
      RETURNING *`.execute(this.database.db);
    return result.rows;
  }

  /** Claims and runs the jobs that are due, then the scans; returns how many jobs and items ran. */
  async runDue(limit = 20): Promise<number> {
    const jobs = await this.claim(limit);
    for (const job of jobs) await this.execute(job);
    let ran = jobs.length;
    for (const scan of this.scans.values()) ran += await scan.run(limit);
    return ran;
  }

  private async execute(job: JobRow): Promise<void> {
    const handler = this.handlers.get(job.name);
    const done = (set: Partial<JobRow>) =>
      this.database.db
        .updateTable('job')
        .set({ ...set, locked_by: null, locked_until: null, updated_at: this.clock.now().toISOString() })
        .where('id', '=', job.id)
        .where('locked_by', '=', this.workerId)
        .execute();
    try {
      if (!handler) throw new Error(`No handler registered for job "${job.name}"`);
      await handler.handle(JSON.parse(job.payload), {
        jobId: job.id,
        attempt: job.attempts,
        clock: this.clock,
      });
      await done({ status: 'done', last_error: null });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const final = job.attempts >= job.max_attempts;
      this.log.warn({ job: job.name, jobId: job.id, attempt: job.attempts, final }, 'job failed');
      await done({
        status: final ? 'failed' : 'queued',
        last_error: message.slice(0, 2000),
        run_at: new Date(this.clock.now().getTime() + backoffMs(job.attempts)).toISOString(),
      });
    }
  }

  start(intervalMs = 1000): void {
    const schedule = (ms: number) => {
      this.timer = setTimeout(() => {
        this.running = tick();
      }, ms);
    };
    const tick = async () => {
      try {
        while ((await this.runDue()) > 0) {}
      } catch (e) {
        this.log.error({ err: e }, 'job worker tick failed');
      }
      if (this.timer !== undefined) schedule(intervalMs);
    };
    schedule(0);
  }

  async stop(): Promise<void> {
    const t = this.timer;
    this.timer = undefined;
    if (t) clearTimeout(t);
    await this.running;
  }
}
