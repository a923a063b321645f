import type { Kysely } from 'kysely';
import { serialType } from '../migrator.ts';

// The legal registry as versioned data. The node seeds each instrument from the shipped data at start
// (modules/legal/legal.service.ts) and administrators edit it through the API; every change is a new
// version row, older versions stay. `seq` orders all changes, so an instance can tell cheaply whether
// another one changed the registry.

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the untyped schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('legal_instrument')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('current_version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('legal_instrument_version')
    .addColumn('seq', serialType(db), (c) => c.primaryKey())
    .addColumn('instrument_id', 'text', (c) => c.notNull().references('legal_instrument.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('user_account.id'))
    .execute();
  await db.schema
    .createIndex('legal_instrument_version_unique')
    .on('legal_instrument_version')
    .columns(['instrument_id', 'version'])
    .unique()
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the untyped schema
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('legal_instrument_version').execute();
  await db.schema.dropTable('legal_instrument').execute();
}
