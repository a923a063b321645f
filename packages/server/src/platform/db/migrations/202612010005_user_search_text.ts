import type { Kysely } from 'kysely';
import { normaliseText } from '../../text-search.ts';
import { atomically } from '../migrator.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the untyped schema
type AnyDb = Kysely<any>;

/**
 * The user search compares a normalised copy of name and e-mail (`search_text`): SQLite's lower()
 * folds ASCII only, its LIKE knows no escape character unless one is named, and PostgreSQL's LIKE
 * is case-sensitive, so the same search found different people on the two engines ("Lefèvre" for
 * "LEFÈVRE" on one only; "jean_" on neither). Filled here for the accounts there are.
 */
export function up(database: AnyDb): Promise<void> {
  return atomically(database, async (db) => {
    await db.schema
      .alterTable('user_account')
      .addColumn('search_text', 'text', (c) => c.notNull().defaultTo(''))
      .execute();
    const users = (await db.selectFrom('user_account').select(['id', 'display_name', 'email']).execute()) as {
      id: string;
      display_name: string;
      email: string;
    }[];
    for (const u of users)
      await db
        .updateTable('user_account')
        .set({ search_text: normaliseText(`${u.display_name} ${u.email}`) })
        .where('id', '=', u.id)
        .execute();
  });
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('user_account').dropColumn('search_text').execute();
}
