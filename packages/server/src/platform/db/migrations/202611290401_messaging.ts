import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../migrator.ts';

// Threads bound to a request or a case, their participant agencies, messages with revisions and
// read receipts, permission requests to originators (H1/H2), and full-text search over messages
// (normalised in code on both engines: FTS5 on SQLite, a `simple` tsvector index on PostgreSQL).

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the untyped schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('thread')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('request_id', 'text')
    .addColumn('case_id', 'text')
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agency.id'))
    .addColumn('labels', 'text', (c) => c.notNull())
    .addColumn('exercise', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('thread_participant')
    .addColumn('thread_id', 'text', (c) => c.notNull().references('thread.id'))
    .addColumn('agency_id', 'text', (c) => c.notNull())
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('thread_participant_pk', ['thread_id', 'agency_id'])
    .execute();
  await db.schema
    .createIndex('thread_participant_agency')
    .on('thread_participant')
    .columns(['agency_id', 'thread_id'])
    .execute();

  await db.schema
    .createTable('message')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('thread_id', 'text', (c) => c.notNull().references('thread.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('search', 'text', (c) => c.notNull())
    .addColumn('mentions', 'text', (c) => c.notNull())
    .addColumn('attachments', 'text', (c) => c.notNull())
    .addColumn('labels', 'text', (c) => c.notNull())
    .addColumn('forwarded_from', 'text')
    .addColumn('author_id', 'text', (c) => c.notNull())
    .addColumn('author_agency_id', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('edited_at', 'text')
    .execute();
  await db.schema.createIndex('message_thread').on('message').columns(['thread_id', 'id']).execute();
  await db.schema
    .createTable('message_revision')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('message_id', 'text', (c) => c.notNull().references('message.id'))
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('edited_by', 'text', (c) => c.notNull())
    .addColumn('edited_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('message_revision_msg')
    .on('message_revision')
    .columns(['message_id', 'revision'])
    .unique()
    .execute();
  await db.schema
    .createTable('message_read')
    .addColumn('message_id', 'text', (c) => c.notNull().references('message.id'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('message_read_pk', ['message_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('permission_request')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('object_type', 'text', (c) => c.notNull())
    .addColumn('object_id', 'text', (c) => c.notNull())
    .addColumn('originator_agency_id', 'text', (c) => c.notNull())
    .addColumn('requester_agency_id', 'text', (c) => c.notNull())
    .addColumn('target_agency_id', 'text', (c) => c.notNull())
    .addColumn('target_thread_id', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('decision_note', 'text')
    .execute();
  await db.schema
    .createIndex('permission_request_orig')
    .on('permission_request')
    .columns(['originator_agency_id', 'status'])
    .execute();

  if (isPostgres(db)) {
    await sql`CREATE INDEX message_search_fts ON message USING gin (to_tsvector('simple', search))`.execute(
      db,
    );
  } else {
    await sql`CREATE VIRTUAL TABLE message_fts USING fts5(search, message_id UNINDEXED, tokenize = 'unicode61 remove_diacritics 2')`.execute(
      db,
    );
  }
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the untyped schema
export async function down(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) await sql`DROP TABLE message_fts`.execute(db);
  for (const t of [
    'permission_request',
    'message_read',
    'message_revision',
    'message',
    'thread_participant',
    'thread',
  ])
    await db.schema.dropTable(t).execute();
}
