import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/platform/db/unit-of-work.ts';
import { buildUser } from '../support/factories.ts';
import { TestClient } from '../support/http-client.ts';
import { engineName } from '../support/test-database.ts';
import { type FederatedTestNode, partner, startFederatedNode, waitFor } from './support.ts';

const FLAKY = 'test.flaky';

/**
 * The operations API beyond the status page (docs/federation.md §15): envelope listings in and
 * out with filters and pages, failed incoming envelopes offered for Retry, the node's keys and
 * their rotation, removing a partner added by mistake. Two real nodes over HTTP.
 */
describe(`federation operations API on ${engineName()}`, () => {
  let de: FederatedTestNode;
  let fr: FederatedTestNode;
  let frOnDe: string;
  let deOnFr: string;
  let reader: TestClient;
  let broken = true;

  beforeAll(async () => {
    de = await startFederatedNode('Comity DE', { jurisdiction: 'DE' });
    fr = await startFederatedNode('Comity FR', { jurisdiction: 'FR' });
    // A handler that fails until the test "fixes" it: its envelopes end up failed on FR.
    fr.node.federation.onEnvelope(FLAKY, async () => {
      if (broken) throw new Error('handler not ready');
      return undefined;
    });
    frOnDe = await partner(de, fr);
    deOnFr = await partner(fr, de);
    const auditor = await buildUser(de.node, { agencyId: de.agencyId, roles: ['investigator'] });
    reader = new TestClient(de.app);
    await reader.signInWithMfa(auditor.email);
  });
  afterAll(async () => {
    await de?.close();
    await fr?.close();
  });

  const list = (n: FederatedTestNode, query: string) => n.admin.get(`/api/federation/envelopes?${query}`);
  const audits = (n: FederatedTestNode, action: string) =>
    n.node.database.db.selectFrom('audit_event').selectAll().where('action', '=', action).execute();

  it('lists outgoing and incoming envelopes newest first, in pages, without payloads', async () => {
    const sent = await de.admin.post(`/api/federation/partners/${frOnDe}/ping`, {
      count: 5,
      text: 'Bonjour',
    });
    expect(sent.status).toBe(202);
    const ids: string[] = sent.body.envelopeIds;
    await waitFor('delivered', async () => {
      const r = await list(de, `direction=out&status=delivered&partner=${fr.node.nodeId}&type=ping`);
      return r.body.items.length >= 5;
    });
    const out = await list(de, `direction=out&partner=${fr.node.nodeId}&type=ping&limit=2`);
    expect(out.status).toBe(200);
    expect(out.body.items.map((e: { id: string }) => e.id)).toEqual([ids[4], ids[3]]);
    expect(out.body.items[0]).toMatchObject({
      direction: 'out',
      type: 'ping',
      partnerNodeId: fr.node.nodeId,
      conversationId: sent.body.conversationId,
      sequence: 5,
      status: 'delivered',
      attempts: 1,
      nextAttemptAt: null,
      lastError: null,
    });
    expect(JSON.stringify(out.body)).not.toContain('Bonjour');
    expect(Object.keys(out.body.items[0])).not.toContain('envelope');
    expect(Object.keys(out.body.items[0])).not.toContain('payload');
    // Follow the cursor to the end: every envelope once, in order.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await list(
        de,
        `direction=out&type=ping&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...page.body.items.map((e) => e.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
    // The receiver's side, with the receipts it issued.
    const inbox = await waitFor('processed on FR', async () => {
      const r = await list(fr, `direction=in&status=processed&partner=${de.node.nodeId}&type=ping`);
      return r.body.items.length >= 5 && r.body.items;
    });
    expect(inbox.map((e: { id: string }) => e.id).sort()).toEqual([...ids].sort());
    expect(inbox[0]).toMatchObject({ direction: 'in', status: 'processed', partnerNodeId: de.node.nodeId });
    expect(inbox[0].receipts.some((r: { direction: string }) => r.direction === 'issued')).toBe(true);
    // The reads are audited, with filters and counts but no payload.
    const read = await audits(de, 'federation.envelope.list');
    expect(read.length).toBeGreaterThan(0);
    expect(JSON.parse(read.at(-1)?.details ?? '{}')).toMatchObject({ direction: 'out', type: 'ping' });
    // So are the dashboard, the partners and one envelope.
    expect((await de.admin.get('/api/federation/status')).status).toBe(200);
    const partners = (await de.admin.get('/api/federation/partners')).body.items;
    expect((await de.admin.get(`/api/federation/partners/${partners[0].data.id}`)).status).toBe(200);
    expect((await fr.admin.get(`/api/federation/envelopes/${inbox[0].id}`)).status).toBe(200);
    await de.node.audit.flush();
    await fr.node.audit.flush();
    expect((await audits(de, 'federation.status.read')).length).toBeGreaterThan(0);
    expect((await audits(de, 'federation.partner.list')).length).toBeGreaterThan(0);
    expect((await audits(de, 'federation.partner.read')).map((a) => a.object_id)).toContain(
      partners[0].data.id,
    );
    expect((await audits(fr, 'federation.envelope.read')).map((a) => a.object_id)).toContain(inbox[0].id);
  });

  it('documents the new routes in the OpenAPI description', async () => {
    const doc = (await de.admin.get('/api/openapi.json')).body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/federation/envelopes',
        '/api/federation/keys',
        '/api/federation/keys/rotate',
      ]),
    );
    const params = doc.paths['/api/federation/envelopes'].get.parameters.map((p: { name: string }) => p.name);
    expect(params).toEqual(
      expect.arrayContaining(['direction', 'partner', 'status', 'type', 'limit', 'cursor']),
    );
    expect(doc.paths['/api/federation/partners/{id}'].delete).toBeDefined();
  });

  it('refuses bad filters and cursors with problem+json, and needs federation.read', async () => {
    for (const q of [
      'direction=sideways',
      'direction=in&status=delivered',
      'direction=out&status=stored',
      'direction=out&limit=0',
      'direction=out&limit=201',
      'direction=out&cursor=bm90LWEtY3Vyc29y',
      'direction=out&payload=1',
      'status=failed',
    ]) {
      const r = await list(de, q);
      expect(r.status, q).toBe(422);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(r.body.code).toBe('validation-failed');
    }
    const forbidden = await reader.get('/api/federation/envelopes?direction=out');
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers['content-type']).toContain('application/problem+json');
  });

  it('lists a failed incoming envelope so it can be retried, then processes it', async () => {
    const queued = await inTransaction(de.node.database, (uow) =>
      de.node.federation.enqueue(uow, {
        recipientNode: fr.node.nodeId,
        type: FLAKY,
        conversationId: 'flaky-1',
        payload: { n: 1 },
        labels: { tlp: 'TLP:CLEAR' },
        idempotencyKey: 'flaky:1',
      }),
    );
    const id = queued.envelopeId;
    await waitFor('first failed attempt on FR', async () => {
      const row = await fr.node.database.db
        .selectFrom('federation_inbox')
        .select(['attempts', 'status'])
        .where('id', '=', id)
        .executeTakeFirst();
      return row && row.attempts >= 1;
    });
    const stored = await list(fr, `direction=in&status=stored&type=${FLAKY}`);
    expect(stored.body.items.map((e: { id: string }) => e.id)).toEqual([id]);
    expect(stored.body.items[0].lastError).toContain('handler not ready');
    // Skip the backoff: the next attempt is the last one (10 attempts), and fails.
    await fr.node.database.db
      .updateTable('federation_inbox')
      .set({ attempts: 9, next_attempt_at: new Date().toISOString() })
      .where('id', '=', id)
      .execute();
    fr.node.federation.processor.wake();
    const failed = await waitFor('failed on FR', async () => {
      const r = await list(fr, `direction=in&status=failed&partner=${de.node.nodeId}`);
      return r.body.items.find((e: { id: string }) => e.id === id);
    });
    expect(failed).toMatchObject({ status: 'failed', attempts: 10, type: FLAKY, nextAttemptAt: null });
    broken = false;
    const retried = await fr.admin.post(`/api/federation/deliveries/${id}/retry`);
    expect(retried.status).toBe(200);
    await waitFor('processed after retry', async () => {
      const r = await list(fr, `direction=in&status=processed&type=${FLAKY}`);
      return r.body.items.some((e: { id: string }) => e.id === id);
    });
    expect((await list(fr, `direction=in&status=failed&type=${FLAKY}`)).body.items).toEqual([]);
  });

  it('lists outgoing envelopes by queued, retrying and failed state', async () => {
    await fr.admin.post(`/api/federation/partners/${deOnFr}/suspend`);
    const sent = await de.admin.post(`/api/federation/partners/${frOnDe}/ping`, { count: 1 });
    const id = sent.body.envelopeIds[0];
    const failed = await waitFor('refused for good', async () => {
      const r = await list(de, `direction=out&status=failed&partner=${fr.node.nodeId}`);
      return r.body.items.find((e: { id: string }) => e.id === id);
    });
    expect(failed).toMatchObject({ lastStatus: 403, status: 'failed' });
    expect(failed.lastError).toContain('federation-partner-suspended');
    await fr.admin.post(`/api/federation/partners/${deOnFr}/resume`);
    // A pending envelope, once with a failed attempt behind it: `retrying`; never tried: `queued`.
    await de.node.database.db
      .updateTable('federation_outbox')
      .set({
        status: 'pending',
        attempts: 2,
        next_attempt_at: '2999-01-01T00:00:00.000Z',
        completed_at: null,
      })
      .where('id', '=', id)
      .execute();
    const retrying = await list(de, 'direction=out&status=retrying');
    expect(retrying.body.items.map((e: { id: string }) => e.id)).toEqual([id]);
    expect(retrying.body.items[0].nextAttemptAt).toBe('2999-01-01T00:00:00.000Z');
    await de.node.database.db
      .updateTable('federation_outbox')
      .set({ attempts: 0 })
      .where('id', '=', id)
      .execute();
    expect(
      (await list(de, 'direction=out&status=queued')).body.items.map((e: { id: string }) => e.id),
    ).toEqual([id]);
    expect((await list(de, 'direction=out&status=retrying')).body.items).toEqual([]);
  });

  it('lists the node’s keys and rotates them like the CLI, audited; partners follow', async () => {
    const before = await de.admin.get('/api/federation/keys');
    expect(before.status).toBe(200);
    expect(before.body.policies).toEqual({ rotate: true });
    const current = before.body.items.filter((k: { current: boolean }) => k.current);
    expect(current.map((k: { algorithm: string }) => k.algorithm).sort()).toEqual(['Ed25519', 'X25519']);
    const status = (await de.admin.get('/api/federation/status')).body;
    const sig = current.find((k: { use: string }) => k.use === 'sig');
    expect(sig.id).toBe(status.node.signingKeyId);
    expect(sig.fingerprint).toBe(status.node.fingerprint);
    expect(JSON.stringify(before.body)).not.toMatch(/PRIVATE|privateKey|"d"/);

    expect((await reader.post('/api/federation/keys/rotate')).status).toBe(403);
    expect((await de.admin.post('/api/federation/keys/rotate', { force: true })).status).toBe(422);
    const rotated = await de.admin.post('/api/federation/keys/rotate');
    expect(rotated.status).toBe(200);
    expect(rotated.body.data.previousSigningKeyId).toBe(sig.id);
    expect(rotated.body.data.signingKeyId).not.toBe(sig.id);

    const after = (await de.admin.get('/api/federation/keys')).body.items;
    const old = after.find((k: { id: string }) => k.id === sig.id);
    expect(old).toMatchObject({ current: false, expiredAt: expect.any(String) });
    expect(after[0]).toMatchObject({ current: true });
    expect(after.filter((k: { current: boolean }) => k.current)).toHaveLength(2);
    expect((await de.admin.get('/api/federation/status')).body.node).toMatchObject({
      signingKeyId: rotated.body.data.signingKeyId,
      encryptionKeyId: rotated.body.data.encryptionKeyId,
      fingerprint: rotated.body.data.fingerprint,
    });
    const events = await audits(de, 'node-key.rotate');
    expect(events.at(-1)).toMatchObject({ object_id: rotated.body.data.signingKeyId });
    expect(JSON.parse(events.at(-1)?.details ?? '{}')).toMatchObject({ previous: sig.id });
    expect((await audits(de, 'node-key.list')).length).toBeGreaterThan(0);

    // FR follows the signed transition: envelopes signed with the new key are accepted.
    const sent = await de.admin.post(`/api/federation/partners/${frOnDe}/ping`, { count: 1 });
    await waitFor('delivered after rotation', async () => {
      const r = await de.admin.get(`/api/federation/envelopes/${sent.body.envelopeIds[0]}`);
      return r.body.data.status === 'delivered';
    });
  });

  it('removes a pending partner only, audited; a confirmed one is suspended instead', async () => {
    const third = await startFederatedNode('Comity ES', { jurisdiction: 'ES' });
    try {
      const added = await de.admin.post('/api/federation/partners', { baseUrl: third.baseUrl });
      expect(added.status).toBe(201);
      const id = added.body.data.id;
      expect((await reader.delete(`/api/federation/partners/${id}`)).status).toBe(403);
      const removed = await de.admin.delete(`/api/federation/partners/${id}`);
      expect(removed.status).toBe(204);
      expect((await de.admin.get(`/api/federation/partners/${id}`)).status).toBe(404);
      expect((await de.admin.delete(`/api/federation/partners/${id}`)).status).toBe(404);
      const event = (await audits(de, 'federation.partner.remove')).at(-1);
      expect(event).toMatchObject({ object_id: id });
      expect(JSON.parse(event?.details ?? '{}')).toMatchObject({ partner: third.node.nodeId });
      // It can be added again afterwards (e.g. with the right URL).
      expect((await de.admin.post('/api/federation/partners', { baseUrl: third.baseUrl })).status).toBe(201);
    } finally {
      await third.close();
    }
    const confirmed = await de.admin.delete(`/api/federation/partners/${frOnDe}`);
    expect(confirmed.status).toBe(409);
    expect(confirmed.headers['content-type']).toContain('application/problem+json');
    expect((await de.admin.get(`/api/federation/partners/${frOnDe}`)).body.data.status).toBe('active');
    expect((await de.admin.delete('/api/federation/partners/not-an-id')).status).toBe(422);
  });
});
