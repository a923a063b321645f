/**
 * Collects items from concurrent callers and writes them in one transaction: many callers pay for
 * one fsync. Each caller's promise settles only after the batch holding its item has committed.
 * While a batch is being written, new items gather for the next one. A short commit window (like
 * PostgreSQL's commit_delay) lets concurrent requests join a batch: on SQLite the commit's fsync
 * blocks the process, so committing each item as it comes would serialise every request on it.
 */
export class GroupCommit<T> {
  private pending: { item: T; resolve: () => void; reject: (e: unknown) => void }[] = [];
  private flushing = false;
  private scheduled = false;

  constructor(
    private readonly write: (items: T[]) => Promise<void>,
    private readonly windowMs = 2,
    private readonly maxBatch = 2000,
  ) {}

  submit(item: T): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.flushing) return;
    if (this.pending.length >= this.maxBatch) {
      void this.flush();
      return;
    }
    if (this.scheduled) return;
    this.scheduled = true;
    setTimeout(() => {
      this.scheduled = false;
      void this.flush();
    }, this.windowMs);
  }

  private async flush(): Promise<void> {
    if (this.flushing || this.pending.length === 0) return;
    this.flushing = true;
    const batch = this.pending.splice(0, this.maxBatch);
    try {
      await this.write(batch.map((b) => b.item));
      for (const b of batch) b.resolve();
    } catch (e) {
      for (const b of batch) b.reject(e);
    } finally {
      this.flushing = false;
      if (this.pending.length > 0) this.schedule();
    }
  }

  /** Resolves once everything submitted so far is written (for shutdown). */
  async drain(): Promise<void> {
    while (this.pending.length > 0 || this.flushing) {
      await new Promise((r) => setTimeout(r, 5));
      if (!this.flushing) void this.flush();
    }
  }
}
