import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../migrator.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the untyped schema
type AnyDb = Kysely<any>;

/**
 * Two counts outgrow PostgreSQL's `integer` (2^31 − 1): a clock's paused time in milliseconds (a
 * request waiting 25 days for information) and the size of an evidence file offered to a partner
 * node (past 2 GiB). They become `bigint` (read back as numbers, see database.ts). SQLite's
 * integers are 64-bit already.
 */
export async function up(db: AnyDb): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`alter table request_deadline alter column paused_ms type bigint`.execute(db);
  await sql`alter table federation_blob_grant alter column size type bigint`.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`alter table federation_blob_grant alter column size type integer`.execute(db);
  await sql`alter table request_deadline alter column paused_ms type integer`.execute(db);
}
