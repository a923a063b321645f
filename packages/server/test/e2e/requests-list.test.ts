import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.ts';
import { buildLifecycleWorld, nordlichtEio, step, type World } from '../support/lifecycle-world.ts';
import { engineName } from '../support/test-database.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';

// GET /api/requests lists what the access gate lets me read: what my agency drafted (outgoing) and
// what it is another party to (incoming), filtered by direction; what I may not read is absent.

describe(`request list by direction on ${engineName()}`, () => {
  const clock = new ManualClock(new Date('2026-06-08T08:00:00.000Z'));
  let t: TestNode;
  let w: World;
  let draft: string;
  let sent: string;
  const list = async (o: World['anna'], q = '') => {
    const r = await o.client.get(`/api/requests${q}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return (r.body.items as { data: { id: string; agencyId: string } }[]).map((i) => i.data.id).sort();
  };

  beforeAll(async () => {
    t = await startTestNode({ clock });
    w = await buildLifecycleWorld(t, clock);
    const make = async (title: string) =>
      (await w.anna.client.post('/api/requests', nordlichtEio(w, { title }))).body.data.id as string;
    draft = await make('Still a draft');
    sent = await make('Sent to France');
    await step(w.anna, sent, { action: 'submit', expectedVersion: 1 });
    await step(w.jonas, sent, { action: 'approve', expectedVersion: 2 });
    await step(w.markus, sent, { action: 'validate', expectedVersion: 3 });
    await step(w.anna, sent, { action: 'transmit', expectedVersion: 4 });
  });
  afterAll(() => t.close());

  it('the drafting agency sees its requests as outgoing, none as incoming', async () => {
    expect(await list(w.anna)).toEqual([draft, sent].sort());
    expect(await list(w.anna, '?direction=outgoing')).toEqual([draft, sent].sort());
    expect(await list(w.anna, '?direction=incoming')).toEqual([]);
    expect(await list(w.anna, '?mine=true&direction=outgoing')).toEqual([draft, sent].sort());
  });

  it('the receiving agency sees the transmitted request as incoming, never the other agency’s draft', async () => {
    expect(await list(w.ines)).toEqual([sent]);
    expect(await list(w.ines, '?direction=incoming')).toEqual([sent]);
    expect(await list(w.ines, '?direction=outgoing')).toEqual([]);
    const r = await w.ines.client.get('/api/requests');
    expect(r.body.items[0].data.agencyId).toBe(w.agencies.deBka);
    expect(r.body.items[0].policies).toMatchObject({ read: true, update: false });
    // Forbidden looks like not-found: the draft is neither listed nor readable.
    expect((await w.ines.client.get(`/api/requests/${draft}`)).status).toBe(404);
  });

  it('the validating prosecutor sees what it validated; an agency with no part sees nothing', async () => {
    expect(await list(w.markus, '?direction=incoming')).toEqual([sent]);
    expect(await list(w.claire)).toEqual([]);
    expect((await w.claire.client.get(`/api/requests/${sent}`)).status).toBe(404);
  });

  it('refuses an unknown direction', async () => {
    const r = await w.anna.client.get('/api/requests?direction=sideways');
    expect(r.status).toBe(422);
  });
});
