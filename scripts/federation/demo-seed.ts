import type { Actor } from '../../packages/server/src/modules/access/actor.ts';
import { systemMeta } from '../../packages/server/src/modules/access/actor.ts';
import { permissionsFor } from '../../packages/server/src/modules/access/permissions.ts';
import {
  type DemoUser,
  demoAgencies,
  demoCases,
  demoJurisdictions,
  demoUsers,
} from '../../packages/server/src/modules/demo/demo-world.ts';
import type { ComityNode } from '../../packages/server/src/node.ts';
import { getSetting, setSetting } from '../../packages/server/src/platform/node-settings.ts';

/**
 * One state's share of the exercise world (modules/demo/demo-world.ts): its agencies, officers and
 * case files, plus an administrator for states whose officers include none. Marks the node as
 * seeded, so `main.ts --demo` only keeps the shared password in step on later starts.
 */
export async function seedDemoState(node: ComityNode, state: string, password: string): Promise<void> {
  const db = node.database.db;
  const at = () => node.clock.now().toISOString();
  await setSetting(db, 'demo.password', password, at());
  if (await getSetting(db, 'demo.seeded')) return;
  for (const j of demoJurisdictions) {
    const exists = await db
      .selectFrom('jurisdiction')
      .select('code')
      .where('code', '=', j.code)
      .executeTakeFirst();
    if (!exists) await node.directory.createJurisdictionAs(null, systemMeta, j, true);
  }
  const agencies = demoAgencies.filter((a) => a.jurisdiction === state);
  const agencyIds = new Map<string, string>();
  for (const a of agencies) {
    const created = await node.directory.createAgencyAs(
      null,
      systemMeta,
      { ...a, parentId: a.parent ? agencyIds.get(a.parent) : undefined },
      { exercise: true },
    );
    agencyIds.set(a.key, created.id);
  }
  const users: DemoUser[] = demoUsers.filter((u) => agencyIds.has(u.agency));
  if (!users.some((u) => u.roles.includes('administrator'))) {
    const authority = agencies.find((a) => a.kind === 'central-authority') ?? agencies[0]!;
    users.unshift({
      email: `admin.${state.toLowerCase()}@comity-demo.example`,
      name: `${demoJurisdictions.find((j) => j.code === state)?.name ?? state} Administrator`,
      agency: authority.key,
      roles: ['administrator'],
      clearance: 2,
      languages: ['en'],
    });
  }
  const firstUser = new Map<string, string>();
  for (const u of users) {
    const created = await node.users.create(
      null,
      systemMeta,
      {
        email: u.email,
        displayName: u.name,
        agencyId: agencyIds.get(u.agency)!,
        roles: u.roles,
        clearance: u.clearance,
        languages: u.languages,
        password,
      },
      { exercise: true },
    );
    if (!firstUser.has(u.agency)) firstUser.set(u.agency, 'data' in created ? created.data.id : created.id);
  }
  for (const c of demoCases.filter((x) => agencyIds.has(x.agency))) {
    const owner = users.find((u) => u.agency === c.agency);
    if (!owner) continue;
    const actor: Actor = {
      userId: firstUser.get(c.agency)!,
      agencyId: agencyIds.get(c.agency)!,
      jurisdiction: state,
      roles: owner.roles,
      clearance: Math.max(owner.clearance, c.classification),
      exercise: true,
      permissions: permissionsFor(owner.roles),
      via: { kind: 'session', sessionId: 'demo-seed' },
    };
    await node.cases.create(actor, systemMeta, {
      reference: c.reference,
      title: c.title,
      classification: c.classification,
    });
  }
  await setSetting(db, 'demo.seeded', '1', at());
}
