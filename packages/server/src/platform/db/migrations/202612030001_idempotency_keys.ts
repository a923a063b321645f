import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the untyped schema
type AnyDb = Kysely<any>;

/**
 * What a client's `Idempotency-Key` answered (platform/http/idempotency.ts): a retried POST, PATCH
 * or DELETE under the same key gets the first answer again instead of being applied twice. Rows
 * live for an hour; `pending` marks a request still running, or one whose outcome was never recorded.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('http_idempotency')
    .addColumn('principal', 'text', (c) => c.notNull())
    .addColumn('idem_key', 'text', (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('status', 'integer')
    .addColumn('content_type', 'text')
    .addColumn('body', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('http_idempotency_pk', ['principal', 'idem_key'])
    .execute();
  await db.schema
    .createIndex('http_idempotency_expiry')
    .on('http_idempotency')
    .column('expires_at')
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('http_idempotency').execute();
}
