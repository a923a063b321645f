import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemMeta } from '../../src/modules/access/actor.ts';
import type { MessagingService } from '../../src/modules/messaging/messaging.service.ts';
import { evidenceWorld } from '../integration/evidence/evidence-world.ts';
import { TestClient } from '../support/http-client.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';

describe('messaging with enforced handling codes', () => {
  let t: TestNode;
  let w: Awaited<ReturnType<typeof evidenceWorld>>;
  let msg: MessagingService;
  let ab: string;
  let abc: string;
  let bc: string;
  let caseId: string;
  const as = (k: 'a' | 'b' | 'c') => ({ actor: w.actors[k], meta: systemMeta });

  beforeAll(async () => {
    t = await startTestNode();
    w = await evidenceWorld(t.node);
    msg = t.node.messaging;
    caseId = (
      await t.node.cases.create(w.actors.a, systemMeta, {
        reference: 'C-1',
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
    abc = await thread('a', [w.b.id, w.c.id], 'A-B-C');
    bc = await thread('b', [w.c.id], 'B-C');
  });
  afterAll(() => t.close());

  it('participants read a thread; other agencies get 404 over HTTP', async () => {
    await msg.post(as('a'), ab, { kind: 'text', body: 'Hello B' });
    expect((await msg.messages(w.actors.b, systemMeta, ab)).items.map((m) => m.body)).toContain('Hello B');
    const c = new TestClient(t.app);
    await c.signInWithMfa(w.users.uc.email);
    expect((await c.get(`/api/threads/${ab}/messages`)).status).toBe(404);
    const list = await c.get('/api/threads');
    expect(list.status).toBe(200);
    expect(list.body.items.map((x: { data: { id: string } }) => x.data.id)).not.toContain(ab);
    expect(list.body.items[0].labels.tlp).toBe('GREEN');
  });

  it('TLP:RED is confined to its named recipients: withheld, unsearchable, not forwardable', async () => {
    const red = await msg.post(as('a'), abc, {
      kind: 'text',
      body: 'Informant codename Vulpecula',
      labels: { tlp: 'RED', handlingCode: 'H0', recipients: [w.b.id] },
    });
    expect((await msg.messages(w.actors.b, systemMeta, abc)).items.map((m) => m.id)).toContain(red.id);
    const forC = await msg.messages(w.actors.c, systemMeta, abc);
    expect(forC.items.map((m) => m.id)).not.toContain(red.id);
    expect(forC.withheld).toBe(1);
    expect(await msg.search(w.actors.c, systemMeta, 'vulpecula')).toEqual([]);
    expect((await msg.search(w.actors.b, systemMeta, 'vulpecula')).map((m) => m.id)).toEqual([red.id]);
    await expect(msg.forward(as('b'), red.id, { threadId: bc })).rejects.toMatchObject({
      status: 403,
      errors: [{ path: 'tlp-confined' }],
    });
  });

  it('AMBER is not forwarded to an agency not named', async () => {
    const m = await msg.post(as('a'), ab, {
      kind: 'text',
      body: 'amber note',
      labels: { tlp: 'AMBER', handlingCode: 'H0' },
    });
    await expect(msg.forward(as('b'), m.id, { threadId: bc })).rejects.toMatchObject({
      errors: [{ path: 'tlp-amber' }],
    });
  });

  it('H0 and H1 forward; H3 only with the restriction acknowledged', async () => {
    for (const handlingCode of ['H0', 'H1'] as const) {
      const m = await msg.post(as('a'), ab, {
        kind: 'text',
        body: `green ${handlingCode}`,
        labels: { tlp: 'GREEN', handlingCode },
      });
      await expect(msg.forward(as('b'), m.id, { threadId: bc })).resolves.toMatchObject({
        status: 'forwarded',
      });
    }
    const h3 = await msg.post(as('a'), ab, {
      kind: 'text',
      body: 'h3',
      labels: { tlp: 'GREEN', handlingCode: 'H3', handlingText: 'No contact with the bank' },
    });
    await expect(msg.forward(as('b'), h3.id, { threadId: bc })).rejects.toMatchObject({
      errors: [{ path: 'h3-restriction' }],
    });
    await expect(
      msg.forward(as('b'), h3.id, { threadId: bc, acknowledgeRestriction: true }),
    ).resolves.toMatchObject({ status: 'forwarded' });
  });

  it('H2: forwarding files a permission request; once granted, the forward goes through', async () => {
    const m = await msg.post(as('a'), ab, {
      kind: 'text',
      body: 'h2 intelligence',
      labels: { tlp: 'GREEN', handlingCode: 'H2' },
    });
    const first = await msg.forward(as('b'), m.id, { threadId: bc });
    expect(first.status).toBe('permission-requested');
    const prId = first.status === 'permission-requested' ? first.permissionRequest.id : '';
    expect((await msg.messages(w.actors.c, systemMeta, bc)).items.map((x) => x.body)).not.toContain(
      'h2 intelligence',
    );
    // only the originator decides
    await expect(msg.permissions.decide(w.actors.b, systemMeta, prId, 'granted')).rejects.toMatchObject({
      status: 404,
    });
    const a = new TestClient(t.app);
    await a.signInWithMfa(w.users.ua.email);
    const pending = await a.get('/api/permission-requests');
    expect(pending.body.items.map((p: { id: string }) => p.id)).toContain(prId);
    expect((await a.post(`/api/permission-requests/${prId}/grant`, { note: 'ok for C' })).body.status).toBe(
      'granted',
    );
    const second = await msg.forward(as('b'), m.id, { threadId: bc });
    expect(second.status).toBe('forwarded');
    expect((await msg.messages(w.actors.c, systemMeta, bc)).items.map((x) => x.body)).toContain(
      'h2 intelligence',
    );
  });

  it('edits are revisions, never silent; search follows the latest text; read receipts', async () => {
    const m = await msg.post(as('a'), ab, { kind: 'eio-annex-c', body: 'Meeting in Łódź on Monday' });
    expect(m.kind).toBe('eio-annex-c');
    expect((await msg.search(w.actors.b, systemMeta, 'lodz')).map((x) => x.id)).toContain(m.id);
    await expect(msg.edit(as('b'), m.id, 'tampered')).rejects.toMatchObject({ status: 403 });
    const edited = await msg.edit(as('a'), m.id, 'Meeting in Kraków on Tuesday');
    expect(edited.revision).toBe(2);
    expect((await msg.revisions(w.actors.b, systemMeta, m.id)).map((r) => r.body)).toEqual([
      'Meeting in Łódź on Monday',
    ]);
    expect((await msg.search(w.actors.b, systemMeta, 'krakow tues')).map((x) => x.id)).toEqual([m.id]);
    expect(await msg.search(w.actors.b, systemMeta, 'lodz')).toEqual([]);
    await msg.markRead(as('b'), m.id);
    const read = (await msg.messages(w.actors.a, systemMeta, ab)).items.find((x) => x.id === m.id)!;
    expect(read.readBy.map((r) => r.userId)).toEqual([w.users.ub.id]);
    const b = new TestClient(t.app);
    await b.signInWithMfa(w.users.ub.email);
    const r = await b.get(`/api/messages/search?q=${encodeURIComponent('KRAKÓW')}`);
    expect(r.status).toBe(200);
    expect(r.body.items[0].labels.tlp).toBe('GREEN');
  });

  it('a court package includes an H1 item once judicial permission is granted', async () => {
    const h1 = await w.item(
      { tlp: 'GREEN', handlingCode: 'H1', recipients: [w.b.id] },
      {},
      Buffer.from('h1 file'),
    );
    const court = { itemIds: [h1.id], purpose: 'court' as const };
    await expect(t.node.evidence.export(as('b'), court)).rejects.toMatchObject({ status: 403 });
    const pr = await msg.permissions.request(
      w.actors.b,
      systemMeta,
      { kind: 'judicial', objectType: 'evidence', objectId: h1.id, reason: 'Trial' },
      h1.labels,
    );
    await msg.permissions.decide(w.actors.a, systemMeta, pr.id, 'granted');
    const out = await t.node.evidence.export(as('b'), court);
    expect(out.included).toEqual([h1.id]);
  });

  it('attaching evidence to a thread respects its labels', async () => {
    const red = await w.item({ tlp: 'RED', handlingCode: 'H0', recipients: [w.b.id] });
    await expect(
      msg.post(as('a'), abc, { kind: 'text', body: 'see exhibit', attachments: [red.id] }),
    ).rejects.toMatchObject({ status: 403 });
    await expect(
      msg.post(as('a'), ab, { kind: 'text', body: 'see exhibit', attachments: [red.id] }),
    ).resolves.toMatchObject({ attachments: [red.id] });
  });
});
