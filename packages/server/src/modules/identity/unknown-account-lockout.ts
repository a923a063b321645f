import type { Clock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/database.ts';
import { newId } from '../../platform/ids.ts';
import { LOCKOUT_WINDOW_MS, lockoutEnd } from './lockout.ts';
import { sha256Hex } from './secrets.ts';

/** An address as it is held: its hash, case and surrounding spaces aside. */
const keyOf = (email: string) => sha256Hex(email.trim().toLowerCase());

/** Failures older than the window are swept at most this often (per process). */
const SWEEP_MS = 60_000;

/**
 * The lockout of an address that names no account, counted as an account's failures are: five
 * wrong sign-ins within fifteen minutes answer "locked" until the fifth-most-recent leaves the
 * window. Without it an address that never locked was one without an account, and five guesses
 * told anyone which e-mail addresses have accounts here. Counted in the database (by hash: the
 * addresses themselves are not kept), so every instance of a node counts the same failures, as it
 * does an account's.
 */
export class UnknownAccountLockout {
  private lastSweep = 0;

  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
  ) {}

  /** Counts a failed sign-in for `email`; the end of its lockout once it is locked, else null. */
  async fail(email: string): Promise<Date | null> {
    const now = this.clock.now().getTime();
    const cutoff = new Date(now - LOCKOUT_WINDOW_MS).toISOString();
    const db = this.database.db;
    if (now - this.lastSweep > SWEEP_MS) {
      this.lastSweep = now;
      await db.deleteFrom('login_failure_unknown').where('at', '<', cutoff).execute();
    }
    await db
      .insertInto('login_failure_unknown')
      .values({ id: newId(), address_hash: keyOf(email), at: new Date(now).toISOString() })
      .execute();
    return this.locked(email);
  }

  /** The end of the address's lockout, if it is locked now. */
  async locked(email: string): Promise<Date | null> {
    const now = this.clock.now().getTime();
    const failures = await this.database.db
      .selectFrom('login_failure_unknown')
      .select('at')
      .where('address_hash', '=', keyOf(email))
      .where('at', '>=', new Date(now - LOCKOUT_WINDOW_MS).toISOString())
      .orderBy('at')
      .execute();
    return lockoutEnd(
      failures.map((f) => Date.parse(f.at)),
      now,
    );
  }
}
