import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase, type Queryable } from '../../src/platform/db/database.ts';
import { HotInsert, hotShapes, runHot } from '../../src/platform/db/hot-query.ts';
import type { Tables } from '../../src/platform/db/schema.ts';
import { inTransaction } from '../../src/platform/db/unit-of-work.ts';
import { createTestStorage, engineName, type TestStorage } from '../support/test-database.ts';

interface Probe {
  id: string;
  n: number;
  note: string | null;
}
type ProbeDb = Kysely<{ hot_probe: Probe }>;

// Statements whose SQL is compiled once and reused with new parameters must behave exactly as the
// same statements built by Kysely each time, on both engines.
describe(`reused statements on ${engineName()}`, () => {
  let storage: TestStorage;
  let database: Database;
  const db = () => database.db as unknown as ProbeDb;
  const table = 'hot_probe' as keyof Tables & string;
  const insert = new HotInsert(table, ['id', 'n', 'note'] as never, { columns: ['id'] });
  const upsert = new HotInsert(table, ['id', 'n', 'note'] as never, { columns: ['id'], update: ['n'] });
  const rows = async () =>
    (await db().selectFrom('hot_probe').selectAll().orderBy('id').execute()).map((r) => ({
      ...r,
      n: Number(r.n),
    }));
  const byN = (n: number, note: string | null, on: Queryable = database.db) =>
    runHot<Probe>(on, 'probe.byN', [n, note], () =>
      db().selectFrom('hot_probe').selectAll().where('n', '=', n).where('note', '=', note).orderBy('id'),
    );

  beforeAll(async () => {
    storage = await createTestStorage();
    database = openDatabase({ dataDir: storage.dataDir, databaseUrl: storage.databaseUrl });
    await sql`CREATE TABLE hot_probe (id text PRIMARY KEY, n integer NOT NULL, note text)`.execute(
      database.db,
    );
  });
  afterAll(async () => {
    await database.close();
    await storage.drop();
  });

  it('multi-row inserts: each row count compiled once; conflicts do nothing or update what they name', async () => {
    await inTransaction(database, (uow) =>
      insert.run(
        uow.tx as never,
        [
          { id: 'a', n: 1, note: null },
          { id: 'b', n: 2, note: 'x' },
        ] as never,
      ),
    );
    // Same shape, new values, a conflicting row and keys in another order.
    await insert.run(database.db, [
      { note: 'y', n: 3, id: 'c' },
      { id: 'a', n: 9, note: 'ignored' },
    ] as never);
    await upsert.run(database.db, [{ id: 'b', n: 20, note: 'not updated' }] as never);
    expect(await rows()).toEqual([
      { id: 'a', n: 1, note: null },
      { id: 'b', n: 20, note: 'x' },
      { id: 'c', n: 3, note: 'y' },
    ]);
    const shapes = [...hotShapes(database.db)].filter(([s]) => s.startsWith('insert hot_probe'));
    expect(shapes).toHaveLength(2);
    expect(shapes.every(([, reused]) => reused)).toBe(true);
  });

  it('a reused select answers for its own parameters; an incomplete call is built as it is', async () => {
    expect((await byN(3, 'y')).rows.map((r) => r.id)).toEqual(['c']);
    expect((await byN(20, 'x')).rows.map((r) => r.id)).toEqual(['b']);
    expect(hotShapes(database.db).get('probe.byN')).toBe(true);
    await expect(insert.run(database.db, [{ id: 'd', n: 4 }] as never)).resolves.toBeDefined();
    expect((await rows()).find((r) => r.id === 'd')).toEqual({ id: 'd', n: 4, note: null });
  });

  it('in a unit of work, a reused statement sees the writes of its unit and rolls back with that unit alone', async () => {
    const seen: string[][] = [];
    const failing = inTransaction(database, async (uow) => {
      await insert.run(uow.tx as never, [{ id: 'e', n: 5, note: 'z' }] as never);
      seen.push((await byN(5, 'z', uow.tx)).rows.map((r) => r.id));
      throw new Error('undo this unit');
    });
    // Joins the same write group on SQLite: its savepoint survives the other unit's rollback.
    const kept = inTransaction(database, (uow) =>
      insert.run(uow.tx as never, [{ id: 'f', n: 5, note: 'z' }] as never),
    );
    await expect(failing).rejects.toThrow('undo this unit');
    await kept;
    expect(seen).toEqual([['e']]);
    expect((await byN(5, 'z')).rows.map((r) => r.id)).toEqual(['f']);
  });

  it('a shape whose parameters Kysely lays out otherwise is never reused', async () => {
    const odd = (n: number) =>
      runHot<Probe>(database.db, 'probe.odd', [n], () =>
        db().selectFrom('hot_probe').selectAll().where('n', '>', 0).where('n', '=', n),
      );
    expect((await odd(1)).rows.map((r) => r.id)).toEqual(['a']);
    expect(hotShapes(database.db).get('probe.odd')).toBe(false);
    expect((await odd(3)).rows.map((r) => r.id)).toEqual(['c']);
  });
});
