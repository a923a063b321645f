import { type Kysely, sql } from 'kysely';
import { isPostgres, serialType } from '../migrator.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the untyped schema
type AnyDb = Kysely<any>;

/**
 * Federation (docs/federation.md): partner nodes, the durable outbox and inbox with their
 * per-conversation sequence cursors, the replay-nonce store, receipts, blob grants for evidence
 * pulls, and the test `ping` sink. Also lets `node_key` forget retired signing private keys
 * (`private_key` nullable) and hold the signed key transition of each rotation.
 */
export async function up(db: AnyDb): Promise<void> {
  await relaxNodeKey(db, true);
  // A retired signing key must never sign again (a thief could backdate createdAt): forget it.
  await sql`UPDATE node_key SET private_key = NULL WHERE expired_at IS NOT NULL AND algorithm = 'Ed25519'`.execute(
    db,
  );

  await db.schema
    .createTable('federation_partner')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('node_id', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('base_url', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    // The newest verified document whose signing key is trusted (confirmed or chained).
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('trusted_kid', 'text', (c) => c.notNull())
    // A newer document whose key does not descend from the trusted one: waits for a new confirmation.
    .addColumn('pending_document', 'text')
    .addColumn('document_fetched_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('confirmed_at', 'text')
    .addColumn('confirmed_by', 'text')
    .addColumn('suspended_at', 'text')
    .addColumn('last_success_at', 'text')
    .addColumn('failing_since', 'text')
    .execute();

  // Outgoing envelopes, signed once and sent byte for byte on every attempt.
  await db.schema
    .createTable('federation_outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('recipient_node', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    .addColumn('sequence', 'integer', (c) => c.notNull())
    .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
    .addColumn('envelope', 'text', (c) => c.notNull())
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('locked_by', 'text')
    .addColumn('locked_until', 'text')
    .addColumn('last_status', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    .execute();
  // Claims walk a partner's pending envelopes in id (creation) order and stop after a few: O(claim),
  // not O(backlog). The second index finds the next moment anything becomes due.
  await db.schema
    .createIndex('federation_outbox_claim')
    .on('federation_outbox')
    .columns(['status', 'recipient_node', 'id'])
    .execute();
  await db.schema
    .createIndex('federation_outbox_due')
    .on('federation_outbox')
    .columns(['status', 'next_attempt_at'])
    .execute();
  await db.schema
    .createIndex('federation_outbox_slot')
    .on('federation_outbox')
    .columns(['recipient_node', 'conversation_id', 'sequence'])
    .unique()
    .execute();

  await db.schema
    .createTable('federation_out_cursor')
    .addColumn('recipient_node', 'text', (c) => c.notNull())
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    .addColumn('last_sequence', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('federation_out_cursor_pk', ['recipient_node', 'conversation_id'])
    .execute();

  // Incoming envelopes: stored before the 2xx, processed exactly once, in sequence order.
  await db.schema
    .createTable('federation_inbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('sender_node', 'text', (c) => c.notNull())
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    .addColumn('sequence', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('envelope', 'text', (c) => c.notNull())
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('processed_at', 'text')
    .execute();
  await db.schema
    .createIndex('federation_inbox_idempotency')
    .on('federation_inbox')
    .columns(['sender_node', 'idempotency_key'])
    .unique()
    .execute();
  await db.schema
    .createIndex('federation_inbox_slot')
    .on('federation_inbox')
    .columns(['sender_node', 'conversation_id', 'sequence'])
    .unique()
    .execute();
  await db.schema
    .createIndex('federation_inbox_status')
    .on('federation_inbox')
    .columns(['status', 'next_attempt_at'])
    .execute();

  await db.schema
    .createTable('federation_in_cursor')
    .addColumn('sender_node', 'text', (c) => c.notNull())
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    .addColumn('next_sequence', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('federation_in_cursor_pk', ['sender_node', 'conversation_id'])
    .execute();

  // RFC 9421 nonces seen per sender node, kept while a replay could still pass the time window.
  await db.schema
    .createTable('federation_nonce')
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('nonce', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('federation_nonce_pk', ['scope', 'nonce'])
    .execute();
  await db.schema
    .createIndex('federation_nonce_expiry')
    .on('federation_nonce')
    .column('expires_at')
    .execute();

  await db.schema
    .createTable('federation_receipt')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('envelope_id', 'text', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('partner_node', 'text', (c) => c.notNull())
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('digest_matches', 'integer', (c) => c.notNull())
    .addColumn('problem', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('federation_receipt_once')
    .on('federation_receipt')
    .columns(['envelope_id', 'direction', 'kind'])
    .unique()
    .execute();

  // What a partner may pull: the blobs offered to it in an `evidence.offer` envelope.
  await db.schema
    .createTable('federation_blob_grant')
    .addColumn('partner_node', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('envelope_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('federation_blob_grant_pk', ['partner_node', 'sha256'])
    .execute();

  // The built-in `ping` type writes here: what the fault test's checker reads back.
  await db.schema
    .createTable('federation_ping')
    .addColumn('seq', serialType(db), (c) => c.primaryKey())
    .addColumn('envelope_id', 'text', (c) => c.notNull())
    .addColumn('sender_node', 'text', (c) => c.notNull())
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    .addColumn('sequence', 'integer', (c) => c.notNull())
    .addColumn('processed_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const t of [
    'federation_ping',
    'federation_blob_grant',
    'federation_receipt',
    'federation_nonce',
    'federation_in_cursor',
    'federation_inbox',
    'federation_out_cursor',
    'federation_outbox',
    'federation_partner',
  ]) {
    await db.schema.dropTable(t).execute();
  }
  await relaxNodeKey(db, false);
}

/**
 * `node_key.private_key` becomes nullable (retired signing keys keep only their public part) and
 * `transition` holds the signed statement by which the previous key vouched for this one. SQLite
 * cannot drop a NOT NULL constraint in place: the table is rebuilt.
 */
async function relaxNodeKey(db: AnyDb, forward: boolean): Promise<void> {
  if (isPostgres(db)) {
    if (forward) {
      await sql`ALTER TABLE node_key ALTER COLUMN private_key DROP NOT NULL`.execute(db);
      await db.schema.alterTable('node_key').addColumn('transition', 'text').execute();
    } else {
      await sql`UPDATE node_key SET private_key = '' WHERE private_key IS NULL`.execute(db);
      await sql`ALTER TABLE node_key ALTER COLUMN private_key SET NOT NULL`.execute(db);
      await db.schema.alterTable('node_key').dropColumn('transition').execute();
    }
    return;
  }
  await db.schema
    .createTable('node_key_next')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('algorithm', 'text', (c) => c.notNull())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('private_key', 'text', (c) => (forward ? c : c.notNull()))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('valid_until', 'text')
    .addColumn('expired_at', 'text')
    .$call((t) => (forward ? t.addColumn('transition', 'text') : t))
    .execute();
  await sql
    .raw(
      `INSERT INTO node_key_next (id, algorithm, public_key, private_key, created_at, valid_until, expired_at)
       SELECT id, algorithm, public_key, ${forward ? 'private_key' : "coalesce(private_key, '')"}, created_at, valid_until, expired_at
       FROM node_key`,
    )
    .execute(db);
  await db.schema.dropTable('node_key').execute();
  await db.schema.alterTable('node_key_next').renameTo('node_key').execute();
}
