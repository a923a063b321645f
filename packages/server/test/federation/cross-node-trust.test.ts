import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonValue } from '../../src/modules/federation/protocol/canonical.ts';
import { createEnvelope, sealEnvelope } from '../../src/modules/federation/protocol/envelope.ts';
import { signRequest } from '../../src/modules/federation/protocol/http-signature.ts';
import { encryptEnvelopePayload } from '../../src/modules/federation/protocol/payload-crypto.ts';
import { contentHash } from '../../src/modules/requests/draft-content.ts';
import { inTransaction } from '../../src/platform/db/unit-of-work.ts';
import { newId } from '../../src/platform/ids.ts';
import { buildAgency, buildUser } from '../support/factories.ts';
import { TestClient } from '../support/http-client.ts';
import { engineName } from '../support/test-database.ts';
import { type FederatedTestNode, partner, processedPings, startFederatedNode, waitFor } from './support.ts';

/**
 * What a partner node may say about requests (docs/federation.md §14a): only for agencies its
 * signed node document lists, only about requests it is party to, only well-formed evidence offers,
 * and only receipts for what was sent to it. Three nodes: DE sends a real EIO to ES; FR is a partner
 * of both that is party to nothing.
 */
describe(`trust between nodes on ${engineName()}`, () => {
  let de: FederatedTestNode;
  let fr: FederatedTestNode;
  let es: FederatedTestNode;
  let staId: string;
  let requestId: string;
  let anna: TestClient;
  let pablo: TestClient;

  beforeAll(async () => {
    de = await startFederatedNode('Comity DE', { jurisdiction: 'DE' });
    fr = await startFederatedNode('Comity FR', { jurisdiction: 'FR' });
    es = await startFederatedNode('Comity ES', { jurisdiction: 'ES' });
    // Before partnering, so that DE's node document lists it.
    staId = (await buildAgency(de.node, { jurisdiction: 'DE', kind: 'prosecution', name: 'StA Frankfurt' }))
      .id;
    for (const [a, b] of [
      [de, es],
      [es, de],
      [de, fr],
      [fr, de],
      [fr, es],
      [es, fr],
    ] as const)
      await partner(a, b);
    const signIn = async (n: FederatedTestNode, agencyId: string, role: string) => {
      const u = await buildUser(n.node, { agencyId, roles: [role as 'prosecutor'], clearance: 2 });
      const c = new TestClient(n.app);
      await c.signInWithMfa(u.email);
      return c;
    };
    anna = await signIn(de, staId, 'prosecutor');
    const jonas = await signIn(de, staId, 'supervisor');
    pablo = await signIn(es, es.agencyId, 'central-authority-caseworker');
    const created = await anna.post('/api/requests', {
      kind: 'eio',
      title: 'Nordlicht: bank records in Madrid',
      classification: 1,
      instrumentId: 'eio',
      requestingState: 'DE',
      requestedState: 'ES',
      language: 'de',
      issuingAuthority: {
        name: 'Staatsanwaltschaft Frankfurt (test)',
        address: 'Konrad-Adenauer-Straße 20, 60313 Frankfurt',
        phone: '+49 69 000 0000',
        email: 'sta@example.de',
      },
      requestedAuthority: { name: 'ES central authority', agencyId: es.agencyId },
      proceedings: { type: 'criminal', reference: '7410 Js 99/26' },
      persons: [{ role: 'witness', name: 'Lucía Gómez', nationality: 'ES' }],
      offences: [
        {
          legalClassification: 'Gewerbsmäßiger Betrug, § 263 Abs. 5 StGB',
          category: 'swindling',
          maxPenaltyMonths: 120,
        },
      ],
      summaryOfFacts: 'Zwischen Januar und März 2026 zahlten Anleger 2,4 Mio. EUR auf Konten in Madrid ein.',
      measures: [{ id: 'banking-information', details: 'Kontoinhaber und Auszüge, 1.1.2026 bis 31.3.2026.' }],
      urgency: { urgent: false, deadline: '2026-12-31' },
      attachments: [{ name: 'EEA-Nordlicht-es.pdf', kind: 'translation', language: 'es' }],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    requestId = created.body.data.id;
    const step = async (c: TestClient, action: string) => {
      const v = (await c.get(`/api/requests/${requestId}/lifecycle`)).body.data.version;
      const r = await c.post(`/api/requests/${requestId}/transitions`, { action, expectedVersion: v });
      expect(r.status, `${action}: ${JSON.stringify(r.body)}`).toBe(200);
    };
    await step(anna, 'submit');
    await step(jonas, 'approve');
    await step(anna, 'transmit');
    await waitFor('received on ES', async () =>
      es.node.database.db
        .selectFrom('request_received')
        .select('request_id')
        .where('request_id', '=', requestId)
        .executeTakeFirst(),
    );
  }, 120_000);
  afterAll(async () => {
    await de?.close();
    await fr?.close();
    await es?.close();
  });

  // ── helpers ──────────────────────────────────────────────────────────────────────────────────

  const transmission = (id: string, extra: Record<string, unknown> = {}) => {
    const content = { title: 'A request', summaryOfFacts: 'Facts.' };
    return {
      requestId: id,
      action: 'transmit',
      version: 1,
      contentHash: contentHash(content),
      content,
      request: { kind: 'eio', title: 'A request', classification: 0, ...extra },
    };
  };

  /** Queues an envelope through a node's own carrier (signed by it, as its outbox would). */
  const transmit = (
    from: FederatedTestNode,
    to: FederatedTestNode,
    m: {
      type: string;
      conversationId: string;
      payload: unknown;
      senderAgency?: string;
      recipientAgency?: string;
    },
  ) =>
    inTransaction(from.node.database, (uow) =>
      from.node.federation.carrier.transmit(uow, {
        recipientNode: to.node.nodeId,
        recipientAgency: m.recipientAgency ?? to.agencyId,
        senderAgency: m.senderAgency ?? from.agencyId,
        type: m.type,
        conversationId: m.conversationId,
        payload: m.payload as JsonValue,
        labels: { tlp: 'TLP:AMBER' },
        idempotencyKey: `test:${newId()}`,
        refs: [m.conversationId],
      }),
    );

  /** An envelope built and signed by hand with `from`'s keys (what its outbox would refuse to send). */
  const forge = async (
    from: FederatedTestNode,
    to: FederatedTestNode,
    m: { type: string; conversationId: string; sequence: number; payload: unknown; encrypt?: boolean },
  ) => {
    let env = createEnvelope(
      {
        type: m.type,
        sender: { node: from.node.nodeId, agency: from.agencyId },
        recipient: { node: to.node.nodeId, agency: to.agencyId },
        idempotencyKey: `forge:${newId()}`,
        conversationId: m.conversationId,
        sequence: m.sequence,
        labels: { tlp: 'TLP:AMBER' },
        payload: m.payload as JsonValue,
      },
      new Date(),
    );
    if (m.encrypt !== false)
      env = await encryptEnvelopePayload(
        env,
        from.node.federation.partners.get(to.node.nodeId)!.encryptionKey!,
      );
    const envelope = await sealEnvelope(env, from.node.federation.identity.signingKey());
    const body = Buffer.from(JSON.stringify(envelope));
    const url = `${to.baseUrl}/api/federation/inbox`;
    const headers = await signRequest(
      { method: 'POST', url, headers: {}, body },
      from.node.federation.identity.httpKey(),
      { now: new Date() },
    );
    const res = await fetch(url, {
      method: 'POST',
      body: new Uint8Array(body),
      headers: { 'content-type': 'application/json', ...headers },
    });
    expect(res.status, await res.text()).toBe(202);
    return envelope.id;
  };

  /** The receipt `from` got back for an envelope it sent, once it is there. */
  const receiptOf = (from: FederatedTestNode, envelopeId: string, kinds = ['rejected', 'not-delivered']) =>
    waitFor(`receipt for ${envelopeId}`, async () =>
      (await from.node.federation.carrier.receipts(envelopeId)).find((r) => kinds.includes(r.kind)),
    );

  const outboxRow = (n: FederatedTestNode, id: string) =>
    n.node.database.db.selectFrom('federation_outbox').selectAll().where('id', '=', id).executeTakeFirst();

  const received = (n: FederatedTestNode, id: string) =>
    n.node.database.db
      .selectFrom('request_received')
      .selectAll()
      .where('request_id', '=', id)
      .executeTakeFirst();

  const nextSequence = async (from: FederatedTestNode, to: FederatedTestNode, conversationId: string) => {
    const rows = await from.node.database.db
      .selectFrom('federation_outbox')
      .select('sequence')
      .where('recipient_node', '=', to.node.nodeId)
      .where('conversation_id', '=', conversationId)
      .execute();
    return Math.max(0, ...rows.map((r) => Number(r.sequence))) + 1;
  };

  const audited = async (n: FederatedTestNode, action: string) =>
    (
      await n.node.database.db.selectFrom('audit_event').selectAll().where('action', '=', action).execute()
    ).map((a) => ({ ...a, details: JSON.parse(String(a.details ?? '{}')) as Record<string, unknown> }));

  // ── 1. Sender agency ─────────────────────────────────────────────────────────────────────────

  it('refuses an envelope whose sender agency the sending node does not host, and audits it', async () => {
    // ES's published document is rebuilt now (not from its 30 s cache): it is newer than the envelope.
    (es.node.federation.identity as unknown as { cached: unknown }).cached = undefined;
    const forged = newId();
    const queued = await transmit(es, fr, {
      type: 'request.transmission',
      conversationId: forged,
      payload: transmission(forged),
      senderAgency: staId, // DE's agency
    });
    const row = await waitFor('refused for good', async () => {
      const r = await outboxRow(es, queued.envelopeId);
      return r?.status === 'failed' ? r : undefined;
    });
    expect(row.last_status).toBe(403);
    expect(row.last_error).toContain('federation-sender-mismatch');
    expect(await received(fr, forged)).toBeUndefined();
    const refused = (await audited(fr, 'federation.envelope.refused')).filter(
      (a) => a.object_id === queued.envelopeId,
    );
    expect(refused.length).toBeGreaterThanOrEqual(1);
    expect(refused[0]!.details).toMatchObject({
      code: 'federation-sender-mismatch',
      partner: es.node.nodeId,
    });

    // An evidence offer naming another node's agency as its source is refused the same way.
    (es.node.federation.identity as unknown as { cached: unknown }).cached = undefined;
    const offer = await transmit(es, de, {
      type: 'evidence.offer',
      conversationId: newId(),
      payload: { requestId, items: [{ sha256: 'a'.repeat(64), size: 10 }] },
      senderAgency: fr.agencyId,
      recipientAgency: staId,
    });
    await waitFor('offer refused', async () => (await outboxRow(es, offer.envelopeId))?.status === 'failed');
    expect((await outboxRow(es, offer.envelopeId))?.last_status).toBe(403);
  });

  it('takes the requesting agency’s name from the sender’s node document, never from the payload', async () => {
    const id = newId();
    await transmit(es, fr, {
      type: 'request.transmission',
      conversationId: id,
      payload: transmission(id, { requestingAgencyName: 'Staatsanwaltschaft Frankfurt' }),
    });
    const row = await waitFor('received on FR', () => received(fr, id));
    expect(row).toMatchObject({
      requesting_agency_id: es.agencyId,
      requesting_agency_name: 'Comity ES central authority',
      sender_node: es.node.nodeId,
    });
  });

  it('refuses for good a transmission whose urgency or measures this node could not start clocks from', async () => {
    for (const bad of [
      { urgency: { urgent: false, deadline: '2026-12-01T10:00' } },
      { measures: 'banking-information' },
      { measures: [{ details: 'no id' }] },
    ]) {
      const id = newId();
      const content = { title: 'A request', summaryOfFacts: 'Facts.', ...bad };
      const queued = await transmit(es, fr, {
        type: 'request.transmission',
        conversationId: id,
        payload: { ...transmission(id), content, contentHash: contentHash(content) },
      });
      const receipt = await receiptOf(es, queued.envelopeId);
      expect(receipt, JSON.stringify(bad)).toMatchObject({
        kind: 'rejected',
        problem: { code: 'validation-failed' },
      });
      expect(await received(fr, id)).toBeUndefined();
    }
  });

  it('refuses for good a transmission describing its request in terms this node does not know', async () => {
    for (const bad of [
      { kind: 'bogus-kind' },
      { instrumentId: 'treaty-of-nowhere' },
      { classification: -1 },
      { requestingState: 'Germany' },
      { transmittedAt: 'yesterday' },
    ]) {
      const id = newId();
      const t = transmission(id);
      const queued = await transmit(es, fr, {
        type: 'request.transmission',
        conversationId: id,
        payload: { ...t, request: { ...t.request, ...bad } },
      });
      const receipt = await receiptOf(es, queued.envelopeId);
      expect(receipt, JSON.stringify(bad)).toMatchObject({
        kind: 'rejected',
        problem: { code: 'validation-failed' },
      });
      expect(await received(fr, id)).toBeUndefined();
    }
    // A request id this node could not route by.
    const opaque = 'request-42';
    const queued = await transmit(es, fr, {
      type: 'request.transmission',
      conversationId: opaque,
      payload: transmission(opaque),
    });
    expect(await receiptOf(es, queued.envelopeId)).toMatchObject({
      kind: 'rejected',
      problem: { code: 'validation-failed' },
    });
    expect(await received(fr, opaque)).toBeUndefined();
  });

  it('refuses at the door an envelope whose payload holds a control character (U+0000: PostgreSQL stores none)', async () => {
    const id = newId();
    const t = transmission(id);
    const queued = await transmit(es, fr, {
      type: 'request.transmission',
      conversationId: id,
      payload: { ...t, request: { ...t.request, title: 'Nordlicht\u0000' } },
    });
    const row = await waitFor('refused for good', async () => {
      const r = await outboxRow(es, queued.envelopeId);
      return r?.status === 'failed' ? r : undefined;
    });
    expect(row.last_status).toBe(400);
    expect(row.last_error).toContain('federation-envelope-malformed');
    expect(row.last_error).toContain('payload.request.title');
    expect(await received(fr, id)).toBeUndefined();
  });

  // ── 2. Request ids ───────────────────────────────────────────────────────────────────────────

  it('a partner cannot take over a request of this node by reusing its id', async () => {
    const takeover = await transmit(fr, de, {
      type: 'request.transmission',
      conversationId: requestId,
      payload: transmission(requestId),
    });
    expect((await receiptOf(fr, takeover.envelopeId)).kind).toBe('rejected');
    expect(await received(de, requestId)).toBeUndefined();
    // Its communications about the request are refused: FR is party to nothing here.
    const before = (await anna.get(`/api/requests/${requestId}/lifecycle`)).body.data;
    const talk = await transmit(fr, de, {
      type: 'formal-communication',
      conversationId: requestId,
      payload: { requestId, action: 'refuse', at: new Date().toISOString(), body: { grounds: [] } },
    });
    expect((await receiptOf(fr, talk.envelopeId)).problem).toMatchObject({ code: 'forbidden' });
    // Nor on ES, which received it from DE.
    const toEs = await transmit(fr, es, {
      type: 'formal-communication',
      conversationId: requestId,
      payload: { requestId, action: 'withdraw', at: new Date().toISOString(), body: {} },
    });
    expect((await receiptOf(fr, toEs.envelopeId)).problem).toMatchObject({ code: 'forbidden' });
    const after = await anna.get(`/api/requests/${requestId}/lifecycle`);
    expect(after.status).toBe(200);
    expect(after.body.data).toMatchObject({
      side: 'requesting',
      state: before.state,
      version: before.version,
    });
    expect((await received(es, requestId))?.state).toBe('transmitted');
  });

  // ── 5. Partner's details ─────────────────────────────────────────────────────────────────────

  it('what this node validated is recorded; the partner’s details are kept apart', async () => {
    await transmit(es, de, {
      type: 'formal-communication',
      conversationId: requestId,
      payload: { requestId, action: 'acknowledge', at: new Date().toISOString(), body: {}, details: {} },
    });
    await transmit(es, de, {
      type: 'formal-communication',
      conversationId: requestId,
      payload: {
        requestId,
        action: 'request-information',
        at: new Date().toISOString(),
        body: { questions: 'Which accounts exactly?' },
        details: { questions: 'Send us everything you have.', node: 'someone-else' },
      },
    });
    const row = await waitFor('moved on DE', () =>
      de.node.database.db
        .selectFrom('request_transition')
        .selectAll()
        .where('request_id', '=', requestId)
        .where('action', '=', 'request-information')
        .executeTakeFirst(),
    );
    expect(JSON.parse(row.payload)).toMatchObject({
      questions: 'Which accounts exactly?',
      node: es.node.nodeId,
      partnerDetails: { questions: 'Send us everything you have.' },
    });
    const timeline = (await anna.get(`/api/requests/${requestId}/timeline`)).body.items;
    expect(
      timeline.find((x: { action: string }) => x.action === 'request-information').details.questions,
    ).toBe('Which accounts exactly?');
  });

  // ── 4. Receipts ──────────────────────────────────────────────────────────────────────────────

  it('receipts count only from the node the envelope went to, for exactly what it sent', async () => {
    const sent = (await de.node.database.db
      .selectFrom('federation_outbox')
      .selectAll()
      .where('conversation_id', '=', requestId)
      .where('type', '=', 'request.transmission')
      .executeTakeFirst())!;
    const receipt = (digest: string) => ({
      receiptFor: sent.id,
      kind: 'retrieved',
      at: '2026-01-01T00:00:00.000Z',
      envelopeDigest: digest,
    });
    // FR never got it, yet names it exactly; ES got it, but names other bytes.
    const a = await forge(fr, de, {
      type: 'receipt',
      conversationId: `r-${newId()}`,
      sequence: 1,
      payload: receipt(sent.digest),
      encrypt: false,
    });
    const b = await forge(es, de, {
      type: 'receipt',
      conversationId: `r-${newId()}`,
      sequence: 1,
      payload: receipt(`${sent.digest.slice(0, -4)}AAAA`),
      encrypt: false,
    });
    await waitFor('both processed', async () => {
      const rows = await de.node.database.db
        .selectFrom('federation_inbox')
        .select('status')
        .where('id', 'in', [a, b])
        .execute();
      return rows.length === 2 && rows.every((r) => r.status === 'processed');
    });
    const kinds = async () => (await de.node.federation.carrier.receipts(sent.id)).map((r) => r.kind);
    expect(await kinds()).not.toContain('retrieved');
    const refused = (await audited(de, 'federation.receipt.refused')).filter((x) => x.object_id === sent.id);
    expect(refused.map((x) => x.details.reason).sort()).toEqual(['digest-mismatch', 'not-the-recipient']);
    const deliveries = async () =>
      (await anna.get(`/api/requests/${requestId}/deliveries`)).body.items.find(
        (d: { type: string }) => d.type === 'request.transmission',
      );
    expect((await deliveries()).receipts.map((r: { kind: string }) => r.kind)).not.toContain('retrieved');

    // ES's officer opens it: the genuine receipt arrives and takes its place.
    expect((await pablo.get(`/api/requests/${requestId}/lifecycle`)).status).toBe(200);
    const genuine = await waitFor('genuine retrieved', async () =>
      (await de.node.federation.carrier.receipts(sent.id)).find((r) => r.kind === 'retrieved'),
    );
    expect(genuine).toMatchObject({ partnerNode: es.node.nodeId, digestMatches: true });
    const shown = await waitFor('retrieved on the delivery', async () =>
      (await deliveries()).receipts.find((r: { kind: string }) => r.kind === 'retrieved'),
    );
    expect(shown.at).not.toBe('2026-01-01T00:00:00.000Z');
    // On ES the mark and its receipt are a write: audited once, with who opened it; opening it
    // again writes nothing new.
    expect((await pablo.get(`/api/requests/${requestId}/lifecycle`)).status).toBe(200);
    const retrieved = (await audited(es, 'request.retrieved')).filter((x) => x.object_id === requestId);
    expect(retrieved.map((x) => [x.actor_agency_id, x.details])).toEqual([
      [es.agencyId, { marked: 1, first: true }],
    ]);
  });

  // ── 3. Evidence offers ───────────────────────────────────────────────────────────────────────

  it('a malformed evidence offer is refused for good and holds nothing back', async () => {
    const seq = await nextSequence(es, de, requestId);
    const offer = await forge(es, de, {
      type: 'evidence.offer',
      conversationId: requestId,
      sequence: seq,
      payload: { requestId, items: [{ sha256: '../../../../etc/passwd', size: 'a lot' }] },
    });
    await forge(es, de, {
      type: 'ping',
      conversationId: requestId,
      sequence: seq + 1,
      payload: { text: 'after the offer' },
    });
    await waitFor(
      'the next envelope processed',
      async () => (await processedPings(de, es.node.nodeId, requestId)).length === 1,
    );
    const inbox = await de.node.database.db
      .selectFrom('federation_inbox')
      .select(['status'])
      .where('id', '=', offer)
      .executeTakeFirst();
    expect(inbox?.status).toBe('processed');
    const issued = (await de.node.federation.carrier.receipts(offer)).map((r) => r.kind);
    expect(issued).toContain('rejected');
    expect(issued).not.toContain('delivered');
    const evidence = await de.node.database.db
      .selectFrom('request_evidence')
      .selectAll()
      .where('request_id', '=', requestId)
      .execute();
    expect(evidence).toEqual([]);
    const jobs = await de.node.database.db
      .selectFrom('job')
      .selectAll()
      .where('name', '=', 'lifecycle.evidence-pull')
      .execute();
    expect(jobs).toEqual([]);
  });

  it('evidence comes with results: a well-formed offer for a request not executed is refused', async () => {
    // The conversation's next number on DE (the envelopes forged above are not in ES's outbox).
    const cursor = await de.node.database.db
      .selectFrom('federation_in_cursor')
      .select('next_sequence')
      .where('sender_node', '=', es.node.nodeId)
      .where('conversation_id', '=', requestId)
      .executeTakeFirstOrThrow();
    const offer = await forge(es, de, {
      type: 'evidence.offer',
      conversationId: requestId,
      sequence: Number(cursor.next_sequence),
      payload: { requestId, items: [{ sha256: 'b'.repeat(64), size: 10, name: 'unasked.bin' }] },
    });
    await waitFor('offer processed', async () => {
      const row = await de.node.database.db
        .selectFrom('federation_inbox')
        .select('status')
        .where('id', '=', offer)
        .executeTakeFirst();
      return row?.status === 'processed';
    });
    const issued = await de.node.federation.carrier.receipts(offer);
    expect(issued.find((r) => r.kind === 'rejected')).toMatchObject({ problem: { code: 'conflict' } });
    const evidence = await de.node.database.db
      .selectFrom('request_evidence')
      .selectAll()
      .where('request_id', '=', requestId)
      .execute();
    expect(evidence).toEqual([]);
  });
  // ── Agency ids a partner lists falsely ─────────────────────────────────────────────────────────

  it('an agency id listed by two partners reaches neither, and one of this node’s is no partner’s to speak for', async () => {
    // FR copies ES's agency id (public in ES's node document) and one of DE's into its directory.
    const db = fr.node.database.db;
    const now = new Date().toISOString();
    for (const code of ['ES', 'DE'])
      await db
        .insertInto('jurisdiction')
        .values({ code, name: code, created_at: now, exercise: 0 } as never)
        .onConflict((oc) => oc.column('code').doNothing())
        .execute();
    const copies = [
      { id: es.agencyId, jurisdiction: 'ES' },
      { id: staId, jurisdiction: 'DE' },
    ];
    for (const c of copies)
      await db
        .insertInto('agency')
        .values({
          ...c,
          name: 'Copied',
          kind: 'central-authority',
          exercise: 0,
          created_at: now,
          updated_at: now,
        } as never)
        .execute();
    const republish = async () => {
      (fr.node.federation.identity as unknown as { cached: unknown }).cached = undefined;
      await de.node.federation.partners.refresh(fr.node.nodeId);
    };
    const partners = de.node.federation.partners;
    const esOnDe = (await de.admin.get('/api/federation/partners')).body.items.find(
      (p: { data: { nodeId: string } }) => p.data.nodeId === es.node.nodeId,
    ).data.id as string;
    try {
      await republish();
      expect(partners.nodeForAgency(es.agencyId)).toBeUndefined();
      expect(partners.partnerAgency(es.agencyId)).toBeUndefined();
      // ES speaking for its own agency meanwhile is held back (503, retried later), not refused for
      // good: a rival's false claim must not lose ES's envelopes.
      const held = await transmit(es, de, {
        type: 'ping',
        conversationId: newId(),
        payload: { text: 'held' },
      });
      const waiting = await waitFor('held back', async () => {
        const r = await outboxRow(es, held.envelopeId);
        return r?.last_status === 503 ? r : undefined;
      });
      expect(waiting.status).toBe('pending');

      // FR speaking for DE's own prosecution office is refused for good.
      const claimed = newId();
      const queued = await transmit(fr, de, {
        type: 'request.transmission',
        conversationId: claimed,
        payload: transmission(claimed),
        senderAgency: staId,
        recipientAgency: de.agencyId,
      });
      const row = await waitFor('refused for good', async () => {
        const r = await outboxRow(fr, queued.envelopeId);
        return r?.status === 'failed' ? r : undefined;
      });
      expect(row.last_error).toContain('federation-sender-mismatch');
      expect(await received(de, claimed)).toBeUndefined();

      // Once transmitted, the request's messages go to the node it went to, even while that partner
      // is suspended and another lists its agency: they wait in the outbox for it.
      const outbox = () =>
        de.node.database.db
          .selectFrom('federation_outbox')
          .select(['id', 'recipient_node', 'type'])
          .where('conversation_id', '=', requestId)
          .execute();
      const before = new Set((await outbox()).map((r) => r.id));
      expect((await de.admin.post(`/api/federation/partners/${esOnDe}/suspend`)).status).toBe(200);
      const v = (await anna.get(`/api/requests/${requestId}/lifecycle`)).body.data.version;
      const withdrawn = await anna.post(`/api/requests/${requestId}/transitions`, {
        action: 'withdraw',
        reason: 'Sent to the wrong authority.',
        expectedVersion: v,
      });
      expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);
      const sent = (await outbox()).filter((r) => !before.has(r.id) && r.type !== 'receipt');
      expect(sent.map((r) => [r.type, r.recipient_node])).toEqual([['formal-communication', es.node.nodeId]]);
      const life = await de.node.database.db
        .selectFrom('request_lifecycle')
        .select('recipient_node')
        .where('request_id', '=', requestId)
        .executeTakeFirstOrThrow();
      expect(life.recipient_node).toBe(es.node.nodeId);
    } finally {
      await de.admin.post(`/api/federation/partners/${esOnDe}/resume`);
      await db
        .deleteFrom('agency')
        .where(
          'id',
          'in',
          copies.map((c) => c.id),
        )
        .execute();
      await republish();
    }
    expect(partners.nodeForAgency(es.agencyId)).toBe(es.node.nodeId);
  });
});
