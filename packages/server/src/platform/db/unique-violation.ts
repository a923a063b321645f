/**
 * Whether a failed write broke a unique constraint (a primary key included), on either engine:
 * the answer to "someone else got there first". Other constraint failures (a foreign key, a
 * check) are not this and must not be taken for it.
 */
export function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * Runs an insert that a check in the same transaction found free, throwing `taken()` instead when a
 * unique index refuses it after all. On SQLite concurrent units of work run one after the other, so
 * the check sees an earlier one's row; on PostgreSQL two transactions can both pass the check, and
 * the index refuses the later insert once the earlier commits (a 500, were it not mapped here).
 */
export async function insertUnlessTaken<T>(insert: Promise<T>, taken: () => Error): Promise<T> {
  try {
    return await insert;
  } catch (e) {
    if (isUniqueViolation(e)) throw taken();
    throw e;
  }
}
