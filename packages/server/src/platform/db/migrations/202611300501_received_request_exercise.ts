import type { Kysely } from 'kysely';

// A request drafted in an exercise (by an exercise account, on a node running the demo world) stays
// exercise data on the partner node that receives it: `request_received` records the mark, as
// `mla_request.exercise` does for requests drafted here. Requests received before carry none.

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the untyped schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('request_received')
    .addColumn('exercise', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the untyped schema
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('request_received').dropColumn('exercise').execute();
}
