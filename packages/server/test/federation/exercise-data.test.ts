/**
 * Exercise data across nodes: a request drafted by an exercise account stays marked as exercise on
 * the partner that receives it, and goes only to an exercise agency of a node running the demo
 * world; operational data never goes to an exercise agency. docs/federation.md §14 ("Requested node").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemMeta } from '../../src/modules/access/actor.ts';
import { actorFor, buildUser } from '../support/factories.ts';
import { TestClient } from '../support/http-client.ts';
import { buildEioRequest } from '../support/request-factories.ts';
import { engineName } from '../support/test-database.ts';
import { type FederatedTestNode, partner, startFederatedNode, waitFor } from './support.ts';

describe(`exercise requests between nodes on ${engineName()}`, () => {
  let de: FederatedTestNode;
  let fr: FederatedTestNode;
  let es: FederatedTestNode;
  /** The exercise world's central authority on FR (FR's own agency holds operational data). */
  let frExercise: string;

  beforeAll(async () => {
    de = await startFederatedNode('Comity DE (demo)', { jurisdiction: 'DE', demo: true });
    fr = await startFederatedNode('Comity FR (demo)', { jurisdiction: 'FR', demo: true });
    es = await startFederatedNode('Comity ES', { jurisdiction: 'ES' });
    // Before partnering, so that DE's copy of FR's node document lists it.
    frExercise = (
      await fr.node.directory.createAgencyAs(
        null,
        systemMeta,
        { name: 'BEPI (exercise)', kind: 'central-authority', jurisdiction: 'FR' },
        { exercise: true },
      )
    ).id;
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

  /** An EIO drafted, approved (four eyes) and transmitted by two accounts of a DE prosecution office. */
  async function transmit(o: { exercise: boolean; state: 'FR' | 'ES'; agencyId: string }) {
    // An exercise request is drafted in an exercise agency (its world must be the drafters').
    const sta = await de.node.directory.createAgencyAs(
      null,
      systemMeta,
      { name: 'StA (test)', kind: 'prosecution', jurisdiction: 'DE' },
      { exercise: o.exercise },
    );
    const officer = async (role: 'prosecutor' | 'supervisor') =>
      actorFor(await buildUser(de.node, { agencyId: sta.id, roles: [role], exercise: o.exercise }), 'DE');
    const [drafter, approver] = [await officer('prosecutor'), await officer('supervisor')];
    const body = buildEioRequest({
      requestedState: o.state,
      language: o.state === 'FR' ? 'fr' : 'es',
      requestedAuthority: { name: `${o.state} central authority`, agencyId: o.agencyId },
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

  const receiptsOf = async (envelopeId: string) =>
    (await de.admin.get(`/api/federation/envelopes/${envelopeId}`)).body.data.receipts as {
      kind: string;
      problem?: { code: string; detail: string };
    }[];
  const storedOn = (node: FederatedTestNode, id: string) =>
    node.node.database.db
      .selectFrom('request_received')
      .select(['exercise', 'state'])
      .where('request_id', '=', id)
      .executeTakeFirst();

  /** The partner answered `rejected`, saying why in its signed receipt, and stored nothing. */
  async function refused(node: FederatedTestNode, sent: { id: string; envelopeId: string }, why: RegExp) {
    await waitFor('answered', async () =>
      (await receiptsOf(sent.envelopeId)).some((r) => r.kind === 'rejected'),
    );
    const receipts = await receiptsOf(sent.envelopeId);
    expect(receipts.map((r) => r.kind)).not.toContain('delivered');
    expect(receipts).toContainEqual(
      expect.objectContaining({
        kind: 'rejected',
        problem: { code: 'forbidden', detail: expect.stringMatching(why) },
      }),
    );
    expect(await storedOn(node, sent.id)).toBeUndefined();
  }

  it('an exercise agency of a demo node keeps the exercise mark, in its store and in its lists', async () => {
    const { id, envelopeId } = await transmit({ exercise: true, state: 'FR', agencyId: frExercise });
    await waitFor('delivered to FR', async () =>
      (await receiptsOf(envelopeId)).some((r) => r.kind === 'delivered'),
    );
    expect(await storedOn(fr, id)).toEqual({ exercise: 1, state: 'transmitted' });
    const caseworker = await buildUser(fr.node, {
      agencyId: frExercise,
      roles: ['central-authority-caseworker'],
      exercise: true,
    });
    const client = new TestClient(fr.app);
    expect((await client.login(caseworker.email)).status).toBe(200);
    const listed = (
      (await client.get('/api/requests?direction=incoming')).body.items as {
        data: { id: string; exercise: boolean };
      }[]
    ).find((x) => x.data.id === id);
    expect(listed?.data.exercise).toBe(true);
  });

  it('an operational agency refuses it, even on a demo node', async () => {
    await refused(
      fr,
      await transmit({ exercise: true, state: 'FR', agencyId: fr.agencyId }),
      /goes only to exercise agencies/,
    );
  });

  it('a node that does not run the demo world refuses it', async () => {
    await refused(
      es,
      await transmit({ exercise: true, state: 'ES', agencyId: es.agencyId }),
      /no exercise data/,
    );
  });

  it('operational data is never delivered to an exercise agency', async () => {
    await refused(
      fr,
      await transmit({ exercise: false, state: 'FR', agencyId: frExercise }),
      /never goes to an exercise agency/,
    );
  });
});
