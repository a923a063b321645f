import { CompiledQuery, type Kysely, type QueryResult, type Transaction } from 'kysely';

export interface GroupedUnit<T> {
  tx: Transaction<T>;
}

// The same three statements around every unit: built once.
const SAVEPOINT = CompiledQuery.raw('savepoint unit');
const RELEASE = CompiledQuery.raw('release unit');
const ROLLBACK_TO = CompiledQuery.raw('rollback to unit');

/** Runs a compiled statement on the connection a group's transaction holds, synchronously. */
export type DirectRun = (query: CompiledQuery) => QueryResult<unknown>;

/** The transactions write groups hold open right now, each with its direct runner. */
const openGroups = new WeakMap<object, DirectRun>();

/** Work to do once at the end of a group, before its COMMIT (see `atGroupEnd`), by key. */
const groupEnds = new WeakMap<object, Map<string, () => Promise<void>>>();

/**
 * Asks for `work` to run once at the end of the write group whose transaction is `tx`, after its
 * last unit and before its COMMIT, whatever number of units ask for the same `key`: bookkeeping
 * the units' writes call for (numbering the audit events they appended) then commits with them,
 * instead of in a transaction of its own. It runs in a savepoint of its own: if it throws, it is
 * undone alone and the units still commit. False when `tx` is not the open transaction of a
 * group (PostgreSQL, a plain transaction): the caller does the work another way.
 */
export function atGroupEnd(tx: object, key: string, work: () => Promise<void>): boolean {
  const ends = groupEnds.get(tx);
  if (!ends) return false;
  if (!ends.has(key)) ends.set(key, work);
  return true;
}

/**
 * The direct runner of `tx` while it is the open transaction of a write group; undefined for
 * anything else (a transaction on PostgreSQL, the database itself, a group that has ended).
 */
export const directRunOf = (tx: object): DirectRun | undefined => openGroups.get(tx);

interface Queued<DB> {
  run: (tx: Transaction<DB>) => Promise<unknown>;
  settle?: () => void;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for SQLite's single writer connection. Units of work that arrive while another is
 * running join its transaction, each inside its own savepoint, and the group commits once: a
 * transition that writes a dozen rows into a dozen indexes pays its share of one WAL write and one
 * fsync instead of a whole one. Every unit still commits or rolls back as a whole — a unit that
 * fails is rolled back to its savepoint and rejected alone — and no caller is answered before the
 * group's COMMIT has returned, so nothing acknowledged can be lost. If the COMMIT itself fails,
 * every unit of the group is rejected.
 *
 * Units run one after another on the one connection (as they did before, one transaction at a
 * time), so a unit sees the writes of the units before it in its group, exactly as it would have
 * seen them committed. A unit must not open another transaction (it would wait for itself).
 */
export class TransactionGroup<DB> {
  private readonly queue: Queued<DB>[] = [];
  private running = false;

  constructor(
    private readonly db: Kysely<DB>,
    /**
     * Runs a statement on the writer connection, which the group's transaction holds from BEGIN to
     * COMMIT: hot statements (hot-query.ts) of its units skip Kysely's per-query machinery.
     */
    private readonly direct?: DirectRun,
    /** Bounds one group, so that a steady stream of units still commits regularly. */
    private readonly maxUnits = 64,
  ) {}

  /**
   * Runs `fn` as a unit of the next group. `joinSoon`: the unit does not start a group of its own
   * before the work already under way in this turn of the event loop has had the chance to queue
   * its units (a data change issued outside any transaction, such as marking a job done right
   * after its work committed, then shares the next unit's commit instead of paying an fsync
   * alone).
   */
  run<R>(fn: (tx: Transaction<DB>) => Promise<R>, o: { joinSoon?: boolean } = {}): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ run: fn, resolve: resolve as (v: unknown) => void, reject });
      if (this.running) return;
      if (o.joinSoon) this.startSoon();
      else void this.drain();
    });
  }

  /** Resolves once the units queued so far have committed or failed (before closing). */
  async flush(): Promise<void> {
    await this.run(async () => undefined);
  }

  private soon: NodeJS.Immediate | undefined;

  private startSoon(): void {
    this.soon ??= setImmediate(() => {
      this.soon = undefined;
      if (!this.running && this.queue.length > 0) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) await this.commitGroup();
    } finally {
      this.running = false;
    }
  }

  private async commitGroup(): Promise<void> {
    const done: Queued<DB>[] = [];
    try {
      await this.db.transaction().execute(async (tx) => {
        if (this.direct) openGroups.set(tx, this.direct);
        const ends = new Map<string, () => Promise<void>>();
        groupEnds.set(tx, ends);
        try {
          await this.runUnits(tx, done);
          // Asked for by the units; a unit rolled back to its savepoint may have asked too, which
          // costs a pass with nothing to do.
          groupEnds.delete(tx);
          for (const work of ends.values()) await this.inSavepoint(tx, work);
        } finally {
          groupEnds.delete(tx);
          openGroups.delete(tx);
        }
      });
    } catch (error) {
      // The group did not commit (or a savepoint could not be undone): none of it is durable.
      // When it could not even begin (the database closed, say), the waiting units would fail
      // the same way: they fail now instead of being retried forever.
      for (const unit of done.length > 0 ? done : this.queue.splice(0)) unit.reject(error);
      return;
    }
    for (const unit of done) unit.settle?.();
  }

  private exec(tx: Transaction<DB>, q: CompiledQuery): Promise<unknown> {
    return this.direct ? Promise.resolve(this.direct(q)) : tx.executeQuery(q);
  }

  /** Runs `fn` in a savepoint of `tx`, undone alone if it throws (`fn` reports its own failure). */
  private async inSavepoint(tx: Transaction<DB>, fn: () => Promise<unknown>): Promise<void> {
    await this.exec(tx, SAVEPOINT);
    try {
      await fn();
      await this.exec(tx, RELEASE);
    } catch {
      await this.exec(tx, ROLLBACK_TO);
      await this.exec(tx, RELEASE);
    }
  }

  /** Runs the queued units one after another in `tx`, each in its own savepoint. */
  private async runUnits(tx: Transaction<DB>, done: Queued<DB>[]): Promise<void> {
    const exec = (q: CompiledQuery) => this.exec(tx, q);
    while (this.queue.length > 0 && done.length < this.maxUnits) {
      const unit = this.queue.shift() as Queued<DB>;
      done.push(unit);
      await exec(SAVEPOINT);
      try {
        const value = await unit.run(tx);
        await exec(RELEASE);
        unit.settle = () => unit.resolve(value);
      } catch (error) {
        // Undo this unit only; the units before it in the group are untouched.
        await exec(ROLLBACK_TO);
        await exec(RELEASE);
        unit.settle = () => unit.reject(error);
      }
    }
  }
}
