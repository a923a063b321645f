import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.ts';
import { buildLifecycleWorld, nordlichtEio, step, type World } from '../support/lifecycle-world.ts';
import { engineName } from '../support/test-database.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';

// A task assigned at the moment the requesting side withdraws the request: either the assignment is
// refused (the withdrawal came first) or the task is cancelled with the others. Never an open task
// on a withdrawn request (on PostgreSQL the two transactions ran side by side).

describe(`a task assigned while the request is withdrawn, on ${engineName()}`, () => {
  const clock = new ManualClock(new Date('2026-07-01T08:00:00.000Z'));
  let t: TestNode;
  let w: World;

  beforeAll(async () => {
    t = await startTestNode({ clock });
    w = await buildLifecycleWorld(t, clock);
  });
  afterAll(() => t.close());

  it('is refused or cancelled, never left open', async () => {
    for (let round = 0; round < 6; round++) {
      const id = (await w.anna.client.post('/api/requests', nordlichtEio(w, { title: `Race ${round}` }))).body
        .data.id as string;
      let v = 1;
      await step(w.anna, id, { action: 'submit', expectedVersion: v++ });
      await step(w.jonas, id, { action: 'approve', expectedVersion: v++ });
      await step(w.markus, id, { action: 'validate', expectedVersion: v++ });
      await step(w.anna, id, { action: 'transmit', expectedVersion: v++ });
      await step(w.ines, id, { action: 'acknowledge', expectedVersion: v++ });
      await step(w.ines, id, { action: 'accept', expectedVersion: v++ });
      const [assigned, withdrawn] = await Promise.all([
        w.ines.client.post(`/api/requests/${id}/tasks`, {
          title: 'Obtain the bank records',
          ownerAgencyId: w.agencies.frPj,
        }),
        w.anna.client.post(`/api/requests/${id}/transitions`, {
          action: 'withdraw',
          expectedVersion: v,
          reason: 'Settled',
        }),
      ]);
      expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);
      expect([201, 409], JSON.stringify(assigned.body)).toContain(assigned.status);
      const open = await t.node.database.db
        .selectFrom('execution_task')
        .select('id')
        .where('request_id', '=', id)
        .where('status', 'in', ['open', 'in-progress'])
        .execute();
      expect(open, `round ${round}`).toEqual([]);
    }
  });
});
