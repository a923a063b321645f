import { type Kysely, sql } from 'kysely';
import { atomically } from '../migrator.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the untyped schema
type AnyDb = Kysely<any>;

/**
 * The search normalisation now writes a Greek word-final sigma (ς) as σ, so that "ΟΔΟΣ" and "Οδός"
 * are one word (platform/text-search.ts). Text indexed before kept its ς, which a query no longer
 * contains: on PostgreSQL, whose `simple` text search lower-cases without folding ς, "Οδός" found
 * no message saved earlier (SQLite's FTS5 folds case the Unicode way, ς to σ, and found it). The
 * stored text is already normalised, so the fold is the whole change, in SQL, on both engines: the
 * message search column and the user search text.
 */
export function up(database: AnyDb): Promise<void> {
  return atomically(database, async (db) => {
    await sql`UPDATE message SET search = replace(search, 'ς', 'σ') WHERE search LIKE '%ς%'`.execute(db);
    await sql`UPDATE user_account SET search_text = replace(search_text, 'ς', 'σ') WHERE search_text LIKE '%ς%'`.execute(
      db,
    );
  });
}

/** Nothing to undo: a σ in normalised text cannot be told from one folded here, and both match. */
export async function down(_db: AnyDb): Promise<void> {}
