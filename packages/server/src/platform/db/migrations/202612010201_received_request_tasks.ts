import { type Kysely, sql } from 'kysely';
import { atomically, isPostgres, rebuildSqliteTable } from '../migrator.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the untyped schema
type AnyDb = Kysely<any>;

const REFERENCE = ' references "mla_request" ("id")';

/**
 * A request received from a partner node is executed on this node too: its central authority
 * assigns execution tasks to executing agencies here. It lives in `request_received`, not
 * `mla_request`, so a task's request is one or the other and `execution_task.request_id` no longer
 * references `mla_request` (as `request_deadline.request_id` before it). Its other references (the
 * owner agency and officer) stay. SQLite rebuilds the table, in one transaction, with its indexes.
 */
export function up(database: AnyDb): Promise<void> {
  return atomically(database, async (db) => {
    if (isPostgres(db)) {
      const fks = await sql<{ conname: string }>`
        select conname from pg_constraint
        where conrelid = 'execution_task'::regclass and contype = 'f'
          and confrelid = 'mla_request'::regclass`.execute(db);
      for (const fk of fks.rows)
        await sql`alter table execution_task drop constraint ${sql.id(fk.conname)}`.execute(db);
      return;
    }
    await rebuildSqliteTable(db, 'execution_task', (create) => {
      if (!create.includes(`"request_id" text not null${REFERENCE}`))
        throw new Error('execution_task: unexpected definition');
      return create.replace(`"request_id" text not null${REFERENCE}`, '"request_id" text not null');
    });
  });
}

export function down(database: AnyDb): Promise<void> {
  return atomically(database, async (db) => {
    // The tasks of received requests cannot satisfy the reference again: they go.
    await db
      .deleteFrom('execution_task')
      .where('request_id', 'not in', db.selectFrom('mla_request').select('id'))
      .execute();
    if (isPostgres(db)) {
      await sql`alter table execution_task add foreign key (request_id) references mla_request (id)`.execute(
        db,
      );
      return;
    }
    await rebuildSqliteTable(db, 'execution_task', (create) =>
      create.replace('"request_id" text not null', `"request_id" text not null${REFERENCE}`),
    );
  });
}
