/**
 * The database's table types. Each module adds its own tables by declaration merging
 * (`declare module '…/platform/db/schema.ts' { interface Tables { … } }`) in its `*.tables.ts`,
 * so the platform never imports a module and a module owns its tables.
 *
 * Portable column conventions (same on SQLite and PostgreSQL):
 * - ids: text UUIDv7; timestamps: text ISO 8601 UTC with milliseconds (sorts as text);
 * - booleans: integer 0/1 (better-sqlite3 cannot bind booleans);
 * - JSON: text, parsed in the repository.
 */
// biome-ignore lint/suspicious/noEmptyInterface: extended by modules through declaration merging
export interface Tables {}

export type Bool = 0 | 1;
export const toBool = (b: boolean): Bool => (b ? 1 : 0);
export const fromBool = (b: number | boolean | null | undefined): boolean => b === 1 || b === true;
