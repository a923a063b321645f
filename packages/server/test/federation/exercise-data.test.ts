/**
 * Exercise data across nodes: a request drafted by an exercise account stays marked as exercise on
 * the partner that receives it, and a node holding operational data (not running the demo world)
 * refuses it, as it refuses exercise accounts. docs/federation.md §14 ("Requested node").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemMeta } from '../../src/modules/access/actor.ts';
import { actorFor, buildAgency, buildUser } from '../support/factories.ts';
import { TestClient } from '../support/http-client.ts';
import { buildEioRequest } from '../support/request-factories.ts';
import { engineName } from '../support/test-database.ts';
import { type FederatedTestNode, partner, startFederatedNode, waitFor } from './support.ts';

describe(`exercise requests between nodes on ${engineName()}`, () => {
  let de: FederatedTestNode;
  let fr: FederatedTestNode;
  let es: FederatedTestNode;

  beforeAll(async () => {
    de = await startFederatedNode('Comity DE (exercise)', { jurisdiction: 'DE', demo: true });
    fr = await startFederatedNode('Comity FR (exercise)', { jurisdiction: 'FR', demo: true });
    es = await startFederatedNode('Comity ES', { jurisdiction: 'ES' });
    for (const [a, b] of [
      [de, fr],
      [fr, de],
      [de, es],
      [es, de],
    ] as const)
      await partner(a, b);
  });
  afterAll(async () => {
    await de?.close();
    await fr?.close();
    await es?.close();
  });

  /** An EIO drafted, approved (four eyes) and transmitted by exercise accounts of DE's prosecution office. */
  async function transmitExercise(to: FederatedTestNode, state: 'FR' | 'ES') {
    const sta = await buildAgency(de.node, {
      jurisdiction: 'DE',
      kind: 'prosecution',
      name: `StA (${state})`,
    });
    const officer = async (role: 'prosecutor' | 'supervisor') =>
      actorFor(await buildUser(de.node, { agencyId: sta.id, roles: [role], exercise: true }), 'DE');
    const [drafter, approver] = [await officer('prosecutor'), await officer('supervisor')];
    const body = buildEioRequest({
      requestedState: state,
      language: state === 'FR' ? 'fr' : 'es',
      requestedAuthority: { name: `${state} central authority`, agencyId: to.agencyId },
    });
    const id = (await de.node.requests.create(drafter, systemMeta, body)).data.id;
    const lc = de.node.lifecycle.lifecycle;
    await lc.transition(drafter, systemMeta, id, { action: 'submit', expectedVersion: 1 });
    await lc.transition(approver, systemMeta, id, { action: 'approve', expectedVersion: 2 });
    const sent = await lc.transition(drafter, systemMeta, id, { action: 'transmit', expectedVersion: 3 });
    expect(sent.data.state).toBe('transmitted');
    const delivery = await de.node.database.db
      .selectFrom('request_delivery')
      .select('envelope_id')
      .where('request_id', '=', id)
      .executeTakeFirstOrThrow();
    return { id, envelopeId: delivery.envelope_id! };
  }

  const receipts = async (envelopeId: string) =>
    (
      (await de.admin.get(`/api/federation/envelopes/${envelopeId}`)).body.data.receipts as { kind: string }[]
    ).map((r) => r.kind);

  it('a node running the demo world keeps the exercise mark, in its store and in its lists', async () => {
    const { id, envelopeId } = await transmitExercise(fr, 'FR');
    await waitFor('delivered to FR', async () => (await receipts(envelopeId)).includes('delivered'));
    const row = await fr.node.database.db
      .selectFrom('request_received')
      .select(['exercise', 'state'])
      .where('request_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ exercise: 1, state: 'transmitted' });
    const caseworker = await buildUser(fr.node, {
      agencyId: fr.agencyId,
      roles: ['central-authority-caseworker'],
    });
    const client = new TestClient(fr.app);
    await client.signInWithMfa(caseworker.email);
    const listed = (
      (await client.get('/api/requests?direction=incoming')).body.items as {
        data: { id: string; exercise: boolean };
      }[]
    ).find((x) => x.data.id === id);
    expect(listed?.data.exercise).toBe(true);
  });

  it('a node holding operational data refuses it: rejected, nothing stored', async () => {
    const { id, envelopeId } = await transmitExercise(es, 'ES');
    await waitFor('answered by ES', async () => (await receipts(envelopeId)).includes('rejected'));
    expect(await receipts(envelopeId)).not.toContain('delivered');
    const stored = await es.node.database.db
      .selectFrom('request_received')
      .select('request_id')
      .where('request_id', '=', id)
      .executeTakeFirst();
    expect(stored).toBeUndefined();
    // DE sees why, in the partner's signed receipt.
    const envelope = (await de.admin.get(`/api/federation/envelopes/${envelopeId}`)).body.data;
    expect(envelope.receipts).toContainEqual(
      expect.objectContaining({
        kind: 'rejected',
        problem: { code: 'forbidden', detail: expect.stringMatching(/no exercise data/) },
      }),
    );
  });
});
