import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/platform/ids.ts';
import { buildAgency, buildUser } from '../support/factories.ts';
import { TestClient } from '../support/http-client.ts';
import { buildEioRequest } from '../support/request-factories.ts';
import { engineName } from '../support/test-database.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';

// A client that sent a POST and got no answer sends it again under the same Idempotency-Key: it gets
// the first answer, and the request is applied once.

describe(`Idempotency-Key on ${engineName()}`, () => {
  let t: TestNode;
  let drafter: TestClient;
  let colleague: TestClient;
  let drafterId: string;

  const requestsTitled = async (title: string) =>
    (await t.node.database.db.selectFrom('mla_request').select('id').where('title', '=', title).execute())
      .length;

  beforeAll(async () => {
    t = await startTestNode();
    const a = await buildAgency(t.node, { jurisdiction: 'DE', kind: 'prosecution' });
    const u = await buildUser(t.node, { agencyId: a.id, roles: ['prosecutor'], clearance: 2 });
    const c = await buildUser(t.node, { agencyId: a.id, roles: ['prosecutor'], clearance: 2 });
    drafterId = u.id;
    drafter = new TestClient(t.app);
    colleague = new TestClient(t.app);
    await drafter.signInWithMfa(u.email);
    await colleague.signInWithMfa(c.email);
  });
  afterAll(() => t.close());

  it('answers a retry with the first answer and applies the request once; the replay is audited', async () => {
    const key = { 'idempotency-key': newId() };
    const body = buildEioRequest({ title: 'Retried once' });
    const first = await drafter.post('/api/requests', body, key);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const again = await drafter.post('/api/requests', body, key);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.headers['content-type']).toMatch(/^application\/json/);
    expect(again.body).toEqual(first.body);
    // The key as the draft writes it, an sf-string, is the same key.
    const quoted = await drafter.post('/api/requests', body, {
      'idempotency-key': `"${key['idempotency-key']}"`,
    });
    expect(quoted.body).toEqual(first.body);
    expect(await requestsTitled('Retried once')).toBe(1);
    await t.node.audit.flush();
    const replays = await t.node.database.db
      .selectFrom('audit_event')
      .select(['actor_user_id', 'details'])
      .where('action', '=', 'request.replayed')
      .execute();
    expect(replays).toHaveLength(2);
    expect(replays[0]!.actor_user_id).toBe(drafterId);
  });

  it('refuses the key for another request (422), and keeps keys apart per caller', async () => {
    const key = { 'idempotency-key': 'order-7' };
    expect((await drafter.post('/api/requests', buildEioRequest({ title: 'Key A' }), key)).status).toBe(201);
    const other = await drafter.post('/api/requests', buildEioRequest({ title: 'Key B' }), key);
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('idempotency-key-reused');
    expect(other.headers['content-type']).toMatch(/^application\/problem\+json/);
    // Another user's key of the same name is another key.
    expect((await colleague.post('/api/requests', buildEioRequest({ title: 'Key B' }), key)).status).toBe(
      201,
    );
    expect(await requestsTitled('Key B')).toBe(1);
  });

  it('releases the key when the request is refused: nothing was applied, so it may run again', async () => {
    const key = { 'idempotency-key': newId() };
    const invalid = await drafter.post('/api/requests', { kind: 'no-such-kind' }, key);
    expect(invalid.status).toBe(422);
    const corrected = await drafter.post('/api/requests', buildEioRequest({ title: 'After a refusal' }), key);
    expect(corrected.status).toBe(201);
    const missing = await drafter.post(
      `/api/requests/${newId()}/transitions`,
      { action: 'submit', expectedVersion: 1 },
      { 'idempotency-key': 'submit-1' },
    );
    expect(missing.status).toBe(404);
    const retried = await drafter.post(
      `/api/requests/${newId()}/transitions`,
      { action: 'submit', expectedVersion: 1 },
      { 'idempotency-key': 'submit-1' },
    );
    // Another URL under a released key: not a reuse, since the first left nothing behind.
    expect(retried.status).toBe(404);
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
    const rows = await t.node.database.db
      .selectFrom('http_idempotency')
      .select('idem_key')
      .where('principal', '=', drafterId)
      .where('idem_key', '=', 'submit-1')
      .execute();
    expect(rows).toEqual([]);
  });

  it('refuses a retry while the first request runs, and one whose outcome was never recorded', async () => {
    const key = { 'idempotency-key': newId() };
    const body = buildEioRequest({ title: 'Sent twice at once' });
    const answers = await Promise.all([
      drafter.post('/api/requests', body, key),
      drafter.post('/api/requests', body, key),
    ]);
    const statuses = answers.map((a) => a.status).sort();
    expect([
      [201, 201],
      [201, 409],
    ]).toContainEqual(statuses);
    for (const a of answers.filter((x) => x.status === 409))
      expect(a.body.code).toBe('idempotency-key-in-use');
    expect(await requestsTitled('Sent twice at once')).toBe(1);

    // A node that stopped between applying a request and recording its answer left the key pending.
    const lost = 'lost-answer';
    const tenMinutesAgo = new Date(Date.now() - 10 * 60_000);
    const first = await drafter.post('/api/requests', buildEioRequest({ title: 'Lost answer' }), {
      'idempotency-key': lost,
    });
    expect(first.status).toBe(201);
    await t.node.database.db
      .updateTable('http_idempotency')
      .set({ state: 'pending', status: null, body: null, created_at: tenMinutesAgo.toISOString() })
      .where('principal', '=', drafterId)
      .where('idem_key', '=', lost)
      .execute();
    const retry = await drafter.post('/api/requests', buildEioRequest({ title: 'Lost answer' }), {
      'idempotency-key': lost,
    });
    expect(retry.status).toBe(409);
    expect(retry.body.detail).toMatch(/never recorded its outcome/);
    expect(await requestsTitled('Lost answer')).toBe(1);
  });

  it('refuses a key that is not printable ASCII, or too long', async () => {
    for (const bad of ['clé', 'x'.repeat(256), '']) {
      const r = await drafter.post('/api/requests', buildEioRequest({ title: 'Bad key' }), {
        'idempotency-key': bad,
      });
      expect(r.status, bad).toBe(400);
      expect(r.body.detail).toMatch(/Idempotency-Key/);
    }
    expect(await requestsTitled('Bad key')).toBe(0);
  });
});
