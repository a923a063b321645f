import crypto from 'node:crypto';
import canonicalize from 'canonicalize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INSTRUMENTS } from '../../src/modules/legal/data/index.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import {
  act,
  buildLifecycleWorld,
  lifecycleOf,
  nordlichtEio,
  type Officer,
  step,
  type World,
} from '../support/lifecycle-world.ts';
import { PURPOSE } from '../support/request-factories.ts';
import { engineName } from '../support/test-database.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';

// A demo EIO from drafting in Germany to closure in France, over HTTP — approval
// by a second person, validation by a prosecutor, transmission, acknowledgement, a request for more
// information that pauses the clock, acceptance, two execution tasks, partial then full results,
// closure — checking every deadline's due time against its rule and citation, and the audit trail.

const DAY = 86_400_000;
const eio = INSTRUMENTS.find((i) => i.id === 'eio')!;
const rule = (id: string) => eio.deadlineRules.find((r) => r.id === id)!;
const plus = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();
const sha256 = (json: unknown) => crypto.createHash('sha256').update(canonicalize(json)!).digest('hex');
type Clock = Record<string, unknown> & { ruleId: string; dueAt: string; startedAt: string };
const clockOf = (d: { items: Clock[] }, ruleId: string) => d.items.find((c) => c.ruleId === ruleId)!;

