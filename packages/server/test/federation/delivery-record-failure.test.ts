import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineName } from '../support/test-database.ts';
import { type FederatedTestNode, partner, processedPings, startFederatedNode, waitFor } from './support.ts';

/**
 * A delivery whose result the sender cannot write (a full disk, a failing database) is sent again
 * when its lease ends, once — not at once and over again for as long as the write keeps failing,
 * which would hammer the partner with the same envelope. The inbox deduplicates the copies.
 */
describe(`a delivery result that cannot be written, on ${engineName()}`, () => {
  let de: FederatedTestNode;
  let fr: FederatedTestNode;
  let frOnDe: string;
  // A lease lasts the request timeout and two seconds: three seconds here.
  const env = { COMITY_FEDERATION_TIMEOUT_MS: '1000' };

  beforeAll(async () => {
    de = await startFederatedNode('Comity DE', { jurisdiction: 'DE', env });
    fr = await startFederatedNode('Comity FR', { jurisdiction: 'FR', env });
    frOnDe = await partner(de, fr);
    await partner(fr, de);
  });
  afterAll(async () => {
    await de?.close();
    await fr?.close();
  });

  /** Every write of a delivery result on DE fails, as on a full disk. */
  const refuseResults = async () => {
    const db = de.node.database.db;
    if (de.node.database.engine === 'sqlite') {
      await sql`CREATE TRIGGER refuse_results BEFORE UPDATE OF status ON federation_outbox
        BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`.execute(db);
      return () => sql`DROP TRIGGER refuse_results`.execute(db);
    }
    await sql`CREATE FUNCTION refuse_results() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'could not extend file: No space left on device'; END $$`.execute(db);
    await sql`CREATE TRIGGER refuse_results BEFORE UPDATE OF status ON federation_outbox
      FOR EACH ROW EXECUTE FUNCTION refuse_results()`.execute(db);
    return async () => {
      await sql`DROP TRIGGER refuse_results ON federation_outbox`.execute(db);
      await sql`DROP FUNCTION refuse_results()`.execute(db);
    };
  };

  it('is sent again when its lease ends, not at once and over again', async () => {
    const restore = await refuseResults();
    const before = fr.proxy.stats.requests;
    const sent = await de.admin.post(`/api/federation/partners/${frOnDe}/ping`, { count: 1 });
    expect(sent.status, JSON.stringify(sent.body)).toBe(202);
    await waitFor('the envelope at FR', async () => fr.proxy.stats.requests > before);
    // Well within the lease: the partner has had the envelope once.
    await new Promise((r) => setTimeout(r, 1500));
    expect(fr.proxy.stats.requests - before).toBe(1);
    await restore();
    const id = sent.body.envelopeIds[0];
    await waitFor(
      'delivered once the result can be written',
      async () => (await de.admin.get(`/api/federation/envelopes/${id}`)).body.data.status === 'delivered',
    );
    expect(fr.proxy.stats.requests - before).toBe(2);
    const processed = await processedPings(fr, de.node.nodeId, sent.body.conversationId);
    expect(processed.map((p) => p.envelope_id)).toEqual([id]);
  });
});
