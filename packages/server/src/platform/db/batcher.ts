/**
 * Gathers concurrent calls into one batch so that many of them share one transaction (one fsync),
 * each caller receiving its own answer. While a batch runs, new items gather for the next one.
 * GroupCommit is the same for writes whose callers need no answer.
 */
export class Batcher<T, R> {
  private pending: { item: T; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  private running = false;
  private scheduled = false;

  constructor(
    /** Answers every item, in order; a throw rejects the whole batch. */
    private readonly run: (items: T[]) => Promise<R[]>,
    private readonly windowMs = 1,
    private readonly maxBatch = 200,
  ) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.running || this.scheduled) return;
    this.scheduled = true;
    setTimeout(() => {
      this.scheduled = false;
      void this.flush();
    }, this.windowMs);
  }

  private async flush(): Promise<void> {
    if (this.running || this.pending.length === 0) return;
    this.running = true;
    const batch = this.pending.splice(0, this.maxBatch);
    try {
      const results = await this.run(batch.map((b) => b.item));
      for (const [i, b] of batch.entries()) b.resolve(results[i] as R);
    } catch (e) {
      for (const b of batch) b.reject(e);
    } finally {
      this.running = false;
      if (this.pending.length > 0) this.schedule();
    }
  }

  /** Resolves once everything submitted so far has run. */
  async drain(): Promise<void> {
    while (this.pending.length > 0 || this.running) {
      await new Promise((r) => setTimeout(r, 2));
      if (!this.running && !this.scheduled) void this.flush();
    }
  }
}
