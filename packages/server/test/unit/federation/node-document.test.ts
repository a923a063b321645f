/** The signed node document, fingerprints, and key continuity across rotations (docs/federation.md §3–4). */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { calculateJwkThumbprint } from 'jose';
import { describe, expect, it } from 'vitest';
import { sealEnvelope, verifyEnvelope } from '../../../src/modules/federation/protocol/envelope.ts';
import {
  checkKeyContinuity,
  currentEncryptionKey,
  currentSigningKey,
  fingerprintOf,
  keyResolverFor,
  type NodeDocument,
  type NodeKey,
  sameFingerprint,
  signKeyTransition,
  signNodeDocument,
  type UnsignedNodeDocument,
  verifyNodeDocument,
} from '../../../src/modules/federation/protocol/node-document.ts';
import { at, buildEnvelope, DAY, flipChar, T0, type TestKey, TestNode } from './factories.ts';

const sigKey = (k: TestKey): NodeKey => ({
  kid: k.kid,
  use: 'sig',
  alg: 'EdDSA',
  publicJwk: k.publicJwk,
  createdAt: k.validFrom.toISOString(),
  ...(k.expiredAt ? { expiredAt: k.expiredAt.toISOString() } : { validUntil: at(365 * DAY).toISOString() }),
});

function unsignedDocument(node: TestNode, extra: Partial<UnsignedNodeDocument> = {}): UnsignedNodeDocument {
  return {
    v: 1,
    nodeId: node.nodeId,
    name: 'Parquet fédéral — Bruxelles',
    baseUrl: 'https://comity.just.example.be',
    jurisdictions: ['BE'],
    agencies: [
      { id: 'agency-be-fpp', name: 'Federal Prosecutor', kind: 'prosecution', jurisdiction: 'BE' },
      { id: 'agency-be-ca', name: 'Central Authority', kind: 'central-authority', jurisdiction: 'BE' },
    ],
    keys: [
      ...node.signingKeys.map(sigKey),
      {
        kid: node.encryption.kid,
        use: 'enc',
        alg: 'ECDH-ES+A256KW',
        publicJwk: node.encryption.publicJwk,
        createdAt: at(-30 * DAY).toISOString(),
      },
    ],
    issuedAt: T0.toISOString(),
    ...extra,
  };
}

describe('fingerprint', () => {
  it('is SHA-256 of the RFC 8785 JWK, equal to the RFC 7638 thumbprint, in 16 groups of 4 hex digits', async () => {
    const node = new TestNode('node-be');
    const fp = fingerprintOf(node.current.publicJwk);
    expect(fp).toMatch(/^[0-9A-F]{4}(:[0-9A-F]{4}){15}$/);
    const canonical = `{"crv":"Ed25519","kty":"OKP","x":"${node.current.publicJwk.x}"}`;
    expect(fp.replaceAll(':', '')).toBe(createHash('sha256').update(canonical).digest('hex').toUpperCase());
    const thumbprint = await calculateJwkThumbprint(node.current.publicJwk, 'sha256');
    expect(Buffer.from(thumbprint, 'base64url').toString('hex').toUpperCase()).toBe(fp.replaceAll(':', ''));
  });

  it('compares as people type it', () => {
    const fp = fingerprintOf(new TestNode('n').current.publicJwk);
    expect(sameFingerprint(fp.toLowerCase().replaceAll(':', ' '), fp)).toBe(true);
    expect(sameFingerprint(flipChar(fp, 0, 0), fp)).toBe(false);
    expect(sameFingerprint('', '')).toBe(false);
  });
});

