import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobIntegrityError } from '../../src/modules/federation/blob-transfer.ts';
import { verifyNodeDocument } from '../../src/modules/federation/protocol/node-document.ts';
import { hotShapes } from '../../src/platform/db/hot-query.ts';
import { inTransaction } from '../../src/platform/db/unit-of-work.ts';
import { buildAgency, buildUser } from '../support/factories.ts';
import { TestClient } from '../support/http-client.ts';
import { engineName } from '../support/test-database.ts';
import { InMemoryBlobSink, InMemoryBlobSource } from './blobs.ts';
import { type FederatedTestNode, partner, processedPings, startFederatedNode, waitFor } from './support.ts';

/**
 * Two real nodes (each with its own database, engine per DATABASE_URL) talking over HTTP on
 * 127.0.0.1, each behind a fault proxy: partnering with out-of-band fingerprints, a ping
 * conversation with receipts on both sides, suspension, an unavailable partner, retries, and an
 * evidence pull.
 */
describe(`two federated nodes on ${engineName()}`, () => {
  let de: FederatedTestNode;
  let fr: FederatedTestNode;
  let frOnDe: string;
  let deOnFr: string;

  beforeAll(async () => {
    de = await startFederatedNode('Comity DE', {
      jurisdiction: 'DE',
      env: { COMITY_FEDERATION_UNAVAILABLE_AFTER_SECONDS: '1' },
    });
    fr = await startFederatedNode('Comity FR', { jurisdiction: 'FR' });
  });
  afterAll(async () => {
    await de?.close();
    await fr?.close();
  });

  const status = async (n: FederatedTestNode) => (await n.admin.get('/api/federation/status')).body;
  const envelope = async (n: FederatedTestNode, id: string) =>
    (await n.admin.get(`/api/federation/envelopes/${id}`)).body.data;

  it('serves a signed node document to anyone, with the fingerprint the dashboard shows', async () => {
    const res = await fetch(`${fr.baseUrl}/.well-known/comity/node`);
    expect(res.status).toBe(200);
    const doc = await res.json();
    const verified = verifyNodeDocument(doc);
    expect(verified.ok).toBe(true);
    expect(doc.nodeId).toBe(fr.node.nodeId);
    expect(doc.baseUrl).toBe(fr.baseUrl);
    expect(doc.jurisdictions).toEqual(['FR']);
    expect(doc.agencies.map((a: { id: string }) => a.id)).toContain(fr.agencyId);
    expect(doc.keys.map((k: { use: string }) => k.use).sort()).toEqual(['enc', 'sig']);
    expect(doc.fingerprint).toBe((await status(fr)).node.fingerprint);
  });

  it('partners only after the fingerprint is confirmed out of band', async () => {
    // A base URL is an address: no credentials, query or fragment ride along to the partner.
    for (const odd of ['http://admin:secret@127.0.0.1:9', `${fr.baseUrl}#/x`, `${fr.baseUrl}?q=1`]) {
      const r = await de.admin.post('/api/federation/partners', { baseUrl: odd });
      expect(r.status, odd).toBe(422);
      expect(r.body.errors[0].path).toBe('body.baseUrl');
      expect(JSON.stringify(r.body)).not.toContain('secret');
    }
    const added = await de.admin.post('/api/federation/partners', { baseUrl: fr.baseUrl });
    expect(added.status).toBe(201);
    expect(added.body.data).toMatchObject({ status: 'pending', nodeId: fr.node.nodeId, name: 'Comity FR' });
    frOnDe = added.body.data.id;
    // Nothing goes to a pending partner.
    expect((await de.admin.post(`/api/federation/partners/${frOnDe}/ping`, {})).status).toBe(409);
    const wrong = await de.admin.post(`/api/federation/partners/${frOnDe}/confirm`, {
      fingerprint: (await status(de)).node.fingerprint,
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.code).toBe('federation-fingerprint-mismatch');
    // Read aloud with spaces instead of colons, in lower case: still the same fingerprint.
    const spoken = (await status(fr)).node.fingerprint.toLowerCase().replaceAll(':', ' ');
    const ok = await de.admin.post(`/api/federation/partners/${frOnDe}/confirm`, { fingerprint: spoken });
    expect(ok.status).toBe(200);
    expect(ok.body.data.status).toBe('active');
    deOnFr = await partner(fr, de);
    const again = await de.admin.post('/api/federation/partners', { baseUrl: fr.baseUrl });
    expect(again.status, JSON.stringify(again.body)).toBe(409);
  });

  it('lists the partner’s agencies as recipients for its state, with the partner node named', async () => {
    const fr_ = await de.admin.get('/api/directory/recipients?state=FR');
    expect(fr_.status).toBe(200);
    expect(fr_.body.items).toContainEqual(
      expect.objectContaining({
        id: fr.agencyId,
        jurisdiction: 'FR',
        node: { id: fr.node.nodeId, name: 'Comity FR' },
      }),
    );
    const own = await de.admin.get('/api/directory/recipients?state=DE');
    expect(own.body.items).toContainEqual(expect.objectContaining({ id: de.agencyId, node: null }));
    expect(own.body.items.some((a: { node: unknown }) => a.node !== null)).toBe(false);
    expect((await de.admin.get('/api/directory/recipients?state=fr')).status).toBe(422);
  });

  it('a ping conversation arrives once, in order, with receipts visible on both sides', async () => {
    const sent = await de.admin.post(`/api/federation/partners/${frOnDe}/ping`, {
      count: 20,
      text: 'Guten Tag',
    });
    expect(sent.status).toBe(202);
    const { conversationId, envelopeIds } = sent.body as { conversationId: string; envelopeIds: string[] };
    await waitFor(
      'all pings processed',
      async () => (await processedPings(fr, de.node.nodeId, conversationId)).length === 20,
    );
    const rows = await processedPings(fr, de.node.nodeId, conversationId);
    expect(rows.map((r) => r.sequence)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(rows.map((r) => r.envelope_id)).toEqual(envelopeIds);

    const first = envelopeIds[0]!;
    // Sender side: delivered, with the recipient node's signed receipts. Processed at once, the
    // envelope gets `delivered` (which implies `accepted`); had it waited more than a few seconds
    // for a predecessor, `accepted` would have come first.
    const kinds = (receipts: { kind: string }[]) =>
      receipts.map((r) => r.kind).filter((k) => k !== 'accepted');
    const out = await waitFor('delivered receipt', async () => {
      const e = await envelope(de, first);
      return kinds(e.receipts).includes('delivered') ? e : undefined;
    });
    expect(out).toMatchObject({
      direction: 'out',
      status: 'delivered',
      type: 'ping',
      partnerNodeId: fr.node.nodeId,
    });
    expect(kinds(out.receipts)).toEqual(['delivered']);
    expect(
      out.receipts.every(
        (r: { direction: string; digestMatches: boolean }) => r.direction === 'received' && r.digestMatches,
      ),
    ).toBe(true);
    // Recipient side: processed, and the receipts it issued.
    const inn = await envelope(fr, first);
    expect(inn).toMatchObject({ direction: 'in', status: 'processed', sequence: 1 });
    expect(inn.receipts.every((r: { direction: string }) => r.direction === 'issued')).toBe(true);
    expect(kinds(inn.receipts)).toEqual(['delivered']);

    // A person of the recipient agency opens it: the sender gets a `retrieved` receipt.
    await inTransaction(fr.node.database, (uow) => fr.node.federation.carrier.markRetrieved(uow, first));
    await waitFor('retrieved receipt', async () =>
      kinds((await envelope(de, first)).receipts).includes('retrieved'),
    );
    expect(kinds((await envelope(de, first)).receipts)).toEqual(['delivered', 'retrieved']);
    expect(kinds(await de.node.federation.carrier.receipts(first))).toEqual(['delivered', 'retrieved']);
  });

  it('the receipts of envelopes processed together travel as one receipt list, each judged on its own', async () => {
    const sent = await de.admin.post(`/api/federation/partners/${frOnDe}/ping`, { count: 6 });
    const { conversationId, envelopeIds } = sent.body as { conversationId: string; envelopeIds: string[] };
    await waitFor(
      'all pings processed',
      async () => (await processedPings(fr, de.node.nodeId, conversationId)).length === 6,
    );
    const rows = await fr.node.database.db
      .selectFrom('federation_inbox')
      .select(['envelope', 'digest'])
      .where('id', 'in', envelopeIds)
      .execute();
    const received = rows.map((r) => ({ ...JSON.parse(r.envelope), digest: r.digest }));
    // `retrieved` for all six in one transaction: one list, one `receipt` envelope. The last entry
    // names a digest DE never sent: DE refuses that entry alone and stores the other five.
    const forged = { ...received[5], digest: 'A'.repeat(43) };
    await inTransaction(fr.node.database, (uow) =>
      fr.node.federation.receipts.issueMany(uow, [
        ...received.slice(0, 5).map((r) => ({ received: r, kind: 'retrieved' as const })),
        { received: forged, kind: 'retrieved' as const },
      ]),
    );
    const lists = await fr.node.database.db
      .selectFrom('federation_outbox')
      .select(['id', 'envelope'])
      .where('type', '=', 'receipt')
      .where('conversation_id', '=', conversationId)
      .where('idempotency_key', 'like', 'receipts:%')
      .execute();
    const list = lists.find((l) => JSON.parse(l.envelope).payload.receipts[0].kind === 'retrieved')!;
    expect(JSON.parse(list.envelope).payload.receipts).toHaveLength(6);
    const retrieved = async () =>
      (await de.node.federation.receipts.list(de.node.database.db, envelopeIds)).entries();
    await waitFor('five retrieved receipts', async () => {
      const n = [...(await retrieved())].filter(([, rs]) => rs.some((r) => r.kind === 'retrieved')).length;
      return n === 5;
    });
    for (const [id, rs] of await retrieved()) {
      const r = rs.find((x) => x.kind === 'retrieved');
      if (id === envelopeIds[envelopeIds.indexOf(received[5].id)]) expect(r).toBeUndefined();
      else
        expect(r).toMatchObject({ receiptEnvelopeId: list.id, direction: 'received', digestMatches: true });
    }
    const refused = await de.node.database.db
      .selectFrom('audit_event')
      .select(['object_id', 'details'])
      .where('action', '=', 'federation.receipt.refused')
      .where('object_id', '=', received[5].id)
      .execute();
    expect(refused).toHaveLength(1);
    expect(JSON.parse(refused[0]!.details)).toMatchObject({
      reason: 'digest-mismatch',
      receiptEnvelopeId: list.id,
      kind: 'retrieved',
    });
    // The list envelope itself: one processing, answered `rejected` for its refused entry.
    await waitFor('list processed', async () => (await envelope(de, list.id))?.status === 'processed');
    const processed = await de.node.database.db
      .selectFrom('audit_event')
      .select('details')
      .where('action', '=', 'federation.envelope.processed')
      .where('object_id', '=', list.id)
      .execute();
    expect(processed.map((p) => JSON.parse(p.details).result)).toEqual(['rejected']);
  });

  it('a receipt list names only envelopes of its own conversation: an entry from another is refused alone', async () => {
    const pings = async () => {
      const sent = await de.admin.post(`/api/federation/partners/${frOnDe}/ping`, { count: 1 });
      const { conversationId, envelopeIds } = sent.body as { conversationId: string; envelopeIds: string[] };
      await waitFor(
        'ping processed',
        async () => (await processedPings(fr, de.node.nodeId, conversationId)).length === 1,
      );
      const row = await fr.node.database.db
        .selectFrom('federation_inbox')
        .select(['envelope', 'digest'])
        .where('id', '=', envelopeIds[0]!)
        .executeTakeFirstOrThrow();
      return { conversationId, received: { ...JSON.parse(row.envelope), digest: row.digest } };
    };
    const own = await pings();
    const other = await pings();
    expect(other.conversationId).not.toBe(own.conversationId);
    // FR puts the other conversation's envelope into the list of this one.
    const smuggled = { ...other.received, conversationId: own.conversationId };
    await inTransaction(fr.node.database, (uow) =>
      fr.node.federation.receipts.issueMany(uow, [
        { received: own.received, kind: 'retrieved' as const },
        { received: smuggled, kind: 'retrieved' as const },
      ]),
    );
    const retrievedOf = async (id: string) =>
      ((await de.node.federation.receipts.list(de.node.database.db, [id])).get(id) ?? []).find(
        (r) => r.kind === 'retrieved',
      );
    await waitFor('own retrieved receipt', async () => (await retrievedOf(own.received.id)) !== undefined);
    await waitFor('refusal audited', async () => {
      const n = await de.node.database.db
        .selectFrom('audit_event')
        .select('details')
        .where('action', '=', 'federation.receipt.refused')
        .where('object_id', '=', other.received.id)
        .execute();
      return n.length === 1 && JSON.parse(n[0]!.details).reason === 'other-conversation';
    });
    expect(await retrievedOf(other.received.id)).toBeUndefined();
  });

  it('batches queued at once in one conversation get gap-free sequences, the later one signed again', async () => {
    // Both batches are signed before their transactions for sequences 1–10; the second to commit
    // finds them taken and is signed again for 11–20.
    const conversationId = 'ping-concurrent-batches';
    const [a, b] = await Promise.all(
      [0, 1].map((i) =>
        de.admin.post(`/api/federation/partners/${frOnDe}/ping`, {
          count: 10,
          conversationId,
          text: `b${i}`,
        }),
      ),
    );
    expect([a!.status, b!.status]).toEqual([202, 202]);
    await waitFor(
      'both batches processed',
      async () => (await processedPings(fr, de.node.nodeId, conversationId)).length === 20,
    );
    const rows = await processedPings(fr, de.node.nodeId, conversationId);
    expect(rows.map((r) => r.sequence)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const ids = rows.map((r) => r.envelope_id);
    const batches = [a!.body.envelopeIds as string[], b!.body.envelopeIds as string[]];
    // Each batch holds ten consecutive places, in its own order.
    expect([ids.slice(0, 10), ids.slice(10)].sort()).toEqual([...batches].sort());
    // Every one is receipted back (and nothing is left in flight for the tests that follow).
    await waitFor('all delivered receipts', async () => {
      const got = await de.node.federation.receipts.list(de.node.database.db, ids);
      return ids.every((id) => got.get(id)?.some((r) => r.kind === 'delivered'));
    });
  });

  it('runs the statements of every envelope with SQL compiled once per engine', async () => {
    for (const n of [de, fr]) {
      const shapes = [...hotShapes(n.node.database.db)].filter(
        ([shape]) => /^(outbox|inbox|receipts)\./.test(shape) || /^insert federation_/.test(shape),
      );
      expect(shapes.map(([shape]) => shape)).toEqual(
        expect.arrayContaining([
          'inbox.cursor',
          'inbox.followers',
          'inbox.advanceCursor',
          'outbox.reserveSequences',
          'outbox.nextDue',
        ]),
      );
      // Checks and marks for many envelopes at once: one shape per number of envelopes.
      for (const prefix of [
        'inbox.taken.id.',
        'inbox.taken.key.',
        'inbox.taken.slot.',
        'inbox.markProcessed.',
      ])
        expect(shapes.some(([shape]) => shape.startsWith(prefix))).toBe(true);
      expect(shapes.filter(([, reused]) => !reused)).toEqual([]);
    }
  });

  it('an envelope that cannot be delivered at once is receipted `accepted` first, then `delivered`', async () => {
    let calls = 0;
    const seen: unknown[] = [];
    fr.node.federation.onEnvelope('flaky.test', async (_uow, e) => {
      // Twice: the batch attempt and the attempt on its own both fail; the retry later succeeds.
      if (++calls <= 2) throw new Error('the agency’s system is restarting');
      seen.push(e.payload);
      return undefined;
    });
    const receipts: string[] = [];
    de.node.federation.carrier.onReceipt(async (_uow, r) => {
      receipts.push(`${r.envelopeId}:${r.kind}`);
    });
    const queued = await inTransaction(de.node.database, (uow) =>
      de.node.federation.carrier.transmit(uow, {
        recipientNode: fr.node.nodeId,
        recipientAgency: fr.agencyId,
        senderAgency: de.agencyId,
        type: 'flaky.test',
        conversationId: 'flaky-1',
        payload: { note: 'second time lucky' },
        labels: { tlp: 'TLP:GREEN', handlingCode: 'H1', originatorAgency: de.agencyId },
        idempotencyKey: 'flaky:1',
      }),
    );
    // The same business step again: the same envelope, nothing new queued.
    const again = await inTransaction(de.node.database, (uow) =>
      de.node.federation.carrier.transmit(uow, {
        recipientNode: fr.node.nodeId,
        type: 'flaky.test',
        conversationId: 'flaky-1',
        payload: { note: 'second time lucky' },
        labels: { tlp: 'TLP:GREEN' },
        idempotencyKey: 'flaky:1',
      }),
    );
    expect(again).toMatchObject({ envelopeId: queued.envelopeId, duplicate: true });
    await waitFor(
      'delivered after the retry',
      async () => (await envelope(de, queued.envelopeId)).receipts.length === 2,
      30_000,
    );
    expect((await envelope(de, queued.envelopeId)).receipts.map((r: { kind: string }) => r.kind)).toEqual([
      'accepted',
      'delivered',
    ]);
    expect(receipts).toEqual([`${queued.envelopeId}:accepted`, `${queued.envelopeId}:delivered`]);
    expect(seen).toEqual([{ note: 'second time lucky' }]);
    expect((await envelope(fr, queued.envelopeId)).attempts).toBe(2);
  });

  it('audits every envelope in and out, never its payload', async () => {
    const actions = async (n: FederatedTestNode) =>
      n.node.database.db
        .selectFrom('audit_event')
        .select(['action', 'details'])
        .where('action', 'like', 'federation.envelope.%')
        // An administrator's reads of the dashboard are audited apart from the traffic.
        .where('action', 'not in', ['federation.envelope.read', 'federation.envelope.list'])
        .execute();
    const sent = await actions(de);
    const received = await actions(fr);
    expect(new Set(sent.map((a) => a.action))).toEqual(
      new Set([
        'federation.envelope.queued',
        'federation.envelope.sent',
        'federation.envelope.received',
        'federation.envelope.processed',
      ]),
    );
    expect(received.filter((a) => a.action === 'federation.envelope.received').length).toBeGreaterThanOrEqual(
      20,
    );
    for (const a of [...sent, ...received]) {
      expect(a.details).not.toContain('Guten Tag');
      expect(JSON.parse(a.details)).toMatchObject({ type: expect.any(String), partner: expect.any(String) });
    }
  });

  it('a suspended partner is refused and the failure is surfaced; resume and retry deliver it once', async () => {
    expect((await fr.admin.post(`/api/federation/partners/${deOnFr}/suspend`)).body.data.status).toBe(
      'suspended',
    );
    const sent = await de.admin.post(`/api/federation/partners/${frOnDe}/ping`, { count: 1 });
    const id = sent.body.envelopeIds[0];
    const failed = await waitFor('permanent failure', async () => {
      const s = await status(de);
      return s.failedDeliveries.find((f: { id: string }) => f.id === id);
    });
    expect(failed).toMatchObject({ status: 'failed', lastStatus: 403 });
    expect(failed.lastError).toContain('federation-partner-suspended');
    expect((await status(de)).partners.find((p: { id: string }) => p.id === frOnDe).queue.failed).toBe(1);
    const refusals = await fr.node.database.db
      .selectFrom('audit_event')
      .select('details')
      .where('action', '=', 'federation.envelope.refused')
      .execute();
    expect(refusals.some((r) => JSON.parse(r.details).code === 'federation-partner-suspended')).toBe(true);

    await fr.admin.post(`/api/federation/partners/${deOnFr}/resume`);
    const retried = await de.admin.post(`/api/federation/deliveries/${id}/retry`);
    expect(retried.status).toBe(200);
    await waitFor('delivered after retry', async () => (await envelope(de, id)).status === 'delivered');
    await waitFor(
      'processed once',
      async () => (await processedPings(fr, de.node.nodeId, sent.body.conversationId)).length === 1,
    );
    // Only failed envelopes can be retried.
    expect((await de.admin.post(`/api/federation/deliveries/${id}/retry`)).status).toBe(409);
  });

  it('a partner down for a while shows as unavailable; everything queued arrives once when it is back', async () => {
    fr.proxy.goDown();
    const sent = await de.admin.post(`/api/federation/partners/${frOnDe}/ping`, { count: 10 });
    await waitFor('circuit open and partner unavailable', async () => {
      const p = (await status(de)).partners.find((x: { id: string }) => x.id === frOnDe);
      return p.circuit !== 'closed' && p.availability === 'unavailable' ? p : undefined;
    });
    fr.proxy.comeBack();
    await waitFor(
      'all delivered',
      async () => (await processedPings(fr, de.node.nodeId, sent.body.conversationId)).length === 10,
    );
    const p = await waitFor('available again', async () => {
      const x = (await status(de)).partners.find((y: { id: string }) => y.id === frOnDe);
      return x.availability === 'available' ? x : undefined;
    });
    expect(p.circuit).toBe('closed');
    const rows = await processedPings(fr, de.node.nodeId, sent.body.conversationId);
    expect(rows.map((r) => r.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('lost answers and duplicated requests never process an envelope twice', async () => {
    fr.proxy.setPolicy({ dropResponse: 0.3, duplicate: 0.3, delayMs: [0, 20] });
    const sent = await de.admin.post(`/api/federation/partners/${frOnDe}/ping`, { count: 30 });
    await waitFor(
      'delivered',
      async () => (await envelope(de, sent.body.envelopeIds.at(-1))).status === 'delivered',
    );
    await waitFor(
      'all processed',
      async () => (await processedPings(fr, de.node.nodeId, sent.body.conversationId)).length === 30,
    );
    fr.proxy.heal();
    const rows = await processedPings(fr, de.node.nodeId, sent.body.conversationId);
    expect(new Set(rows.map((r) => r.envelope_id)).size).toBe(30);
    expect(rows.map((r) => r.sequence)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(fr.proxy.stats.droppedResponses + fr.proxy.stats.duplicated).toBeGreaterThan(0);
  });

  describe('evidence offer and pull', () => {
    const bytes = randomBytes(3 * 1024 * 1024 + 123);
    const sha256 = createHash('sha256').update(bytes).digest('hex');

    it('pulls an offered file in signed ranges, resumes after an interruption, checks the hash', async () => {
      const source = new InMemoryBlobSource();
      source.put(bytes);
      de.node.federation.blobs.setSource(source);
      // The lifecycle's `evidence.offer` handler runs on FR; an offer for no request of FR is not
      // delivered to anyone there, but queuing it still grants the pull.
      const offer = await inTransaction(de.node.database, (uow) =>
        de.node.federation.carrier.transmit(uow, {
          recipientNode: fr.node.nodeId,
          type: 'evidence.offer',
          conversationId: 'case-42',
          payload: { items: [{ sha256, size: bytes.length, name: 'phone-dump.bin' }] },
          labels: { tlp: 'TLP:AMBER' },
          idempotencyKey: `offer:${sha256}`,
        }),
      );
      await waitFor(
        'offer processed',
        async () => (await envelope(fr, offer.envelopeId))?.status === 'processed',
      );
      // The recipient starts, is cut off after the first chunk, then resumes from what it holds.
      const sink = new InMemoryBlobSink({ failAfterBytes: 1024 * 1024 });
      await expect(
        fr.node.federation.blobs.pull(de.node.nodeId, { sha256, size: bytes.length }, sink, {
          chunkBytes: 1024 * 1024,
        }),
      ).rejects.toThrow();
      expect(await sink.length()).toBe(1024 * 1024);
      sink.failAfterBytes = undefined;
      const result = await fr.node.federation.blobs.pull(
        de.node.nodeId,
        { sha256, size: bytes.length },
        sink,
        { chunkBytes: 1024 * 1024 },
      );
      expect(result).toEqual({ resumedFrom: 1024 * 1024, requests: 3 });
      expect(Buffer.concat(sink.chunks).equals(bytes)).toBe(true);
      const served = await de.node.database.db
        .selectFrom('audit_event')
        .select('details')
        .where('action', '=', 'federation.blob.served')
        .execute();
      expect(served.length).toBe(5);
    });

    it('refuses a file whose bytes do not match the offer', async () => {
      const sink = new InMemoryBlobSink();
      await expect(
        fr.node.federation.blobs.pull(de.node.nodeId, { sha256, size: bytes.length - 1 }, sink),
      ).rejects.toBeInstanceOf(BlobIntegrityError);
    });

    it('serves nothing that was not offered to the caller, nor to unsigned callers', async () => {
      const other = createHash('sha256').update('not offered').digest('hex');
      const sink = new InMemoryBlobSink();
      await expect(
        fr.node.federation.blobs.pull(de.node.nodeId, { sha256: other, size: 11 }, sink),
      ).rejects.toThrow(/404/);
      const unsigned = await fetch(`${de.baseUrl}/api/federation/blobs/${sha256}`);
      expect(unsigned.status).toBe(401);
      expect((await unsigned.json()).code).toBe('federation-signature-missing');
      // DE itself may not pull from FR what FR never offered.
      await expect(
        fr.node.federation.blobs.pull(de.node.nodeId, { sha256, size: bytes.length }, new InMemoryBlobSink()),
      ).resolves.toBeTruthy();
      await expect(
        de.node.federation.blobs.pull(fr.node.nodeId, { sha256, size: bytes.length }, new InMemoryBlobSink()),
      ).rejects.toThrow(/404/);
    });
  });

  it('reports the node, partners, queues and failures on the dashboard (federation.read)', async () => {
    // Receipts of the previous steps may still be on their way: the queue is read once it is idle.
    const s = await waitFor('an idle queue to FR', async () => {
      const now = await status(de);
      return now.partners[0]?.queue.pending === 0 ? now : undefined;
    });
    expect(s.node).toMatchObject({ nodeId: de.node.nodeId, name: 'Comity DE', baseUrl: de.baseUrl });
    expect(s.partners).toHaveLength(1);
    expect(s.partners[0]).toMatchObject({
      nodeId: fr.node.nodeId,
      status: 'active',
      availability: 'available',
      circuit: 'closed',
      queue: { pending: 0, failed: 0 },
      keyChangePending: false,
    });
    expect(s.outbox.failed).toBe(0);
    const list = await de.admin.get('/api/federation/partners');
    expect(list.body.items[0].policies).toEqual({ manage: true });
  });

  it('a real EIO crosses from DE to FR and back to closure with evidence returned', async () => {
    // DE: a public prosecutor's office drafts (no validation needed, EIO Art. 2(c)(i)); FR: the
    // central authority of the node receives.
    const sta = await buildAgency(de.node, {
      jurisdiction: 'DE',
      kind: 'prosecution',
      name: 'StA Frankfurt',
    });
    const officer = async (
      node: FederatedTestNode,
      agencyId: string,
      role: 'prosecutor' | 'supervisor' | 'central-authority-caseworker',
    ) => {
      const u = await buildUser(node.node, { agencyId, roles: [role], clearance: 2 });
      const client = new TestClient(node.app);
      await client.signInWithMfa(u.email);
      return { id: u.id, client };
    };
    const anna = await officer(de, sta.id, 'prosecutor');
    const jonas = await officer(de, sta.id, 'supervisor');
    const ines = await officer(fr, fr.agencyId, 'central-authority-caseworker');
    // What FR returns comes from its evidence store: a real item, uploaded and encrypted at rest.
    const evidenceBytes = randomBytes(1024 * 1024 + 17);
    const evidenceSha = createHash('sha256').update(evidenceBytes).digest('hex');

    const created = await anna.client.post('/api/requests', {
      kind: 'eio',
      title: 'Nordlicht: bank records in Paris',
      classification: 1,
      instrumentId: 'eio',
      requestingState: 'DE',
      requestedState: 'FR',
      language: 'de',
      issuingAuthority: {
        name: 'Staatsanwaltschaft Frankfurt (test)',
        address: 'Konrad-Adenauer-Straße 20, 60313 Frankfurt',
        phone: '+49 69 000 0000',
        email: 'sta@example.de',
      },
      requestedAuthority: { name: 'FR central authority', agencyId: fr.agencyId },
      proceedings: { type: 'criminal', reference: '7410 Js 1234/26' },
      persons: [{ role: 'witness', name: 'Camille Lefèvre', nationality: 'FR' }],
      offences: [
        {
          legalClassification: 'Gewerbsmäßiger Betrug, § 263 Abs. 5 StGB',
          category: 'swindling',
          maxPenaltyMonths: 120,
        },
      ],
      summaryOfFacts: 'Zwischen Januar und März 2026 zahlten Anleger 2,4 Mio. EUR auf Konten in Paris ein.',
      measures: [{ id: 'banking-information', details: 'Kontoinhaber und Auszüge, 1.1.2026 bis 31.3.2026.' }],
      urgency: { urgent: false, deadline: '2026-12-31' },
      attachments: [{ name: 'EEA-Nordlicht-fr.pdf', kind: 'translation', language: 'fr' }],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id: string = created.body.data.id;
    const life = async (o: { client: TestClient }) => {
      const r = await o.client.get(`/api/requests/${id}/lifecycle`);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body;
    };
    const step = async (o: { client: TestClient }, body: Record<string, unknown>) => {
      const expectedVersion = (await life(o)).data.version;
      const r = await o.client.post(`/api/requests/${id}/transitions`, { expectedVersion, ...body });
      expect(r.status, `${String(body.action)}: ${JSON.stringify(r.body)}`).toBe(200);
      return r.body;
    };
    const stateOn = (o: { client: TestClient }, state: string) =>
      waitFor(`state ${state}`, async () => (await life(o)).data.state === state);

    await step(anna, { action: 'submit' });
    // Four eyes: the drafter (a prosecutor, who may approve others' requests) may not approve hers.
    expect(
      (await anna.client.post(`/api/requests/${id}/transitions`, { action: 'approve', expectedVersion: 2 }))
        .status,
    ).toBe(409);
    expect((await step(jonas, { action: 'approve', comments: 'Proportionate.' })).data.state).toBe(
      'approved',
    );
    const sent = await step(anna, { action: 'transmit' });
    expect(sent.data).toMatchObject({ state: 'transmitted', recipientAgency: { id: fr.agencyId } });
    const sentHash: string = sent.data.sent.hash;

    // The transmission left as an envelope, queued in the transition's transaction.
    const outgoing = (await anna.client.get(`/api/requests/${id}/deliveries`)).body.items;
    expect(outgoing).toHaveLength(1);
    expect(outgoing[0]).toMatchObject({
      type: 'request.transmission',
      carrier: 'remote',
      recipientNode: fr.node.nodeId,
      contentHash: sentHash,
    });

    // FR: the request arrives in the central authority's view, exactly the version sent.
    await waitFor(
      'received on FR',
      async () => (await ines.client.get(`/api/requests/${id}/lifecycle`)).status === 200,
    );
    const received = await life(ines);
    expect(received.data).toMatchObject({
      side: 'requested',
      state: 'transmitted',
      sent: { hash: sentHash, version: 1 },
      requestingAgency: { id: sta.id, name: 'StA Frankfurt' },
    });
    // And in FR's request list, among the incoming ones: its author is on the DE node.
    const listed = async (query: string) =>
      ((await ines.client.get(`/api/requests${query}`)).body.items as { data: { id: string } }[]).find(
        (x) => x.data.id === id,
      );
    expect(await listed('')).toMatchObject({
      data: {
        status: 'transmitted',
        agencyId: sta.id,
        createdBy: null,
        requestingState: 'DE',
        personCount: 1,
      },
      policies: { read: true, update: false, document: false },
    });
    expect(await listed('?direction=incoming')).toBeDefined();
    expect(await listed('?direction=outgoing')).toBeUndefined();
    expect(await listed('?mine=true')).toBeUndefined();
    // Its caseworker is told it is her move (a durable job, once), with a link and a reference only.
    const notified = async () =>
      (
        (await ines.client.get('/api/me/notifications')).body.items as { requestId: string; kind: string }[]
      ).filter((n) => n.requestId === id);
    await waitFor('FR caseworker notified', async () => {
      await fr.node.jobs.runDue();
      return (await notified()).length > 0;
    });
    expect(await notified()).toEqual([expect.objectContaining({ kind: 'action-needed' })]);
    expect(received.allowedActions).toContain('acknowledge');
    // Nobody else on FR sees it.
    const other = await officer(
      fr,
      (await buildAgency(fr.node, { jurisdiction: 'FR', kind: 'prosecution', name: 'Parquet' })).id,
      'central-authority-caseworker',
    );
    expect((await other.client.get(`/api/requests/${id}/lifecycle`)).status).toBe(404);

    // FR keeps its side's clocks, started at receipt from its own registry, each with its
    // citation: acknowledge within 7 days (Art. 16(1)), decide within 30 (Art. 12(3)), and the
    // date the issuing authority asked for. The requesting side's clocks stay on DE.
    type Clock = {
      id: string;
      ruleId: string;
      owner: string;
      status: string;
      startedAt: string;
      dueAt: string;
      citation: string;
    };
    const clocks = async (o: { client: TestClient }) => {
      const r = await o.client.get(`/api/requests/${id}/deadlines`);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body as { items: Clock[]; untracked: { ruleId: string; reason: string }[] };
    };
    const frClock = async (ruleId: string) => (await clocks(ines)).items.find((c) => c.ruleId === ruleId);
    const DAY = 86_400_000;
    const frClocks = await clocks(ines);
    expect(frClocks.items.map((c) => [c.ruleId, c.owner, c.status]).sort()).toEqual([
      ['eio-acknowledge-receipt', 'requested', 'running'],
      ['eio-recognition-decision', 'requested', 'running'],
      ['requested-date', 'requested', 'running'],
    ]);
    const period = (c: Clock | undefined) => Date.parse(c!.dueAt) - Date.parse(c!.startedAt);
    const acknowledgeBy = (await frClock('eio-acknowledge-receipt'))!;
    expect(period(acknowledgeBy)).toBe(7 * DAY);
    expect(acknowledgeBy.citation).toContain('Art. 16(1)');
    const decideBy = await frClock('eio-recognition-decision');
    expect(period(decideBy)).toBe(30 * DAY);
    expect(decideBy!.citation).toContain('Art. 12(3)');
    expect(await frClock('requested-date')).toMatchObject({ dueAt: '2026-12-31T23:59:59.999Z' });
    expect(frClocks.untracked.find((u) => u.ruleId === 'eio-execution')?.reason).toMatch(/decision/);

    // It is in the central authority's worklist like a local incoming request, its next deadline
    // the acknowledgement; the other FR agency's worklist does not show it.
    const frInbox = (await ines.client.get('/api/inbox?view=needs-my-action')).body;
    expect(frInbox.items.find((x: { requestId: string }) => x.requestId === id)).toMatchObject({
      side: 'requested',
      state: 'transmitted',
      turn: 'requested',
      partnerAgency: { id: sta.id, name: 'StA Frankfurt' },
      nextDue: { action: 'acknowledge', dueAt: acknowledgeBy.dueAt, citation: acknowledgeBy.citation },
    });
    expect((await life(ines)).data.nextDeadline).toMatchObject({ action: 'acknowledge' });
    // Its reminder and then its escalation reach FR's caseworker as for a local request (the alerts
    // are brought forward here instead of waiting days): each once, audited on FR.
    const bringForward = async (kind: 'reminder' | 'escalation') => {
      const due = await fr.node.database.db
        .updateTable('request_deadline')
        .set({ alert_at: new Date(Date.now() - 1000).toISOString() })
        .where('id', '=', acknowledgeBy.id)
        .where('alert_kind', '=', kind)
        .executeTakeFirst();
      expect(Number(due.numUpdatedRows), kind).toBe(1);
      await fr.node.jobs.runDue();
    };
    await bringForward('reminder');
    await bringForward('escalation');
    expect((await notified()).map((n) => n.kind).sort()).toEqual(['action-needed', 'escalation', 'reminder']);
    await fr.node.audit.flush();
    const dueAudit = await fr.node.database.db
      .selectFrom('audit_event')
      .select('action')
      .where('object_id', '=', id)
      .where('action', 'like', 'deadline.%')
      .execute();
    expect(dueAudit.map((a) => a.action).sort()).toEqual(['deadline.escalation', 'deadline.reminder']);
    expect(frInbox.items.find((x: { requestId: string }) => x.requestId === id).allowedActions).toContain(
      'acknowledge',
    );
    expect(
      (await other.client.get('/api/inbox?view=needs-my-action')).body.items.map(
        (x: { requestId: string }) => x.requestId,
      ),
    ).not.toContain(id);

    // Opening it on FR is the `retrieved` receipt, visible on DE.
    await waitFor('delivered and retrieved on DE', async () => {
      const d = (await anna.client.get(`/api/requests/${id}/deliveries`)).body.items[0];
      const kinds = d.receipts.map((r: { kind: string }) => r.kind);
      return kinds.includes('delivered') && kinds.includes('retrieved');
    });

    await step(ines, { action: 'acknowledge' });
    expect(await frClock('eio-acknowledge-receipt')).toMatchObject({ status: 'met' });
    await stateOn(anna, 'under-assessment');
    await step(ines, { action: 'request-information', questions: 'Which accounts exactly?' });
    // Asking for more information pauses FR's decision clock; DE's answer resumes it.
    expect(await frClock('eio-recognition-decision')).toMatchObject({ status: 'paused' });
    await stateOn(anna, 'information-requested');
    expect(
      (await ines.client.get('/api/inbox?view=waiting-on-partner')).body.items.map(
        (x: { requestId: string }) => x.requestId,
      ),
    ).toContain(id);
    expect((await life(anna)).data.informationRequest).toMatchObject({
      questions: 'Which accounts exactly?',
    });
    await step(anna, { action: 'provide-information', answer: 'FR76 0000 0000 0000 only.' });
    await stateOn(ines, 'under-assessment');
    expect(await frClock('eio-recognition-decision')).toMatchObject({ status: 'running' });
    // FR cannot decide in time: it extends its decision clock by 30 days with reasons (Art. 12(5)),
    // and DE's copy of that clock follows when the communication arrives.
    const deDecideBy = async () =>
      (await clocks(anna)).items.find(
        (c) => c.ruleId === 'eio-recognition-decision' && c.owner === 'requested',
      );
    const before = { fr: (await frClock('eio-recognition-decision'))!, de: (await deDecideBy())! };
    expect(before.de, 'DE keeps a copy of the partner’s decision clock').toBeDefined();
    await step(ines, {
      action: 'extend',
      deadlineId: before.fr.id,
      reasons: 'The bank needs a court order under French law first.',
    });
    const extendedBy = (c: Clock | undefined, was: Clock) => Date.parse(c!.dueAt) - Date.parse(was.dueAt);
    expect(extendedBy(await frClock('eio-recognition-decision'), before.fr)).toBe(30 * DAY);
    await waitFor('DE’s copy extended', async () => extendedBy(await deDecideBy(), before.de) === 30 * DAY);
    // DE records the move with FR's reasons and the rule, never FR's own clock id.
    const deExtend = await de.node.database.db
      .selectFrom('request_transition')
      .select('payload')
      .where('request_id', '=', id)
      .where('action', '=', 'extend')
      .executeTakeFirstOrThrow();
    const recorded = JSON.parse(deExtend.payload);
    expect(recorded).toMatchObject({
      reasons: 'The bank needs a court order under French law first.',
      ruleId: 'eio-recognition-decision',
    });
    expect(recorded).not.toHaveProperty('clockNotExtended');
    expect(JSON.stringify(recorded)).not.toContain(before.fr.id);
    // Once only: a second extension is refused on FR.
    const again = await ines.client.post(`/api/requests/${id}/transitions`, {
      action: 'extend',
      deadlineId: before.fr.id,
      reasons: 'Still waiting.',
      expectedVersion: (await life(ines)).data.version,
    });
    expect(again.status, JSON.stringify(again.body)).toBe(409);
    expect(again.body.detail).toMatch(/already extended/);
    await stateOn(anna, 'under-assessment');
    await step(ines, { action: 'accept' });
    // The decision meets the decision clock and starts the 90 days to execute (Art. 12(4)).
    expect(await frClock('eio-recognition-decision')).toMatchObject({ status: 'met' });
    expect(await frClock('eio-execution')).toMatchObject({
      status: 'running',
      owner: 'requested',
      citation: expect.stringContaining('Art. 12(4)'),
    });
    await stateOn(anna, 'accepted');
    // A move of the other side is refused on either node.
    expect(
      (
        await anna.client.post(`/api/requests/${id}/transitions`, {
          action: 'start-execution',
          expectedVersion: (await life(anna)).data.version,
        })
      ).status,
    ).toBe(404);
    await step(ines, { action: 'start-execution' });
    // FR records the bank's answer as an evidence item for the request and uploads the file.
    const newItem = async (exhibitNumber: string, labels: Record<string, unknown>) => {
      const r = await ines.client.post('/api/evidence', {
        exhibitNumber,
        description: 'Relevés de compte, janvier à mars 2026',
        source: 'Production by the bank',
        requestId: id,
        labels,
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      const up = await fr.app.inject({
        method: 'POST',
        url: `/api/evidence/${r.body.data.id}/files`,
        remoteAddress: ines.client.ip,
        headers: {
          cookie: ines.client.cookie!,
          'x-csrf-token': ines.client.csrf!,
          'content-type': 'application/octet-stream',
          'x-comity-file-name': 'releves.pdf',
          'x-comity-sha256': evidenceSha,
        },
        payload: evidenceBytes,
      });
      expect(up.statusCode, up.body).toBe(201);
      return r.body.data.id as string;
    };
    const useLimitations = { proceedings: ['7410 Js 1234/26'] };
    const frItem = await newItem('FR-BANQUE-1', {
      tlp: 'AMBER',
      handlingCode: 'H2',
      recipients: [sta.id],
      useLimitations,
    });
    // Labels decide what may go: a RED item that does not name the requesting agency stays on FR.
    const confined = await newItem('FR-BANQUE-2', { tlp: 'RED', handlingCode: 'H2' });
    const refusedOffer = await ines.client.post(`/api/requests/${id}/transitions`, {
      action: 'return-results',
      summary: 'Everything.',
      evidenceItemIds: [frItem, confined],
      expectedVersion: (await life(ines)).data.version,
    });
    expect(refusedOffer.status, JSON.stringify(refusedOffer.body)).toBe(403);
    expect(JSON.stringify(refusedOffer.body)).toContain('tlp-confined');
    // Another agency's officers on FR cannot return FR's item (not found for them).
    expect(
      (
        await other.client.post(`/api/requests/${id}/transitions`, {
          action: 'return-results',
          summary: 'x',
          evidenceItemIds: [frItem],
          expectedVersion: (await life(ines)).data.version,
        })
      ).status,
    ).toBe(404);
    await step(ines, {
      action: 'return-results',
      summary: 'Account statements January to March 2026.',
      evidenceItemIds: [frItem],
    });
    await step(ines, { action: 'complete' });
    await step(ines, { action: 'return-results', summary: 'All results returned.' });
    await stateOn(anna, 'results-returned');

    // DE pulls the offered file over signed ranges; it is kept only if its SHA-256 matches.
    await waitFor('evidence pulled on DE', async () => {
      await de.node.jobs.runDue();
      const t = (await anna.client.get(`/api/requests/${id}/timeline`)).body.items;
      return t.some((x: { action: string }) => x.action === 'evidence-pulled');
    });
    // DE now holds it as an encrypted evidence item of StA Frankfurt, linked to the request, with
    // FR's labels, and a custody chain that starts with its reception from FR.
    const deItems = (await anna.client.get('/api/evidence')).body.items.map((x: { data: unknown }) => x.data);
    const deItem = deItems.find((x: { requestId: string | null }) => x.requestId === id);
    expect(deItem).toMatchObject({
      agencyId: sta.id,
      requestId: id,
      exhibitNumber: 'FR-BANQUE-1',
      labels: { tlp: 'AMBER', handlingCode: 'H2', originatorAgencyId: fr.agencyId, useLimitations },
      files: [{ sha256: evidenceSha, size: evidenceBytes.length, name: 'releves.pdf' }],
    });
    expect(deItem.labels.recipients).toContain(sta.id);
    const deCustody = (await anna.client.get(`/api/evidence/${deItem.id}/custody`)).body;
    expect(deCustody.intact).toBe(true);
    expect(deCustody.items.map((r: { event: string }) => r.event).slice(0, 2)).toEqual([
      'received',
      'hash-verified',
    ]);
    expect(deCustody.items[0].details).toMatchObject({
      from: { node: fr.node.nodeId, agencyId: fr.agencyId },
      authority: { requestId: id },
    });
    const download = await de.app.inject({
      method: 'GET',
      url: `/api/evidence/${deItem.id}/files/${deItem.files[0].id}`,
      remoteAddress: anna.client.ip,
      headers: { cookie: anna.client.cookie!, 'x-comity-purpose': 'Check the returned statements' },
    });
    expect(download.statusCode, download.body).toBe(200);
    expect(createHash('sha256').update(download.rawPayload).digest('hex')).toBe(evidenceSha);
    // Nothing of it lies on DE's disk in the clear, and the old plaintext path is gone.
    const onDisk = async (dir: string): Promise<string[]> =>
      (await fs.readdir(dir, { withFileTypes: true, recursive: true }))
        .filter((e) => e.isFile())
        .map((e) => path.join(e.parentPath, e.name));
    expect(
      await fs.stat(path.join(de.node.config.dataDir, 'received-evidence')).catch(() => null),
    ).toBeNull();
    const needle = evidenceBytes.subarray(4096, 4096 + 64);
    for (const f of await onDisk(de.node.config.dataDir)) {
      if ((await fs.stat(f)).size > 64 * 1024 * 1024) continue;
      expect((await fs.readFile(f)).includes(needle), f).toBe(false);
    }
    // FR's chain shows the hand-over to DE.
    const frCustody = (await ines.client.get(`/api/evidence/${frItem}/custody`)).body;
    expect(frCustody.intact).toBe(true);
    const transferred = frCustody.items.filter((r: { event: string }) => r.event === 'transferred');
    expect(transferred).toHaveLength(1);
    expect(transferred[0].details).toMatchObject({
      to: { node: de.node.nodeId, agencyId: sta.id },
      authority: { requestId: id },
      sha256: evidenceSha,
    });

    await step(anna, { action: 'close', note: 'Thank you.' });
    await stateOn(ines, 'closed');
    // Closed: no clock of FR's is left running.
    expect((await clocks(ines)).items.filter((c) => c.status === 'running')).toEqual([]);
    expect((await life(anna)).data.state).toBe('closed');

    // Both timelines tell the same story, with e-CODEX receipts on both sides.
    const deTimeline = (await anna.client.get(`/api/requests/${id}/timeline`)).body.items as {
      kind: string;
      action: string;
    }[];
    const frTimeline = (await ines.client.get(`/api/requests/${id}/timeline`)).body.items as {
      kind: string;
      action: string;
    }[];
    const moves = [
      'transmit',
      'acknowledge',
      'request-information',
      'provide-information',
      'extend',
      'accept',
      'start-execution',
      'return-results',
      'complete',
      'return-results',
      'close',
    ];
    expect(deTimeline.filter((x) => x.kind === 'transition').map((x) => x.action)).toEqual([
      'submit',
      'approve',
      ...moves,
    ]);
    expect(frTimeline.filter((x) => x.kind === 'transition').map((x) => x.action)).toEqual(moves);
    expect(deTimeline.filter((x) => x.kind === 'receipt').map((x) => x.action)).toEqual(
      expect.arrayContaining(['submitted', 'delivered', 'retrieved', 'evidence-offered', 'evidence-pulled']),
    );
    await waitFor('receipts for FR’s envelopes', async () => {
      const t = (await ines.client.get(`/api/requests/${id}/timeline`)).body.items as {
        kind: string;
        action: string;
      }[];
      const kinds = t.filter((x) => x.kind === 'receipt').map((x) => x.action);
      return kinds.includes('delivered') && kinds.includes('retrieved');
    });
    const frDeliveries = (await ines.client.get(`/api/requests/${id}/deliveries`)).body.items;
    expect(frDeliveries[0]).toMatchObject({
      type: 'request.transmission',
      direction: 'incoming',
      contentHash: sentHash,
    });

    // Audit on both nodes: the transitions, the reception, the evidence, the envelopes.
    const audit = async (n: FederatedTestNode) =>
      (await n.node.database.db.selectFrom('audit_event').select(['action', 'object_id']).execute())
        .filter((a) => a.object_id === id)
        .map((a) => a.action);
    const deAudit = await audit(de);
    const frAudit = await audit(fr);
    expect(deAudit).toEqual(
      expect.arrayContaining(['request.transition', 'request.evidence.offered', 'request.evidence.pulled']),
    );
    expect(deAudit.filter((a) => a === 'request.transition').length).toBeGreaterThanOrEqual(12);
    expect(frAudit).toEqual(
      expect.arrayContaining(['request.received', 'request.transition', 'request.lifecycle.read']),
    );
    const frEvidenceAudit = (
      await fr.node.database.db.selectFrom('audit_event').select(['action', 'object_id']).execute()
    )
      .filter((a) => a.object_id === frItem)
      .map((a) => a.action);
    expect(frEvidenceAudit).toEqual(
      expect.arrayContaining(['evidence.offered', 'evidence.custody.transferred']),
    );
    // Ten moves made on FR, and the two attempts refused there (a second extension, evidence the
    // requesting agency may not have) audited as such.
    const frTransitions = (
      await fr.node.database.db
        .selectFrom('audit_event')
        .select(['outcome'])
        .where('object_id', '=', id)
        .where('action', '=', 'request.transition')
        .execute()
    ).map((a) => a.outcome);
    expect(frTransitions.filter((o) => o === 'success').length).toBe(10);
    expect(frTransitions.filter((o) => o !== 'success').length).toBe(2);
  });
});
