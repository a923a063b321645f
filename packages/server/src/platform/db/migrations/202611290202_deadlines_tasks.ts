import type { Kysely } from 'kysely';

// Deadlines started by the law's trigger events (each with its rule, citation and verified mark),
// execution tasks assigned by the receiving authority, and translation tasks for free text.

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the untyped schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('request_deadline')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull().references('mla_request.id'))
    .addColumn('rule_id', 'text', (c) => c.notNull())
    .addColumn('instrument_id', 'text')
    .addColumn('basis', 'text', (c) => c.notNull())
    .addColumn('owner_side', 'text', (c) => c.notNull())
    .addColumn('owner_agency_id', 'text', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('duration', 'text')
    .addColumn('day_kind', 'text', (c) => c.notNull())
    .addColumn('citation', 'text', (c) => c.notNull())
    .addColumn('verified', 'integer', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('ext_duration', 'text')
    .addColumn('ext_condition', 'text')
    .addColumn('ext_citation', 'text')
    .addColumn('ext_verified', 'integer')
    .addColumn('ext_applied', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('ext_reasons', 'text')
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('base_due_at', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('paused_ms', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('paused_at', 'text')
    .addColumn('pause_reason', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('ended_at', 'text')
    .addColumn('ended_reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('request_deadline_request')
    .on('request_deadline')
    .column('request_id')
    .execute();
  await db.schema
    .createIndex('request_deadline_due')
    .on('request_deadline')
    .columns(['owner_agency_id', 'status', 'due_at'])
    .execute();

  await db.schema
    .createTable('execution_task')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull().references('mla_request.id'))
    .addColumn('owner_agency_id', 'text', (c) => c.notNull().references('agency.id'))
    .addColumn('owner_user_id', 'text', (c) => c.references('user_account.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('measure', 'text')
    .addColumn('due_at', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('result', 'text')
    .addColumn('completed_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('execution_task_request').on('execution_task').column('request_id').execute();
  await db.schema
    .createIndex('execution_task_owner')
    .on('execution_task')
    .columns(['owner_agency_id', 'status'])
    .execute();

  await db.schema
    .createTable('translation_task')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull().references('mla_request.id'))
    .addColumn('field_path', 'text', (c) => c.notNull())
    .addColumn('source_language', 'text')
    .addColumn('target_language', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('assignee_user_id', 'text')
    .addColumn('note', 'text')
    .addColumn('satisfied_by', 'text')
    .addColumn('obsolete', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addUniqueConstraint('translation_task_field', ['request_id', 'field_path', 'target_language'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the untyped schema
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['translation_task', 'execution_task', 'request_deadline'])
    await db.schema.dropTable(t).execute();
}
