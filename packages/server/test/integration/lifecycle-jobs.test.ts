import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.ts';
import { newId } from '../../src/platform/ids.ts';
import { buildLifecycleWorld, nordlichtEio, step, type World } from '../support/lifecycle-world.ts';
import { type ReceivedMail, startSmtp } from '../support/smtp.ts';
import { engineName } from '../support/test-database.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';

// Reminders before a clock is due and escalation to the supervisor once it is overdue run as
// durable jobs on the injectable clock: each is delivered once — in the app and by e-mail through
// a real SMTP server — also when the node restarts in between, or a job runs twice after a crash.
// E-mails carry only a link and a neutral reference.

const DAY = 86_400_000;
const HOUR = 3_600_000;

describe(`reminders, escalations and the digest as durable jobs on ${engineName()}`, () => {
  const T0 = new Date('2026-05-04T09:00:00.000Z');
  const clock = new ManualClock(T0);
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let t: TestNode;
  let w: World;
  let id: string;
  let sentAt: string;

  const drain = async () => {
    let n = 0;
    for (let ran = await t.node.jobs.runDue(); ran > 0; ran = await t.node.jobs.runDue()) n += ran;
    return n;
  };
  const notes = (kind: 'action-needed' | 'reminder' | 'escalation' | 'digest') =>
    t.node.database.db
      .selectFrom('notification')
      .selectAll()
      .where('kind', '=', kind)
      .orderBy('user_id')
      .execute();
  const mails = (subject: RegExp) => smtp.mails.filter((m: ReceivedMail) => subject.test(m.subject));
  const settle = async () => {
    // Mail jobs are separate jobs: drain twice so they run after the job that queued them.
    await drain();
    await drain();
  };

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startTestNode({
      clock,
      env: {
        COMITY_SMTP_URL: smtp.url,
        COMITY_MAIL_FROM: 'comity@node.example',
        COMITY_PUBLIC_URL: 'https://comity.example',
      },
    });
    w = await buildLifecycleWorld(t, clock);
    id = (await w.anna.client.post('/api/requests', nordlichtEio(w))).body.data.id;
    await step(w.anna, id, { action: 'submit', expectedVersion: 1 });
    await step(w.jonas, id, { action: 'approve', expectedVersion: 2 });
    await step(w.markus, id, { action: 'validate', expectedVersion: 3 });
    sentAt = clock.now().toISOString();
    await step(w.anna, id, { action: 'transmit', expectedVersion: 4 });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('after the transmission, those who can act in France are told — e-mail with a link and a reference only', async () => {
    await settle();
    const needed = await notes('action-needed');
    expect(
      needed
        .filter((n) => n.request_id === id)
        .map((n) => n.user_id)
        .sort(),
    ).toEqual([w.carla.id, w.ines.id].sort());
    const m = mails(/needs your action/);
    expect(m.map((x) => x.to[0]).sort()).toEqual([w.carla.email, w.ines.email].sort());
    const body = m[0]!.text;
    expect(body).toContain(`https://comity.example/requests/${id}`);
    expect(body).toMatch(/Reference: REQ-[0-9A-F]{8}/);
    for (const secret of [
      'Nordlicht',
      'Lefèvre',
      'Lef=C3=A8vre',
      '7410 Js',
      'Betrug',
      'banking',
      'Paris',
      'Bureau',
    ])
      expect(`${m[0]!.subject}\n${body}`).not.toContain(secret);
  });

  it('nothing is due yet: no reminder', async () => {
    clock.set(new Date(Date.parse(sentAt) + 3 * DAY));
    await settle();
    expect(await notes('reminder')).toHaveLength(0);
  });

  it('the reminder comes a quarter of the period before the 7-day acknowledgement is due, once', async () => {
    // P7D: a quarter is 42 hours.
    clock.set(new Date(Date.parse(sentAt) + 7 * DAY - 42 * HOUR + 60_000));
    await settle();
    await settle();
    const reminders = (await notes('reminder')).filter((n) => n.request_id === id);
    expect(reminders.map((n) => n.user_id).sort()).toEqual([w.carla.id, w.ines.id].sort());
    expect(mails(/a deadline on REQ-.* is near/)).toHaveLength(2);
    await t.node.audit.flush();
    const audited = await t.node.database.db
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'deadline.reminder')
      .execute();
    expect(audited).toHaveLength(1);
    expect(JSON.parse(audited[0]!.details)).toMatchObject({
      ruleId: 'eio-acknowledge-receipt',
      dueAt: new Date(Date.parse(sentAt) + 7 * DAY).toISOString(),
    });
  });

  it('a supervisor turns e-mail off for the digest; in-app notifications still arrive', async () => {
    await w.relogin();
    const r = await w.carla.client.request('PUT', '/api/me/notification-preferences', {
      email: true,
      emailKinds: ['action-needed', 'reminder', 'escalation'],
      digest: 'daily',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect((await w.carla.client.get('/api/me/notification-preferences')).body.emailKinds).not.toContain(
      'digest',
    );
  });

  it('after a restart, the overdue acknowledgement escalates to the supervisor, once', async () => {
    t = await t.reopen();
    clock.set(new Date(Date.parse(sentAt) + 7 * DAY + 60_000));
    await settle();
    const esc = (await notes('escalation')).filter((n) => n.request_id === id);
    expect(esc.map((n) => n.user_id)).toEqual([w.carla.id]);
    expect(mails(/has passed/).map((m) => m.to[0])).toEqual([w.carla.email]);
    const events = await t.node.database.db
      .selectFrom('domain_event')
      .selectAll()
      .where('type', '=', 'deadline.overdue')
      .execute();
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0]!.agency_ids)).toEqual([w.agencies.frBec]);
  });

  it('run again, restart again, or two workers at once: still one reminder and one escalation each', async () => {
    await settle();
    t = await t.reopen();
    await settle();
    await Promise.all([t.node.jobs.runDue(), t.node.jobs.runDue(), settle()]);
    // The clock keeps its alerts itself: no job rows per clock, none pending once both are delivered.
    const clock = await t.node.database.db
      .selectFrom('request_deadline')
      .selectAll()
      .where('request_id', '=', id)
      .where('rule_id', '=', 'eio-acknowledge-receipt')
      .executeTakeFirstOrThrow();
    expect(clock).toMatchObject({ status: 'running', alert_at: null, alert_kind: null });
    expect(
      await t.node.database.db
        .selectFrom('job')
        .select('id')
        .where('payload', 'like', `%${clock.id}%`)
        .execute(),
    ).toEqual([]);
    expect((await notes('reminder')).filter((n) => n.request_id === id)).toHaveLength(2);
    expect((await notes('escalation')).filter((n) => n.request_id === id)).toHaveLength(1);
    expect(mails(/is near/)).toHaveLength(2);
    expect(mails(/has passed/)).toHaveLength(1);
  });

  it('the daily digest at 06:00 UTC counts due items, e-mails those who want it, and schedules the next day once', async () => {
    const date = await t.node.lifecycle.digest.schedule();
    expect(date).toBe(new Date(Date.parse(sentAt) + 8 * DAY).toISOString().slice(0, 10));
    await t.node.lifecycle.digest.schedule();
    // An executing agency keeps no clock of its own: its open task due within the week counts (the
    // Parquet's), a task already done does not (the Police judiciaire's).
    await w.rebind(t.app);
    const second = (await w.anna.client.post('/api/requests', nordlichtEio(w, { title: 'Nordlicht II' })))
      .body.data.id as string;
    await step(w.anna, second, { action: 'submit', expectedVersion: 1 });
    await step(w.jonas, second, { action: 'approve', expectedVersion: 2 });
    await step(w.markus, second, { action: 'validate', expectedVersion: 3 });
    await step(w.anna, second, { action: 'transmit', expectedVersion: 4 });
    await step(w.ines, second, { action: 'acknowledge', expectedVersion: 5 });
    await step(w.ines, second, { action: 'accept', expectedVersion: 6 });
    const assign = async (ownerAgencyId: string, title: string) => {
      const r = await w.ines.client.post(`/api/requests/${second}/tasks`, {
        title,
        ownerAgencyId,
        dueAt: `${date}T12:00:00.000Z`,
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body.data as { id: string; version: number };
    };
    await assign(w.agencies.frParquet, 'Hear the witness');
    const done = await assign(w.agencies.frPj, 'Obtain the records');
    const finished = await w.claire.client.request('PATCH', `/api/tasks/${done.id}`, {
      status: 'done',
      result: 'Records obtained',
      expectedVersion: done.version,
    });
    expect(finished.status, JSON.stringify(finished.body)).toBe(200);
    clock.set(new Date(`${date}T06:00:30.000Z`));
    await settle();
    const digests = await notes('digest');
    expect(digests.map((n) => n.user_id).sort()).toEqual([w.carla.id, w.ines.id, w.louis.id].sort());
    expect(digests[0]!.link).toBe('https://comity.example/inbox?view=due-this-week');
    expect(
      mails(/daily list/)
        .map((m) => m.to[0])
        .sort(),
    ).toEqual([w.ines.email, w.louis.email].sort());
    const next = await t.node.database.db
      .selectFrom('job')
      .selectAll()
      .where('name', '=', 'notifications.digest')
      .where('status', '=', 'queued')
      .execute();
    expect(next.map((j) => j.run_at)).toEqual([
      new Date(Date.parse(`${date}T06:00:00.000Z`) + DAY).toISOString(),
    ]);
  });

  it('in-app: my notifications with an unread count, newest first; marking one read', async () => {
    await w.rebind(t.app);
    // Stored last but about something long past (as the demo's time machine stores them): it is
    // listed by when it happened, not when it was stored.
    const old = newId();
    await t.node.database.db
      .insertInto('notification')
      .values({
        id: old,
        user_id: w.ines.id,
        agency_id: w.agencies.frBec,
        request_id: id,
        kind: 'reminder',
        reference: 'REQ-OLD',
        link: 'https://comity.example/inbox',
        dedupe_key: `test:${old}`,
        created_at: '2026-01-05T09:00:00.000Z',
        read_at: null,
      })
      .execute();
    const list = (await w.ines.client.get('/api/me/notifications')).body;
    const times = list.items.map((n: { createdAt: string }) => n.createdAt);
    expect(times).toEqual([...times].sort().reverse());
    expect(list.items.at(-1).id).toBe(old);
    expect(list.unread).toBeGreaterThanOrEqual(3);
    expect(list.items.map((n: { kind: string }) => n.kind)).toEqual(
      expect.arrayContaining(['action-needed', 'reminder', 'digest']),
    );
    const read = await w.ines.client.post(`/api/me/notifications/${list.items[0].id}/read`);
    expect(read.status).toBe(200);
    expect((await w.ines.client.get('/api/me/notifications')).body.unread).toBe(list.unread - 1);
    // Marking it read is a write: audited with it. Another's notification is not found, unchanged.
    expect((await w.carla.client.post(`/api/me/notifications/${list.items[0].id}/read`)).status).toBe(404);
    const audited = await t.node.database.db
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'notification.read')
      .execute();
    expect(audited.map((e) => [e.actor_user_id, e.object_type, e.object_id])).toEqual([
      [w.ines.id, 'notification', list.items[0].id],
    ]);
  });
});