describe(`EIO lifecycle DE → FR end to end on ${engineName()}`, () => {
  const clock = new ManualClock(new Date('2026-03-02T09:00:00.000Z'));
  let t: TestNode;
  let w: World;
  let id: string;
  let v = 1;
  const at: Record<string, string> = {};
  const tasks: string[] = [];

  const advance = async (days: number) => {
    clock.advance(days * DAY);
    await w.relogin();
  };
  const deadlines = async () => (await w.anna.client.get(`/api/requests/${id}/deadlines`)).body;

  beforeAll(async () => {
    t = await startTestNode({ clock });
    w = await buildLifecycleWorld(t, clock);
  });
  afterAll(() => t.close());

  it('drafts in Germany: the lifecycle starts as a draft only the requesting side can move', async () => {
    const r = await w.anna.client.post('/api/requests', nordlichtEio(w));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    id = r.body.data.id;
    const life = await lifecycleOf(w.anna, id);
    expect(life.data).toMatchObject({ state: 'draft', version: 1, side: 'requesting', turn: 'requesting' });
    expect(life.data.reference).toMatch(/^REQ-[0-9A-F]{8}$/);
    expect(life.data.validation).toMatchObject({
      required: true,
      citation: 'Dir. 2014/41/EU Art. 2(c)(ii); Annex A section L',
    });
    expect(life.allowedActions).toEqual(['submit', 'withdraw']);
    expect((await w.ines.client.get(`/api/requests/${id}/lifecycle`)).status).toBe(404);
  });

  it('submits; the drafter may not approve (404), her supervisor approves (four eyes) and the version freezes', async () => {
    at.submit = clock.now().toISOString();
    expect((await step(w.anna, id, { action: 'submit', expectedVersion: v++ })).data.state).toBe('submitted');
    const denied = await act(w.anna, id, { action: 'approve', expectedVersion: v });
    expect(denied.status).toBe(404);
    const approved = await step(w.jonas, id, {
      action: 'approve',
      expectedVersion: v++,
      comments: 'Proportionate.',
    });
    expect(approved.data.state).toBe('awaiting-validation');
    const draft = (await w.anna.client.get(`/api/requests/${id}`, PURPOSE)).body.data.draft;
    const hash = sha256(draft);
    expect(approved.data.frozen).toMatchObject({ version: 1, hash, approvedBy: w.jonas.id });
    // Frozen: the draft can no longer be saved. Who may read it is told why and what to do instead;
    // who may not learns nothing of it.
    const frozen = await w.anna.client.patch(`/api/requests/${id}`, { expectedVersion: 1, title: 'x' });
    expect(frozen.status).toBe(409);
    expect(String(frozen.headers['content-type'])).toMatch(/^application\/problem\+json/);
    expect(frozen.body).toMatchObject({ code: 'conflict', status: 409 });
    expect(frozen.body.detail).toMatch(
      /Only a draft can be edited.*awaiting-validation.*amend.*supplementary/,
    );
    expect(frozen.body.current).toBeUndefined();
    const unseen = await w.louis.client.patch(`/api/requests/${id}`, { expectedVersion: 1, title: 'x' });
    expect(unseen.status).toBe(404);
    expect((await w.anna.client.get(`/api/requests/${id}`, PURPOSE)).body.data.version).toBe(1);
  });

  it('a prosecutor validates the EIO issued by police (EIO Art. 2(c)(ii)); then it is transmitted', async () => {
    expect((await act(w.jonas, id, { action: 'validate', expectedVersion: v })).status).toBe(404);
    const validated = await step(w.markus, id, { action: 'validate', expectedVersion: v++ });
    expect(validated.data).toMatchObject({ state: 'approved', side: 'validating' });
    at.transmit = clock.now().toISOString();
    const sent = await step(w.anna, id, { action: 'transmit', expectedVersion: v++ });
    expect(sent.data).toMatchObject({
      state: 'transmitted',
      turn: 'requested',
      recipientAgency: { id: w.agencies.frBec },
    });
    expect(sent.data.sent).toMatchObject({ version: 1, hash: (sent.data.frozen as { hash: string }).hash });
    expect(sent.warnings).toBeUndefined();
  });

  it('the receipt starts the clocks of Art. 16(1) and 12(3), from the registry rules', async () => {
    const d = await deadlines();
    const ack = clockOf(d, 'eio-acknowledge-receipt');
    const decide = clockOf(d, 'eio-recognition-decision');
    expect(ack).toMatchObject({
      event: 'receipt',
      action: 'acknowledge',
      duration: 'P7D',
      owner: 'requested',
      status: 'running',
      citation: rule('eio-acknowledge-receipt').citation,
      verified: true,
    });
    expect(ack.startedAt).toBe(at.transmit);
    expect(ack.dueAt).toBe(plus(at.transmit!, 7 * DAY));
    expect(decide).toMatchObject({
      duration: 'P30D',
      citation: 'Dir. 2014/41/EU Art. 12(3)',
      verified: true,
    });
    expect(decide.dueAt).toBe(plus(at.transmit!, 30 * DAY));
    expect(decide.extension).toMatchObject({
      duration: 'P30D',
      applied: false,
      citation: 'Dir. 2014/41/EU Art. 12(5)',
    });
    expect(d.untracked.map((u: { ruleId: string }) => u.ruleId).sort()).toEqual([
      'eio-execution',
      'eio-interception-objection',
      'eio-provisional-measure-decision',
    ]);
    expect(d.calendarNote).toMatch(/holidays are not modelled/);
  });

  it('France receives exactly the version sent; opening it is the retrieved receipt', async () => {
    const mine = await w.ines.client.get(`/api/requests/${id}`, PURPOSE);
    expect(mine.status).toBe(200);
    const hash = sha256(mine.body.data.draft);
    const life = await lifecycleOf(w.ines, id);
    expect(life.data).toMatchObject({ side: 'requested', state: 'transmitted' });
    expect(hash).toBe(life.data.sent.hash);
    expect(life.allowedActions).toEqual(['acknowledge']);
    // Who in Germany drafted, approved and validated it stays in Germany: France sees the frozen
    // version, the validating agency and the times, not the people.
    expect(life.data).toMatchObject({ createdBy: null, frozen: { version: 1, approvedBy: null } });
    expect(life.data.validation).toMatchObject({ required: true, validatedBy: null });
    expect(life.data.validation.validatedAt).toEqual(expect.any(String));
    const own = await lifecycleOf(w.anna, id);
    expect(own.data).toMatchObject({ createdBy: w.anna.id, frozen: { approvedBy: w.jonas.id } });
    expect(own.data.validation).toMatchObject({ validatedBy: w.markus.id });
    const deliveries = (await w.anna.client.get(`/api/requests/${id}/deliveries`)).body.items;
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({
      type: 'request.transmission',
      action: 'transmit',
      carrier: 'local',
      direction: 'outgoing',
      version: 1,
      contentHash: hash,
    });
    expect(deliveries[0].receipts.map((r: { kind: string }) => r.kind)).toEqual([
      'submitted',
      'delivered',
      'retrieved',
    ]);
    expect(deliveries[0].receipts[2].by).toBe(w.ines.id);
    // The receipt is a write: audited apart from the read, once, with who opened it.
    await lifecycleOf(w.ines, id);
    const retrieved = await t.node.database.db
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'request.retrieved')
      .where('object_id', '=', id)
      .execute();
    expect(retrieved.map((e) => [e.actor_user_id, e.actor_agency_id, JSON.parse(e.details)])).toEqual([
      [w.ines.id, w.ines.agencyId, { marked: 1 }],
    ]);
    // The other side never sees the internal drafts.
    expect(
      (await w.ines.client.get(`/api/requests/${id}/versions`)).body.items.map(
        (x: { version: number }) => x.version,
      ),
    ).toEqual([1]);
  });

  it('acknowledges (Annex B) on day 2, asks for more information on day 5 (the decision clock pauses)', async () => {
    await advance(2);
    at.ack = clock.now().toISOString();
    expect((await step(w.ines, id, { action: 'acknowledge', expectedVersion: v++ })).data.state).toBe(
      'under-assessment',
    );
    await advance(3);
    at.rfi = clock.now().toISOString();
    const asked = await step(w.ines, id, {
      action: 'request-information',
      expectedVersion: v++,
      questions: 'Which accounts exactly?',
    });
    expect(asked.data).toMatchObject({ state: 'information-requested', turn: 'requesting' });
    const d = await deadlines();
    expect(clockOf(d, 'eio-acknowledge-receipt')).toMatchObject({ status: 'met', endedAt: at.ack });
    expect(clockOf(d, 'eio-recognition-decision')).toMatchObject({
      status: 'paused',
      pausedSince: at.rfi,
      pauseReason: 'information-requested',
    });
  });

  it('the answer on day 9 resumes the clock: the 4 days waited are added to its due time', async () => {
    await advance(4);
    const answered = await step(w.anna, id, {
      action: 'provide-information',
      expectedVersion: v++,
      answer: 'FR76 0000 0000 0000 only.',
    });
    expect(answered.data.state).toBe('under-assessment');
    const decide = clockOf(await deadlines(), 'eio-recognition-decision');
    expect(decide).toMatchObject({
      status: 'running',
      pausedMs: 4 * DAY,
      baseDueAt: plus(at.transmit!, 30 * DAY),
    });
    expect(decide.dueAt).toBe(plus(at.transmit!, 34 * DAY));
  });

  it('accepts on day 10: the decision clock is met, the 90-day execution clock of Art. 12(4) starts', async () => {
    await advance(1);
    at.accept = clock.now().toISOString();
    expect((await step(w.ines, id, { action: 'accept', expectedVersion: v++ })).data.state).toBe('accepted');
    const d = await deadlines();
    expect(clockOf(d, 'eio-recognition-decision')).toMatchObject({ status: 'met', endedAt: at.accept });
    const exec = clockOf(d, 'eio-execution');
    expect(exec).toMatchObject({
      event: 'decision',
      action: 'execute',
      duration: 'P90D',
      status: 'running',
      citation: 'Dir. 2014/41/EU Art. 12(4)',
      verified: true,
    });
    expect(exec.startedAt).toBe(at.accept);
    expect(exec.dueAt).toBe(plus(at.accept!, 90 * DAY));
  });

  it('the central authority assigns two execution tasks; the requesting side does not see them', async () => {
    for (const [agency, title, measure] of [
      [w.agencies.frParquet, 'Hear witness Camille Lefèvre', 'hearing-witness'],
      [w.agencies.frPj, 'Obtain records of account FR76 0000', 'banking-information'],
    ] as const) {
      const r = await w.ines.client.post(`/api/requests/${id}/tasks`, {
        title,
        measure,
        ownerAgencyId: agency,
        dueAt: plus(at.accept!, 30 * DAY),
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      tasks.push(r.body.data.id);
    }
    expect((await w.ines.client.get(`/api/requests/${id}/tasks`)).body.items).toHaveLength(2);
    expect(
      (await w.louis.client.get(`/api/requests/${id}/tasks`)).body.items.map(
        (x: { data: { id: string } }) => x.data.id,
      ),
    ).toEqual([tasks[0]]);
    expect((await w.anna.client.get(`/api/requests/${id}/tasks`)).status).toBe(404);
    expect((await w.claire.client.get('/api/tasks')).body.items).toHaveLength(1);
    await step(w.ines, id, { action: 'start-execution', expectedVersion: v++ });
  });

  it('partial results after the first task, while the second continues; completion waits for both', async () => {
    await advance(5);
    // A task is handed only to an officer of its owner agency (here: one of the requesting side).
    const handed = await w.louis.client.patch(`/api/tasks/${tasks[0]}`, {
      expectedVersion: 1,
      ownerUserId: w.anna.id,
    });
    expect(handed.status).toBe(422);
    expect(handed.body.errors[0].path).toBe('body.ownerUserId');
    const done = await w.louis.client.patch(`/api/tasks/${tasks[0]}`, {
      expectedVersion: 1,
      status: 'done',
      result: 'Witness heard; minutes attached to the evidence.',
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    // Inès, who assigned it, learns it is done (a neutral reference, nothing of the result).
    const mine = (await w.ines.client.get('/api/me/notifications')).body.items as {
      kind: string;
      requestId: string;
      reference: string;
    }[];
    expect(mine.filter((n) => n.kind === 'task-done')).toEqual([
      expect.objectContaining({ requestId: id, reference: expect.stringMatching(/^REQ-/) }),
    ]);
    // Someone acting on what they read before: 409 with the task as it is now.
    const stale = await w.louis.client.patch(`/api/tasks/${tasks[0]}`, {
      expectedVersion: 1,
      status: 'in-progress',
    });
    expect(stale.status).toBe(409);
    expect(stale.body.current.data).toMatchObject({ id: tasks[0], version: 2, status: 'done' });
    // Between two agencies of one node evidence moves by custody transfer, not with the results.
    const withItems = await act(w.ines, id, {
      action: 'return-results',
      expectedVersion: v,
      summary: 'Hearing minutes.',
      taskIds: [tasks[0]],
      evidenceItemIds: ['01a229fe-0000-7000-8000-000000000001'],
    });
    expect(withItems.status).toBe(422);
    expect(JSON.stringify(withItems.body.errors)).toContain('body.evidenceItemIds');
    const partial = await step(w.ines, id, {
      action: 'return-results',
      expectedVersion: v++,
      summary: 'Hearing minutes.',
      taskIds: [tasks[0]],
    });
    expect(partial.data.state).toBe('partially-executed');
    const early = await act(w.ines, id, { action: 'complete', expectedVersion: v });
    expect(early.status).toBe(409);
    expect(early.body.current.data.state).toBe('partially-executed');
    await advance(3);
    expect(
      (
        await w.claire.client.patch(`/api/tasks/${tasks[1]}`, {
          expectedVersion: 1,
          status: 'done',
          result: 'Statements obtained.',
        })
      ).status,
    ).toBe(200);
    at.complete = clock.now().toISOString();
    expect((await step(w.ines, id, { action: 'complete', expectedVersion: v++ })).data.state).toBe(
      'executed',
    );
    const reopened = await w.claire.client.patch(`/api/tasks/${tasks[1]}`, {
      expectedVersion: 2,
      status: 'open',
    });
    expect(reopened.status).toBe(409);
    expect(
      (
        await step(w.ines, id, {
          action: 'return-results',
          expectedVersion: v++,
          summary: 'Bank statements.',
        })
      ).data.state,
    ).toBe('results-returned');
    const exec = clockOf(await deadlines(), 'eio-execution');
    expect(exec).toMatchObject({ status: 'met', endedAt: at.complete });
  });

  it('Germany closes; no clock is left running; the timeline shows every step and receipt', async () => {
    const closed = await step(w.anna, id, { action: 'close', expectedVersion: v++ });
    expect(closed.data).toMatchObject({ state: 'closed', turn: null });
    expect(closed.allowedActions).toEqual([]);
    expect(
      (await deadlines()).items.every(
        (c: { status: string }) => c.status === 'met' || c.status === 'stopped',
      ),
    ).toBe(true);
    const timeline = async (o: Officer) => {
      const items = (await o.client.get(`/api/requests/${id}/timeline`)).body.items;
      return {
        items,
        steps: items
          .filter((e: { kind: string }) => e.kind === 'transition')
          .map((e: { action: string }) => e.action),
      };
    };
    const { items: tl, steps } = await timeline(w.anna);
    // France sees the exchange, not Germany's review before it (submission, approval, validation).
    const france = await timeline(w.ines);
    expect(france.steps).toEqual(steps.slice(3));
    expect(steps).toEqual([
      'submit',
      'approve',
      'validate',
      'transmit',
      'acknowledge',
      'request-information',
      'provide-information',
      'accept',
      'start-execution',
      'return-results',
      'complete',
      'return-results',
      'close',
    ]);
    expect(tl.find((e: { action: string }) => e.action === 'approve').by).toMatchObject({ id: w.jonas.id });
    const receipts = tl.filter((e: { kind: string }) => e.kind === 'receipt');
    // Every message between the sides: transmission plus 9 communications, each submitted and delivered.
    expect(receipts.filter((r: { action: string }) => r.action === 'delivered')).toHaveLength(10);
    // The central authority sees what happened to both tasks; an executing agency to its own; the
    // requesting side to none (the tasks are the requested state's own business).
    const taskEntries = (items: { kind: string; action: string; details: Record<string, unknown> }[]) =>
      items.filter((e) => e.kind === 'task').map((e) => `${e.action} ${e.details.task}`);
    expect(taskEntries(france.items)).toEqual([
      'task-assigned Hear witness Camille Lefèvre',
      'task-assigned Obtain records of account FR76 0000',
      'task-done Hear witness Camille Lefèvre',
      'task-done Obtain records of account FR76 0000',
    ]);
    expect(france.items.find((e: { kind: string }) => e.kind === 'task')).toMatchObject({
      by: { id: w.ines.id },
      details: { ownerAgency: expect.stringContaining('Parquet') },
    });
    expect(taskEntries((await timeline(w.louis)).items)).toEqual([
      'task-assigned Hear witness Camille Lefèvre',
      'task-done Hear witness Camille Lefèvre',
    ]);
    expect(taskEntries(tl)).toEqual([]);
  });

  it('the audit trail holds every transition with its actor, and every refused attempt', async () => {
    await t.node.audit.flush();
    const rows = await t.node.database.db
      .selectFrom('audit_event')
      .selectAll()
      .where('object_id', '=', id)
      .where('action', '=', 'request.transition')
      .orderBy('seq')
      .execute();
    const ok = rows.filter((r) => r.outcome === 'success');
    expect(ok.map((r) => JSON.parse(r.details).transition)).toEqual([
      'submit',
      'approve',
      'validate',
      'transmit',
      'acknowledge',
      'request-information',
      'provide-information',
      'accept',
      'start-execution',
      'return-results',
      'complete',
      'return-results',
      'close',
    ]);
    expect(ok.map((r) => r.actor_user_id)).toEqual([
      w.anna.id,
      w.jonas.id,
      w.markus.id,
      w.anna.id,
      w.ines.id,
      w.ines.id,
      w.anna.id,
      w.ines.id,
      w.ines.id,
      w.ines.id,
      w.ines.id,
      w.ines.id,
      w.anna.id,
    ]);
    expect(JSON.parse(ok[3]!.details)).toMatchObject({
      from: 'approved',
      to: 'transmitted',
      recipientAgencyId: w.agencies.frBec,
    });
    // Free text never enters the audit log.
    expect(ok.some((r) => r.details.includes('Which accounts'))).toBe(false);
    const refused = rows
      .filter((r) => r.outcome !== 'success')
      .map((r) => [JSON.parse(r.details).transition, r.outcome, JSON.parse(r.details).reason]);
    expect(refused).toEqual([
      ['approve', 'denied', 'no-permission'],
      ['validate', 'denied', 'not-your-side'],
      ['return-results', 'failure', 'validation-failed'],
      ['complete', 'failure', 'guard'],
    ]);
    // Attempts refused before any service saw them (France reading the draft: 404) are found under
    // the request too.
    const attempts = await t.node.database.db
      .selectFrom('audit_event')
      .selectAll()
      .where('object_id', '=', id)
      .where('action', '=', 'request.rejected')
      .execute();
    expect(
      attempts.map((r) => [r.actor_user_id, r.object_type, r.outcome, JSON.parse(r.details).route]),
    ).toContainEqual([w.ines.id, 'request', 'denied', '/api/requests/:id/lifecycle']);
    const tasksAudit = await t.node.database.db
      .selectFrom('audit_event')
      .select('action')
      .where('object_id', '=', id)
      .where('action', 'like', 'task.%')
      .orderBy('seq')
      .execute();
    expect(tasksAudit.map((r) => r.action).filter((a) => a !== 'task.list')).toEqual([
      'task.create',
      'task.create',
      'task.update',
      'task.update',
    ]);
  });
});
