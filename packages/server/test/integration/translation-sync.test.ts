import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.ts';
import { buildLifecycleWorld, nordlichtEio, type World } from '../support/lifecycle-world.ts';
import { engineName } from '../support/test-database.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';

// Listing a draft's translations brings its tasks in line with the content first. Two lists at once
// (two colleagues, two tabs) make each task once and both answer, on both engines: on PostgreSQL
// both found no task, both inserted, and the unique index turned the second list into a 500.

describe(`a draft's translations listed twice at once on ${engineName()}`, () => {
  const clock = new ManualClock(new Date('2026-04-06T08:00:00.000Z'));
  let t: TestNode;
  let w: World;

  beforeAll(async () => {
    t = await startTestNode({ clock });
    w = await buildLifecycleWorld(t, clock);
  });
  afterAll(() => t.close());

  it('both answer with the same tasks, each made once', async () => {
    for (let round = 0; round < 4; round++) {
      const created = await w.anna.client.post('/api/requests', nordlichtEio(w, { attachments: [] }));
      expect(created.status).toBe(201);
      const id = created.body.data.id as string;
      const lists = await Promise.all(
        [1, 2].map(() => w.anna.client.get(`/api/requests/${id}/translations`)),
      );
      for (const list of lists) expect(list.status, JSON.stringify(list.body)).toBe(200);
      const fields = lists.map((l) => l.body.items.map((x: { fieldPath: string }) => x.fieldPath));
      expect(fields[0].length).toBeGreaterThan(0);
      expect(fields[1]).toEqual(fields[0]);
      const rows = await t.node.database.db
        .selectFrom('translation_task')
        .select('field_path')
        .where('request_id', '=', id)
        .execute();
      expect(rows.map((r) => r.field_path).sort()).toEqual([...fields[0]].sort());
    }
  });
});
