import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemMeta } from '../../src/modules/access/actor.ts';
import { newId } from '../../src/platform/ids.ts';
import { evidenceWorld } from '../integration/evidence/evidence-world.ts';
import { buildUser } from '../support/factories.ts';
import { TestClient } from '../support/http-client.ts';
import { buildEioRequest } from '../support/request-factories.ts';
import { engineName } from '../support/test-database.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';

// What a write names — the request or case a thread or an evidence item is about, the agency an item
// is handed over to or a message forwarded to — is something there is and the writer may read. An id
// of another agency's file, or of nothing, is refused with a 422 naming the field (unknown and
// forbidden alike), and nothing is written.

describe(`references in writes, on ${engineName()}`, () => {
  let t: TestNode;
  let w: Awaited<ReturnType<typeof evidenceWorld>>;
  let a: TestClient;
  let b: TestClient;
  let requestOfB: string;
  let caseOfB: string;
  let caseOfA: string;

  const refused = (path: string) => ({
    code: 'validation-failed',
    errors: [expect.objectContaining({ path })],
  });
  const count = async (table: 'thread' | 'evidence_item' | 'permission_request') =>
    Number(
      (
        await t.node.database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    t = await startTestNode();
    w = await evidenceWorld(t.node);
    a = new TestClient(t.app);
    await a.signInWithMfa(w.users.ua.email);
    b = new TestClient(t.app);
    await b.signInWithMfa(w.users.ub.email);
    requestOfB = (await b.post('/api/requests', buildEioRequest())).body.data.id;
    caseOfB = (await b.post('/api/cases', { reference: 'B-1', title: 'Fraud', classification: 0 })).body.data
      .id;
    caseOfA = (await a.post('/api/cases', { reference: 'A-1', title: 'Fraud', classification: 0 })).body.data
      .id;
  });
  afterAll(() => t.close());

  it('a thread is about a request and a case its opener may read', async () => {
    const before = await count('thread');
    const open = (links: Record<string, string>) =>
      a.post('/api/threads', {
        subject: 'Re: your search',
        participants: [w.b.id],
        labels: { tlp: 'GREEN', handlingCode: 'H0' },
        ...links,
      });
    for (const [links, path] of [
      [{ requestId: requestOfB }, 'body.requestId'],
      [{ requestId: newId() }, 'body.requestId'],
      [{ caseId: caseOfB }, 'body.caseId'],
      [{ caseId: newId() }, 'body.caseId'],
    ] as const) {
      const r = await open(links);
      expect(r.status, JSON.stringify(links)).toBe(422);
      expect(r.body).toMatchObject(refused(path));
    }
    expect(await count('thread')).toBe(before);
    // B sees nothing of it under its request.
    expect((await b.get(`/api/threads?requestId=${requestOfB}`)).body.items).toEqual([]);
    expect((await open({ caseId: caseOfA })).status).toBe(201);
  });

  it('an evidence item is seized for a request, a case and tasks its author may read', async () => {
    const before = await count('evidence_item');
    let n = 0;
    const create = (links: Record<string, unknown>) =>
      a.post('/api/evidence', {
        exhibitNumber: `REF-${++n}`,
        description: 'Phone',
        source: 'Search of premises',
        labels: { tlp: 'GREEN', handlingCode: 'H0' },
        ...links,
      });
    for (const [links, path] of [
      [{ requestId: requestOfB }, 'body.requestId'],
      [{ caseId: newId() }, 'body.caseId'],
      [{ taskIds: [newId()] }, 'body.taskIds'],
    ] as const) {
      const r = await create(links);
      expect(r.status, JSON.stringify(links)).toBe(422);
      expect(r.body).toMatchObject(refused(path));
    }
    // A seizure that has passed, on a calendar date there is.
    // Spaces are no exhibit number.
    const blank = await create({ exhibitNumber: '   ' });
    expect(blank.status).toBe(422);
    expect(blank.body.errors[0].path).toBe('body.exhibitNumber');
    for (const seizedAt of ['2026-02-30T10:00:00Z', '2999-01-01T10:00:00Z', '   ', '12/01/2026 10:00']) {
      const r = await create({ seizedAt });
      expect(r.status, seizedAt).toBe(422);
      expect(r.body.errors[0].path).toBe('body.seizedAt');
    }
    expect(await count('evidence_item')).toBe(before);
    expect((await create({ caseId: caseOfA, seizedAt: '2026-11-20T09:30:00+01:00' })).status).toBe(201);
  });

  it('custody goes to an agency there is, not the holder, once per handover', async () => {
    const item = (await w.item({ tlp: 'GREEN', handlingCode: 'H0' })).id;
    const transfer = (toAgencyId: string) =>
      a.post(`/api/evidence/${item}/transfer`, { toAgencyId, authority: 'Order 12/2026' });
    for (const to of [newId(), w.a.id]) {
      const r = await transfer(to);
      expect(r.status).toBe(422);
      expect(r.body).toMatchObject(refused('body.toAgencyId'));
    }
    // A double click: one handover, the others told it awaits its acknowledgement.
    const clicks = await Promise.all([1, 2, 3, 4, 5].map(() => transfer(w.b.id)));
    expect(clicks.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409]);
    const chain = async () =>
      (
        await t.node.database.db
          .selectFrom('evidence_custody')
          .select('event')
          .where('item_id', '=', item)
          .execute()
      ).map((c) => c.event);
    expect(await chain()).toEqual(['created', 'transferred']);
    expect((await b.post(`/api/evidence/${item}/receive`)).status).toBe(204);
    // Acknowledged: a new handover to the same agency is a new one.
    expect((await transfer(w.b.id)).status).toBe(200);
    expect(await chain()).toEqual(['created', 'transferred', 'received', 'transferred']);
  });

  it('a message is asked to be forwarded to an agency there is', async () => {
    const thread = await t.node.messaging.createThread(w.actors.a, systemMeta, {
      subject: 'A-B',
      participants: [w.b.id],
      labels: { tlp: 'GREEN', handlingCode: 'H2' },
    });
    const m = await t.node.messaging.post({ actor: w.actors.a, meta: systemMeta }, thread.id, {
      kind: 'text',
      body: 'For B only',
    });
    const before = await count('permission_request');
    const r = await b.post('/api/permission-requests', {
      kind: 'forward',
      objectType: 'message',
      objectId: m.id,
      targetAgencyId: newId(),
      reason: 'For the prosecutor',
    });
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject(refused('body.targetAgencyId'));
    expect(await count('permission_request')).toBe(before);
  });

  it('an account moves to a unit there is; nobody changes their own clearance', async () => {
    const admin = await buildUser(t.node, { agencyId: w.a.id, roles: ['administrator'] });
    const c = new TestClient(t.app);
    await c.signInWithMfa(admin.email);
    const moved = await c.patch(`/api/users/${w.users.ua.id}`, { unitId: newId() });
    expect(moved.status).toBe(422);
    expect(moved.body).toMatchObject(refused('body.unitId'));
    const raised = await c.patch(`/api/users/${admin.id}`, { clearance: 4 });
    expect(raised.status).toBe(403);
    expect((await c.get(`/api/users/${admin.id}`)).body.data.clearance).toBe(2);
  });

  it('an API token carries only scopes the roles reach', async () => {
    const r = await a.post('/api/tokens', { name: 'script', scopes: ['read', 'admin'], expiresInDays: 1 });
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject(refused('body.scopes.1'));
    expect(
      (await a.post('/api/tokens', { name: 'script', scopes: ['read', 'write'], expiresInDays: 1 })).status,
    ).toBe(201);
  });
});
