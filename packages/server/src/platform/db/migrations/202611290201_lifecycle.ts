import type { Kysely } from 'kysely';

// Request lifecycle: the state of each request with its approvals and frozen versions, the
// history of transitions (the timeline), what each recipient agency received, and every delivery
// with its e-CODEX receipts (submitted, delivered, retrieved). Portable: text ids and timestamps,
// integer booleans, JSON as text.

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the untyped schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('request_lifecycle')
    .addColumn('request_id', 'text', (c) => c.primaryKey().references('mla_request.id'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('requesting_agency_id', 'text', (c) => c.notNull().references('agency.id'))
    .addColumn('recipient_agency_id', 'text')
    .addColumn('recipient_node', 'text')
    .addColumn('validator_agency_id', 'text')
    .addColumn('validation_required', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('parent_request_id', 'text', (c) => c.references('mla_request.id'))
    .addColumn('submitted_by', 'text')
    .addColumn('submitted_at', 'text')
    .addColumn('approved_by', 'text')
    .addColumn('approved_at', 'text')
    .addColumn('approved_version', 'integer')
    .addColumn('approved_hash', 'text')
    .addColumn('validated_by', 'text')
    .addColumn('validated_at', 'text')
    .addColumn('transmitted_by', 'text')
    .addColumn('transmitted_at', 'text')
    .addColumn('transmitted_version', 'integer')
    .addColumn('transmitted_hash', 'text')
    .addColumn('resume_state', 'text')
    .addColumn('information_questions', 'text')
    .addColumn('information_requested_at', 'text')
    .addColumn('postponed_until', 'text')
    .addColumn('postpone_reason', 'text')
    .addColumn('refusal', 'text')
    .addColumn('returned_by', 'text')
    .addColumn('returned_at', 'text')
    .addColumn('return_comments', 'text')
    .addColumn('consent', 'text')
    .addColumn('arrested_at', 'text')
    .addColumn('production_requested_at', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .execute();
  for (const col of [
    'requesting_agency_id',
    'recipient_agency_id',
    'validator_agency_id',
    'parent_request_id',
  ]) {
    await db.schema
      .createIndex(`request_lifecycle_${col.replace(/_id$/, '')}`)
      .on('request_lifecycle')
      .column(col)
      .execute();
  }

  await db.schema
    .createTable('request_transition')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull().references('mla_request.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('from_state', 'text', (c) => c.notNull())
    .addColumn('to_state', 'text', (c) => c.notNull())
    .addColumn('side', 'text', (c) => c.notNull())
    .addColumn('actor_user_id', 'text', (c) => c.references('user_account.id'))
    .addColumn('actor_agency_id', 'text')
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    // One transition per lifecycle version: a second writer from the same version cannot commit.
    .addUniqueConstraint('request_transition_version', ['request_id', 'version'])
    .execute();

  await db.schema
    .createTable('request_incoming')
    .addColumn('request_id', 'text', (c) => c.notNull().references('mla_request.id'))
    .addColumn('agency_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('delivered_at', 'text', (c) => c.notNull())
    .addColumn('retrieved_at', 'text')
    .addColumn('retrieved_by', 'text')
    .addPrimaryKeyConstraint('request_incoming_pk', ['request_id', 'agency_id'])
    .execute();
  await db.schema.createIndex('request_incoming_agency').on('request_incoming').column('agency_id').execute();

  await db.schema
    .createTable('request_delivery')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull().references('mla_request.id'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('carrier', 'text', (c) => c.notNull())
    .addColumn('sender_agency_id', 'text', (c) => c.notNull())
    .addColumn('recipient_agency_id', 'text', (c) => c.notNull())
    .addColumn('recipient_node', 'text')
    .addColumn('version', 'integer')
    .addColumn('content_hash', 'text')
    .addColumn('envelope_id', 'text')
    .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('request_delivery_request')
    .on('request_delivery')
    .column('request_id')
    .execute();

  await db.schema
    .createTable('delivery_receipt')
    .addColumn('delivery_id', 'text', (c) => c.notNull().references('request_delivery.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('by_user_id', 'text')
    .addPrimaryKeyConstraint('delivery_receipt_pk', ['delivery_id', 'kind'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the untyped schema
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'delivery_receipt',
    'request_delivery',
    'request_incoming',
    'request_transition',
    'request_lifecycle',
  ])
    await db.schema.dropTable(t).execute();
}
