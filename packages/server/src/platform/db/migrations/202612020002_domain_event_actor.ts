import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the untyped schema
type AnyDb = Kysely<any>;

/**
 * A domain event names the person whose action it records, so that their own live stream can tell
 * them it is theirs (the notifications bell does not count what one did oneself). Earlier events
 * name nobody.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('domain_event').addColumn('actor_user_id', 'text').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('domain_event').dropColumn('actor_user_id').execute();
}
