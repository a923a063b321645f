import type { Kysely } from 'kysely';

// Request drafts. The row carries what lists and access checks need; the content of every save is a
// version row (JSON), so the history of a draft is complete. `current_version` is the optimistic-
// concurrency token: an update names the version it started from.

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the untyped schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('mla_request')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agency.id'))
    .addColumn('case_id', 'text', (c) => c.references('case_file.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('instrument_id', 'text')
    .addColumn('requesting_state', 'text')
    .addColumn('requested_state', 'text')
    .addColumn('reference', 'text')
    .addColumn('urgent', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('classification', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('person_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('current_version', 'integer', (c) => c.notNull())
    .addColumn('exercise', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text', (c) => c.notNull().references('user_account.id'))
    .addColumn('updated_by', 'text', (c) => c.notNull().references('user_account.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('mla_request_agency').on('mla_request').columns(['agency_id', 'id']).execute();
  await db.schema
    .createIndex('mla_request_creator')
    .on('mla_request')
    .columns(['created_by', 'id'])
    .execute();

  await db.schema
    .createTable('mla_request_version')
    .addColumn('request_id', 'text', (c) => c.notNull().references('mla_request.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('user_account.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('mla_request_version_pk', ['request_id', 'version'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the untyped schema
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('mla_request_version').execute();
  await db.schema.dropTable('mla_request').execute();
}
