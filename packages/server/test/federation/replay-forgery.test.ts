import type { KeyObject } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createEnvelope,
  type Envelope,
  sealEnvelope,
  verifyEnvelope,
} from '../../src/modules/federation/protocol/envelope.ts';
import { signRequest } from '../../src/modules/federation/protocol/http-signature.ts';
import { generateSigningKeyPair } from '../../src/modules/federation/protocol/keys.ts';
import { encryptEnvelopePayload } from '../../src/modules/federation/protocol/payload-crypto.ts';
import { newId } from '../../src/platform/ids.ts';
import { engineName } from '../support/test-database.ts';
import { type FederatedTestNode, partner, processedPings, startFederatedNode, waitFor } from './support.ts';

interface Crafted {
  url: string;
  body: Buffer;
  headers: Record<string, string>;
  envelope: Envelope;
}

interface CraftOptions {
  from?: FederatedTestNode;
  /** Who signs the HTTP request (default: the envelope's sender). */
  httpSigner?: { nodeId: string; keyId: string; privateKey: KeyObject };
  envelopeKey?: { keyId: string; privateKey: KeyObject };
  now?: Date;
  envelopeCreatedAt?: Date;
  type?: string;
  recipientNode?: string;
  path?: string;
  conversationId?: string;
  sequence?: number;
}

/**
 * Replay and forgery over HTTP: every replayed, mutated, clock-skewed, misaddressed or foreign
 * request to the inbox is refused with its problem code, audited, and never processed; after a key
 * rotation, envelopes queued before it still verify and new ones carry the new key.
 */
