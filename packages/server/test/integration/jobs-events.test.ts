import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type ComityNode, openNode } from '../../src/node.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { inTransaction } from '../../src/platform/db/unit-of-work.ts';
import { type DomainEvent, DomainEvents } from '../../src/platform/events/domain-events.ts';
import { RELAY_APPLICATION_NAME } from '../../src/platform/events/pg-event-relay.ts';
import { JobQueue } from '../../src/platform/jobs/job-queue.ts';
import { engineName } from '../support/test-database.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';

const silent = pino({ level: 'silent' });

describe('durable jobs', () => {
  let t: TestNode;
  const clock = new ManualClock(new Date('2026-03-02T08:00:00.000Z'));
  beforeAll(async () => {
    t = await startTestNode({ clock });
  });
  afterAll(() => t.close());

  it('refuses a duplicate handler and a job without a handler', async () => {
    const q = new JobQueue(t.node.database, clock, silent);
    q.register({ name: 'a', handle: async () => {} });
    expect(() => q.register({ name: 'a', handle: async () => {} })).toThrow(/twice/);
    await expect(q.enqueue(t.node.database.db, 'nobody', {})).rejects.toThrow(/No handler/);
  });

  it('startup fails when a queued job has no handler', async () => {
    const q1 = new JobQueue(t.node.database, clock, silent);
    q1.register({ name: 'orphan', handle: async () => {} });
    await q1.enqueue(t.node.database.db, 'orphan', {});
    const q2 = new JobQueue(t.node.database, clock, silent);
    await expect(q2.assertHandlersFor()).rejects.toThrow(/orphan/);
    await q1.runDue();
  });

  it('runs a job enqueued in a committed transaction, never one whose transaction rolled back', async () => {
    const seen: unknown[] = [];
    const q = new JobQueue(t.node.database, clock, silent);
    q.register({ name: 'remember', handle: async (p) => void seen.push(p) });
    await inTransaction(t.node.database, (uow) => q.enqueue(uow.tx, 'remember', { n: 1 }));
    await inTransaction(t.node.database, async (uow) => {
      await q.enqueue(uow.tx, 'remember', { n: 2 });
      throw new Error('business rule failed');
    }).catch(() => {});
    await q.runDue();
    expect(seen).toEqual([{ n: 1 }]);
  });

  it('retries with backoff, then fails for good after max attempts', async () => {
    let calls = 0;
    const q = new JobQueue(t.node.database, clock, silent);
    q.register({
      name: 'flaky',
      maxAttempts: 3,
      handle: async () => {
        calls++;
        throw new Error('partner down');
      },
    });
    await q.enqueue(t.node.database.db, 'flaky', {});
    await q.runDue();
    expect(calls).toBe(1);
    await q.runDue(); // not due yet: backoff
    expect(calls).toBe(1);
    for (let i = 0; i < 5; i++) {
      clock.advance(3_600_000);
      await q.runDue();
    }
    expect(calls).toBe(3);
    const row = await t.node.database.db
      .selectFrom('job')
      .selectAll()
      .where('name', '=', 'flaky')
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('failed');
    expect(row.last_error).toBe('partner down');
  });

  it('an idempotency key makes a repeated enqueue a no-op', async () => {
    let calls = 0;
    const q = new JobQueue(t.node.database, clock, silent);
    q.register({ name: 'once', handle: async () => void calls++ });
    await q.enqueue(t.node.database.db, 'once', {}, { idempotencyKey: 'reminder:req-1:P7D' });
    await q.enqueue(t.node.database.db, 'once', {}, { idempotencyKey: 'reminder:req-1:P7D' });
    await q.runDue();
    expect(calls).toBe(1);
  });

  it('a job whose worker died is claimed again after its lease', async () => {
    let calls = 0;
    const dead = new JobQueue(t.node.database, clock, silent);
    dead.register({
      name: 'lease',
      handle: async () => {
        calls++;
      },
    });
    await dead.enqueue(t.node.database.db, 'lease', {});
    // Simulate a crash after claiming: mark it running with a lease, as claim does.
    await t.node.database.db
      .updateTable('job')
      .set({
        status: 'running',
        locked_by: 'dead-worker',
        locked_until: new Date(clock.now().getTime() + 300_000).toISOString(),
      })
      .where('name', '=', 'lease')
      .execute();
    const alive = new JobQueue(t.node.database, clock, silent);
    alive.register({
      name: 'lease',
      handle: async () => {
        calls++;
      },
    });
    await alive.runDue();
    expect(calls).toBe(0);
    clock.advance(301_000);
    await alive.runDue();
    expect(calls).toBe(1);
  });
});

