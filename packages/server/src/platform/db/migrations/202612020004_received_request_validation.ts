import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the untyped schema
type AnyDb = Kysely<any>;

/**
 * A request received from a partner node keeps what its node says of its judicial validation (EIO
 * Art. 2(c)(ii): a request issued by a police authority is validated by a judge or prosecutor before
 * it is sent). Before, the receiving node worked it out from its own registry and showed "not
 * required" for a police authority's request that a prosecutor had validated. Requests received
 * earlier state nothing (null).
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('request_received').addColumn('validation', 'text').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('request_received').dropColumn('validation').execute();
}
