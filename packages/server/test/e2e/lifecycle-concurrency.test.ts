import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.ts';
import { buildUser } from '../support/factories.ts';
import { TestClient } from '../support/http-client.ts';
import { act, buildLifecycleWorld, nordlichtEio, step, type World } from '../support/lifecycle-world.ts';
import { engineName } from '../support/test-database.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';

// Two people acting at once: optimistic concurrency on the lifecycle version. One wins, the other
// gets 409 with the current state — whatever the two actions are — and nothing of the loser is
// written (no transition, no delivery, no clock, no audit success).

describe(`concurrent transitions on ${engineName()}`, () => {
  const clock = new ManualClock(new Date('2026-06-01T08:00:00.000Z'));
  let t: TestNode;
  let w: World;
  let second: TestClient;

  beforeAll(async () => {
    t = await startTestNode({ clock });
    w = await buildLifecycleWorld(t, clock);
    const u = await buildUser(t.node, { agencyId: w.agencies.deBka, roles: ['supervisor'] });
    second = new TestClient(t.app, clock);
    await second.signInWithMfa(u.email);
  });
  afterAll(() => t.close());

  const count = (table: 'request_transition' | 'request_delivery', id: string) =>
    t.node.database.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('request_id', '=', id)
      .executeTakeFirstOrThrow()
      .then((r) => Number(r.n));

  it('two supervisors approve the same version at once: one wins, the other 409 with the current state', async () => {
    const id = (await w.anna.client.post('/api/requests', nordlichtEio(w))).body.data.id;
    await step(w.anna, id, { action: 'submit', expectedVersion: 1 });
    const [a, b] = await Promise.all([
      act(w.jonas, id, { action: 'approve', expectedVersion: 2 }),
      second.post(`/api/requests/${id}/transitions`, {
        action: 'return',
        expectedVersion: 2,
        comments: 'No.',
      }),
    ]);
    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    const winner = a.status === 200 ? a : b;
    expect(loser.body.code).toBe('conflict');
    expect(loser.body.current.data).toMatchObject({ version: 3, state: winner.body.data.state });
    expect(await count('request_transition', id)).toBe(2);
  });

  it('the same acknowledgement sent twice (a double click): one transition, one delivery, one clock met', async () => {
    const id = (await w.anna.client.post('/api/requests', nordlichtEio(w))).body.data.id;
    await step(w.anna, id, { action: 'submit', expectedVersion: 1 });
    await step(w.jonas, id, { action: 'approve', expectedVersion: 2 });
    await step(w.markus, id, { action: 'validate', expectedVersion: 3 });
    await step(w.anna, id, { action: 'transmit', expectedVersion: 4 });
    const replies = await Promise.all([
      act(w.ines, id, { action: 'acknowledge', expectedVersion: 5 }),
      act(w.ines, id, { action: 'acknowledge', expectedVersion: 5 }),
      act(w.carla, id, { action: 'acknowledge', expectedVersion: 5 }),
    ]);
    expect(replies.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    for (const r of replies.filter((x) => x.status === 409))
      expect(r.body.current.data.state).toBe('under-assessment');
    expect(await count('request_transition', id)).toBe(5);
    expect(await count('request_delivery', id)).toBe(2);
    const stale = await act(w.ines, id, { action: 'accept', expectedVersion: 5 });
    expect(stale.status).toBe(409);
    expect(stale.body.detail).toMatch(/lifecycle version 6, not 5/);
    await t.node.audit.flush();
    const audit = await t.node.database.db
      .selectFrom('audit_event')
      .selectAll()
      .where('object_id', '=', id)
      .where('action', '=', 'request.transition')
      .execute();
    expect(audit.filter((e) => e.outcome === 'success')).toHaveLength(5);
    expect(audit.filter((e) => JSON.parse(e.details).reason === 'stale-version')).toHaveLength(3);
  });

  it('a stale draft save cannot slip in after submission: a submitted draft is not editable', async () => {
    const id = (await w.anna.client.post('/api/requests', nordlichtEio(w))).body.data.id;
    const [save, submit] = await Promise.all([
      w.anna.client.patch(`/api/requests/${id}`, { expectedVersion: 1, title: 'changed' }),
      act(w.anna, id, { action: 'submit', expectedVersion: 1 }),
    ]);
    // Either order is fine; what may never happen is a submission of a version other than the last
    // saved one, or a save after the submission.
    expect(save.status === 200 || submit.status === 200).toBe(true);
    const life = (await w.anna.client.get(`/api/requests/${id}/lifecycle`)).body.data;
    const tl = (await w.anna.client.get(`/api/requests/${id}/timeline`)).body.items;
    const submitted = tl.find((e: { action: string }) => e.action === 'submit');
    if (submit.status === 200) expect(submitted.details.contentVersion).toBe(life.contentVersion);
    else expect(submit.body.current.data.contentVersion).toBe(2);
    expect(
      (
        await w.anna.client.patch(`/api/requests/${id}`, {
          expectedVersion: life.contentVersion,
          title: 'late',
        })
      ).status,
    ).toBe(submit.status === 200 ? 409 : 200);
  });
});
