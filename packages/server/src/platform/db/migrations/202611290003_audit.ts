import type { Kysely } from 'kysely';
import { serialType } from '../migrator.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the untyped schema
export async function up(db: Kysely<any>): Promise<void> {
  // Append-only. `leaf_hash` = SHA-256(0x00 ‖ canonical event) is fixed at insert; `leaf_index` is
  // assigned by the sequencer in commit order, so concurrent writers on PostgreSQL cannot leave holes.
  await db.schema
    .createTable('audit_event')
    .addColumn('seq', serialType(db), (c) => c.primaryKey())
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('leaf_index', 'integer', (c) => c.unique())
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('node_id', 'text', (c) => c.notNull())
    .addColumn('actor_user_id', 'text')
    .addColumn('actor_agency_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('object_type', 'text')
    .addColumn('object_id', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('session_id', 'text')
    .addColumn('request_id', 'text')
    .addColumn('purpose', 'text')
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('leaf_hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('audit_actor_agency')
    .on('audit_event')
    .columns(['actor_agency_id', 'seq'])
    .execute();
  await db.schema
    .createIndex('audit_object')
    .on('audit_event')
    .columns(['object_type', 'object_id'])
    .execute();
  await db.schema.createIndex('audit_occurred').on('audit_event').column('occurred_at').execute();

  await db.schema
    .createTable('audit_checkpoint')
    .addColumn('tree_size', 'integer', (c) => c.primaryKey())
    .addColumn('root_hash', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the untyped schema
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('audit_checkpoint').execute();
  await db.schema.dropTable('audit_event').execute();
}
