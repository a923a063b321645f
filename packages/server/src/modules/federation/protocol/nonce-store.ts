/**
 * Replay protection for signed HTTP requests: each (sender node, nonce) is accepted once while its
 * request could still pass the time window. The database-backed store (a unique key plus an expiry
 * column, purged periodically) implements the same interface later.
 */

export interface NonceUse {
  /** Whose nonce space: the sender node id. */
  scope: string;
  nonce: string;
  /** After this instant the request is outside the window anyway and the nonce may be forgotten. */
  expiresAt: Date;
  now: Date;
}

export interface NonceStore {
  /** Atomically records the nonce. False when it was already recorded and has not expired. */
  useOnce(use: NonceUse): Promise<boolean>;
}

/** In-process store for one node process (tests, single-process deployments). */
export class InMemoryNonceStore implements NonceStore {
  private readonly expiries = new Map<string, number>();
  private writesSinceSweep = 0;

  constructor(private readonly options: { sweepEvery?: number } = {}) {}

  async useOnce({ scope, nonce, expiresAt, now }: NonceUse): Promise<boolean> {
    const nowMs = now.getTime();
    if (++this.writesSinceSweep >= (this.options.sweepEvery ?? 1024)) this.sweep(nowMs);
    // The scope cannot contain a space (ids forbid it), so the key is unambiguous.
    const key = `${scope} ${nonce}`;
    const existing = this.expiries.get(key);
    if (existing !== undefined && existing > nowMs) return false;
    this.expiries.set(key, expiresAt.getTime());
    return true;
  }

  /** Forgets every nonce whose window has passed. */
  sweep(nowMs: number): void {
    this.writesSinceSweep = 0;
    for (const [key, expiresAt] of this.expiries) if (expiresAt <= nowMs) this.expiries.delete(key);
  }

  get size(): number {
    return this.expiries.size;
  }
}
