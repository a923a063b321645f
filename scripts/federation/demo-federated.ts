/**
 * `npm run demo:federated -- --nodes 3 --base-port 8080`
 *
 * Starts one demo node per demo state (DE, FR, ES) on consecutive ports, each with its own data
 * directory (`./data-demo/federated/<state>`, or under COMITY_DATA_DIR) holding only that state's
 * agencies, officers and case files, all partnered with each other, every exercise account on the
 * same password (COMITY_DEMO_PASSWORD, else one generated once and kept). Prints the URLs and the
 * accounts; Ctrl-C stops every node.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { listDemoAccounts } from '../../packages/server/src/modules/demo/demo.service.ts';
import { demoJurisdictions } from '../../packages/server/src/modules/demo/demo-world.ts';
import type { NodeDocument } from '../../packages/server/src/modules/federation/protocol/node-document.ts';
import { type ComityNode, openNode } from '../../packages/server/src/node.ts';
import { ConfigError, loadConfig } from '../../packages/server/src/platform/config.ts';
import { seedDemoState } from './demo-seed.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    nodes: { type: 'string', default: '3' },
    'base-port': { type: 'string', default: '8080' },
  },
  allowPositionals: false,
});
const count = Number(values.nodes);
const basePort = Number(values['base-port']);
if (!Number.isInteger(count) || count < 1 || count > demoJurisdictions.length) {
  fail(`--nodes must be 1…${demoJurisdictions.length} (one node per demo state)`);
}
if (!Number.isInteger(basePort) || basePort < 1 || basePort + count - 1 > 65535)
  fail('--base-port must be a port');

// Under ./data-demo (already git-ignored, the demo's own folder), one directory per state.
const dataRoot = path.resolve(root, process.env.COMITY_DATA_DIR ?? 'data-demo/federated');
fs.mkdirSync(dataRoot, { recursive: true, mode: 0o700 });
const passwordFile = path.join(dataRoot, 'demo-password');
const password =
  process.env.COMITY_DEMO_PASSWORD ??
  (fs.existsSync(passwordFile)
    ? fs.readFileSync(passwordFile, 'utf8').trim()
    : `exercise-${crypto.randomBytes(6).toString('hex')}`);
fs.writeFileSync(passwordFile, password, { mode: 0o600 });

interface Planned {
  state: string;
  name: string;
  port: number;
  url: string;
  env: Record<string, string>;
}

const planned: Planned[] = demoJurisdictions.slice(0, count).map((j, i) => {
  const port = basePort + i;
  const url = `http://127.0.0.1:${port}`;
  return {
    state: j.code,
    name: `Comity ${j.code} (exercise)`,
    port,
    url,
    env: {
      PORT: String(port),
      COMITY_DATA_DIR: path.join(dataRoot, j.code.toLowerCase()),
      COMITY_PUBLIC_URL: url,
      COMITY_NODE_NAME: `Comity ${j.code} (exercise)`,
      COMITY_DEMO_PASSWORD: password,
      COMITY_LOG_LEVEL: process.env.COMITY_LOG_LEVEL ?? 'warn',
    },
  };
});

// 1. Seed each node with its own state, and read its signed node document.
const opened: ComityNode[] = [];
const documents = new Map<string, NodeDocument>();
const accounts = new Map<string, Awaited<ReturnType<typeof listDemoAccounts>>>();
try {
  for (const p of planned) {
    const env: NodeJS.ProcessEnv = { ...process.env, ...p.env };
    delete env.DATABASE_URL; // every demo node runs on its own embedded SQLite database
    const node = await openNode(loadConfig(env, { demo: true }));
    opened.push(node);
    await seedDemoState(node, p.state, password);
    documents.set(p.state, await node.federation.identity.document());
    accounts.set(p.state, await listDemoAccounts(node));
  }
  // 2. Partner every pair: the launcher holds every node's document, which stands in for the
  //    out-of-band fingerprint comparison two administrators would make.
  for (const [i, p] of planned.entries()) {
    for (const other of planned) {
      if (other === p) continue;
      await opened[i]!.federation.partners.trust(documents.get(other.state)!, 'npm run demo:federated');
    }
  }
} catch (e) {
  if (e instanceof ConfigError) fail(e.message);
  throw e;
} finally {
  for (const n of opened) await n.close();
}

// 3. Start the servers.
const children: ChildProcess[] = [];
let stopping = false;
const stopAll = async (code: number) => {
  if (stopping) return;
  stopping = true;
  console.log('\n  Stopping the demo nodes…');
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null || c.signalCode !== null) return resolve();
          c.once('exit', () => resolve());
          c.kill('SIGTERM');
          setTimeout(() => c.kill('SIGKILL'), 15_000).unref();
        }),
    ),
  );
  process.exit(code);
};
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

const ready = planned.map(
  (p) =>
    new Promise<void>((resolve, reject) => {
      const env = { ...process.env, ...p.env };
      delete env.DATABASE_URL;
      // Started as `npm run demo` starts one node (the launcher execs node: the child is the node).
      const child = spawn('sh', ['scripts/node-server.sh', 'packages/server/dist/main.mjs', '--demo'], {
        cwd: root,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.push(child);
      const prefix = `[${p.state}] `;
      let started = false;
      for (const stream of [child.stdout, child.stderr]) {
        readline.createInterface({ input: stream! }).on('line', (line) => {
          if (line.includes('Comity is running')) {
            started = true;
            resolve();
          }
          // The node's own banner repeats what is printed below; keep warnings and errors.
          if (started && line.trim() && !line.startsWith('  ')) console.log(prefix + line);
          if (!started && stream === child.stderr) console.error(prefix + line);
        });
      }
      child.once('exit', (code) => {
        if (!started) reject(new Error(`${p.name} exited with ${code}`));
        else if (!stopping) {
          console.error(`${prefix}stopped unexpectedly (${code}); stopping the others`);
          void stopAll(1);
        }
      });
    }),
);
try {
  await Promise.all(ready);
} catch (e) {
  console.error((e as Error).message);
  await stopAll(1);
}

const lines = [
  '',
  `  Comity federated demo: ${count} node${count > 1 ? 's' : ''}, one per state, partnered with each other.`,
  '  EXERCISE DATA. Every account below uses the password:',
  `      ${password}`,
  '',
];
for (const p of planned) {
  lines.push(
    `  ${p.state}  http://localhost:${p.port}   (node ${documents.get(p.state)!.nodeId}, data in ${path.relative(root, p.env.COMITY_DATA_DIR!)})`,
  );
  for (const a of accounts.get(p.state) ?? []) {
    lines.push(`      ${a.email.padEnd(34)} ${a.roles.join(', ').padEnd(32)} ${a.agency}`);
  }
  lines.push('');
}
lines.push(
  '  Open two states in two browser windows (or two browser profiles) to watch a request cross nodes.',
  '  Federation dashboard of each node: GET /api/federation/status (administrator).',
  '  Ctrl-C stops all nodes.',
  '',
);
console.log(lines.join('\n'));
