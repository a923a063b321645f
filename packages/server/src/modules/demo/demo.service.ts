import type { ComityNode } from '../../node.ts';
import { toBool } from '../../platform/db/schema.ts';
import { getSetting, setSetting } from '../../platform/node-settings.ts';
import type { Actor } from '../access/actor.ts';
import { systemMeta } from '../access/actor.ts';
import { permissionsFor } from '../access/permissions.ts';
import { seedDemoMessagingAndEvidence } from '../evidence/demo-seed.ts';
import { hashPassword } from '../identity/passwords.ts';
import { randomToken } from '../identity/secrets.ts';
import { seedDemoLifecycle } from './demo-lifecycle.ts';
import { seedDemoRequests } from './demo-requests.ts';
import { demoAgencies, demoCases, demoJurisdictions, demoUsers } from './demo-world.ts';

export interface DemoAccount {
  email: string;
  name: string;
  roles: string[];
  agency: string;
  jurisdiction: string;
}

/**
 * Seeds the exercise world once, and keeps every exercise account on the one shared password
 * (COMITY_DEMO_PASSWORD, else one generated at first start and kept on the node).
 */
export async function seedDemoWorld(node: ComityNode): Promise<{ password: string; seeded: boolean }> {
  if (!node.config.demo) throw new Error('The demo world is seeded only in demo mode.');
  const db = node.database.db;
  const at = () => node.clock.now().toISOString();
  const password =
    node.config.demoPassword ?? (await getSetting(db, 'demo.password')) ?? `exercise-${randomToken(9)}`;
  await setSetting(db, 'demo.password', password, at());

  if (await getSetting(db, 'demo.seeded')) {
    const hash = await hashPassword(password);
    await db.updateTable('user_account').set({ password_hash: hash }).where('exercise', '=', 1).execute();
    return { password, seeded: false };
  }

  for (const j of demoJurisdictions) {
    if (!(await db.selectFrom('jurisdiction').select('code').where('code', '=', j.code).executeTakeFirst())) {
      await node.directory.createJurisdictionAs(null, systemMeta, j, true);
    }
  }
  const agencyIds = new Map<string, string>();
  for (const a of demoAgencies) {
    const parentId = a.parent ? agencyIds.get(a.parent) : undefined;
    const created = await node.directory.createAgencyAs(
      null,
      systemMeta,
      { ...a, parentId },
      { exercise: true },
    );
    agencyIds.set(a.key, created.id);
  }
  const userIds = new Map<string, string>();
  for (const u of demoUsers) {
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
    userIds.set(u.agency, userIds.get(u.agency) ?? ('data' in created ? created.data.id : created.id));
  }
  for (const c of demoCases) {
    const agencyId = agencyIds.get(c.agency)!;
    const owner = demoUsers.find((u) => u.agency === c.agency)!;
    const actor: Actor = {
      userId: userIds.get(c.agency)!,
      agencyId,
      jurisdiction: demoAgencies.find((a) => a.key === c.agency)!.jurisdiction,
      roles: owner.roles,
      clearance: owner.clearance,
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
  await seedDemoRequests(node);
  await seedDemoLifecycle(node);
  await seedDemoMessagingAndEvidence(node);
  await setSetting(db, 'demo.seeded', toBool(true).toString(), at());
  return { password, seeded: true };
}

/** The exercise accounts for a trainer to hand out. */
export async function listDemoAccounts(node: Pick<ComityNode, 'database'>): Promise<DemoAccount[]> {
  const rows = await node.database.db
    .selectFrom('user_account as u')
    .innerJoin('agency as a', 'a.id', 'u.agency_id')
    .select(['u.email', 'u.display_name', 'u.roles', 'a.name as agency', 'a.jurisdiction'])
    .where('u.exercise', '=', 1)
    .orderBy('a.jurisdiction')
    .orderBy('u.email')
    .execute();
  return rows.map((r) => ({
    email: r.email,
    name: r.display_name,
    roles: JSON.parse(r.roles),
    agency: r.agency,
    jurisdiction: r.jurisdiction,
  }));
}
