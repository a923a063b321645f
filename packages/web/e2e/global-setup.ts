import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DEMO_PASSWORD } from './env.ts';
import { repoRoot, startServer, webDist } from './server.ts';

/** `comity demo accounts --json` against the server's data directory. */
function listDemoAccounts(dataDir: string): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const cli = spawn(
      process.execPath,
      ['--import', 'tsx', 'packages/cli/src/main.ts', 'demo', 'accounts', '--json'],
      {
        cwd: repoRoot,
        env: { ...process.env, COMITY_DATA_DIR: dataDir, COMITY_LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    cli.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    cli.on('error', reject);
    cli.on('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`comity demo accounts exited with ${code}`)),
    );
  });
}

/**
 * Starts a real Comity server (demo mode, fresh temporary data directory, free port) serving the
 * built web app, waits for GET /api/health, and returns the teardown that stops it.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!existsSync(path.join(webDist, 'index.html'))) {
    throw new Error(`${webDist}/index.html is missing: build the web app first (vite build)`);
  }
  const server = await startServer({
    demo: true,
    env: {
      COMITY_DEMO_PASSWORD: DEMO_PASSWORD,
      // One minute (the minimum) so the idle-lock test does not wait half an hour.
      COMITY_SESSION_IDLE_MINUTES: '1',
      COMITY_CHECKPOINT_SECONDS: '1',
    },
  });
  try {
    const accounts = await listDemoAccounts(server.dataDir);
    JSON.parse(accounts); // fail here, not in every test, if the CLI printed something else
    // Workers start after this and inherit these.
    process.env.COMITY_E2E_ACCOUNTS = accounts;
  } catch (e) {
    await server.stop();
    throw e;
  }
  process.env.COMITY_E2E_BASE_URL = server.baseUrl;
  process.env.COMITY_E2E_DATA_DIR = server.dataDir;
  console.log(`[e2e] Comity server on ${server.baseUrl} (data ${server.dataDir})`);
  return server.stop;
}
