import { type Kysely, sql } from 'kysely';
import { atomically } from '../migrator.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the untyped schema
type AnyDb = Kysely<any>;

const COLUMNS =
  'id, envelope_id, direction, kind, at, partner_node, digest, digest_matches, problem, created_at';

/**
 * Receipt lists (docs/federation.md §10): one `receipt` envelope may carry the receipts of many
 * envelopes, so `federation_receipt.id` (the receipt envelope) no longer names one row. The key
 * becomes what was always unique, (envelope, direction, kind); the table is rebuilt on both
 * engines (SQLite cannot change a primary key in place), in one transaction.
 */
export function up(database: AnyDb): Promise<void> {
  return atomically(database, async (db) => {
    await db.schema
      .createTable('federation_receipt_next')
      // The receipt envelope: several rows when it listed several receipts.
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('envelope_id', 'text', (c) => c.notNull())
      .addColumn('direction', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('partner_node', 'text', (c) => c.notNull())
      .addColumn('digest', 'text', (c) => c.notNull())
      .addColumn('digest_matches', 'integer', (c) => c.notNull())
      .addColumn('problem', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('federation_receipt_pk', ['envelope_id', 'direction', 'kind'])
      .execute();
    await sql
      .raw(`INSERT INTO federation_receipt_next (${COLUMNS}) SELECT ${COLUMNS} FROM federation_receipt`)
      .execute(db);
    await db.schema.dropTable('federation_receipt').execute();
    await db.schema.alterTable('federation_receipt_next').renameTo('federation_receipt').execute();
  });
}

/**
 * Back to one row per receipt envelope. Rows of a receipt list get a made-up id that names the list
 * and the receipt (`<list>/<envelope>/<kind>`), so no receipt is lost on the way down.
 */
export function down(database: AnyDb): Promise<void> {
  return atomically(database, async (db) => {
    await db.schema
      .createTable('federation_receipt_prev')
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('envelope_id', 'text', (c) => c.notNull())
      .addColumn('direction', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('partner_node', 'text', (c) => c.notNull())
      .addColumn('digest', 'text', (c) => c.notNull())
      .addColumn('digest_matches', 'integer', (c) => c.notNull())
      .addColumn('problem', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('federation_receipt_pkey', ['id'])
      .execute();
    await sql
      .raw(
        `INSERT INTO federation_receipt_prev (${COLUMNS})
       SELECT CASE WHEN (SELECT count(*) FROM federation_receipt o WHERE o.id = r.id) > 1
                   THEN r.id || '/' || r.envelope_id || '/' || r.kind ELSE r.id END,
              r.envelope_id, r.direction, r.kind, r.at, r.partner_node, r.digest, r.digest_matches,
              r.problem, r.created_at
       FROM federation_receipt r`,
      )
      .execute(db);
    await db.schema.dropTable('federation_receipt').execute();
    await db.schema.alterTable('federation_receipt_prev').renameTo('federation_receipt').execute();
    await db.schema
      .createIndex('federation_receipt_once')
      .on('federation_receipt')
      .columns(['envelope_id', 'direction', 'kind'])
      .unique()
      .execute();
  });
}
