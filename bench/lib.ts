import { type ChildProcess, spawn } from 'node:child_process';
import readline from 'node:readline';

export interface BenchResult {
  id: string;
  value: number;
  unit: string;
  baseline: number;
  ratio: number;
  goal: number;
  [extra: string]: unknown;
}

/** The last line of every benchmark: one JSON object, as CI and the issue notes read it. */
export function report(result: BenchResult): void {
  const round = (n: number) => (Number.isFinite(n) ? Math.round(n * 1000) / 1000 : n);
  const out = Object.fromEntries(
    Object.entries(result).map(([k, v]) => [k, typeof v === 'number' ? round(v) : v]),
  );
  console.log(JSON.stringify(out));
}

/** Starts a helper server in its own process and waits for its first stdout line (JSON). */
export async function startChild<T>(
  script: string,
  env: Record<string, string> = {},
): Promise<{ child: ChildProcess; info: T }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const rl = readline.createInterface({ input: child.stdout! });
  const line = await new Promise<string>((resolve, reject) => {
    rl.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  rl.close();
  return { child, info: JSON.parse(line) as T };
}

export const stopChild = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
