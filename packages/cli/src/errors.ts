import { AppError, ConfigError } from './server.ts';

/** An error the CLI explains in one line, with the exit code to leave with. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** `body.parentId` → `--parent-id`: field errors name the flag the user typed. */
const flagFor = (path: string): string =>
  `--${path.replace(/^(body|query|params)\./, '').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** One line saying what went wrong, never a stack trace (set COMITY_DEBUG=1 for one). */
export function describeError(e: unknown): string {
  if (e instanceof CliError) return e.message;
  if (e instanceof ConfigError) return e.message.replace(/:\n\s*/, ': ').replace(/\n\s*/g, '; ');
  if (e instanceof AppError) {
    if (e.code === 'weak-password') return `Password refused: ${e.detail ?? e.message}`;
    if (e.code === 'validation-failed' && e.errors?.length) {
      return `Invalid input: ${e.errors.map((f) => `${flagFor(f.path)}: ${f.message}`).join('; ')}`;
    }
    return e.detail ?? e.message;
  }
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    if (code === 'ECONNREFUSED') return `Cannot reach the database (DATABASE_URL): ${e.message}`;
    return e.message || e.name;
  }
  return String(e);
}
