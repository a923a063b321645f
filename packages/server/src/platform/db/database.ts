import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import type { Tables } from './schema.ts';
import { RoutingSqliteDialect, RoutingSqliteDriver, run } from './sqlite-driver.ts';
import { TransactionGroup } from './transaction-group.ts';

export type Engine = 'sqlite' | 'postgres';
export type Db = Kysely<Tables>;
export type Tx = Transaction<Tables>;
/** Either the database or an open transaction: repositories accept both. */
export type Queryable = Kysely<Tables>;

// pg returns int8 (count(*), bigserial) as strings; our counters fit in a double.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));

export interface Database {
  db: Db;
  engine: Engine;
  /** SQLite file path, for backup; undefined on PostgreSQL. */
  sqlitePath: string | undefined;
  /** SQLite only: units of work that arrive together commit together (see transaction-group.ts). */
  writeGroup: TransactionGroup<Tables> | undefined;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  dataDir: string;
  databaseUrl?: string | undefined;
  poolSize?: number;
}

export function openDatabase(opts: DatabaseOptions): Database {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10 });
    // A dropped connection must not crash the process; the next query reconnects.
    pool.on('error', () => {});
    const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      engine: 'postgres',
      sqlitePath: undefined,
      writeGroup: undefined,
      close: () => db.destroy(),
    };
  }
  fs.mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(opts.dataDir, 'comity.sqlite');
  const sqlite = new SQLite(file);
  // WAL lets readers run beside the one writer; FULL fsyncs every commit, so an acknowledged
  // write survives power loss; foreign keys are off by default in SQLite.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('cache_size = -65536');
  // Each unit of a write group is a savepoint, whose sub-journal keeps the original of every page
  // the unit changes; past 64 KiB SQLite spills it to a temporary file, which costs a transmit
  // about as much as its inserts. In memory it is a copy (P2: statements ~2× faster).
  sqlite.pragma('temp_store = MEMORY');
  // A second, read-only connection serves reads outside transactions (see sqlite-driver.ts).
  const reader = new SQLite(file, { readonly: true });
  reader.pragma('busy_timeout = 5000');
  const driver = new RoutingSqliteDriver(withStatementCache(sqlite), withStatementCache(reader));
  const db = new Kysely<Tables>({ dialect: new RoutingSqliteDialect(driver) });
  const writeGroup = new TransactionGroup(db, (query) => run(driver.writer, query));
  driver.loneWrite = (query) => writeGroup.run((tx) => tx.executeQuery(query), { joinSoon: true });
  return {
    db,
    engine: 'sqlite',
    sqlitePath: file,
    writeGroup,
    // A data change waiting to join the next group is written before the connections close (a
    // failure there is the failure of the units it waited for, already reported to them).
    close: async () => {
      await writeGroup.flush().catch(() => undefined);
      await db.destroy();
    },
  };
}

/**
 * Kysely prepares every query anew; on hot paths preparing costs as much as running. Statements
 * are reusable in better-sqlite3 (each run is synchronous), so keep the most recent ones.
 */
function withStatementCache(sqlite: SQLite.Database, max = 500) {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (stmt) {
        cache.delete(sql);
      } else {
        stmt = sqlite.prepare(sql);
        if (cache.size >= max) cache.delete(cache.keys().next().value as string);
      }
      cache.set(sql, stmt);
      return stmt;
    },
  };
}
