import type { Kysely } from 'kysely';

// Evidence that crosses nodes under a request (docs/federation.md §14a). `out`: a file of an item of
// this node offered to a partner node (what the blob transfer may serve to that partner, and when the
// whole file was served, which is the custody `transferred`). `in`: a file pulled from a partner
// into an item of this node (so a retried pull job finds the item instead of storing it twice).
// No foreign keys: the evidence tables are created by a later migration in name order, and the
// request of an `out` row may be a received request (request_received), not an mla_request.

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the untyped schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('evidence_remote')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('file_id', 'text', (c) => c.notNull())
    .addColumn('request_id', 'text', (c) => c.notNull())
    .addColumn('partner_node', 'text', (c) => c.notNull())
    .addColumn('partner_agency_id', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('envelope_id', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('transferred_at', 'text')
    .execute();
  await db.schema
    .createIndex('evidence_remote_unique')
    .on('evidence_remote')
    .columns(['direction', 'request_id', 'partner_node', 'sha256'])
    .unique()
    .execute();
  await db.schema
    .createIndex('evidence_remote_partner')
    .on('evidence_remote')
    .columns(['partner_node', 'sha256'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the untyped schema
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('evidence_remote').execute();
}
