import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAgency, buildUser } from '../support/factories.ts';
import { TestClient } from '../support/http-client.ts';
import { buildEioRequest } from '../support/request-factories.ts';
import { engineName } from '../support/test-database.ts';
import { type FederatedTestNode, partner, startFederatedNode, waitFor } from './support.ts';

/**
 * A message thread about a request, between the requesting agency in Germany (DE node) and the
 * French central authority (FR node): opened and written on either node as between two agencies of
 * one node, each message signed and encrypted to the other node in the transaction of its post,
 * shown there as its labels allow; what the labels confine to this node never leaves it.
 */
describe(`message threads shared with a partner node, on ${engineName()}`, () => {
  let de: FederatedTestNode;
  let fr: FederatedTestNode;
  let anna: TestClient;
  let jonas: TestClient;
  let ines: TestClient;
  let outsider: TestClient;
  let sta: string;
  let requestId: string;
  let threadId: string;

  const signedIn = async (
    node: FederatedTestNode,
    agencyId: string,
    role: 'prosecutor' | 'supervisor' | 'central-authority-caseworker' | 'investigator',
  ) => {
    const u = await buildUser(node.node, { agencyId, roles: [role], clearance: 2 });
    const c = new TestClient(node.app);
    await c.signInWithMfa(u.email);
    return c;
  };
  const bodies = async (c: TestClient, thread: string) => {
    const r = await c.get(`/api/threads/${thread}/messages`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return (r.body.items as { data: { body: string } }[]).map((m) => m.data.body);
  };
  const step = async (c: TestClient, id: string, action: string) => {
    const life = (await c.get(`/api/requests/${id}/lifecycle`)).body;
    const r = await c.post(`/api/requests/${id}/transitions`, { action, expectedVersion: life.data.version });
    expect(r.status, `${action}: ${JSON.stringify(r.body)}`).toBe(200);
  };

  beforeAll(async () => {
    de = await startFederatedNode('Comity DE', { jurisdiction: 'DE' });
    fr = await startFederatedNode('Comity FR', { jurisdiction: 'FR' });
    sta = (await buildAgency(de.node, { jurisdiction: 'DE', kind: 'prosecution', name: 'StA Köln' })).id;
    const other = await buildAgency(fr.node, { jurisdiction: 'FR', kind: 'police', name: 'PJ Lyon' });
    await partner(de, fr);
    await partner(fr, de);
    anna = await signedIn(de, sta, 'prosecutor');
    jonas = await signedIn(de, sta, 'supervisor');
    ines = await signedIn(fr, fr.agencyId, 'central-authority-caseworker');
    outsider = await signedIn(fr, other.id, 'investigator');
    const created = await anna.post(
      '/api/requests',
      buildEioRequest({ requestedAuthority: { name: 'FR central authority', agencyId: fr.agencyId } }),
    );
    requestId = created.body.data.id;
    await step(anna, requestId, 'submit');
    await step(jonas, requestId, 'approve');
    await step(anna, requestId, 'transmit');
    await waitFor(
      'received on FR',
      async () => (await ines.get(`/api/requests/${requestId}/lifecycle`)).status === 200,
    );
  });
  afterAll(async () => {
    await de?.close();
    await fr?.close();
  });

  it('a thread opened on one node about the request reaches the partner agency, and its reply comes back', async () => {
    const opened = await anna.post('/api/threads', {
      subject: 'Bank records: which accounts?',
      requestId,
      participants: [fr.agencyId],
      labels: { tlp: 'AMBER', handlingCode: 'H0' },
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    threadId = opened.body.data.id;
    const posted = await anna.post(`/api/threads/${threadId}/messages`, {
      kind: 'text',
      body: 'Both accounts at Banque Lumière, 2025–2026.',
    });
    expect(posted.status, JSON.stringify(posted.body)).toBe(201);
    // On FR: the thread, about the request received there, with the message as written.
    await waitFor(
      'the message on FR',
      async () => (await ines.get(`/api/threads/${threadId}/messages`)).status === 200,
    );
    expect(await bodies(ines, threadId)).toEqual(['Both accounts at Banque Lumière, 2025–2026.']);
    const listed = (await ines.get(`/api/threads?requestId=${requestId}`)).body.items as {
      data: { id: string; subject: string };
    }[];
    expect(listed.map((t) => [t.data.id, t.data.subject])).toEqual([
      [threadId, 'Bank records: which accounts?'],
    ]);
    // An agency of FR that is no participant sees nothing of it.
    expect((await outsider.get(`/api/threads/${threadId}/messages`)).status).toBe(404);
    // The reply, written on FR, comes back to DE.
    const reply = await ines.post(`/api/threads/${threadId}/messages`, {
      kind: 'text',
      body: 'Received, thank you.',
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    await waitFor('the reply on DE', async () => (await bodies(anna, threadId)).length === 2);
    expect(await bodies(anna, threadId)).toEqual([
      'Both accounts at Banque Lumière, 2025–2026.',
      'Received, thank you.',
    ]);
    // Each side audited what it sent and what it received.
    const actions = async (n: FederatedTestNode) =>
      (
        await n.node.database.db
          .selectFrom('audit_event')
          .select('action')
          .where('action', 'in', ['message.post', 'message.receive'])
          .execute()
      ).map((r) => r.action);
    expect((await actions(de)).sort()).toEqual(['message.post', 'message.receive']);
    expect((await actions(fr)).sort()).toEqual(['message.post', 'message.receive']);
  });

  it('what the labels keep on this node stays here; evidence and edits do not cross in a message', async () => {
    // TLP:RED named for no agency of FR: for the originator's own eyes, never sent.
    const red = await anna.post(`/api/threads/${threadId}/messages`, {
      kind: 'text',
      body: 'Informant codename Vulpecula',
      labels: { tlp: 'RED', handlingCode: 'H0', recipients: [] },
    });
    expect(red.status, JSON.stringify(red.body)).toBe(201);
    const after = await anna.post(`/api/threads/${threadId}/messages`, {
      kind: 'text',
      body: 'Next step: hearing.',
    });
    expect(after.status).toBe(201);
    await waitFor('the later message on FR', async () =>
      (await bodies(ines, threadId)).includes('Next step: hearing.'),
    );
    expect(await bodies(ines, threadId)).not.toContain('Informant codename Vulpecula');
    const envelopes = await de.node.database.db
      .selectFrom('federation_outbox')
      .select('idempotency_key')
      .where('idempotency_key', '=', `thread-message:${red.body.data.id}`)
      .execute();
    expect(envelopes).toEqual([]);
    // Attachments name evidence of this node; a sent message stays as sent.
    const attached = await anna.post(`/api/threads/${threadId}/messages`, {
      kind: 'text',
      body: 'See the phone dump.',
      attachments: ['01a2300f-0000-7000-8000-000000000001'],
    });
    expect(attached.status).toBe(422);
    expect(attached.body.errors[0].path).toBe('body.attachments');
    const edit = await anna.patch(`/api/messages/${after.body.data.id}`, {
      body: 'Next step: two hearings.',
    });
    expect(edit.status).toBe(409);
  });

  it('an unknown agency is still refused as a participant', async () => {
    const r = await anna.post('/api/threads', {
      subject: 'Nobody',
      requestId,
      participants: ['01a2300f-0000-7000-8000-00000000beef'],
      labels: { tlp: 'GREEN', handlingCode: 'H0' },
    });
    expect(r.status).toBe(422);
    expect(r.body.errors[0].path, JSON.stringify(r.body)).toBe('body.participants.1');
  });
});
