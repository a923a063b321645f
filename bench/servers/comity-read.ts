import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../../packages/server/src/app.ts';
import { systemMeta } from '../../packages/server/src/modules/access/actor.ts';
import { permissionsFor } from '../../packages/server/src/modules/access/permissions.ts';
import { openNode } from '../../packages/server/src/node.ts';
import { loadConfig } from '../../packages/server/src/platform/config.ts';

// A real node on fresh embedded storage with one officer, one case file and an API token.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'comity-bench-'));
const node = await openNode(loadConfig({ COMITY_DATA_DIR: dataDir, COMITY_LOG_LEVEL: 'silent' }));
const app = await buildApp(node, { webDist: '/nonexistent' });
await node.directory.createJurisdictionAs(null, systemMeta, { code: 'FR', name: 'France' });
const agency = await node.directory.createAgencyAs(null, systemMeta, {
  name: 'Bench Police',
  kind: 'police',
  jurisdiction: 'FR',
});
const user = await node.users.create(null, systemMeta, {
  email: 'bench.officer@agency.example',
  displayName: 'Bench Officer',
  agencyId: agency.id,
  roles: ['investigator'],
  clearance: 2,
  languages: [],
  password: 'quiet-harbour-lantern-8841',
});
const userId = 'data' in user ? user.data.id : user.id;
const actor = {
  userId,
  agencyId: agency.id,
  jurisdiction: 'FR',
  roles: ['investigator'] as const,
  clearance: 2,
  exercise: false,
  permissions: permissionsFor(['investigator']),
  via: { kind: 'session' as const, sessionId: 'bench' },
};
const created = await node.cases.create({ ...actor, roles: [...actor.roles] }, systemMeta, {
  reference: 'BENCH-1',
  title: 'Benchmark case',
  classification: 1,
});
const { token } = await node.tokens.create({ ...actor, roles: [...actor.roles] }, systemMeta, {
  name: 'bench',
  scopes: ['read'],
  expiresInDays: 1,
});
await app.listen({ port: 0, host: '127.0.0.1' });
const addr = app.server.address();
console.log(
  JSON.stringify({
    port: typeof addr === 'object' && addr ? addr.port : 0,
    token,
    caseId: created.data.id,
    dataDir,
  }),
);

process.on('SIGTERM', async () => {
  await app.close();
  const events = await node.database.db
    .selectFrom('audit_event')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('action', '=', 'case.read')
    .executeTakeFirst();
  console.error(`  audited reads written: ${events?.n}`);
  await node.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
});
