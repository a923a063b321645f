import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemMeta } from '../../src/modules/access/actor.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { actorFor, buildAgency, buildUser } from '../support/factories.ts';
import { TestClient } from '../support/http-client.ts';
import {
  act,
  buildLifecycleWorld,
  lifecycleOf,
  nordlichtEio,
  step,
  type World,
} from '../support/lifecycle-world.ts';
import { buildMlaRequest, PURPOSE } from '../support/request-factories.ts';
import { engineName } from '../support/test-database.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';

// The other ways a request ends: refused with grounds from the instrument's list, withdrawn after
// transmission, cancelled before it; returned with comments and amended (new versions); and
// translations that block (EIO) or only warn.

describe(`lifecycle paths on ${engineName()}`, () => {
  const clock = new ManualClock(new Date('2026-04-06T08:00:00.000Z'));
  let t: TestNode;
  let w: World;

  beforeAll(async () => {
    t = await startTestNode({ clock });
    w = await buildLifecycleWorld(t, clock);
  });
  afterAll(() => t.close());

  /** Drafts, submits, approves, validates and transmits the Nordlicht EIO; returns its id and version. */
  async function transmitted(overrides = {}) {
    const id = (await w.anna.client.post('/api/requests', nordlichtEio(w, overrides))).body.data.id as string;
    let v = 1;
    await step(w.anna, id, { action: 'submit', expectedVersion: v++ });
    await step(w.jonas, id, { action: 'approve', expectedVersion: v++ });
    await step(w.markus, id, { action: 'validate', expectedVersion: v++ });
    await step(w.anna, id, { action: 'transmit', expectedVersion: v++ });
    return { id, v };
  }
  const deadlines = async (id: string) =>
    (await w.ines.client.get(`/api/requests/${id}/deadlines`)).body.items;

  it('refusal: grounds must come from the instrument’s list (422 naming the field), then each is shown with its article', async () => {
    let { id, v } = await transmitted();
    await step(w.ines, id, { action: 'acknowledge', expectedVersion: v++ });
    const bad = await act(w.ines, id, {
      action: 'refuse',
      expectedVersion: v,
      grounds: ['ne_bis_in_idem', 'bad_luck'],
      reasons: 'x',
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].path).toBe('body.grounds.1');
    expect(bad.body.errors[0].message).toMatch(/immunity_privilege_press/);
    // Each bad entry named at its own place; a ground named twice is refused too.
    const twice = await act(w.ines, id, {
      action: 'refuse',
      expectedVersion: v,
      grounds: ['nope', 'ne_bis_in_idem', 'nope', 'ne_bis_in_idem'],
      reasons: 'x',
    });
    expect(twice.body.errors.map((e: { path: string }) => e.path)).toEqual([
      'body.grounds.0',
      'body.grounds.2',
      'body.grounds.3',
    ]);
    const refused = await step(w.ines, id, {
      action: 'refuse',
      expectedVersion: v++,
      grounds: ['ne_bis_in_idem'],
      reasons: 'Final judgment in France for the same acts (2025).',
    });
    expect(refused.data).toMatchObject({
      state: 'refused',
      turn: 'requesting',
      refusal: {
        grounds: [{ id: 'ne_bis_in_idem', citation: 'Dir. 2014/41/EU Art. 11(1)(d)', verified: true }],
      },
    });
    for (const c of await deadlines(id)) expect(['met', 'stopped']).toContain(c.status);
    const germany = await lifecycleOf(w.anna, id);
    expect(germany.data.refusal.reasons).toMatch(/Final judgment/);
    expect(germany.allowedActions).toEqual(['close']);
    expect((await act(w.ines, id, { action: 'accept', expectedVersion: v })).status).toBe(409);
    expect((await step(w.anna, id, { action: 'close', expectedVersion: v++ })).data.state).toBe('closed');
    const deliveries = (await w.anna.client.get(`/api/requests/${id}/deliveries`)).body.items;
    expect(deliveries.map((d: { action: string; direction: string }) => [d.action, d.direction])).toEqual([
      ['transmit', 'outgoing'],
      ['acknowledge', 'incoming'],
      ['refuse', 'incoming'],
      ['close', 'outgoing'],
    ]);
  });

  it('withdrawal after transmission: withdrawn, clocks stopped, the partner told; France can no longer act', async () => {
    let { id, v } = await transmitted();
    await step(w.ines, id, { action: 'acknowledge', expectedVersion: v++ });
    const out = await step(w.anna, id, {
      action: 'withdraw',
      expectedVersion: v++,
      reason: 'Suspect arrested in Germany.',
    });
    expect(out.data).toMatchObject({ state: 'withdrawn', turn: null });
    expect((await deadlines(id)).filter((c: { status: string }) => c.status === 'running')).toHaveLength(0);
    const r = await act(w.ines, id, { action: 'accept', expectedVersion: v });
    expect(r.status).toBe(409);
    expect(r.body.current.data.state).toBe('withdrawn');
    const tl = (await w.ines.client.get(`/api/requests/${id}/timeline`)).body.items;
    expect(tl.at(-1)).toMatchObject({ kind: 'receipt', action: 'delivered', details: { of: 'withdraw' } });
  });

  it('the requesting side’s own date runs as a clock too, citing the instrument’s pace rule (EIO Art. 12(1)-(2))', async () => {
    const { id } = await transmitted({
      urgency: { urgent: true, reasons: 'Accounts may be emptied.', deadline: '2026-05-15' },
    });
    const own = (await deadlines(id)).find((c: { ruleId: string }) => c.ruleId === 'requested-date');
    expect(own).toMatchObject({
      basis: 'requested-date',
      owner: 'requested',
      duration: null,
      dueAt: '2026-05-15T23:59:59.999Z',
      citation: 'Dir. 2014/41/EU Art. 12(1)-(2)',
      verified: true,
      status: 'running',
    });
  });

  it('withdrawal before transmission cancels; a cancelled request is final', async () => {
    const id = (await w.anna.client.post('/api/requests', nordlichtEio(w))).body.data.id;
    await step(w.anna, id, { action: 'submit', expectedVersion: 1 });
    const out = await step(w.anna, id, { action: 'withdraw', expectedVersion: 2, reason: 'Duplicate.' });
    expect(out.data.state).toBe('cancelled');
    expect(out.allowedActions).toEqual([]);
    expect(
      (await w.anna.client.get(`/api/requests/${id}`, { 'x-comity-purpose': 'check' })).body.data.status,
    ).toBe('cancelled');
  });

  it('returned with comments, edited as a new version, approved and frozen again; amend reopens an approval', async () => {
    const id = (await w.anna.client.post('/api/requests', nordlichtEio(w))).body.data.id;
    await step(w.anna, id, { action: 'submit', expectedVersion: 1 });
    const back = await step(w.jonas, id, {
      action: 'return',
      expectedVersion: 2,
      comments: 'Add the account numbers.',
    });
    expect(back.data).toMatchObject({
      state: 'draft',
      returned: { by: w.jonas.id, comments: 'Add the account numbers.' },
    });
    const saved = await w.anna.client.patch(
      `/api/requests/${id}`,
      { expectedVersion: 1, summaryOfFacts: 'Konten FR76 0000 0000 0000.' },
      PURPOSE,
    );
    expect(saved.status).toBe(200);
    expect(saved.body.data.version).toBe(2);
    await step(w.anna, id, { action: 'submit', expectedVersion: 3 });
    // Anna edited, so she is a drafter; Jonas did not: he approves.
    const ok = await step(w.jonas, id, { action: 'approve', expectedVersion: 4 });
    expect(ok.data.frozen).toMatchObject({ version: 2 });
    const amended = await step(w.anna, id, {
      action: 'amend',
      expectedVersion: 5,
      reason: 'One more account.',
    });
    expect(amended.data).toMatchObject({ state: 'draft', frozen: null });
    expect(
      (
        await w.anna.client.patch(
          `/api/requests/${id}`,
          { expectedVersion: 2, title: 'Nordlicht v3' },
          PURPOSE,
        )
      ).body.data.version,
    ).toBe(3);
  });

  it('a supplementary request follows a transmitted one, linked as its parent', async () => {
    const { id } = await transmitted();
    // A blank title is refused (leaving it out takes the parent's): nothing is created.
    const blank = await w.anna.client.post(`/api/requests/${id}/supplementary`, { title: '   ' });
    expect(blank.status).toBe(422);
    expect(blank.body.errors).toEqual([
      { path: 'body.title', message: expect.stringMatching(/at least one/) },
    ]);
    const r = await w.anna.client.post(`/api/requests/${id}/supplementary`, {
      title: ' Nordlicht: further accounts ',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const child = await lifecycleOf(w.anna, r.body.data.id);
    expect(child.data).toMatchObject({ state: 'draft', parentId: id, title: 'Nordlicht: further accounts' });
    // The draft commits with what goes with it (here the link to its parent) or not at all.
    const anna = actorFor(
      { id: w.anna.id, agencyId: w.anna.agencyId, roles: ['prosecutor'], clearance: 2 },
      'DE',
    );
    await expect(
      t.node.requests.create(anna, systemMeta, { kind: 'eio', title: 'Orphan draft' }, async () => {
        throw new Error('the link could not be written');
      }),
    ).rejects.toThrow('the link could not be written');
    const orphans = await t.node.database.db
      .selectFrom('mla_request')
      .select('id')
      .where('title', '=', 'Orphan draft')
      .execute();
    expect(orphans).toEqual([]);
  });

  it('translations: tracked per field; the EIO requires them (Art. 5(2)-(3)): transmission waits until they are done', async () => {
    const id = (await w.anna.client.post('/api/requests', nordlichtEio(w, { attachments: [] }))).body.data.id;
    await step(w.anna, id, { action: 'submit', expectedVersion: 1 });
    const tr = (await w.anna.client.get(`/api/requests/${id}/translations`)).body;
    expect(tr).toMatchObject({
      required: true,
      blocking: true,
      acceptedLanguages: ['fr'],
      citation: 'Dir. 2014/41/EU Art. 5(2)-(3)',
    });
    expect(tr.items.map((x: { fieldPath: string }) => x.fieldPath)).toEqual([
      'measures.0.details',
      'measures.1.details',
      'offences.0.legalClassification',
      'summaryOfFacts',
    ]);
    // Submitting opened them, audited with the change; listing them again changed nothing.
    const synced = await t.node.database.db
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'translation.sync')
      .where('object_id', '=', id)
      .execute();
    expect(synced.map((e) => [e.actor_user_id, JSON.parse(e.details)])).toEqual([
      [w.anna.id, { created: 4, obsoleted: 0, revived: 0, attached: 0 }],
    ]);
    await step(w.jonas, id, { action: 'approve', expectedVersion: 2 });
    await step(w.markus, id, { action: 'validate', expectedVersion: 3 });
    const blocked = await act(w.anna, id, { action: 'transmit', expectedVersion: 4 });
    expect(blocked.status).toBe(409);
    expect(blocked.body.detail).toMatch(/4 field\(s\) still need a translation into fr/);
    const first = tr.items[0];
    const patch = (body: Record<string, unknown>) =>
      w.anna.client.patch(`/api/translation-tasks/${first.id}`, { expectedVersion: first.version, ...body });
    // Required by the instrument: not waived; handed only to an officer of the drafting agency.
    const waived = await patch({ status: 'waived' });
    expect(waived.status).toBe(422);
    expect(waived.body.errors[0].path).toBe('body.status');
    const handed = await patch({ assigneeUserId: w.ines.id });
    expect(handed.status).toBe(422);
    expect(handed.body.errors[0].path).toBe('body.assigneeUserId');
    for (const task of tr.items) {
      const r = await w.anna.client.patch(`/api/translation-tasks/${task.id}`, {
        expectedVersion: task.version,
        status: 'done',
        note: 'Sworn translator Dupont, invoice 2026-118',
      });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
    const stale = await patch({ note: 'From an old screen' });
    expect(stale.status).toBe(409);
    expect(stale.body.current).toMatchObject({ id: first.id, version: first.version + 1, status: 'done' });
    expect((await step(w.anna, id, { action: 'transmit', expectedVersion: 4 })).data.state).toBe(
      'transmitted',
    );
    // Settled with what was sent; France sees the statuses, not Germany's notes.
    expect((await patch({ expectedVersion: first.version + 1, status: 'open' })).status).toBe(409);
    const theirs = (await w.ines.client.get(`/api/requests/${id}/translations`)).body.items;
    expect(theirs.map((x: { status: string; note: string | null }) => [x.status, x.note])).toEqual(
      tr.items.map(() => ['done', null]),
    );
  });

  it('translations only warn where the instrument does not make them a condition (US–EU agreement)', async () => {
    const us = await buildAgency(t.node, {
      jurisdiction: 'US',
      kind: 'central-authority',
      name: 'Office of International Affairs (test)',
    });
    const sta = w.agencies.deSta;
    const drafter = await buildUser(t.node, { agencyId: sta, roles: ['prosecutor'] });
    const chief = await buildUser(t.node, { agencyId: sta, roles: ['supervisor'] });
    const a = new TestClient(t.app, clock);
    const b = new TestClient(t.app, clock);
    await a.signInWithMfa(drafter.email);
    await b.signInWithMfa(chief.email);
    const id = (await a.post('/api/requests', buildMlaRequest({ language: 'de' }))).body.data.id;
    const po = { id: drafter.id, email: drafter.email, agencyId: sta, client: a, secret: '' };
    const su = { id: chief.id, email: chief.email, agencyId: sta, client: b, secret: '' };
    await step(po, id, { action: 'submit', expectedVersion: 1 });
    const approved = await step(su, id, { action: 'approve', expectedVersion: 2 });
    expect(approved.data.state).toBe('approved');
    const sent = await step(po, id, { action: 'transmit', expectedVersion: 3, recipientAgencyId: us.id });
    expect(sent.data.state).toBe('transmitted');
    expect(sent.warnings).toEqual([
      expect.objectContaining({ code: 'translation-missing', verified: false }),
    ]);
    // The recipient must be in the requested state.
    const other = (await a.post('/api/requests', buildMlaRequest())).body.data.id;
    await step(po, other, { action: 'submit', expectedVersion: 1 });
    await step(su, other, { action: 'approve', expectedVersion: 2 });
    const wrong = await act(po, other, {
      action: 'transmit',
      expectedVersion: 3,
      recipientAgencyId: w.agencies.frBec,
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors[0].path).toBe('body.recipientAgencyId');
  });
});
