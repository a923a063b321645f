import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the untyped schema
type AnyDb = Kysely<any>;

/**
 * A person's saved views are read by `user_id` in name order, which the unique index on
 * (user_id, name) serves alone: the index on `user_id` only cost every save a second update.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('inbox_view_user').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.createIndex('inbox_view_user').on('inbox_view').column('user_id').execute();
}
