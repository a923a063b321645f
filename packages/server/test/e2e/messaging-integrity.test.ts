import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemMeta } from '../../src/modules/access/actor.ts';
import type { MessagingService } from '../../src/modules/messaging/messaging.service.ts';
import { evidenceWorld } from '../integration/evidence/evidence-world.ts';
import { TestClient } from '../support/http-client.ts';
import { engineName } from '../support/test-database.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';

// Message edits never write a stale revision (concurrent edits: one wins, the other gets 409 with
// the current message, or they apply one after the other); reading earlier revisions and writing
// read receipts are audited; read-only API tokens cannot write receipts or file permission
// requests; forward answers are described by response schemas.

describe(`messaging integrity on ${engineName()}`, () => {
  let t: TestNode;
  let w: Awaited<ReturnType<typeof evidenceWorld>>;
  let msg: MessagingService;
  let ab: string;
  let bc: string;
  let a: TestClient;
  let b: TestClient;
  const as = (k: 'a' | 'b' | 'c') => ({ actor: w.actors[k], meta: systemMeta });
  const auditOf = (objectId: string, action: string) =>
    t.node.database.db
      .selectFrom('audit_event')
      .select(['action', 'outcome', 'actor_user_id', 'details'])
      .where('object_id', '=', objectId)
      .where('action', '=', action)
      .orderBy('seq')
      .execute();
  const stored = async (id: string) => ({
    message: await t.node.database.db
      .selectFrom('message')
      .select(['body', 'revision'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow(),
    revisions: await t.node.database.db
      .selectFrom('message_revision')
      .select(['revision', 'body'])
      .where('message_id', '=', id)
      .orderBy('revision')
      .execute(),
  });

  beforeAll(async () => {
    t = await startTestNode();
    w = await evidenceWorld(t.node);
    msg = t.node.messaging;
    const caseId = (
      await t.node.cases.create(w.actors.a, systemMeta, {
        reference: 'C-2',
        title: 'Fraud',
        classification: 0,
      })
    ).data.id;
    const thread = async (k: 'a' | 'b', participants: string[], subject: string) =>
      (
        await msg.createThread(w.actors[k], systemMeta, {
          subject,
          // A thread is about a case its opener may read: A's case, for A's threads.
          ...(k === 'a' ? { caseId } : {}),
          participants,
          labels: { tlp: 'GREEN', handlingCode: 'H0' },
        })
      ).id;
    ab = await thread('a', [w.b.id], 'A-B');
    bc = await thread('b', [w.c.id], 'B-C');
    a = new TestClient(t.app);
    await a.signInWithMfa(w.users.ua.email);
    b = new TestClient(t.app);
    await b.signInWithMfa(w.users.ub.email);
  });
  afterAll(() => t.close());

  it('two concurrent edits never leave a stale revision: each success is a distinct revision', async () => {
    const m = await msg.post(as('a'), ab, { kind: 'text', body: 'original' });
    const results = await Promise.allSettled([
      msg.edit(as('a'), m.id, 'first edit'),
      msg.edit(as('a'), m.id, 'second edit'),
    ]);
    const won = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const lost = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    for (const e of lost) expect(e).toMatchObject({ status: 409, code: 'conflict' });
    expect(won.length).toBeGreaterThanOrEqual(1);
    // Every answered edit is a distinct revision, and the message is at the last of them.
    const answered = won.map((x) => x.revision).sort();
    expect(answered).toEqual(won.map((_, i) => i + 2));
    const s = await stored(m.id);
    const last = won.find((x) => x.revision === s.message.revision);
    expect(s.message.revision).toBe(1 + won.length);
    expect(s.message.body).toBe(last?.body);
    // History: one row per applied edit, each holding the body it replaced.
    expect(s.revisions.map((r) => r.revision)).toEqual(won.map((_, i) => i + 1));
    expect(s.revisions[0]?.body).toBe('original');
    const edits = (await auditOf(m.id, 'message.edit')).filter((e) => e.outcome === 'success');
    expect(edits).toHaveLength(won.length);
  });

  it('an edit from an older revision answers 409 problem+json with the current message; nothing written', async () => {
    const m = await msg.post(as('a'), ab, { kind: 'text', body: 'version one' });
    const ok = await a.patch(`/api/messages/${m.id}`, { body: 'version two', expectedRevision: 1 });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.data).toMatchObject({ revision: 2, body: 'version two' });

    const stale = await a.patch(`/api/messages/${m.id}`, { body: 'from an old tab', expectedRevision: 1 });
    expect(stale.status).toBe(409);
    expect(String(stale.headers['content-type'])).toContain('application/problem+json');
    expect(stale.body).toMatchObject({
      code: 'conflict',
      current: { data: { id: m.id, revision: 2, body: 'version two' }, labels: { tlp: 'GREEN' } },
    });
    const s = await stored(m.id);
    expect(s.message).toEqual({ body: 'version two', revision: 2 });
    expect(s.revisions.map((r) => r.body)).toEqual(['version one']);
    const audit = await auditOf(m.id, 'message.edit');
    expect(audit.map((e) => e.outcome)).toEqual(['success', 'failure']);
    expect(JSON.parse(audit[1]!.details)).toMatchObject({ reason: 'stale-revision', currentRevision: 2 });
    // Without expectedRevision the edit applies to the latest revision.
    const plain = await a.patch(`/api/messages/${m.id}`, { body: 'version three' });
    expect(plain.body.data.revision).toBe(3);
  });

  it('reading earlier revisions is audited; read receipts are written with their audit event', async () => {
    const m = await msg.post(as('a'), ab, { kind: 'text', body: 'IBAN FR76 3000 6000 0112' });
    await msg.edit(as('a'), m.id, 'IBAN redacted');
    const revs = await b.get(`/api/messages/${m.id}/revisions`);
    expect(revs.status).toBe(200);
    expect(revs.body.items.map((r: { body: string }) => r.body)).toEqual(['IBAN FR76 3000 6000 0112']);
    const read = await auditOf(m.id, 'message.revisions');
    expect(read).toHaveLength(1);
    expect(read[0]).toMatchObject({ outcome: 'success', actor_user_id: w.users.ub.id });

    const receipt = await b.post(`/api/messages/${m.id}/read`);
    expect(receipt.status).toBe(204);
    await b.post(`/api/messages/${m.id}/read`);
    const receipts = await t.node.database.db
      .selectFrom('message_read')
      .selectAll()
      .where('message_id', '=', m.id)
      .execute();
    expect(receipts.map((r) => r.user_id)).toEqual([w.users.ub.id]);
    const events = await auditOf(m.id, 'message.read-receipt');
    expect(events.map((e) => JSON.parse(e.details).recorded)).toEqual([true, false]);
    expect(events.every((e) => e.actor_user_id === w.users.ub.id)).toBe(true);
  });

  it('a read-only token reads messages but writes no read receipt and files no permission request', async () => {
    const m = await msg.post(as('a'), ab, {
      kind: 'text',
      body: 'h2 note',
      labels: { tlp: 'GREEN', handlingCode: 'H2' },
    });
    const created = await b.post('/api/tokens', { name: 'reader', scopes: ['read'], expiresInDays: 1 });
    expect(created.status).toBe(201);
    const bot = new TestClient(t.app);
    bot.bearer = created.body.token;
    expect((await bot.get(`/api/threads/${ab}/messages`)).status).toBe(200);
    expect((await bot.get(`/api/messages/${m.id}/revisions`)).status).toBe(200);

    const receipt = await bot.post(`/api/messages/${m.id}/read`);
    expect(receipt.status).toBe(403);
    expect(receipt.body.code).toBe('forbidden');
    const pr = await bot.post('/api/permission-requests', {
      kind: 'forward',
      objectType: 'message',
      objectId: m.id,
      targetAgencyId: w.c.id,
      reason: 'Scripted',
    });
    expect(pr.status).toBe(403);
    expect(
      await t.node.database.db
        .selectFrom('message_read')
        .select('user_id')
        .where('message_id', '=', m.id)
        .execute(),
    ).toEqual([]);
    expect(
      await t.node.database.db
        .selectFrom('permission_request')
        .select('id')
        .where('object_id', '=', m.id)
        .execute(),
    ).toEqual([]);

    // A session (or a write-scoped token) still may.
    expect((await b.post(`/api/messages/${m.id}/read`)).status).toBe(204);
  });

  it('forward answers are documented and validated: 201 forwarded, 202 permission requested', async () => {
    const doc = (await a.get('/api/openapi.json')).body;
    const forward = doc.paths['/api/messages/{id}/forward'].post;
    expect(Object.keys(forward.responses)).toEqual(expect.arrayContaining(['201', '202']));
    expect(JSON.stringify(forward.responses['201'])).toContain('forwarded');
    expect(JSON.stringify(forward.responses['202'])).toContain('permissionRequest');
    const edit = doc.paths['/api/messages/{id}'].patch;
    expect(Object.keys(edit.responses)).toEqual(expect.arrayContaining(['200', '409']));

    const green = await msg.post(as('a'), ab, { kind: 'text', body: 'green note' });
    const fwd = await b.post(`/api/messages/${green.id}/forward`, { threadId: bc });
    expect(fwd.status, JSON.stringify(fwd.body)).toBe(201);
    expect(fwd.body).toMatchObject({ status: 'forwarded', message: { data: { body: 'green note' } } });
    const h2 = await msg.post(as('a'), ab, {
      kind: 'text',
      body: 'h2 intel',
      labels: { tlp: 'GREEN', handlingCode: 'H2' },
    });
    const asked = await b.post(`/api/messages/${h2.id}/forward`, { threadId: bc });
    expect(asked.status, JSON.stringify(asked.body)).toBe(202);
    expect(asked.body).toMatchObject({
      status: 'permission-requested',
      permissionRequest: { objectId: h2.id, status: 'pending' },
    });
  });
});
