import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../migrator.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the untyped schema
type AnyDb = Kysely<any>;

/**
 * Every read is audited, so a busy node's log passes 2^31 − 1 events: its leaf indices and the tree
 * sizes of its checkpoints outgrow PostgreSQL's `integer`, and the sequencer would fail there (no
 * later event placed in the log). They become `bigint` (read back as numbers, see database.ts), as
 * the event's own `seq` already is. SQLite's integers are 64-bit already.
 */
export async function up(db: AnyDb): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`alter table audit_event alter column leaf_index type bigint`.execute(db);
  await sql`alter table audit_checkpoint alter column tree_size type bigint`.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`alter table audit_checkpoint alter column tree_size type integer`.execute(db);
  await sql`alter table audit_event alter column leaf_index type integer`.execute(db);
}
