import { Batcher } from './batcher.ts';

/**
 * Collects items from concurrent callers and writes them in one transaction: many callers pay for
 * one fsync. Each caller's promise settles only after the batch holding its item has committed.
 * While a batch is being written, new items gather for the next one. A short commit window (like
 * PostgreSQL's commit_delay) lets concurrent requests join a batch: on SQLite the commit's fsync
 * blocks the process, so committing each item as it comes would serialise every request on it.
 */
export class GroupCommit<T> {
  private readonly batcher: Batcher<T, void>;

  constructor(write: (items: T[]) => Promise<void>, windowMs = 2, maxBatch = 2000) {
    this.batcher = new Batcher<T, void>(
      async (items) => {
        await write(items);
        return items.map(() => undefined);
      },
      windowMs,
      maxBatch,
    );
  }

  submit(item: T): Promise<void> {
    return this.batcher.submit(item);
  }

  /** Resolves once everything submitted so far is written (for shutdown). */
  drain(): Promise<void> {
    return this.batcher.drain();
  }
}
