/**
 * Whether a failed write broke a unique constraint (a primary key included), on either engine:
 * the answer to "someone else got there first". Other constraint failures (a foreign key, a
 * check) are not this and must not be taken for it.
 */
export function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
