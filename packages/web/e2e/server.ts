import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
export const webDist = fileURLToPath(new URL('../dist', import.meta.url));

export interface RunningServer {
  baseUrl: string;
  dataDir: string;
  /** Everything the server printed so far (stdout and stderr). */
  output: () => string;
  stop: () => Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForHealth(
  url: string,
  child: ChildProcess,
  logFile: string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(
        `The Comity server exited with code ${child.exitCode} before it was healthy; see ${logFile}`,
      );
    }
    try {
      const res = await fetch(url);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`The Comity server did not answer ${url} with 200 within ${timeoutMs} ms; see ${logFile}`);
}

/**
 * Starts `node --import tsx packages/server/src/main.ts [--demo]` from the repository root on a
 * fresh temporary data directory and a free port, serving the built web app, and waits for
 * GET /api/health to answer 200.
 */
export async function startServer(options: {
  demo: boolean;
  env?: Record<string, string>;
}): Promise<RunningServer> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'comity-e2e-'));
  const port = await freePort();
  const logFile = path.join(dataDir, 'server.log');
  const log = createWriteStream(logFile);
  let output = '';
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'packages/server/src/main.ts', ...(options.demo ? ['--demo'] : [])],
    {
      cwd: repoRoot,
      env: {
        ...process.env,
        COMITY_DATA_DIR: dataDir,
        PORT: String(port),
        HOST: '127.0.0.1',
        COMITY_WEB_DIST: webDist,
        COMITY_LOG_LEVEL: 'warn',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on('data', (d: Buffer) => {
      output += d.toString();
      log.write(d);
    });
  }
  try {
    await waitForHealth(`http://127.0.0.1:${port}/api/health`, child, logFile, 90_000);
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
  return {
    baseUrl: `http://localhost:${port}`,
    dataDir,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await Promise.race([
          new Promise((r) => child.once('exit', r)),
          new Promise((r) => setTimeout(r, 10_000)),
        ]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      log.end();
      if (process.env.COMITY_E2E_KEEP_DATA) console.log(`[e2e] kept ${dataDir}`);
      else await rm(dataDir, { recursive: true, force: true });
    },
  };
}
