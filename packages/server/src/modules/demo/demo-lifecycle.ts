import type { CreateRequest, Role, TransitionBody } from '@comity/contracts';
import type { ComityNode } from '../../node.ts';
import { ManualClock } from '../../platform/clock.ts';
import { DomainEvents } from '../../platform/events/domain-events.ts';
import { JobQueue } from '../../platform/jobs/job-queue.ts';
import { getSetting } from '../../platform/node-settings.ts';
import { type Actor, systemMeta } from '../access/actor.ts';
import { permissionsFor } from '../access/permissions.ts';
import { identityRepository } from '../identity/identity.repository.ts';
import { createLifecycleModule } from '../requests/lifecycle/lifecycle.module.ts';
import { RequestsService } from '../requests/requests.service.ts';
import { BASE, EAW, KATRIN, LOUIS, MARKUS, SCENARIOS, type Scenario, s } from './demo-lifecycle-scenarios.ts';
import { demoAgencies } from './demo-world.ts';

// The exercise world's requests in every lifecycle state, some overdue. They are played through the
// real services on a clock set back in time (a "time machine": the same lifecycle module, wired to a
// manual clock and its own job queue and event writer on the same database), so every state, clock,
// delivery and receipt is what the product itself would have written. Reminders and escalations
// for the clocks already past due run when the node's job worker starts. Audit events carry the real
// time of seeding. All invented (.example addresses, RFC 2606).

/** Seeds requests in every lifecycle state (demo mode only, once, after the demo drafts). */
export async function seedDemoLifecycle(node: ComityNode): Promise<{ requests: number }> {
  const db = node.database.db;
  const agencies = await db.selectFrom('agency').select(['id', 'name']).where('exercise', '=', 1).execute();
  const agencyId = (key: string) =>
    agencies.find((a) => a.name === demoAgencies.find((d) => d.key === key)?.name)?.id;
  const password = node.config.demoPassword ?? (await getSetting(db, 'demo.password'));
  const sta = agencyId('de-sta');
  if (!sta || !password) return { requests: 0 };
  // A second officer at the prosecutor's office, so its requests can be approved by four eyes.
  if (!(await identityRepository.userByEmail(db, KATRIN)))
    await node.users.create(
      null,
      systemMeta,
      {
        email: KATRIN,
        displayName: 'Katrin Vogel',
        agencyId: sta,
        roles: ['supervisor'],
        clearance: 3,
        languages: ['de', 'en'],
        password,
      },
      { exercise: true },
    );

  const past = new ManualClock(node.clock.now());
  const jobs = new JobQueue(node.database, past, node.log);
  const requests = new RequestsService(
    node.database,
    node.gate,
    node.audit,
    past,
    node.legal,
    node.config.nodeName,
  );
  const m = createLifecycleModule({
    config: node.config,
    database: node.database,
    gate: node.gate,
    audit: node.audit,
    events: new DomainEvents(node.database, past, node.log),
    jobs,
    clock: past,
    log: node.log,
    legal: node.legal,
    requests,
    identity: identityRepository,
  });

  const actors = new Map<string, Actor>();
  const actor = async (email: string) => {
    if (!actors.has(email)) {
      const u = await identityRepository.userByEmail(db, email);
      const a = u ? await identityRepository.agencyById(db, u.agency_id) : undefined;
      if (!u || !a) throw new Error(`demo user ${email} missing`);
      const roles = JSON.parse(u.roles) as Role[];
      actors.set(email, {
        userId: u.id,
        agencyId: u.agency_id,
        jurisdiction: a.jurisdiction,
        roles,
        clearance: u.clearance,
        exercise: true,
        permissions: permissionsFor(roles),
        via: { kind: 'session', sessionId: 'demo-seed' },
      });
    }
    return actors.get(email)!;
  };
  const louisAgency = agencyId('fr-parquet')!;
  const all: Scenario[] = [
    ...SCENARIOS.map((sc) => ({
      ...sc,
      draft: {
        ...sc.draft,
        validatingAuthority: { name: 'Staatsanwaltschaft Frankfurt (exercise)', agencyId: sta },
      },
    })),
    {
      drafter: MARKUS,
      startDaysAgo: 6,
      draft: { ...EAW(louisAgency), title: 'Exercise: EAW, person consented' },
      steps: [
        s(MARKUS, { action: 'submit' }),
        s(KATRIN, { action: 'approve' }),
        s(MARKUS, { action: 'transmit' }),
        s(LOUIS, { action: 'acknowledge' }, 1),
        s(LOUIS, { action: 'consent' }, 1),
      ],
    },
    {
      drafter: MARKUS,
      startDaysAgo: 58,
      draft: { ...EAW(louisAgency), title: 'Exercise: EAW contested, 60-day decision nearly due' },
      steps: [
        s(MARKUS, { action: 'submit' }),
        s(KATRIN, { action: 'approve' }),
        s(MARKUS, { action: 'transmit' }),
        s(LOUIS, { action: 'acknowledge' }, 1),
        s(LOUIS, { action: 'no-consent', arrestedAt: '@now' }, 1),
      ],
    },
  ];
  let count = 0;
  const now = node.clock.now().getTime();
  for (const sc of all) {
    past.set(new Date(now - sc.startDaysAgo * 86_400_000));
    const created = await requests.create(await actor(sc.drafter), systemMeta, {
      ...BASE,
      ...sc.draft,
    } as CreateRequest);
    const id = created.data.id;
    let version = 1;
    const taskIds: string[] = [];
    for (const st of sc.steps) {
      past.advance((st.days ?? 0) * 86_400_000 + 15 * 60_000);
      const who = await actor(st.by);
      if ('task' in st) {
        if (st.task === 'create') {
          const t = await m.tasks.create(who, systemMeta, id, {
            title: st.title ?? 'Task',
            ownerAgencyId: agencyId(st.agency!)!,
          });
          taskIds.push(t.data.id);
        } else
          await m.tasks.update(who, systemMeta, taskIds[0]!, {
            expectedVersion: 1,
            status: 'done',
            result: 'Done (exercise).',
          });
        continue;
      }
      const body = { ...st.body } as Record<string, unknown>;
      if (typeof body.recipientAgencyId === 'string')
        body.recipientAgencyId = agencyId(body.recipientAgencyId.slice(1));
      if (body.until === '+20') body.until = new Date(now + 20 * 86_400_000).toISOString().slice(0, 10);
      if (body.arrestedAt === '@now') body.arrestedAt = past.now().toISOString();
      if (body.action === 'return-results' && taskIds[0]) body.taskIds = [taskIds[0]];
      const view = await m.lifecycle.transition(who, systemMeta, id, {
        ...body,
        expectedVersion: version,
      } as TransitionBody);
      version = view.data.version;
    }
    count++;
  }
  return { requests: count };
}
