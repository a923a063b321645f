import { CliError } from './errors.ts';
import { passwordProblems } from './server.ts';

async function readAllStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads one line from the terminal without echoing it. */
function readHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (result: () => void) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      result();
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return finish(() => resolve(value));
        if (ch === '\u0003') return finish(() => reject(new CliError('Cancelled.', 130)));
        if (ch === '\u0004') {
          if (value === '') return finish(() => reject(new CliError('Cancelled.', 130)));
          continue;
        }
        if (ch === '\u007f' || ch === '\b') {
          value = Array.from(value).slice(0, -1).join('');
          continue;
        }
        if (ch < ' ') continue; // other control characters (escape sequences from arrow keys)
        value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

export interface PasswordContext {
  email: string;
  displayName: string;
  /** Read the password from standard input (scripts), instead of prompting. */
  fromStdin: boolean | undefined;
}

/**
 * The new account's password: from stdin with `--password-stdin` (one trailing newline removed),
 * else typed twice at a terminal without echo. At the terminal a refused password is explained
 * and asked again; from stdin the server's refusal (with its reasons) is the answer.
 */
export async function newPassword(ctx: PasswordContext): Promise<string> {
  if (ctx.fromStdin) {
    const text = (await readAllStdin()).replace(/\r?\n$/, '');
    if (!text) throw new CliError('--password-stdin: standard input was empty.');
    return text;
  }
  if (!process.stdin.isTTY) {
    throw new CliError(
      'No password given: run in a terminal to be asked for it, or pipe it in with --password-stdin.',
    );
  }
  for (let attempt = 1; attempt <= 3; attempt++) {
    const first = await readHidden(`Password for ${ctx.email}: `);
    const problems = passwordProblems(first, { email: ctx.email, displayName: ctx.displayName });
    if (problems.length) {
      process.stderr.write(`Password refused: ${problems.join(' ')}\n`);
      continue;
    }
    const second = await readHidden('Repeat the password: ');
    if (first === second) return first;
    process.stderr.write('The two passwords differ.\n');
  }
  throw new CliError('No acceptable password after three attempts.');
}

/** Refuses a weak password before anything is written, with the same reasons the server gives. */
export function assertStrongPassword(password: string, ctx: { email: string; displayName: string }): void {
  const problems = passwordProblems(password, ctx);
  if (problems.length) throw new CliError(`Password refused: ${problems.join(' ')}`);
}
