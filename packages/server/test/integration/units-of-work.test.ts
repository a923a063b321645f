import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase, type Tx } from '../../src/platform/db/database.ts';
import { atGroupEnd } from '../../src/platform/db/transaction-group.ts';
import { inTransaction } from '../../src/platform/db/unit-of-work.ts';
import { createTestStorage, engineName, type TestStorage } from '../support/test-database.ts';

// The guarantees every service relies on, on both engines; on SQLite concurrent units share one
// commit (transaction-group.ts) and reads outside transactions use their own connection.
describe(`units of work on ${engineName()}`, () => {
  let storage: TestStorage;
  let database: Database;
  const db = () => database.db;
  const put = (tx: Tx, id: string, n: number) =>
    sql`INSERT INTO uow_probe (id, n) VALUES (${id}, ${n})`.execute(tx);
  const count = async () =>
    Number((await sql<{ n: number }>`SELECT count(*) AS n FROM uow_probe`.execute(db())).rows[0]!.n);

  beforeAll(async () => {
    storage = await createTestStorage();
    database = openDatabase({ dataDir: storage.dataDir, databaseUrl: storage.databaseUrl });
    await sql`CREATE TABLE uow_probe (id text PRIMARY KEY, n integer NOT NULL)`.execute(db());
  });
  afterAll(async () => {
    await database.close();
    await storage.drop();
  });

  it('commit each concurrent unit whole; a failing unit leaves no trace and does not harm the others', async () => {
    const before = await count();
    const hooks: string[] = [];
    const units = Array.from({ length: 40 }, (_, i) =>
      inTransaction(database, async (uow) => {
        await put(uow.tx, `a${i}`, 1);
        await new Promise((r) => setImmediate(r));
        await put(uow.tx, `b${i}`, 2);
        uow.afterCommit(() => hooks.push(`u${i}`));
        // Every fifth unit fails after writing: both its rows must go.
        if (i % 5 === 0) throw new Error(`unit ${i} refuses`);
        return i;
      }),
    );
    const results = await Promise.allSettled(units);
    const failed = results.filter((r) => r.status === 'rejected');
    expect(failed).toHaveLength(8);
    expect(failed.every((r) => /refuses/.test(String((r as PromiseRejectedResult).reason)))).toBe(true);
    expect(
      results.filter((r) => r.status === 'fulfilled').map((r) => (r as PromiseFulfilledResult<number>).value),
    ).toEqual(Array.from({ length: 40 }, (_, i) => i).filter((i) => i % 5 !== 0));
    expect(await count()).toBe(before + 64);
    const ids = (await sql<{ id: string }>`SELECT id FROM uow_probe`.execute(db())).rows.map((r) => r.id);
    expect(ids).not.toContain('a0');
    expect(ids).not.toContain('b5');
    expect(hooks.sort()).toEqual(
      Array.from({ length: 40 }, (_, i) => i)
        .filter((i) => i % 5 !== 0)
        .map((i) => `u${i}`)
        .sort(),
    );
  });

  it('a constraint violation rolls back that unit only', async () => {
    await inTransaction(database, (uow) => put(uow.tx, 'dup', 1));
    const [bad, good] = await Promise.allSettled([
      inTransaction(database, async (uow) => {
        await put(uow.tx, 'dup-side', 1);
        await put(uow.tx, 'dup', 2);
      }),
      inTransaction(database, (uow) => put(uow.tx, 'after-dup', 3)),
    ]);
    expect(bad.status).toBe('rejected');
    expect(good.status).toBe('fulfilled');
    const ids = (await sql<{ id: string }>`SELECT id FROM uow_probe`.execute(db())).rows.map((r) => r.id);
    expect(ids).toContain('after-dup');
    expect(ids).not.toContain('dup-side');
  });

  it('writes outside a transaction, among concurrent units: each lands once, a failing one alone fails', async () => {
    await put(db() as Tx, 'lone-dup', 1);
    const lone = (id: string, n: number) =>
      sql`INSERT INTO uow_probe (id, n) VALUES (${id}, ${n})`.execute(db());
    const results = await Promise.allSettled([
      inTransaction(database, (uow) => put(uow.tx, 'unit-1', 1)),
      lone('lone-1', 1),
      lone('lone-dup', 2),
      inTransaction(database, (uow) => put(uow.tx, 'unit-2', 2)),
      // After its insert is answered (on PostgreSQL lone writes run on any pooled connection, in
      // no order), still among the units: the row it changes must be there, counted once.
      lone('lone-0', 0).then(() => sql`UPDATE uow_probe SET n = 7 WHERE id = 'lone-0'`.execute(db())),
    ]);
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    const update = results[4] as PromiseFulfilledResult<{ numAffectedRows?: bigint }>;
    expect(Number(update.value.numAffectedRows)).toBe(1);
    const rows = (
      await sql<{
        id: string;
        n: number;
      }>`SELECT id, n FROM uow_probe WHERE id IN ('unit-1', 'unit-2', 'lone-0', 'lone-1', 'lone-dup') ORDER BY id`.execute(
        db(),
      )
    ).rows;
    expect(rows).toEqual([
      { id: 'lone-0', n: 7 },
      { id: 'lone-1', n: 1 },
      { id: 'lone-dup', n: 1 },
      { id: 'unit-1', n: 1 },
      { id: 'unit-2', n: 2 },
    ]);
  });

  it('reads outside a transaction see committed data and do not wait for an open one', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let inserted!: () => void;
    const wrote = new Promise<void>((r) => {
      inserted = r;
    });
    const open = inTransaction(database, async (uow) => {
      await put(uow.tx, 'uncommitted', 9);
      inserted();
      await gate;
    });
    await wrote;
    // The transaction is open and holds the writer; this read must answer from the committed state.
    const seen = (await sql<{ id: string }>`SELECT id FROM uow_probe WHERE id = 'uncommitted'`.execute(db()))
      .rows;
    expect(seen).toEqual([]);
    release();
    await open;
    const after = (await sql<{ id: string }>`SELECT id FROM uow_probe WHERE id = 'uncommitted'`.execute(db()))
      .rows;
    expect(after).toHaveLength(1);
  });

  // SQLite only: the write group (PostgreSQL runs each unit in its own pooled transaction).
  it.runIf(engineName() === 'sqlite')(
    'a write outside a transaction waits for units queued in the same turn and commits with them',
    async () => {
      let groups = 0;
      const transaction = database.db.transaction.bind(database.db);
      database.db.transaction = (() => {
        groups++;
        return transaction();
      }) as typeof database.db.transaction;
      try {
        const lone = sql`INSERT INTO uow_probe (id, n) VALUES ('soon-1', 1)`.execute(db());
        // Work still under way in this turn (awaits that resolve at once) queues its unit later.
        for (let i = 0; i < 50; i++) await Promise.resolve();
        await Promise.all([lone, inTransaction(database, (uow) => put(uow.tx, 'soon-2', 2))]);
      } finally {
        database.db.transaction = transaction;
      }
      expect(groups).toBe(1);
    },
  );

  it.runIf(engineName() === 'sqlite')(
    'work asked for at the end of a group runs once, before its commit; if it fails, the units still commit',
    async () => {
      const ends: number[] = [];
      const units = Array.from({ length: 10 }, (_, i) =>
        inTransaction(database, async (uow) => {
          await put(uow.tx, `end-${i}`, i);
          // Every unit asks; the group runs it once, seeing all of the group's rows.
          const asked = atGroupEnd(uow.tx, 'count', async () => {
            const n = await sql<{
              n: number;
            }>`SELECT count(*) AS n FROM uow_probe WHERE id LIKE 'end-%'`.execute(uow.tx);
            ends.push(Number(n.rows[0]!.n));
          });
          expect(asked).toBe(true);
          // Work that fails is undone alone.
          atGroupEnd(uow.tx, 'fails', async () => {
            await put(uow.tx, 'end-undone', 0);
            throw new Error('end work refuses');
          });
        }),
      );
      await Promise.all(units);
      expect(ends.at(-1)).toBe(10);
      expect(ends.length).toBeLessThan(10);
      const ids = (await sql<{ id: string }>`SELECT id FROM uow_probe WHERE id LIKE 'end-%'`.execute(db()))
        .rows;
      expect(ids).toHaveLength(10);
      // Outside a group there is nothing to join: the caller is told so.
      expect(atGroupEnd(database.db, 'count', async () => undefined)).toBe(false);
    },
  );

  it.runIf(engineName() === 'sqlite')(
    'closing writes a change still waiting for its group; a group that cannot begin fails its units',
    async () => {
      const other = await createTestStorage();
      try {
        const first = openDatabase({ dataDir: other.dataDir });
        await sql`CREATE TABLE uow_probe (id text PRIMARY KEY, n integer NOT NULL)`.execute(first.db);
        const waiting = sql`INSERT INTO uow_probe (id, n) VALUES ('at-close', 1)`.execute(first.db);
        await first.close();
        await waiting;
        // Closed under a unit: it fails (instead of the group retrying its BEGIN forever).
        await expect(inTransaction(first, (uow) => put(uow.tx, 'after-close', 1))).rejects.toThrow();
        const again = openDatabase({ dataDir: other.dataDir });
        const ids = (await sql<{ id: string }>`SELECT id FROM uow_probe`.execute(again.db)).rows;
        await again.close();
        expect(ids.map((r) => r.id)).toEqual(['at-close']);
      } finally {
        await other.drop();
      }
    },
  );
});
