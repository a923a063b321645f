import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Deadlines } from '../../src/modules/requests/deadlines/deadlines.service.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { inTransaction } from '../../src/platform/db/unit-of-work.ts';
import { buildLifecycleWorld, nordlichtEio, step, type World } from '../support/lifecycle-world.ts';
import { engineName } from '../support/test-database.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';

// A running clock keeps its next alert in its own row: the reminder, then the escalation. Asking for
// information pauses it without alerts, the answer and an extension set the reminder again before
// the new due time, and a reminder found only after its clock is due (the node was down) gives way
// to the escalation.

const DAY = 86_400_000;
const HOUR = 3_600_000;
const plus = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

describe(`deadline alerts kept by the clocks on ${engineName()}`, () => {
  const clock = new ManualClock(new Date('2026-06-01T08:00:00.000Z'));
  let t: TestNode;
  let w: World;
  let id: string;
  let sentAt: string;
  let v = 5;

  const row = (ruleId: string) =>
    t.node.database.db
      .selectFrom('request_deadline')
      .selectAll()
      .where('request_id', '=', id)
      .where('rule_id', '=', ruleId)
      .executeTakeFirstOrThrow();
  const alerts = async (kind: 'reminder' | 'escalation', deadlineId: string) =>
    (
      await t.node.database.db
        .selectFrom('notification')
        .select('dedupe_key')
        .where('kind', '=', kind)
        .where('request_id', '=', id)
        .execute()
    ).filter((n) => n.dedupe_key?.startsWith(`deadline:${deadlineId}:`));
  const drain = async () => {
    while ((await t.node.jobs.runDue()) > 0) {}
  };
  const at = async (iso: string) => {
    clock.set(new Date(iso));
    await drain();
  };

  beforeAll(async () => {
    t = await startTestNode({ clock });
    w = await buildLifecycleWorld(t, clock);
    id = (await w.anna.client.post('/api/requests', nordlichtEio(w))).body.data.id;
    await step(w.anna, id, { action: 'submit', expectedVersion: 1 });
    await step(w.jonas, id, { action: 'approve', expectedVersion: 2 });
    await step(w.markus, id, { action: 'validate', expectedVersion: 3 });
    sentAt = clock.now().toISOString();
    await step(w.anna, id, { action: 'transmit', expectedVersion: 4 });
  });
  afterAll(() => t.close());

  it('each clock started waits for its reminder: a quarter of its period before it is due, at most two days', async () => {
    expect(await row('eio-acknowledge-receipt')).toMatchObject({
      alert_kind: 'reminder',
      alert_at: plus(sentAt, 7 * DAY - 42 * HOUR),
    });
    expect(await row('eio-recognition-decision')).toMatchObject({
      alert_kind: 'reminder',
      alert_at: plus(sentAt, 28 * DAY),
    });
  });

  it('a paused clock has no alert, and none is delivered while it waits', async () => {
    clock.set(new Date(plus(sentAt, DAY)));
    await w.relogin();
    await step(w.ines, id, { action: 'acknowledge', expectedVersion: v++ });
    await step(w.ines, id, {
      action: 'request-information',
      expectedVersion: v++,
      questions: 'Which accounts?',
    });
    const decide = await row('eio-recognition-decision');
    expect(decide).toMatchObject({ status: 'paused', alert_at: null, alert_kind: null });
    // The acknowledgement was met: its alerts are gone too.
    expect(await row('eio-acknowledge-receipt')).toMatchObject({ status: 'met', alert_at: null });
    await at(plus(sentAt, 29 * DAY));
    expect(await alerts('reminder', decide.id)).toEqual([]);
  });

  it('the answer resumes it: the reminder comes two days before the due time moved by the pause', async () => {
    await w.relogin();
    await step(w.anna, id, { action: 'provide-information', expectedVersion: v++, answer: 'FR76 only.' });
    const decide = await row('eio-recognition-decision');
    expect(decide.due_at).toBe(plus(sentAt, 58 * DAY));
    expect(decide).toMatchObject({
      status: 'running',
      alert_kind: 'reminder',
      alert_at: plus(sentAt, 56 * DAY),
    });
    await drain();
    expect(await alerts('reminder', decide.id)).toEqual([]);
  });

  it('an extension (EIO Art. 12(5)) sets the reminder again, before the new due time', async () => {
    const decide = await row('eio-recognition-decision');
    await step(w.ines, id, {
      action: 'extend',
      expectedVersion: v++,
      deadlineId: decide.id,
      reasons: 'The bank answers slowly.',
    });
    const extended = await row('eio-recognition-decision');
    expect(extended.due_at).toBe(plus(sentAt, 88 * DAY));
    expect(extended).toMatchObject({ alert_kind: 'reminder', alert_at: plus(sentAt, 86 * DAY) });
  });

  it('found only once the clock is due (the node was down), the reminder gives way to the escalation, once', async () => {
    const decide = await row('eio-recognition-decision');
    await at(plus(sentAt, 89 * DAY));
    await drain();
    expect(await alerts('reminder', decide.id)).toEqual([]);
    expect(await alerts('escalation', decide.id)).toHaveLength(1);
    expect(await row('eio-recognition-decision')).toMatchObject({
      status: 'running',
      alert_at: null,
      alert_kind: null,
    });
  });

  it('an alert whose delivery fails is tried again later and holds back no other one', async () => {
    // A second request, transmitted now: its acknowledgement and decision clocks.
    await w.relogin();
    id = (await w.anna.client.post('/api/requests', nordlichtEio(w, { title: 'Nordlicht II' }))).body.data.id;
    await step(w.anna, id, { action: 'submit', expectedVersion: 1 });
    await step(w.jonas, id, { action: 'approve', expectedVersion: 2 });
    await step(w.markus, id, { action: 'validate', expectedVersion: 3 });
    const sent = clock.now().toISOString();
    await step(w.anna, id, { action: 'transmit', expectedVersion: 4 });
    const ack = await row('eio-acknowledge-receipt');
    const decide = await row('eio-recognition-decision');
    const delivered: string[] = [];
    let failing = true;
    const log = { warn: () => undefined } as never;
    const scan = new Deadlines(t.node.jobs, clock).alertScan(
      async (_uow, c, kind) => {
        if (c.id === ack.id && failing) throw new Error('the notification could not be written');
        delivered.push(`${c.rule_id} ${kind}`);
      },
      (fn) => inTransaction(t.node.database, fn),
      () => t.node.database.db,
      log,
    );
    // Past the acknowledgement's due time and the decision's reminder.
    const now = plus(sent, 29 * DAY);
    clock.set(new Date(now));
    expect(await scan.run(20)).toBe(1);
    expect(delivered).toEqual(['eio-recognition-decision reminder']);
    expect(await row('eio-acknowledge-receipt')).toMatchObject({
      alert_kind: 'reminder',
      alert_at: plus(now, 15 * 60_000),
    });
    expect(await scan.run(20)).toBe(0);
    failing = false;
    clock.set(new Date(plus(now, 16 * 60_000)));
    expect(await scan.run(20)).toBe(1);
    expect(delivered).toEqual(['eio-recognition-decision reminder', 'eio-acknowledge-receipt escalation']);
    expect((await row('eio-recognition-decision')).alert_kind).toBe('escalation');
    expect(decide.id).not.toBe(ack.id);
  });
});