describe('domain events', () => {
  let t: TestNode;
  beforeAll(async () => {
    t = await startTestNode();
  });
  afterAll(() => t.close());

  it('are dispatched after commit, and not at all on rollback', async () => {
    const events = new DomainEvents(t.node.database, t.node.clock, silent);
    const got: DomainEvent[] = [];
    events.subscribe((e) => void got.push(e));
    await inTransaction(t.node.database, async (uow) => {
      await events.emit(uow, 'x.happened', { a: 1 }, ['agency-1'], null);
      expect(got).toHaveLength(0); // not before commit
    });
    expect(got.map((e) => e.type)).toEqual(['x.happened']);
    await inTransaction(t.node.database, async (uow) => {
      await events.emit(uow, 'y.happened', {}, [], null);
      throw new Error('rollback');
    }).catch(() => {});
    expect(got.map((e) => e.type)).toEqual(['x.happened']);
  });

  it('a listener that missed events (a crash right after COMMIT, a reconnect) reads them from the log', async () => {
    const events = new DomainEvents(t.node.database, t.node.clock, silent);
    const seen: string[] = [];
    events.subscribe((e) => void seen.push(e.id));
    await inTransaction(t.node.database, (uow) => events.emit(uow, 'seen.happened', {}, ['agency-1'], null));
    // Committed without its after-commit hooks, as if the process died right after COMMIT.
    for (const [type, agencies] of [
      ['z.happened', ['agency-1']],
      ['other.happened', ['agency-2']],
      ['z2.happened', ['agency-2', 'agency-1']],
    ] as const)
      await t.node.database.db
        .transaction()
        .execute((tx) => events.emit({ tx, afterCommit: () => {} }, type, { k: type }, agencies, null));
    expect(seen).toHaveLength(1);
    // On PostgreSQL a replay first holds the agency's events written just before the last one seen
    // (one may have committed after it: see `since`); the browser drops those it has.
    const lookBack = (types: string[]) => (engineName() === 'postgres' ? types : []);
    const { events: missed, complete } = await events.since(seen[0]!, 'agency-1');
    expect(complete).toBe(true);
    expect(missed.map((e) => [e.type, e.payload])).toEqual([
      ...lookBack(['x.happened']).map((type) => [type, { a: 1 }]),
      ['z.happened', { k: 'z.happened' }],
      ['z2.happened', { k: 'z2.happened' }],
    ]);
    const after = await events.since(missed.at(-1)!.id, 'agency-1');
    expect(after.complete).toBe(true);
    expect(after.events.map((e) => e.type)).toEqual(lookBack(['x.happened', 'seen.happened', 'z.happened']));
    expect(await events.since('0190a3f0-0000-7000-8000-000000000000', 'agency-1')).toEqual({
      events: [],
      complete: true,
    });
  });
});

