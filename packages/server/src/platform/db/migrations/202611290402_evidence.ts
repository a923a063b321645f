import type { Kysely } from 'kysely';

// Evidence items, their files (blobs stored encrypted by platform/blobs) and the hash-chained chain
// of custody per item; resumable uploads in progress.

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the untyped schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('evidence_item')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agency.id'))
    .addColumn('exhibit_number', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('seized_at', 'text')
    .addColumn('seized_place', 'text')
    .addColumn('seized_by', 'text')
    .addColumn('legal_basis', 'text')
    .addColumn('request_id', 'text')
    .addColumn('case_id', 'text')
    .addColumn('task_ids', 'text', (c) => c.notNull())
    .addColumn('labels', 'text', (c) => c.notNull())
    .addColumn('wrapped_key', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('exercise', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('evidence_item_agency')
    .on('evidence_item')
    .columns(['agency_id', 'id'])
    .execute();
  await db.schema
    .createIndex('evidence_item_exhibit')
    .on('evidence_item')
    .columns(['agency_id', 'exhibit_number'])
    .unique()
    .execute();

  await db.schema
    .createTable('evidence_file')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull().references('evidence_item.id'))
    .addColumn('blob_id', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('evidence_file_item').on('evidence_file').columns(['item_id', 'id']).execute();

  await db.schema
    .createTable('evidence_custody')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull().references('evidence_item.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_agency_id', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('place', 'text')
    .addColumn('reason', 'text')
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('evidence_custody_seq')
    .on('evidence_custody')
    .columns(['item_id', 'seq'])
    .unique()
    .execute();

  await db.schema
    .createTable('evidence_upload')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull().references('evidence_item.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('file_id', 'text')
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the untyped schema
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['evidence_upload', 'evidence_custody', 'evidence_file', 'evidence_item'])
    await db.schema.dropTable(t).execute();
}
