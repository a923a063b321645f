import type SQLite from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type DialectAdapter,
  type Driver,
  type QueryResult,
  SelectQueryNode,
  SqliteAdapter,
  SqliteDialect,
} from 'kysely';

/** The part of a better-sqlite3 handle the driver uses (the statement cache provides it). */
export interface StatementSource {
  prepare(sql: string): SQLite.Statement;
  close(): void;
}

/** A plain mutex: the writer connection serves one transaction (or one write) at a time. */
class Mutex {
  private tail: Promise<void> = Promise.resolve();
  lock(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((r) => {
      release = r;
    });
    const acquired = this.tail.then(() => release);
    this.tail = this.tail.then(() => next);
    return acquired;
  }
}

/** Runs one statement on a connection, answering as Kysely's SQLite driver does. */
export function run(source: StatementSource, query: CompiledQuery): QueryResult<unknown> {
  const stmt = source.prepare(query.sql);
  if (stmt.reader) return { rows: stmt.all(query.parameters as unknown[]) };
  const { changes, lastInsertRowid } = stmt.run(query.parameters as unknown[]);
  return {
    insertId: lastInsertRowid != null ? BigInt(lastInsertRowid) : undefined,
    numAffectedRows: changes != null ? BigInt(changes) : undefined,
    rows: [],
  };
}

const SELECT = /^\s*(select|with)\b/i;
/** A data change that can run inside a transaction (not DDL, a PRAGMA or VACUUM). */
const DML = /^\s*(insert|update|delete|replace)\b/i;

/**
 * One use of the database by Kysely: a single query, or a transaction. Inside a transaction every
 * statement runs on the writer, which this connection holds from BEGIN to COMMIT. Outside one, a
 * read-only SELECT runs on the reader connection — in WAL mode it sees the last committed state
 * and never waits for the writer — a data change joins the write group when there is one, and
 * anything else takes the writer for that one statement.
 * Without this, every read queued behind whichever write transaction was open, awaiting.
 */
class RoutedConnection implements DatabaseConnection {
  private release: (() => void) | undefined;

  constructor(private readonly driver: RoutingSqliteDriver) {}

  async begin(): Promise<void> {
    this.release = await this.driver.writerLock.lock();
    try {
      run(this.driver.writer, CompiledQuery.raw('begin immediate'));
    } catch (e) {
      this.end();
      throw e;
    }
  }

  end(): void {
    const release = this.release;
    this.release = undefined;
    release?.();
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.release) return run(this.driver.writer, query) as QueryResult<R>;
    if (SELECT.test(query.sql)) {
      const stmt = this.driver.reader.prepare(query.sql);
      if (stmt.readonly) return run(this.driver.reader, query) as QueryResult<R>;
    }
    // A lone write joins the write group (one commit, one fsync, for it and the units around it).
    if (this.driver.loneWrite && DML.test(query.sql))
      return this.driver.loneWrite(query) as Promise<QueryResult<R>>;
    const release = await this.driver.writerLock.lock();
    try {
      return run(this.driver.writer, query) as QueryResult<R>;
    } finally {
      release();
    }
  }

  async *streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    if (!SelectQueryNode.is(query.query)) throw new Error('Only SELECT queries can be streamed');
    const source = this.release ? this.driver.writer : this.driver.reader;
    for (const row of source.prepare(query.sql).iterate(query.parameters as unknown[]))
      yield { rows: [row as R] };
  }
}

/**
 * SQLite with one writer connection and one read-only reader connection (see RoutedConnection).
 * Write transactions take the write lock at BEGIN (IMMEDIATE) rather than at their first write:
 * the audit writer thread commits from its own connection, and a deferred transaction that had
 * read before another connection committed could not upgrade to a writer and would fail, where
 * an immediate one waits its turn (busy_timeout).
 */
export class RoutingSqliteDriver implements Driver {
  readonly writerLock = new Mutex();
  /**
   * Runs a data change issued outside any transaction as a unit of the write group (see
   * database.ts): it commits with the group, before its caller is answered, instead of paying an
   * fsync of its own while the group waits for the writer.
   */
  loneWrite: ((query: CompiledQuery) => Promise<QueryResult<unknown>>) | undefined;

  constructor(
    readonly writer: StatementSource,
    readonly reader: StatementSource,
  ) {}

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return new RoutedConnection(this);
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as RoutedConnection).begin();
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const c = connection as RoutedConnection;
    await c.executeQuery(CompiledQuery.raw('commit'));
    // Released only on success: after a failed COMMIT the transaction may still be open, and
    // nothing else may run on the writer until Kysely's rollback (or the release) has ended it.
    c.end();
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const c = connection as RoutedConnection;
    try {
      // A failed COMMIT or an I/O error may already have ended the transaction.
      if (this.writerInTransaction()) await c.executeQuery(CompiledQuery.raw('rollback'));
    } finally {
      c.end();
    }
  }

  private writerInTransaction(): boolean {
    return (this.writer.prepare('select 1').database as SQLite.Database).inTransaction;
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    (connection as RoutedConnection).end();
  }

  async destroy(): Promise<void> {
    this.reader.close();
    this.writer.close();
  }
}

/** Kysely's SQLite dialect on the routing driver; the adapter admits more than one connection. */
export class RoutingSqliteDialect extends SqliteDialect {
  constructor(private readonly driver: RoutingSqliteDriver) {
    super({ database: {} as never });
  }
  override createDriver(): Driver {
    return this.driver;
  }
  override createAdapter(): DialectAdapter {
    return new (class extends SqliteAdapter {
      override get supportsMultipleConnections(): boolean {
        return true;
      }
    })();
  }
}
