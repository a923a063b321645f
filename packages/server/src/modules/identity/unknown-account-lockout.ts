import { LOCKOUT_FAILURES, LOCKOUT_WINDOW_MS, lockoutEnd } from './lockout.ts';
import { sha256Hex } from './secrets.ts';

/** An address as it is held: its hash, case and surrounding spaces aside. */
const keyOf = (email: string) => sha256Hex(email.trim().toLowerCase());

/** Addresses followed at most; the oldest are forgotten first (a flood of made-up addresses). */
const MAX_ADDRESSES = 10_000;

/**
 * The lockout of an address that names no account, counted as an account's failures are: five
 * wrong sign-ins within fifteen minutes answer "locked" until the fifth-most-recent leaves the
 * window. Without it an address that never locked was one without an account, and five guesses
 * told anyone which e-mail addresses have accounts here. Kept in this process's memory (by hash:
 * the addresses themselves are not held): on several instances each counts its own, which still
 * locks an address everywhere within a few more guesses.
 */
export class UnknownAccountLockout {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly now: () => number) {}

  /** Counts a failed sign-in for `email`; the end of its lockout once it is locked, else null. */
  fail(email: string): Date | null {
    const key = keyOf(email);
    const now = this.now();
    const recent = (this.failures.get(key) ?? []).filter((at) => at >= now - LOCKOUT_WINDOW_MS);
    recent.push(now);
    this.failures.delete(key);
    this.failures.set(key, recent.slice(-LOCKOUT_FAILURES));
    if (this.failures.size > MAX_ADDRESSES) this.failures.delete(this.failures.keys().next().value as string);
    return this.lockedUntil(key, now);
  }

  /** The end of the address's lockout, if it is locked now. */
  locked(email: string): Date | null {
    return this.lockedUntil(keyOf(email), this.now());
  }

  private lockedUntil(key: string, now: number): Date | null {
    return lockoutEnd(this.failures.get(key) ?? [], now);
  }
}
