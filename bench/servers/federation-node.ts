import fs from 'node:fs';
import { Session } from 'node:inspector';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../../packages/server/src/app.ts';
import type { Actor } from '../../packages/server/src/modules/access/actor.ts';
import { systemMeta } from '../../packages/server/src/modules/access/actor.ts';
import { permissionsFor } from '../../packages/server/src/modules/access/permissions.ts';
import { openNode } from '../../packages/server/src/node.ts';
import { loadConfig } from '../../packages/server/src/platform/config.ts';

// A real node for P6: fresh embedded storage, HTTPS with the bench's self-signed certificate (which
// it also trusts for its partners), one agency, an administrator's API token, federation running.
const { BENCH_CERT, BENCH_KEY, BENCH_NAME = 'Bench node', BENCH_JURISDICTION = 'FR' } = process.env;
if (!BENCH_CERT || !BENCH_KEY) throw new Error('BENCH_CERT and BENCH_KEY are required');

const port = await new Promise<number>((resolve) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => {
    const a = s.address();
    s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
  });
});
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'comity-bench-fed-'));
const node = await openNode(
  loadConfig({
    COMITY_DATA_DIR: dataDir,
    COMITY_LOG_LEVEL: 'silent',
    COMITY_NODE_NAME: BENCH_NAME,
    COMITY_PUBLIC_URL: `https://127.0.0.1:${port}`,
    COMITY_TLS_CERT: BENCH_CERT,
    COMITY_TLS_KEY: BENCH_KEY,
    COMITY_FEDERATION_CA_FILE: BENCH_CERT,
    // Tuning knobs pass through (e.g. COMITY_FEDERATION_CONCURRENCY).
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('COMITY_FEDERATION_'))),
  }),
);
await node.directory.createJurisdictionAs(null, systemMeta, {
  code: BENCH_JURISDICTION,
  name: BENCH_JURISDICTION,
});
const agency = await node.directory.createAgencyAs(null, systemMeta, {
  name: `${BENCH_NAME} authority`,
  kind: 'central-authority',
  jurisdiction: BENCH_JURISDICTION,
});
const user = await node.users.create(null, systemMeta, {
  email: `admin@${BENCH_JURISDICTION.toLowerCase()}.bench.example`,
  displayName: 'Bench Administrator',
  agencyId: agency.id,
  roles: ['administrator'],
  clearance: 2,
  languages: [],
  password: 'quiet-harbour-lantern-8841',
});
const actor: Actor = {
  userId: 'data' in user ? user.data.id : user.id,
  agencyId: agency.id,
  jurisdiction: BENCH_JURISDICTION,
  roles: ['administrator'],
  clearance: 2,
  exercise: false,
  permissions: permissionsFor(['administrator']),
  via: { kind: 'session', sessionId: 'bench' },
};
const { token } = await node.tokens.create(actor, systemMeta, {
  name: 'bench',
  scopes: ['admin'],
  expiresInDays: 1,
});
const app = await buildApp(node, { webDist: '/nonexistent' });
await app.listen({ port, host: '127.0.0.1' });
await node.federation.start();
console.log(JSON.stringify({ port, token, nodeId: node.nodeId, baseUrl: `https://127.0.0.1:${port}` }));

// BENCH_CPU_PROFILE=<dir>: write a V8 CPU profile of this node (open it in Chrome DevTools).
const profiler = process.env.BENCH_CPU_PROFILE ? new Session() : undefined;
if (profiler) {
  profiler.connect();
  await new Promise((r) => profiler.post('Profiler.enable', () => profiler.post('Profiler.start', r)));
}

process.on('SIGTERM', async () => {
  // BENCH_CPU_USAGE=<dir>: the CPU time this node used over its whole run (set-up included), a
  // measure that other processes sharing the machine inflate less than throughput.
  if (process.env.BENCH_CPU_USAGE) {
    const { user, system } = process.cpuUsage();
    fs.mkdirSync(process.env.BENCH_CPU_USAGE, { recursive: true });
    fs.writeFileSync(
      path.join(process.env.BENCH_CPU_USAGE, `${BENCH_NAME.replace(/\W+/g, '-')}.json`),
      JSON.stringify({ userMs: Math.round(user / 1000), systemMs: Math.round(system / 1000) }),
    );
  }
  if (profiler) {
    const profile = await new Promise<unknown>((resolve) =>
      profiler.post('Profiler.stop', (_e, r) => resolve((r as { profile: unknown }).profile)),
    );
    fs.mkdirSync(process.env.BENCH_CPU_PROFILE!, { recursive: true });
    fs.writeFileSync(
      path.join(process.env.BENCH_CPU_PROFILE!, `${BENCH_NAME.replace(/\W+/g, '-')}.cpuprofile`),
      JSON.stringify(profile),
    );
  }
  await app.close();
  await node.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
});
