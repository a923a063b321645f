import type { Kysely } from 'kysely';

// In-app notifications (deduplicated by a key so a job that runs twice notifies once), per-user
// notification preferences, and saved inbox views.

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the untyped schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('notification')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('user_account.id'))
    .addColumn('agency_id', 'text', (c) => c.notNull())
    .addColumn('request_id', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('link', 'text', (c) => c.notNull())
    .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .execute();
  await db.schema.createIndex('notification_user').on('notification').columns(['user_id', 'id']).execute();

  await db.schema
    .createTable('notification_preference')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('user_account.id'))
    .addColumn('email', 'integer', (c) => c.notNull())
    .addColumn('email_kinds', 'text', (c) => c.notNull())
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('inbox_view')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('user_account.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('view', 'text', (c) => c.notNull())
    .addColumn('filters', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('inbox_view_user').on('inbox_view').column('user_id').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the untyped schema
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['inbox_view', 'notification_preference', 'notification'])
    await db.schema.dropTable(t).execute();
}
