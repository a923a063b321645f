import type { Kysely } from 'kysely';

// Requests that cross nodes. A request received from a partner node cannot live in
// `mla_request`: its drafting agency and people are on the other node (foreign keys to `agency` and
// `user_account` would not hold). The requested node keeps it here: the frozen version it was sent,
// its state on this side, and every transition or receipt in either direction. Evidence offered
// across nodes is recorded on both sides (offered by the executing node, pulled by the requesting
// node). Portable: text ids and timestamps, integer booleans, JSON as text.

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the untyped schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('request_received')
    .addColumn('request_id', 'text', (c) => c.primaryKey())
    .addColumn('sender_node', 'text', (c) => c.notNull())
    .addColumn('requesting_agency_id', 'text', (c) => c.notNull())
    .addColumn('requesting_agency_name', 'text', (c) => c.notNull())
    .addColumn('requesting_state', 'text')
    .addColumn('requested_state', 'text')
    .addColumn('recipient_agency_id', 'text', (c) => c.notNull().references('agency.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('instrument_id', 'text')
    .addColumn('title', 'text')
    .addColumn('reference', 'text')
    .addColumn('classification', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('urgent', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('labels', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('content_version', 'integer', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('resume_state', 'text')
    .addColumn('information_questions', 'text')
    .addColumn('information_requested_at', 'text')
    .addColumn('postponed_until', 'text')
    .addColumn('postpone_reason', 'text')
    .addColumn('refusal', 'text')
    .addColumn('consent', 'text')
    .addColumn('arrested_at', 'text')
    .addColumn('transmitted_at', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('retrieved_at', 'text')
    .addColumn('retrieved_by', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .execute();
  await db.schema
    .createIndex('request_received_agency')
    .on('request_received')
    .column('recipient_agency_id')
    .execute();

  await db.schema
    .createTable('request_received_event')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull().references('request_received.request_id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('from_state', 'text', (c) => c.notNull())
    .addColumn('to_state', 'text', (c) => c.notNull())
    .addColumn('side', 'text', (c) => c.notNull())
    .addColumn('actor_user_id', 'text')
    .addColumn('actor_agency_id', 'text')
    .addColumn('envelope_id', 'text')
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('request_received_event_request')
    .on('request_received_event')
    .columns(['request_id', 'version'])
    .execute();

  await db.schema
    .createTable('request_evidence')
    .addColumn('request_id', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('partner_node', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('media_type', 'text')
    .addColumn('envelope_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('offered_at', 'text', (c) => c.notNull())
    .addColumn('pulled_at', 'text')
    .addPrimaryKeyConstraint('request_evidence_pk', ['request_id', 'sha256', 'direction'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the untyped schema
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['request_evidence', 'request_received_event', 'request_received'])
    await db.schema.dropTable(t).execute();
}
