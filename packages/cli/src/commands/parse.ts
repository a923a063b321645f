import { InvalidArgumentError } from 'commander';
import { CliError } from '../errors.ts';

/** A comma-separated list: `--roles investigator,supervisor`. */
export const list = (value: string): string[] =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

export function integer(value: string): number {
  if (!/^-?\d+$/.test(value.trim())) throw new InvalidArgumentError('Not a whole number.');
  return Number.parseInt(value, 10);
}

/** ISO 3166 codes are typed in any case; the directory stores them in capitals. */
export const countryCode = (value: string): string => value.trim().toUpperCase();

/** English name of an ISO 3166 country (`FR` → `France`), the default jurisdiction name. */
export function countryName(code: string): string | undefined {
  try {
    const name = new Intl.DisplayNames(['en'], { type: 'region' }).of(code);
    return name && name !== code ? name : undefined;
  } catch {
    return undefined;
  }
}

/** Checks CLI input against the shared contract; field errors name the flag. */
/** The part of a zod schema used here (the contracts' schemas), without importing zod itself. */
interface Schema<T> {
  safeParse(
    input: unknown,
  ):
    | { success: true; data: T }
    | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };
}

export function parseWith<T>(schema: Schema<T>, input: unknown, flags: Record<string, string> = {}): T {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => {
    const key = String(i.path[0] ?? '');
    const flag = flags[key] ?? `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    return `${flag}: ${i.message}`;
  });
  throw new CliError(`Invalid input: ${problems.join('; ')}`);
}
