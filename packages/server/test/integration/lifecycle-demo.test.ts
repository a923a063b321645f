import { REQUEST_STATES } from '@comity/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoWorld } from '../../src/modules/demo/demo.service.ts';
import { TestClient } from '../support/http-client.ts';
import { engineName } from '../support/test-database.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';

// The exercise world has requests in every lifecycle state, some overdue, played through the real
// services on a clock set back in time; their overdue clocks escalate once the job worker runs.

describe(`demo world lifecycle on ${engineName()}`, () => {
  let t: TestNode;
  beforeAll(async () => {
    t = await startTestNode({ demo: true });
    await seedDemoWorld(t.node);
  });
  afterAll(() => t.close());

  it('holds a request in every state', async () => {
    const rows = await t.node.database.db.selectFrom('mla_request').select('status').distinct().execute();
    expect(rows.map((r) => r.status).sort()).toEqual([...REQUEST_STATES].sort());
  });

  it('some clocks are overdue, and escalate to supervisors when the jobs run', async () => {
    const now = t.node.clock.now().toISOString();
    const overdue = await t.node.database.db
      .selectFrom('request_deadline')
      .selectAll()
      .where('status', '=', 'running')
      .where('due_at', '<', now)
      .execute();
    expect(overdue.length).toBeGreaterThanOrEqual(2);
    for (let i = 0; i < 20 && (await t.node.jobs.runDue()) > 0; i++);
    const esc = await t.node.database.db
      .selectFrom('notification')
      .selectAll()
      .where('kind', '=', 'escalation')
      .execute();
    expect(esc.length).toBeGreaterThan(0);
  });

  it('a demo caseworker sees her worklist with counts', async () => {
    const c = new TestClient(t.app);
    expect((await c.login('ines.dupont@fr-bec.example', 'exercise-password-2026')).status).toBe(200);
    const r = await c.get('/api/inbox?view=overdue&scope=agency');
    expect(r.status).toBe(200);
    expect(r.body.counts.overdue).toBeGreaterThan(0);
    expect(r.body.counts['needs-my-action']).toBeGreaterThan(0);
  });
});
