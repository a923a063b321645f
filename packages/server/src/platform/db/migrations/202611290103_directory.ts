import type { Kysely } from 'kysely';

// Directory of competent authorities: what an agency does (issue, execute, receive…) for which
// measures, where, in which languages, and how to reach it. `node_id` is null for agencies on this
// node; partner-node agencies arrive with federation. List columns are JSON text; `regions_key` is a
// normalised copy of the regions for matching places without accents or case.

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the untyped schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('competence')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agency.id'))
    .addColumn('node_id', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('functions', 'text', (c) => c.notNull())
    .addColumn('measures', 'text', (c) => c.notNull())
    .addColumn('instruments', 'text', (c) => c.notNull())
    .addColumn('regions', 'text', (c) => c.notNull())
    .addColumn('regions_key', 'text', (c) => c.notNull())
    .addColumn('languages', 'text', (c) => c.notNull())
    .addColumn('channels', 'text', (c) => c.notNull())
    .addColumn('contact_247', 'text')
    .addColumn('notes', 'text')
    .addColumn('created_by', 'text', (c) => c.references('user_account.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('withdrawn_at', 'text')
    .execute();
  await db.schema
    .createIndex('competence_state')
    .on('competence')
    .columns(['state', 'withdrawn_at'])
    .execute();
  await db.schema.createIndex('competence_agency').on('competence').column('agency_id').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the untyped schema
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('competence').execute();
}
