import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the untyped schema
type AnyDb = Kysely<any>;

/**
 * The time step of the last TOTP code an account used: a code of that step or an earlier one is
 * refused from then on (RFC 6238 §5.2), so a code seen over someone's shoulder or relayed by a
 * phishing page cannot open a second session within its window.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('user_account').addColumn('mfa_used_step', 'bigint').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('user_account').dropColumn('mfa_used_step').execute();
}
