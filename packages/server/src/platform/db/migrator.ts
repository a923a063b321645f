import { type Kysely, PostgresAdapter, sql } from 'kysely';
import { type Migration, type MigrationProvider, Migrator } from 'kysely/migration';
import { migrations } from './migrations/index.ts';

/**
 * One migration history for both engines: every file in `migrations/`, listed in
 * `migrations/index.ts` and applied in name order. A migration that needs engine-specific SQL
 * branches on `isPostgres(db)`.
 */
class ListedProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return { ...migrations };
  }
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the untyped schema
type AnyDb = Kysely<any>;

export const isPostgres = (db: AnyDb): boolean => db.getExecutor().adapter instanceof PostgresAdapter;

/** Column type for an auto-incrementing sequence number on each engine. */
export const serialType = (db: AnyDb) => (isPostgres(db) ? sql`bigserial` : sql`integer`);

/**
 * Runs a migration's steps as one transaction on both engines. PostgreSQL migrations already run in
 * one (`db` is then that transaction); SQLite's run statement by statement, so a migration that
 * rebuilds a table (create, copy, drop, rename) would otherwise leave a half-done rebuild behind a
 * crash, which the next start could not redo. SQLite's DDL is transactional.
 */
export function atomically(db: AnyDb, steps: (tx: AnyDb) => Promise<void>): Promise<void> {
  return db.isTransaction ? steps(db) : db.transaction().execute(steps);
}

/**
 * SQLite cannot change a column's constraint in place: recreates `table` with the definition
 * `change` makes of its current one (`CREATE TABLE "table" …` as SQLite keeps it), copies its rows
 * and recreates its indexes. Run it inside `atomically`, so a crash leaves no half-done rebuild.
 */
export async function rebuildSqliteTable(
  db: AnyDb,
  table: string,
  change: (create: string) => string,
): Promise<void> {
  const objects = await sql<{ type: string; name: string; sql: string | null }>`
    select type, name, sql from sqlite_master where tbl_name = ${table}`.execute(db);
  const current = objects.rows.find((o) => o.type === 'table');
  if (!current?.sql) throw new Error(`${table}: no table`);
  const indexes = objects.rows.filter((o) => o.type === 'index' && o.sql !== null);
  const head = `CREATE TABLE "${table}"`;
  if (!current.sql.startsWith(head)) throw new Error(`${table}: unexpected definition`);
  const next = change(current.sql).replace(head, `CREATE TABLE "${table}_next"`);
  await sql.raw(next).execute(db);
  await sql`insert into ${sql.table(`${table}_next`)} select * from ${sql.table(table)}`.execute(db);
  await sql`drop table ${sql.table(table)}`.execute(db);
  await sql`alter table ${sql.table(`${table}_next`)} rename to ${sql.table(table)}`.execute(db);
  for (const index of indexes) await sql.raw(index.sql as string).execute(db);
}

export function createMigrator(db: AnyDb): Migrator {
  return new Migrator({ db, provider: new ListedProvider() });
}

export async function migrateToLatest(db: AnyDb): Promise<string[]> {
  const { error, results } = await createMigrator(db).migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export async function pendingMigrations(db: AnyDb): Promise<string[]> {
  const all = await createMigrator(db).getMigrations();
  return all.filter((m) => !m.executedAt).map((m) => m.name);
}
