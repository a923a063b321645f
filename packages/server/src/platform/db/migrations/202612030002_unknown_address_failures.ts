import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the untyped schema
type AnyDb = Kysely<any>;

/**
 * Failed sign-ins for addresses that name no account, by the address's SHA-256 (the address itself
 * is not kept), counted in the database as an account's are in `login_failure`. Before, each process
 * counted them in memory: on several instances an unknown address locked later than an account, and
 * guesses spread over the instances told which addresses have accounts. Rows older than the lockout
 * window are swept.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('login_failure_unknown')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('address_hash', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('login_failure_unknown_address_at')
    .on('login_failure_unknown')
    .columns(['address_hash', 'at'])
    .execute();
  await db.schema.createIndex('login_failure_unknown_at').on('login_failure_unknown').column('at').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('login_failure_unknown').execute();
}