describe('node document signature', () => {
  it('signs and verifies, exposing the fingerprint and signing key', async () => {
    const node = new TestNode('node-be');
    const doc = await signNodeDocument(unsignedDocument(node), node.signingKey);
    const fp = fingerprintOf(node.current.publicJwk);
    expect(doc.fingerprint).toBe(fp);
    const result = verifyNodeDocument(JSON.parse(JSON.stringify(doc)), { expectedFingerprint: fp });
    expect(result).toEqual({ ok: true, document: doc, fingerprint: fp, signingKid: node.current.kid });
    expect(currentSigningKey(doc)?.kid).toBe(node.current.kid);
    expect(currentEncryptionKey(doc)?.kid).toBe(node.encryption.kid);
  });

  it('refuses a document whose key is not the one confirmed out of band (a substituted document)', async () => {
    const real = new TestNode('node-be');
    const attacker = new TestNode('node-be');
    const forged = await signNodeDocument(unsignedDocument(attacker), attacker.signingKey);
    expect(verifyNodeDocument(forged).ok).toBe(true); // self-consistent…
    const confirmed = fingerprintOf(real.current.publicJwk);
    expect(verifyNodeDocument(forged, { expectedFingerprint: confirmed })).toEqual({
      ok: false,
      reason: 'not-the-expected-key',
    });
  });

  it('refuses any change to any member (property)', async () => {
    const node = new TestNode('node-be');
    const doc = await signNodeDocument(unsignedDocument(node), node.signingKey);
    const text = JSON.stringify(doc);
    await fc.assert(
      fc.property(fc.nat(text.length - 1), fc.nat(6), (i, bit) => {
        let mutated: unknown;
        try {
          mutated = JSON.parse(flipChar(text, i, bit));
        } catch {
          return;
        }
        fc.pre(JSON.stringify(mutated) !== text);
        expect(verifyNodeDocument(mutated).ok).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses inconsistent keys: a kid that is not the key, two current signing keys, none', async () => {
    const node = new TestNode('node-be');
    const base = unsignedDocument(node);
    const wrongKid = {
      ...base,
      keys: base.keys.map((k) => (k.use === 'enc' ? { ...k, kid: node.current.kid } : k)),
    };
    await expect(signNodeDocument(wrongKid, node.signingKey)).rejects.toThrow();
    const other = new TestNode('x');
    const twoCurrent = { ...base, keys: [...base.keys, sigKey(other.current)] };
    await expect(signNodeDocument(twoCurrent, node.signingKey)).rejects.toThrow();
    const signed = await signNodeDocument(base, node.signingKey);
    expect(verifyNodeDocument({ ...signed, keys: [...signed.keys, sigKey(other.current)] })).toMatchObject({
      ok: false,
      reason: 'no-current-signing-key',
    });
    const encAsSig = { ...signed.keys.find((k) => k.use === 'enc')!, use: 'sig' };
    expect(verifyNodeDocument({ ...signed, keys: [...signed.keys, encAsSig] })).toMatchObject({
      ok: false,
      reason: 'malformed',
    });
  });

  it('refuses a document signed by a key other than its current signing key', async () => {
    const node = new TestNode('node-be');
    const retired = node.signingKey;
    node.rotate(T0);
    await expect(signNodeDocument(unsignedDocument(node), retired)).rejects.toThrow();
  });
});

describe('key rotation seen by a partner', () => {
  it('the new document chains to the confirmed key; old envelopes still verify, new ones use the new kid', async () => {
    const node = new TestNode('node-be', at(-100 * DAY));
    const confirmedDoc = await signNodeDocument(unsignedDocument(node), node.signingKey);
    const confirmed = verifyNodeDocument(confirmedDoc, { expectedFingerprint: confirmedDoc.fingerprint });
    expect(confirmed.ok).toBe(true);
    const trustedKid = node.current.kid;
    const oldEnvelope = await sealEnvelope(
      buildEnvelope({ sender: { node: 'node-be' }, createdAt: at(-2 * DAY) }),
      node.signingKey,
    );

    // Rotation on the node: the outgoing key vouches for the new one.
    const outgoing = node.signingKey;
    node.rotate(at(-1 * DAY));
    const transition = await signKeyTransition(
      'node-be',
      { from: outgoing.keyId, to: node.current.kid, at: at(-1 * DAY).toISOString() },
      outgoing,
    );
    const rotatedDoc = await signNodeDocument(
      unsignedDocument(node, { transitions: [transition], issuedAt: at(-1 * DAY).toISOString() }),
      node.signingKey,
    );
    const newEnvelope = await sealEnvelope(
      buildEnvelope({ sender: { node: 'node-be' }, createdAt: T0 }),
      node.signingKey,
    );

    // The partner refreshes the document: self-signed by the new key, chained to the confirmed key.
    const refreshed = verifyNodeDocument(rotatedDoc);
    expect(refreshed.ok).toBe(true);
    expect(checkKeyContinuity(rotatedDoc, trustedKid)).toEqual({
      ok: true,
      chain: [trustedKid, node.current.kid],
    });
    // …and it would refuse the fingerprint it confirmed earlier if asked for it: that is why the chain exists.
    expect(verifyNodeDocument(rotatedDoc, { expectedFingerprint: confirmedDoc.fingerprint }).ok).toBe(false);

    const resolve = keyResolverFor([rotatedDoc]);
    expect(await verifyEnvelope(oldEnvelope, resolve, T0)).toMatchObject({ ok: true, keyId: trustedKid });
    expect(await verifyEnvelope(newEnvelope, resolve, T0)).toMatchObject({
      ok: true,
      keyId: node.current.kid,
    });
    expect(JSON.parse(Buffer.from(newEnvelope.signature.split('.')[0]!, 'base64url').toString()).kid).toBe(
      node.current.kid,
    );
  });

  it('refuses a rotation without a valid transition signed by the trusted key', async () => {
    const node = new TestNode('node-be', at(-100 * DAY));
    const trustedKid = node.current.kid;
    node.rotate(at(-1 * DAY));
    const noChain = await signNodeDocument(unsignedDocument(node), node.signingKey);
    expect(checkKeyContinuity(noChain, trustedKid)).toEqual({ ok: false });

    // A transition signed by the new key itself proves nothing.
    const selfSigned = await signKeyTransition(
      'node-be',
      { from: node.current.kid, to: node.current.kid, at: T0.toISOString() },
      node.signingKey,
    );
    const forgedStep = { ...selfSigned, from: trustedKid };
    const forged = await signNodeDocument(
      unsignedDocument(node, { transitions: [forgedStep] }),
      node.signingKey,
    );
    expect(checkKeyContinuity(forged, trustedKid)).toEqual({ ok: false });

    // A transition of another node cannot be replayed here (the node id is signed).
    const other = new TestNode('node-xx', at(-100 * DAY));
    const otherOld = other.signingKey;
    other.rotate(at(-1 * DAY));
    const foreign = await signKeyTransition(
      'node-xx',
      { from: otherOld.keyId, to: other.current.kid, at: T0.toISOString() },
      otherOld,
    );
    const doc = await signNodeDocument(
      unsignedDocument(other, { nodeId: 'node-be', transitions: [foreign] }),
      other.signingKey,
    );
    expect(checkKeyContinuity(doc, otherOld.keyId)).toEqual({ ok: false });
  });

  it('follows a chain of several rotations', async () => {
    const node = new TestNode('node-be', at(-100 * DAY));
    const first = node.current.kid;
    const transitions = [];
    for (let i = 3; i >= 1; i--) {
      const outgoing = node.signingKey;
      node.rotate(at(-i * DAY));
      transitions.push(
        await signKeyTransition(
          'node-be',
          { from: outgoing.keyId, to: node.current.kid, at: at(-i * DAY).toISOString() },
          outgoing,
        ),
      );
    }
    const doc: NodeDocument = await signNodeDocument(
      unsignedDocument(node, { transitions }),
      node.signingKey,
    );
    const result = checkKeyContinuity(doc, first);
    expect(result.ok && result.chain).toHaveLength(4);
  });
});
