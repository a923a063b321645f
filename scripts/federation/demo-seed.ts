import type { CreateRequest, TransitionBody } from '@comity/contracts';
import type { Actor } from '../../packages/server/src/modules/access/actor.ts';
import { systemMeta } from '../../packages/server/src/modules/access/actor.ts';
import { permissionsFor } from '../../packages/server/src/modules/access/permissions.ts';
import {
  ANNA,
  BASE,
  JONAS,
  MARKUS,
} from '../../packages/server/src/modules/demo/demo-lifecycle-scenarios.ts';
import {
  type DemoUser,
  demoAgencies,
  demoCases,
  demoJurisdictions,
  demoUsers,
} from '../../packages/server/src/modules/demo/demo-world.ts';
import { identityRepository } from '../../packages/server/src/modules/identity/identity.repository.ts';
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
  if (state === 'DE') await seedReadyToSend(node, users, agencyIds);
  await setSetting(db, 'demo.seeded', '1', at());
}

/**
 * An EIO from Germany to France, approved and validated, waiting for its drafter to transmit it: the
 * first step a newcomer takes in the federated demo. Its requested authority is named but not
 * bound to an agency id: at Transmit, the recipient list offers the French node's agencies.
 */
async function seedReadyToSend(node: ComityNode, users: DemoUser[], agencyIds: Map<string, string>) {
  const db = node.database.db;
  const actor = async (email: string): Promise<Actor> => {
    const u = users.find((x) => x.email === email);
    const row = await identityRepository.userByEmail(db, email);
    if (!u || !row) throw new Error(`demo user ${email} missing`);
    return {
      userId: row.id,
      agencyId: agencyIds.get(u.agency)!,
      jurisdiction: 'DE',
      roles: u.roles,
      clearance: u.clearance,
      exercise: true,
      permissions: permissionsFor(u.roles),
      via: { kind: 'session', sessionId: 'demo-seed' },
    };
  };
  const sta = agencyIds.get('de-sta');
  const created = await node.requests.create(await actor(ANNA), systemMeta, {
    ...BASE,
    title: 'Exercise: approved and validated, ready to send to France',
    requestedAuthority: { name: 'Bureau of International Mutual Assistance (exercise)' },
    ...(sta
      ? { validatingAuthority: { name: 'Staatsanwaltschaft Frankfurt (exercise)', agencyId: sta } }
      : {}),
  } as CreateRequest);
  let version = created.data.version;
  for (const [by, body] of [
    [ANNA, { action: 'submit' }],
    [JONAS, { action: 'approve', comments: 'Proportionate; go ahead.' }],
    [MARKUS, { action: 'validate' }],
  ] as const) {
    const view = await node.lifecycle.lifecycle.transition(await actor(by), systemMeta, created.data.id, {
      ...body,
      expectedVersion: version,
    } as TransitionBody);
    version = view.data.version;
  }
}
