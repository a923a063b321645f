import { type Kysely, sql } from 'kysely';
import { atomically, isPostgres, rebuildSqliteTable } from '../migrator.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the untyped schema
type AnyDb = Kysely<any>;

const REFERENCE = ' references "mla_request" ("id")';

/**
 * A request received from a partner node has clocks on this node too (the requested side's: EIO
 * Art. 16(1), 12(3)…), and it lives in `request_received`, not `mla_request`: a clock's request is
 * one or the other, so `request_deadline.request_id` no longer references `mla_request`. SQLite
 * cannot drop a constraint in place: the table is rebuilt from its own definition, in one
 * transaction, with its indexes.
 */
export function up(database: AnyDb): Promise<void> {
  return atomically(database, async (db) => {
    if (isPostgres(db)) {
      const fks = await sql<{ conname: string }>`
        select conname from pg_constraint
        where conrelid = 'request_deadline'::regclass and contype = 'f'`.execute(db);
      for (const fk of fks.rows)
        await sql`alter table request_deadline drop constraint ${sql.id(fk.conname)}`.execute(db);
      return;
    }
    await rebuildSqliteTable(db, 'request_deadline', (create) => {
      if (!create.includes(REFERENCE)) throw new Error('request_deadline: unexpected definition');
      return create.replace(REFERENCE, '');
    });
  });
}

export function down(database: AnyDb): Promise<void> {
  return atomically(database, async (db) => {
    // The clocks of received requests cannot satisfy the reference again: they go.
    await db
      .deleteFrom('request_deadline')
      .where('request_id', 'not in', db.selectFrom('mla_request').select('id'))
      .execute();
    if (isPostgres(db)) {
      await sql`alter table request_deadline add foreign key (request_id) references mla_request (id)`.execute(
        db,
      );
      return;
    }
    await rebuildSqliteTable(db, 'request_deadline', (create) =>
      create.replace('"request_id" text not null', `"request_id" text not null${REFERENCE}`),
    );
  });
}
