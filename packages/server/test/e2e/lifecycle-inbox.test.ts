import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inboxRepository } from '../../src/modules/requests/inbox/inbox.repository.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { buildLifecycleWorld, nordlichtEio, step, type World } from '../support/lifecycle-world.ts';
import { engineName } from '../support/test-database.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';

// Worklists per user and per agency with counts, filters, sorting and saved views; the task board.

const DAY = 86_400_000;

describe(`inbox and worklists on ${engineName()}`, () => {
  const clock = new ManualClock(new Date('2026-06-08T08:00:00.000Z'));
  let t: TestNode;
  let w: World;
  const ids: Record<string, string> = {};
  const inbox = (o: World['anna'], q: string) => o.client.get(`/api/inbox?${q}`);
  const refs = (r: { body: { items: { requestId: string }[] } }) =>
    r.body.items.map((i) => i.requestId).sort();

  beforeAll(async () => {
    t = await startTestNode({ clock });
    w = await buildLifecycleWorld(t, clock);
    const make = async (title: string) =>
      (await w.anna.client.post('/api/requests', nordlichtEio(w, { title }))).body.data.id as string;
    ids.draft = await make('Draft one');
    ids.submitted = await make('Waiting for approval');
    await step(w.anna, ids.submitted, { action: 'submit', expectedVersion: 1 });
    for (const key of ['sentEarly', 'sentLate']) {
      ids[key] = await make(`Sent ${key}`);
      await step(w.anna, ids[key]!, { action: 'submit', expectedVersion: 1 });
      await step(w.jonas, ids[key]!, { action: 'approve', expectedVersion: 2 });
      await step(w.markus, ids[key]!, { action: 'validate', expectedVersion: 3 });
      await step(w.anna, ids[key]!, { action: 'transmit', expectedVersion: 4 });
      clock.advance(DAY);
      await w.relogin();
    }
  });
  afterAll(() => t.close());

  it('needs my action, per user: the drafter her draft, the supervisor the approval, France the acknowledgements', async () => {
    const anna = await inbox(w.anna, 'view=needs-my-action');
    expect(anna.status, JSON.stringify(anna.body)).toBe(200);
    expect(refs(anna)).toEqual([ids.draft]);
    // What she drafted and submitted waits on her supervisor: it is among what she waits for.
    expect(anna.body.counts).toMatchObject({ 'needs-my-action': 1, 'waiting-on-partner': 3 });
    const jonas = await inbox(w.jonas, 'view=needs-my-action');
    expect(refs(jonas)).toEqual([ids.submitted]);
    expect(jonas.body.items[0]).toMatchObject({
      state: 'submitted',
      side: 'requesting',
      turn: 'requesting',
      allowedActions: ['approve', 'return', 'amend', 'withdraw'],
      // No recipient agency before transmission: the state the draft is for says who the other side is.
      partnerAgency: null,
      requestedState: 'FR',
    });
    const ines = await inbox(w.ines, 'view=needs-my-action');
    expect(refs(ines)).toEqual([ids.sentEarly, ids.sentLate].sort());
    expect(ines.body.items[0]).toMatchObject({
      side: 'requested',
      partnerAgency: { id: w.agencies.deBka },
      allowedActions: ['acknowledge'],
    });
  });

  it('per agency: every request my agency is party to whose move it is', async () => {
    const agency = await inbox(w.jonas, 'view=needs-my-action&scope=agency');
    expect(refs(agency)).toEqual([ids.draft, ids.submitted].sort());
  });

  it('waiting on partner, due this week (sorted by due time), overdue', async () => {
    const waiting = await inbox(w.anna, 'view=waiting-on-partner');
    expect(refs(waiting)).toEqual([ids.submitted, ids.sentEarly, ids.sentLate].sort());
    // Germany runs no clock of its own on what it sent: it sees by when France's move is due.
    for (const item of waiting.body.items.filter((i: { state: string }) => i.state === 'transmitted'))
      expect(item.nextDue).toMatchObject({ action: 'acknowledge', overdue: false });
    const week = await inbox(w.ines, 'view=due-this-week&sort=due');
    expect(week.body.items.map((i: { requestId: string }) => i.requestId)).toEqual([
      ids.sentEarly,
      ids.sentLate,
    ]);
    expect(week.body.items[0].nextDue).toMatchObject({
      action: 'acknowledge',
      citation: 'Dir. 2014/41/EU Art. 16(1), Annex B',
      overdue: false,
    });
    const desc = await inbox(w.ines, 'view=due-this-week&sort=-due');
    expect(desc.body.items[0].requestId).toBe(ids.sentLate);
    clock.advance(6 * DAY);
    await w.relogin();
    const overdue = await inbox(w.ines, 'view=overdue');
    expect(refs(overdue)).toEqual([ids.sentEarly]);
    expect(overdue.body.counts).toMatchObject({ overdue: 1, 'due-this-week': 1, 'needs-my-action': 2 });
  });

  it('filters: side, state, kind, urgency, text (title or reference)', async () => {
    expect(refs(await inbox(w.ines, 'view=needs-my-action&side=outgoing'))).toEqual([]);
    expect(refs(await inbox(w.jonas, 'view=needs-my-action&scope=agency&state=draft'))).toEqual([ids.draft]);
    expect(refs(await inbox(w.jonas, 'view=needs-my-action&scope=agency&kind=eaw'))).toEqual([]);
    expect(refs(await inbox(w.jonas, 'view=needs-my-action&scope=agency&urgent=false'))).toHaveLength(2);
    expect(refs(await inbox(w.jonas, 'view=needs-my-action&scope=agency&q=approval'))).toEqual([
      ids.submitted,
    ]);
    const ref = `REQ-${ids.draft!.replace(/-/g, '').slice(-8).toUpperCase()}`;
    expect(refs(await inbox(w.anna, `view=needs-my-action&q=${ref}`))).toEqual([ids.draft]);
    expect((await inbox(w.anna, 'view=everything')).status).toBe(422);
  });

  it('saved views: create, list, delete — mine only', async () => {
    const created = await w.ines.client.post('/api/inbox/views', {
      name: 'EIOs due',
      view: 'due-this-week',
      filters: { instrument: 'eio', sort: 'due' },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect((await w.ines.client.get('/api/inbox/views')).body.items).toEqual([
      expect.objectContaining({
        name: 'EIOs due',
        view: 'due-this-week',
        filters: { instrument: 'eio', sort: 'due' },
      }),
    ]);
    // Names are unique per person, and the list stays one a person can read.
    const again = await w.ines.client.post('/api/inbox/views', {
      name: 'EIOs due',
      view: 'overdue',
      filters: {},
    });
    expect(again.status).toBe(422);
    expect(again.body.errors[0].path).toBe('body.name');
    for (let i = 1; i < 50; i++)
      expect(
        (await w.anna.client.post('/api/inbox/views', { name: `View ${i}`, view: 'overdue', filters: {} }))
          .status,
      ).toBe(201);
    expect(
      (await w.anna.client.post('/api/inbox/views', { name: 'View 50', view: 'overdue', filters: {} }))
        .status,
    ).toBe(201);
    const full = await w.anna.client.post('/api/inbox/views', {
      name: 'View 51',
      view: 'overdue',
      filters: {},
    });
    expect(full.status).toBe(422);
    expect(full.body.detail).toMatch(/At most 50/);
    for (const v of (await w.anna.client.get('/api/inbox/views')).body.items)
      await w.anna.client.delete(`/api/inbox/views/${v.id}`);
    expect((await w.anna.client.get('/api/inbox/views')).body.items).toEqual([]);
    expect((await w.anna.client.delete(`/api/inbox/views/${created.body.id}`)).status).toBe(404);
    expect((await w.ines.client.delete(`/api/inbox/views/${created.body.id}`)).status).toBe(200);
    expect((await w.ines.client.get('/api/inbox/views')).body.items).toEqual([]);
  });

  it('two saves of one name at once: one view is saved, the other refused as the check refuses it', async () => {
    const save = () =>
      w.ines.client.post('/api/inbox/views', { name: 'Twice', view: 'overdue', filters: {} });
    const answers = await Promise.all([save(), save(), save()]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 422, 422]);
    for (const a of answers.filter((x) => x.status === 422))
      expect(a.body.errors[0]).toEqual({
        path: 'body.name',
        message: 'You already have a view of this name.',
      });
    const mine = (await w.ines.client.get('/api/inbox/views')).body.items as { id: string; name: string }[];
    expect(mine.map((v) => v.name)).toEqual(['Twice']);
    // Past the check (as a save that raced it would be), the unique index refuses the name.
    const row = await t.node.database.db
      .selectFrom('inbox_view')
      .selectAll()
      .where('id', '=', mine[0]!.id)
      .executeTakeFirstOrThrow();
    expect(await inboxRepository.insertView(t.node.database.db, { ...row, id: crypto.randomUUID() })).toBe(
      false,
    );
    for (const v of mine) await w.ines.client.delete(`/api/inbox/views/${v.id}`);
  });

  it('an executing agency finds its tasks in its worklist and on its task board', async () => {
    await step(w.ines, ids.sentLate!, { action: 'acknowledge', expectedVersion: 5 });
    await step(w.ines, ids.sentLate!, { action: 'accept', expectedVersion: 6 });
    const task = await w.ines.client.post(`/api/requests/${ids.sentLate}/tasks`, {
      title: 'Hear the witness',
      ownerAgencyId: w.agencies.frParquet,
      ownerUserId: w.louis.id,
    });
    expect(task.status, JSON.stringify(task.body)).toBe(201);
    const louis = await inbox(w.louis, 'view=needs-my-action');
    expect(louis.body.items).toEqual([
      expect.objectContaining({ requestId: ids.sentLate, side: 'executing', openTasks: 1 }),
    ]);
    const board = (await w.louis.client.get('/api/tasks?mine=true&status=open')).body.items;
    expect(board.map((x: { data: { title: string } }) => x.data.title)).toEqual(['Hear the witness']);
    expect(board[0].policies.update).toBe(true);
    // The executing agency reads the request it executes: exactly the version sent.
    const read = await w.louis.client.get(`/api/requests/${ids.sentLate}`, {
      'x-comity-purpose': 'Executing the hearing',
    });
    expect(read.status).toBe(200);
    expect(read.body.data.version).toBe(1);
    expect((await w.claire.client.get(`/api/requests/${ids.sentLate}/lifecycle`)).status).toBe(404);
  });

  it('an executing agency’s due dates are its tasks’: due this week, then overdue', async () => {
    // A due date already past would make the task overdue from the start.
    const past = await w.ines.client.post(`/api/requests/${ids.sentLate}/tasks`, {
      title: 'Obtain the bank records',
      ownerAgencyId: w.agencies.frParquet,
      dueAt: new Date(clock.now().getTime() - DAY).toISOString(),
    });
    expect(past.status).toBe(422);
    expect(past.body.errors).toEqual([{ path: 'body.dueAt', message: 'A due date is still to come.' }]);
    // The executing agency keeps no clock of the law; its task is what falls due.
    const dueAt = new Date(clock.now().getTime() + 3 * DAY).toISOString();
    const task = await w.ines.client.post(`/api/requests/${ids.sentLate}/tasks`, {
      title: 'Obtain the bank records',
      ownerAgencyId: w.agencies.frParquet,
      ownerUserId: w.louis.id,
      dueAt,
    });
    expect(task.status, JSON.stringify(task.body)).toBe(201);
    // Another agency's task on the same request: not the Parquet's to count.
    const police = await w.ines.client.post(`/api/requests/${ids.sentLate}/tasks`, {
      title: 'Search the premises',
      ownerAgencyId: w.agencies.frPj,
    });
    expect(police.status, JSON.stringify(police.body)).toBe(201);
    const week = await inbox(w.louis, 'view=due-this-week');
    expect(week.body.items[0].openTasks).toBe(2);
    const central = await inbox(w.ines, 'view=needs-my-action&scope=agency&q=Sent sentLate');
    expect(central.body.items[0].openTasks).toBe(3);
    expect(refs(week)).toEqual([ids.sentLate]);
    expect(week.body.items[0].nextDue).toMatchObject({
      deadlineId: task.body.data.id,
      dueAt,
      overdue: false,
      citation: 'Task “Obtain the bank records”: due date set by the authority that assigned it',
    });
    expect(week.body.counts.overdue).toBe(0);
    clock.advance(4 * DAY);
    await w.relogin();
    const late = await inbox(w.louis, 'view=overdue');
    expect(refs(late)).toEqual([ids.sentLate]);
    expect(late.body.items[0].nextDue).toMatchObject({ deadlineId: task.body.data.id, overdue: true });
    // And among the agency's overdue requests.
    expect(refs(await inbox(w.louis, 'view=overdue&scope=agency'))).toEqual([ids.sentLate]);
    // Its past due date sent back unchanged with an update is no new date: accepted.
    const started = await w.louis.client.patch(`/api/tasks/${task.body.data.id}`, {
      expectedVersion: task.body.data.version,
      status: 'in-progress',
      dueAt,
    });
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    // Sent back as it is now, the task is not changed: no event for it on the timeline.
    const same = await w.louis.client.patch(`/api/tasks/${task.body.data.id}`, {
      expectedVersion: started.body.data.version,
      status: 'in-progress',
      dueAt,
    });
    expect(same.status, JSON.stringify(same.body)).toBe(200);
    // A cancelled task is closed for good.
    const board = (await w.louis.client.get('/api/tasks?mine=true&status=open')).body.items as {
      data: { id: string; title: string; version: number };
    }[];
    const hear = board.find((x) => x.data.title === 'Hear the witness')!.data;
    const cancelled = await w.louis.client.patch(`/api/tasks/${hear.id}`, {
      expectedVersion: hear.version,
      status: 'cancelled',
    });
    expect(cancelled.status).toBe(200);
    const reopened = await w.louis.client.patch(`/api/tasks/${hear.id}`, {
      expectedVersion: hear.version + 1,
      status: 'open',
    });
    expect(reopened.status).toBe(409);
    expect(reopened.body.detail).toMatch(/cancelled: it is not reopened/);
    // The request's timeline tells the executing agency what happened to its tasks, and by whom.
    const timeline = (await w.louis.client.get(`/api/requests/${ids.sentLate}/timeline`)).body.items as {
      kind: string;
      action: string;
      by: { id: string } | null;
      details: { task: string };
    }[];
    const tasks = timeline.filter((e) => e.kind === 'task');
    expect(tasks.slice(-2).map((e) => `${e.action} ${e.details.task}`)).toEqual([
      'task-started Obtain the bank records',
      'task-cancelled Hear the witness',
    ]);
    expect(tasks.at(-1)!.by).toMatchObject({ id: w.louis.id });
  });

  it('a withdrawal cancels the open tasks with it: nothing stays due, or on the board, for nobody', async () => {
    const life = (await w.anna.client.get(`/api/requests/${ids.sentLate}/lifecycle`)).body.data;
    await step(w.anna, ids.sentLate!, {
      action: 'withdraw',
      reason: 'The suspect was arrested at home',
      expectedVersion: life.version,
    });
    for (const view of ['overdue', 'due-this-week', 'needs-my-action'])
      expect(refs(await inbox(w.louis, `view=${view}&scope=agency`)), view).toEqual([]);
    expect((await w.louis.client.get('/api/tasks?mine=true&status=open')).body.items).toEqual([]);
    const cancelled = (await w.louis.client.get('/api/tasks?mine=true&status=cancelled')).body.items;
    expect(cancelled.map((x: { data: { title: string } }) => x.data.title).sort()).toEqual([
      'Hear the witness',
      'Obtain the bank records',
    ]);
    // Recorded with the transition that ended them, in its transaction.
    const event = await t.node.database.db
      .selectFrom('audit_event')
      .select('details')
      .where('action', '=', 'request.transition')
      .where('object_id', '=', ids.sentLate!)
      .orderBy('leaf_index', 'desc')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(String(event.details))).toMatchObject({ transition: 'withdraw', tasksCancelled: 2 });
  });
});