describe(`replay and forgery on ${engineName()}`, () => {
  let de: FederatedTestNode;
  let fr: FederatedTestNode;
  let es: FederatedTestNode;
  const legit = new Set<string>();
  let refusedSoFar = 0;

  beforeAll(async () => {
    de = await startFederatedNode('Comity DE', { jurisdiction: 'DE' });
    fr = await startFederatedNode('Comity FR', { jurisdiction: 'FR' });
    es = await startFederatedNode('Comity ES', { jurisdiction: 'ES' });
    await partner(de, fr);
    await partner(fr, de);
    await partner(es, fr);
    await partner(fr, es);
  });
  afterAll(async () => {
    await de?.close();
    await fr?.close();
    await es?.close();
  });

  async function craft(o: CraftOptions = {}): Promise<Crafted> {
    const from = o.from ?? de;
    const now = o.now ?? new Date();
    const recipientNode = o.recipientNode ?? fr.node.nodeId;
    const frOnSender = from.node.federation.partners.get(fr.node.nodeId)!;
    let env = createEnvelope(
      {
        type: o.type ?? 'ping',
        sender: { node: from.node.nodeId },
        recipient: { node: recipientNode },
        idempotencyKey: `forge:${newId()}`,
        conversationId: o.conversationId ?? `forgery-${newId()}`,
        sequence: o.sequence ?? 1,
        labels: { tlp: 'TLP:AMBER' },
        payload: { text: 'operational data' },
      },
      o.envelopeCreatedAt ?? now,
    );
    env = await encryptEnvelopePayload(env, frOnSender.encryptionKey!);
    const envelope = await sealEnvelope(env, o.envelopeKey ?? from.node.federation.identity.signingKey());
    return sign(envelope, {
      now,
      signer: o.httpSigner ?? from.node.federation.identity.httpKey(),
      path: o.path,
    });
  }

  async function sign(
    envelope: Envelope | Record<string, unknown>,
    o: {
      now?: Date;
      signer?: { nodeId: string; keyId: string; privateKey: KeyObject };
      path?: string;
      raw?: Buffer;
    } = {},
  ): Promise<Crafted> {
    const body = o.raw ?? Buffer.from(JSON.stringify(envelope));
    const url = `${fr.baseUrl}${o.path ?? '/api/federation/inbox'}`;
    const headers = await signRequest(
      { method: 'POST', url, headers: {}, body },
      o.signer ?? de.node.federation.identity.httpKey(),
      {
        now: o.now ?? new Date(),
      },
    );
    return {
      url,
      body,
      headers: { 'content-type': 'application/json', ...headers },
      envelope: envelope as Envelope,
    };
  }

  async function send(r: Crafted, override: Partial<Crafted> = {}) {
    const res = await fetch(override.url ?? r.url, {
      method: 'POST',
      body: new Uint8Array(override.body ?? r.body),
      headers: override.headers ?? r.headers,
    });
    const text = await res.text();
    let body: any;
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
    return { status: res.status, body };
  }

  /** Sends and expects a refusal with this status and code. */
  async function refused(r: Crafted, status: number, code: string | RegExp, override: Partial<Crafted> = {}) {
    const res = await send(r, override);
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    if (typeof code === 'string') expect(res.body.code).toBe(code);
    else expect(res.body.code).toMatch(code);
    refusedSoFar++;
    return res;
  }

  async function accepted(r: Crafted) {
    const res = await send(r);
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    legit.add(r.envelope.id);
    return res;
  }

  it('accepts a well-formed signed request once; the same request again is a replay', async () => {
    const r = await craft();
    await accepted(r);
    await refused(r, 401, 'federation-nonce-replayed');
    const again = await Promise.all(Array.from({ length: 10 }, () => send(r)));
    expect(again.every((x) => x.status === 401 && x.body.code === 'federation-nonce-replayed')).toBe(true);
    refusedSoFar += 10;
    // The same envelope under a fresh signature is a sender's retry: answered, never processed twice.
    const retry = await send(await sign(r.envelope));
    expect(retry).toMatchObject({ status: 200, body: { envelopeId: r.envelope.id, duplicate: true } });
    await waitFor(
      'processed',
      async () => (await processedPings(fr, de.node.nodeId, r.envelope.conversationId)).length === 1,
    );
  });

  it('refuses every mutation of the body, the headers or the target', async () => {
    // Dated a few seconds ahead (inside the window), so `created - 1` below still postdates the
    // signing key's creation: it must fail on the signature, not as a key not yet valid.
    const r = await craft({ now: new Date(Date.now() + 5_000) });
    const flip = (b: Buffer, i: number) => {
      const c = Buffer.from(b);
      c[i] = c[i]! ^ 0x01;
      return c;
    };
    // Body bytes changed in transit: the Content-Digest no longer matches.
    for (let i = 0; i < r.body.length; i += Math.ceil(r.body.length / 25)) {
      await refused(r, 400, 'federation-digest-mismatch', { body: flip(r.body, i) });
    }
    // Body and digest changed together: the signature (which covers the digest) fails.
    const mutated = flip(r.body, 40);
    const forgedDigest = (await sign(r.envelope, { raw: mutated })).headers['content-digest']!;
    await refused(r, 401, 'federation-signature-invalid', {
      body: mutated,
      headers: { ...r.headers, 'content-digest': forgedDigest },
    });
    // Another target URI (the signature covers @target-uri).
    await refused(r, 401, 'federation-signature-invalid', { url: `${r.url}?via=relay` });
    // Signature bytes, parameters, nonce, algorithm.
    const sig = r.headers.signature!;
    const b64 = sig.slice(sig.indexOf(':') + 1, -1);
    const bytes = Buffer.from(b64, 'base64');
    for (const i of [0, 10, 31, 32, 63]) {
      const c = Buffer.from(bytes);
      c[i] = c[i]! ^ 0x80;
      await refused(r, 401, 'federation-signature-invalid', {
        headers: { ...r.headers, signature: `comity=:${c.toString('base64')}:` },
      });
    }
    const input = r.headers['signature-input']!;
    for (const [from, to] of [
      [/created=(\d+)/, (m: string) => `created=${Number(m.slice(8)) - 1}`],
      [/nonce="([^"]+)"/, () => `nonce="${newId().replaceAll('-', '')}"`],
      [/alg="ed25519"/, () => 'alg="rsa-pss-sha512"'],
      [/\("@method" "@target-uri" "content-digest"\)/, () => '("@method" "@target-uri")'],
    ] as const) {
      await refused(r, 401, 'federation-signature-invalid', {
        headers: { ...r.headers, 'signature-input': input.replace(from, to as (m: string) => string) },
      });
    }
    // Missing pieces.
    const { signature: _s, ...noSignature } = r.headers;
    await refused(r, 401, 'federation-signature-missing', { headers: noSignature });
    const { 'content-digest': _d, ...noDigest } = r.headers;
    await refused(r, 400, 'federation-digest-mismatch', { headers: noDigest });
    // Two signatures (only one is allowed).
    await refused(r, 401, 'federation-signature-invalid', {
      headers: { ...r.headers, signature: `${sig}, other=${sig.slice(sig.indexOf('=') + 1)}` },
    });
    // And the untouched request still goes through, once.
    await accepted(r);
  });

  it('refuses envelopes changed after signing, misaddressed, foreign or unreadable', async () => {
    // An envelope member changed after the envelope was signed, the request re-signed correctly.
    const base = await craft();
    for (const change of [
      (e: Envelope) => ({ ...e, sequence: 2 }),
      (e: Envelope) => ({ ...e, labels: { ...e.labels, tlp: 'TLP:CLEAR' } }),
      (e: Envelope) => ({ ...e, conversationId: 'another-conversation' }),
      (e: Envelope) => ({ ...e, createdAt: new Date(Date.parse(e.createdAt) - 1).toISOString() }),
    ]) {
      await refused(await sign(change(base.envelope)), 422, 'federation-envelope-signature-invalid');
    }
    // Not an envelope at all.
    await refused(await sign({}, { raw: Buffer.from('{"v":1,') }), 400, 'federation-envelope-malformed');
    await refused(await sign({ ...base.envelope, extra: true }), 400, 'federation-envelope-malformed');
    await refused(
      await sign({}, { raw: Buffer.from([0xff, 0xfe, 0x7b, 0x7d]) }),
      400,
      'federation-envelope-malformed',
    );
    // Addressed to another node, or of a type this node does not process.
    await refused(await craft({ recipientNode: es.node.nodeId }), 422, 'federation-wrong-recipient');
    await refused(await craft({ type: 'mystery.type' }), 422, 'federation-unsupported-type');
    // An envelope honestly signed by ES, relayed by DE: the request's signer is not the sender.
    const fromEs = await craft({ from: es });
    await refused(await sign(fromEs.envelope), 403, 'federation-sender-mismatch');
    // ES's encrypted payload lifted into an envelope DE signs: bound to another envelope.
    const lifted = await craft();
    const { payload: _p, ...rest } = lifted.envelope as Envelope & { payload?: unknown };
    const stolen = await sealEnvelope(
      { ...rest, encryptedPayload: fromEs.envelope.encryptedPayload } as Envelope,
      de.node.federation.identity.signingKey(),
    );
    await refused(await sign(stolen), 422, 'federation-decryption-failed');
    // Larger than 2 MiB.
    const huge = Buffer.alloc(2 * 1024 * 1024 + 1, 0x20);
    await refused(await sign({}, { raw: huge }), 413, 'federation-envelope-too-large');
    // A node nobody partnered with.
    const stranger = generateSigningKeyPair();
    const outsider = await craft({
      httpSigner: { nodeId: 'node-outsider', keyId: stranger.kid, privateKey: stranger.privateKey },
    });
    await refused(outsider, 403, 'federation-unknown-partner');
  });

  it('refuses requests signed outside the ±5 minute window, and envelopes from the future', async () => {
    const minute = 60_000;
    for (const skew of [
      -60 * minute,
      -10 * minute,
      -5 * minute - 2_000,
      5 * minute + 2_000,
      10 * minute,
      60 * minute,
    ]) {
      const r = await craft({ now: new Date(Date.now() + skew), envelopeCreatedAt: new Date() });
      await refused(r, 401, 'federation-signature-expired');
    }
    // Inside the window (a clock 4 minutes ahead) is fine.
    await accepted(await craft({ now: new Date(Date.now() + 4 * minute), envelopeCreatedAt: new Date() }));
    // An envelope dated 10 minutes ahead, in a fresh request.
    await refused(
      await craft({ envelopeCreatedAt: new Date(Date.now() + 10 * minute) }),
      422,
      'federation-envelope-signature-invalid',
    );
  });

  it('takes a batch under one signature: a result per envelope, refusals alone, a replay refused whole', async () => {
    const path = '/api/federation/inbox/batch';
    const conversationId = `batch-${newId()}`;
    const inOrder: Envelope[] = [];
    for (const sequence of [1, 2, 3]) inOrder.push((await craft({ conversationId, sequence })).envelope);
    const misaddressed = (await craft({ recipientNode: es.node.nodeId })).envelope;
    // Out of sequence order on purpose: processing follows the sequence, not the batch.
    const batch = [inOrder[2]!, misaddressed, inOrder[0]!, inOrder[1]!];
    const r = await sign({ envelopes: batch }, { path });
    const res = await send(r);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.results).toHaveLength(4);
    expect(res.body.results.map((x: { status: number }) => x.status)).toEqual([202, 422, 202, 202]);
    expect(res.body.results[1]).toMatchObject({ code: 'federation-wrong-recipient' });
    expect(res.body.results[0]).toMatchObject({ envelopeId: inOrder[2]!.id, duplicate: false });
    refusedSoFar++;
    for (const e of inOrder) legit.add(e.id);
    // The same request again is a replay, refused as a whole; the same envelopes under a fresh
    // signature are a sender's retry: duplicates, never processed twice.
    await refused(r, 401, 'federation-nonce-replayed');
    const retry = await send(await sign({ envelopes: [inOrder[0]!, inOrder[1]!] }, { path }));
    expect(retry.status).toBe(200);
    expect(retry.body.results).toMatchObject([
      { status: 200, envelopeId: inOrder[0]!.id, duplicate: true },
      { status: 200, envelopeId: inOrder[1]!.id, duplicate: true },
    ]);
    // An element over the single-envelope limit is refused alone, as it would be on its own.
    const oversized = { ...(await craft()).envelope, padding: 'x'.repeat(2 * 1024 * 1024) };
    const fits = (await craft({ conversationId: `batch-fits-${newId()}` })).envelope;
    const mixed = await send(await sign({ envelopes: [oversized, fits] }, { path }));
    expect(mixed.status, JSON.stringify(mixed.body)).toBe(200);
    expect(mixed.body.results).toMatchObject([
      { status: 413, code: 'federation-envelope-too-large' },
      { status: 202, envelopeId: fits.id },
    ]);
    refusedSoFar++;
    legit.add(fits.id);
    // Bodies that are not a batch are refused as a whole.
    await refused(await sign({ envelopes: [] }, { path }), 400, 'federation-envelope-malformed');
    await refused(
      await sign({ envelopes: [inOrder[0]!], more: [] }, { path }),
      400,
      'federation-envelope-malformed',
    );
    await refused(
      await sign({}, { path, raw: Buffer.from(JSON.stringify(inOrder[0])) }),
      400,
      'federation-envelope-malformed',
    );
    await refused(
      await sign({ envelopes: Array.from({ length: 101 }, () => inOrder[0]!) }, { path }),
      400,
      'federation-envelope-malformed',
    );
    // A batch signed by someone else than the partner it claims to be.
    const stranger = generateSigningKeyPair();
    await refused(
      await sign(
        { envelopes: [inOrder[0]!] },
        { path, signer: { nodeId: 'node-outsider', keyId: stranger.kid, privateKey: stranger.privateKey } },
      ),
      403,
      'federation-unknown-partner',
    );
    await waitFor(
      'batch processed',
      async () => (await processedPings(fr, de.node.nodeId, conversationId)).length === 3,
    );
    const pings = await processedPings(fr, de.node.nodeId, conversationId);
    expect(pings.map((p) => Number(p.sequence))).toEqual([1, 2, 3]);
    expect(pings.map((p) => p.envelope_id)).toEqual(inOrder.map((e) => e.id));
  });

  it('audits every refusal and processes nothing but the legitimate envelopes', async () => {
    const refusals = await fr.node.database.db
      .selectFrom('audit_event')
      .select('details')
      .where((eb) =>
        eb.or([eb('action', '=', 'federation.envelope.refused'), eb('action', '=', 'request.rejected')]),
      )
      .execute();
    expect(refusals.length).toBe(refusedSoFar);
    const stored = await fr.node.database.db
      .selectFrom('federation_inbox')
      .select('id')
      .where('sender_node', '=', de.node.nodeId)
      .execute();
    expect(new Set(stored.map((s) => s.id))).toEqual(legit);
    await waitFor('legitimate pings processed', async () => {
      const n = await fr.node.database.db
        .selectFrom('federation_ping')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirst();
      return Number(n?.n) === legit.size;
    });
    const pings = await fr.node.database.db.selectFrom('federation_ping').select('envelope_id').execute();
    expect(new Set(pings.map((p) => p.envelope_id))).toEqual(legit);
    expect(pings.length).toBe(legit.size);
  });

  describe('key rotation', () => {
    it('envelopes queued before a rotation still verify, new ones carry the new key, old keys sign nothing new', async () => {
      const frOnDe = de.node.federation.partners.get(fr.node.nodeId)!.row.id;
      const conversationId = `rotation-${newId()}`;
      fr.proxy.goDown();
      const before = await de.admin.post(`/api/federation/partners/${frOnDe}/ping`, {
        count: 5,
        conversationId,
      });
      const oldKey = de.node.federation.identity.signingKey();
      const oldHttpKey = de.node.federation.identity.httpKey();
      const rotatedAt = new Date();
      await de.node.keys.rotate(() => rotatedAt);
      const newKey = de.node.federation.identity.signingKey();
      expect(newKey.keyId).not.toBe(oldKey.keyId);
      const after = await de.admin.post(`/api/federation/partners/${frOnDe}/ping`, {
        count: 5,
        conversationId,
      });

      const kidOf = async (id: string) => {
        const row = await de.node.database.db
          .selectFrom('federation_outbox')
          .select('envelope')
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
        const sig = (JSON.parse(row.envelope) as Envelope).signature;
        return JSON.parse(Buffer.from(sig.split('.')[0]!, 'base64url').toString()).kid as string;
      };
      for (const id of before.body.envelopeIds) expect(await kidOf(id)).toBe(oldKey.keyId);
      for (const id of after.body.envelopeIds) expect(await kidOf(id)).toBe(newKey.keyId);

      // The published document retires the old key and carries the signed transition.
      const doc = await de.node.federation.identity.document();
      expect(doc.keys.find((k) => k.kid === oldKey.keyId)?.expiredAt).toBe(rotatedAt.toISOString());
      expect(doc.transitions).toEqual([
        expect.objectContaining({ from: oldKey.keyId, to: newKey.keyId, at: rotatedAt.toISOString() }),
      ]);

      fr.proxy.comeBack();
      await waitFor(
        'all ten processed',
        async () => (await processedPings(fr, de.node.nodeId, conversationId)).length === 10,
      );
      const rows = await processedPings(fr, de.node.nodeId, conversationId);
      expect(rows.map((r) => r.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      // FR followed the key chain without a new out-of-band confirmation.
      const deOnFr = fr.node.federation.partners.get(de.node.nodeId)!;
      expect(deOnFr.row.trusted_kid).toBe(newKey.keyId);
      expect(deOnFr.row.pending_document).toBeNull();
      // Every stored envelope, old key or new, verifies against what FR now knows.
      const stored = await fr.node.database.db
        .selectFrom('federation_inbox')
        .select('envelope')
        .where('conversation_id', '=', conversationId)
        .execute();
      for (const s of stored) {
        const v = await verifyEnvelope(
          JSON.parse(s.envelope),
          fr.node.federation.partners.resolveKey,
          new Date(),
        );
        expect(v.ok).toBe(true);
      }

      // The retired key signs nothing new: not a request, not an envelope dated after the rotation.
      // (`created` has whole seconds: date the forged request in the next second after the rotation.)
      const later = new Date(rotatedAt.getTime() + 2_000);
      await refused(await craft({ httpSigner: oldHttpKey, now: later }), 401, 'federation-unknown-key');
      await refused(
        await craft({ envelopeKey: oldKey, envelopeCreatedAt: later }),
        422,
        'federation-envelope-signature-invalid',
      );
      await accepted(await craft());
    });
  });
});
