/** Sign-in failures that lock an account (or an address without one), and over how long. */
export const LOCKOUT_FAILURES = 5;
export const LOCKOUT_WINDOW_MS = 15 * 60_000;

/**
 * The end of a lockout, given the times of recent failures (ms, oldest first): locked while five
 * of them lie within the window, until the fifth-most-recent leaves it; null when not locked.
 */
export function lockoutEnd(failuresMs: readonly number[], nowMs: number): Date | null {
  const recent = failuresMs.filter((at) => at >= nowMs - LOCKOUT_WINDOW_MS);
  if (recent.length < LOCKOUT_FAILURES) return null;
  return new Date(recent[recent.length - LOCKOUT_FAILURES]! + LOCKOUT_WINDOW_MS);
}
