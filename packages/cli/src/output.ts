/**
 * How the CLI speaks: results on stdout (a table, a line, or JSON with `--json`), prompts, progress
 * and hints on stderr, so `comity … --json | jq` and `TOKEN=$(comity token create …)` stay clean.
 */

export type Cell = string | number | boolean | null | undefined;

export interface Column<T> {
  header: string;
  value: (row: T) => Cell;
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printLine(text = ''): void {
  process.stdout.write(`${text}\n`);
}

/** A note for the person at the terminal, not part of the result. */
export function note(text: string): void {
  process.stderr.write(`${text}\n`);
}

const show = (c: Cell): string => (c === null || c === undefined || c === '' ? '-' : String(c));

/** Left-aligned columns separated by two spaces, with a header line; `empty` when there are no rows. */
export function formatTable<T>(rows: readonly T[], columns: readonly Column<T>[], empty = '(none)'): string {
  if (rows.length === 0) return empty;
  const cells = rows.map((r) => columns.map((c) => show(c.value(r))));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((row) => row[i]!.length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => (i === values.length - 1 ? v : v.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header.toUpperCase())), ...cells.map(line)].join('\n');
}

export function printTable<T>(rows: readonly T[], columns: readonly Column<T>[], empty?: string): void {
  printLine(formatTable(rows, columns, empty));
}
