import type { Kysely } from 'kysely';
import { atomically } from '../migrator.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the untyped schema
type AnyDb = Kysely<any>;

/**
 * A person's saved inbox views have distinct names: the database holds it (two saves at once both
 * passed the service's check). Duplicates saved before keep the oldest view of each name.
 */
export function up(database: AnyDb): Promise<void> {
  return atomically(database, async (db) => {
    await db
      .deleteFrom('inbox_view as v')
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom('inbox_view as o')
            .select('o.id')
            .whereRef('o.user_id', '=', 'v.user_id')
            .whereRef('o.name', '=', 'v.name')
            .where((eb) =>
              eb.or([
                eb('o.created_at', '<', eb.ref('v.created_at')),
                eb.and([eb('o.created_at', '=', eb.ref('v.created_at')), eb('o.id', '<', eb.ref('v.id'))]),
              ]),
            ),
        ),
      )
      .execute();
    await db.schema
      .createIndex('inbox_view_user_name')
      .on('inbox_view')
      .columns(['user_id', 'name'])
      .unique()
      .execute();
  });
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('inbox_view_user_name').execute();
}