describe.skipIf(engineName() !== 'postgres')(
  'domain events across instances sharing one PostgreSQL database',
  () => {
    let t: TestNode;
    let second: ComityNode;
    beforeAll(async () => {
      t = await startTestNode();
      // A second instance of the same node: same database, same data directory, its own process state.
      second = await openNode(
        loadConfig({
          COMITY_DATA_DIR: t.storage.dataDir,
          DATABASE_URL: t.storage.databaseUrl!,
          COMITY_LOG_LEVEL: 'silent',
        }),
      );
    });
    afterAll(async () => {
      await second.close();
      await t.close();
    });

    it('reach the other instance once, after commit, in commit order, and never when rolled back', async () => {
      const mine = new Set(['first', 'undone', 'large', 'elsewhere', 'last'].map((x) => `${x}.happened`));
      const here: DomainEvent[] = [];
      const there: DomainEvent[] = [];
      t.node.events.subscribe((e) => void (mine.has(e.type) && here.push(e)));
      second.events.subscribe((e) => void (mine.has(e.type) && there.push(e)));
      const emit = (node: ComityNode, type: string, payload: Record<string, unknown> = {}) =>
        inTransaction(node.database, (uow) => node.events.emit(uow, type, payload, ['agency-1'], null));
      await emit(t.node, 'first.happened');
      await inTransaction(t.node.database, async (uow) => {
        await t.node.events.emit(uow, 'undone.happened', {}, ['agency-1'], null);
        throw new Error('rollback');
      }).catch(() => {});
      // Far beyond what a NOTIFY payload may carry, in multi-byte text: only the id travels.
      const large = { text: 'é€'.repeat(6_000) };
      await emit(t.node, 'large.happened', large);
      await emit(second, 'elsewhere.happened');
      await emit(t.node, 'last.happened');
      const types = (events: DomainEvent[]) => events.map((e) => e.type);
      await vi.waitFor(() => expect(types(there)).toContain('last.happened'), { timeout: 10_000 });
      await vi.waitFor(() => expect(types(here)).toContain('elsewhere.happened'), { timeout: 10_000 });
      // Each instance's own events from memory, the other's from the relay: each exactly once.
      expect(types(there).filter((x) => x !== 'elsewhere.happened')).toEqual([
        'first.happened',
        'large.happened',
        'last.happened',
      ]);
      expect(types(there).filter((x) => x === 'elsewhere.happened')).toHaveLength(1);
      expect(types(here).sort()).toEqual(
        ['elsewhere.happened', 'first.happened', 'large.happened', 'last.happened'].sort(),
      );
      expect(there.find((e) => e.type === 'large.happened')?.payload).toEqual(large);
      expect(there.find((e) => e.type === 'first.happened')?.agencyIds).toEqual(['agency-1']);
    });

    it('reads the events of a burst of notices together, and hands them over once each, in order', async () => {
      const there: unknown[] = [];
      second.events.subscribe((e) => void (e.type === 'burst.happened' && there.push(e.payload.i)));
      let reads = 0;
      const read = second.events.byIds.bind(second.events);
      second.events.byIds = (ids) => {
        reads++;
        return read(ids);
      };
      try {
        await inTransaction(t.node.database, async (uow) => {
          for (let i = 0; i < 50; i++)
            await t.node.events.emit(uow, 'burst.happened', { i }, ['agency-1'], null);
        });
        await vi.waitFor(() => expect(there).toHaveLength(50), { timeout: 10_000 });
        expect(there).toEqual(Array.from({ length: 50 }, (_, i) => i));
        // One commit announces the fifty together: they arrive in one or a few packets.
        expect(reads).toBeLessThan(5);
      } finally {
        second.events.byIds = read;
      }
    });

    it('after its listening connection is cut, an instance listens again and tells its listeners to resync', async () => {
      let resyncs = 0;
      const stop = second.events.onResync(() => resyncs++);
      const got: string[] = [];
      second.events.subscribe((e) => void (e.type === 'after-cut.happened' && got.push(e.id)));
      const admin = new pg.Client({ connectionString: t.storage.databaseUrl });
      await admin.connect();
      try {
        const cut = await admin.query(
          `select pg_terminate_backend(pid) from pg_stat_activity
           where datname = current_database() and application_name = $1`,
          [RELAY_APPLICATION_NAME],
        );
        expect(cut.rowCount).toBeGreaterThan(0);
      } finally {
        await admin.end();
      }
      await vi.waitFor(() => expect(resyncs).toBeGreaterThan(0), { timeout: 15_000 });
      stop();
      await inTransaction(t.node.database, (uow) =>
        t.node.events.emit(uow, 'after-cut.happened', {}, ['agency-1'], null),
      );
      await vi.waitFor(() => expect(got).toHaveLength(1), { timeout: 10_000 });
    });
  },
);
