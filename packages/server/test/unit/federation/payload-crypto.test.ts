/** JWE payload encryption to the recipient node (docs/federation.md §7). */
import fc from 'fast-check';
import { CompactEncrypt, compactDecrypt, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { canonicalBytes, type JsonValue } from '../../../src/modules/federation/protocol/canonical.ts';
import {
  isSafeJson,
  sealEnvelope,
  verifyEnvelope,
} from '../../../src/modules/federation/protocol/envelope.ts';
import {
  exportPublicJwk,
  generateEncryptionKeyPair,
  generateNodeKeyPairs,
  importPublicJwk,
  keyIdOf,
} from '../../../src/modules/federation/protocol/keys.ts';
import {
  agreeKey,
  decryptPayload,
  encryptEnvelopePayload,
  encryptPayload,
  openEnvelopePayload,
  type PayloadBinding,
} from '../../../src/modules/federation/protocol/payload-crypto.ts';
import { at, buildEnvelope, flipChar, resolverFor, TestNode } from './factories.ts';

const recipient = generateEncryptionKeyPair();
const ownKeys = (kid: string) => (kid === recipient.kid ? recipient.privateKey : undefined);
const binding: PayloadBinding = {
  envelopeId: '0195b2c4-6a1e-7b3c-9d4e-5f6a7b8c9d0e',
  senderNode: 'node-a',
  recipientNode: 'node-b',
};
const payload = {
  request: 'EIO-2026-17',
  subject: { name: 'Łukasz Żółć', dob: '1980-02-29' },
  amounts: [12.5, -0, 1e21],
};

describe('key helpers', () => {
  it('generates Ed25519 and X25519 pairs with public OKP JWKs and hex kids', () => {
    const { signing, encryption } = generateNodeKeyPairs();
    expect(signing.publicJwk).toEqual({ kty: 'OKP', crv: 'Ed25519', x: expect.any(String) });
    expect(encryption.publicJwk).toEqual({ kty: 'OKP', crv: 'X25519', x: expect.any(String) });
    expect(signing.kid).toMatch(/^[0-9a-f]{32}$/);
    expect(keyIdOf(encryption.publicJwk)).toBe(encryption.kid);
    expect(exportPublicJwk(signing.privateKey)).toEqual(signing.publicJwk);
    expect(importPublicJwk(encryption.publicJwk).equals(encryption.publicKey)).toBe(true);
  });

  it('refuses JWKs that are not 32-byte OKP public keys', () => {
    expect(() => importPublicJwk({ kty: 'OKP', crv: 'X25519', x: 'AAAA' })).toThrow();
    expect(() => importPublicJwk({ ...recipient.publicJwk, d: 'secret' } as never)).toThrow();
  });
});

describe('JWE round trip', () => {
  it('decrypts what it encrypted, with the documented header', async () => {
    const jwe = await encryptPayload(payload, recipient, binding);
    const header = decodeProtectedHeader(jwe);
    expect(header).toMatchObject({
      alg: 'ECDH-ES+A256KW',
      enc: 'A256GCM',
      kid: recipient.kid,
      cty: 'application/json',
      eid: binding.envelopeId,
      snd: 'node-a',
      rcp: 'node-b',
      epk: { kty: 'OKP', crv: 'X25519' },
    });
    const result = await decryptPayload(jwe, ownKeys, binding);
    expect(result).toEqual({
      ok: true,
      payload: JSON.parse(canonicalBytes(payload).toString()),
      kid: recipient.kid,
    });
  });

  it('round-trips arbitrary JSON (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .jsonValue({ maxDepth: 3 })
          .filter((v) => isSafeJson(v))
          .map((v) => v as JsonValue),
        async (value) => {
          const result = await decryptPayload(
            await encryptPayload(value, recipient, binding),
            ownKeys,
            binding,
          );
          expect(result.ok && canonicalBytes(result.payload).equals(canonicalBytes(value))).toBe(true);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('interoperates with jose in both directions (RFC 7516 / RFC 7518 §4.6)', async () => {
    const ours = await encryptPayload(payload, recipient, binding);
    const { plaintext } = await compactDecrypt(ours, recipient.privateKey);
    expect(Buffer.from(plaintext).equals(canonicalBytes(payload))).toBe(true);
    const theirs = await new CompactEncrypt(canonicalBytes(payload))
      .setProtectedHeader({
        alg: 'ECDH-ES+A256KW',
        enc: 'A256GCM',
        kid: recipient.kid,
        cty: 'application/json',
        eid: binding.envelopeId,
        snd: 'node-a',
        rcp: 'node-b',
      })
      .encrypt(recipient.publicKey);
    expect((await decryptPayload(theirs, ownKeys, binding)).ok).toBe(true);
  });

  it('envelopes prepared together may share one ephemeral key, each with its own CEK and IV (§7)', async () => {
    const agreement = agreeKey(recipient);
    const other = { ...binding, envelopeId: '0195b2c4-6a1e-7b3c-9d4e-5f6a7b8c9d0f' };
    const a = await encryptPayload(payload, recipient, binding, agreement);
    const b = await encryptPayload(payload, recipient, other, agreement);
    expect(decodeProtectedHeader(a).epk).toEqual(decodeProtectedHeader(b).epk);
    expect(decodeProtectedHeader(a).epk).toEqual({ kty: 'OKP', crv: 'X25519', x: agreement.x });
    const [, keyA, ivA] = a.split('.');
    const [, keyB, ivB] = b.split('.');
    expect(keyA).not.toBe(keyB);
    expect(ivA).not.toBe(ivB);
    // Each decrypts here (the second with the remembered agreement) and with jose, bound to its own envelope.
    expect((await decryptPayload(a, ownKeys, binding)).ok).toBe(true);
    expect((await decryptPayload(b, ownKeys, other)).ok).toBe(true);
    expect(await decryptPayload(b, ownKeys, binding)).toEqual({ ok: false, reason: 'binding-mismatch' });
    for (const jwe of [a, b]) {
      const { plaintext } = await compactDecrypt(jwe, recipient.privateKey);
      expect(Buffer.from(plaintext).equals(canonicalBytes(payload))).toBe(true);
    }
    // An agreement belongs to the recipient key it was made with.
    await expect(encryptPayload(payload, { ...recipient }, binding, agreement)).rejects.toThrow(
      /another recipient key/,
    );
    // The remembered agreement does not outlive a change of the wrapped key: tampering still fails.
    expect((await decryptPayload(flipChar(b, b.indexOf('.') + 2, 1), ownKeys, other)).ok).toBe(false);
  });

  it('produces a fresh ciphertext every time (ephemeral key, random IV)', async () => {
    expect(await encryptPayload(payload, recipient, binding)).not.toBe(
      await encryptPayload(payload, recipient, binding),
    );
  });
});

describe('tampered or misplaced JWE is refused', () => {
  it('every character flip of every part (exhaustive over one JWE)', async () => {
    const jwe = await encryptPayload({ short: 'x' }, recipient, binding);
    let refused = 0;
    for (let i = 0; i < jwe.length; i++) {
      if (jwe[i] === '.') continue;
      for (let bit = 0; bit < 7; bit++) {
        const result = await decryptPayload(flipChar(jwe, i, bit), ownKeys, binding);
        expect(result.ok).toBe(false);
        refused++;
      }
    }
    expect(refused).toBe((jwe.length - 4) * 7);
  });

  it('a JWE moved into another envelope (other id, sender or recipient)', async () => {
    const jwe = await encryptPayload(payload, recipient, binding);
    for (const other of [
      { ...binding, envelopeId: '0195b2c4-6a1e-7b3c-9d4e-5f6a7b8c9d0f' },
      { ...binding, senderNode: 'node-m' },
      { ...binding, recipientNode: 'node-c' },
    ]) {
      expect(await decryptPayload(jwe, ownKeys, other)).toEqual({ ok: false, reason: 'binding-mismatch' });
    }
  });

  it('a JWE for a key this node does not hold', async () => {
    const other = generateEncryptionKeyPair();
    const jwe = await encryptPayload(payload, other, binding);
    expect(await decryptPayload(jwe, ownKeys, binding)).toEqual({ ok: false, reason: 'unknown-key' });
    // Same kid claimed, wrong key: the AES key unwrap fails.
    const lying = await encryptPayload(payload, { kid: recipient.kid, publicKey: other.publicKey }, binding);
    expect(await decryptPayload(lying, ownKeys, binding)).toEqual({ ok: false, reason: 'decryption-failed' });
  });

  it('compression, other algorithms and extra header members', async () => {
    const make = (header: Record<string, unknown>) =>
      new CompactEncrypt(canonicalBytes(payload))
        .setProtectedHeader({
          alg: 'ECDH-ES+A256KW',
          enc: 'A256GCM',
          kid: recipient.kid,
          eid: binding.envelopeId,
          snd: 'node-a',
          rcp: 'node-b',
          ...header,
        })
        .encrypt(recipient.publicKey);
    expect((await decryptPayload(await make({ zip: 'DEF' }), ownKeys, binding)).ok).toBe(false);
    expect((await decryptPayload(await make({ enc: 'A128GCM' }), ownKeys, binding)).ok).toBe(false);
    expect((await decryptPayload(await make({ alg: 'ECDH-ES' }), ownKeys, binding)).ok).toBe(false);
    expect((await decryptPayload(await make({ jku: 'https://evil.example' }), ownKeys, binding)).ok).toBe(
      false,
    );
    expect((await decryptPayload(await make({}), ownKeys, binding)).ok).toBe(true);
  });

  it('never throws on junk', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.anything(),
          fc.string(),
          fc.array(fc.base64String(), { minLength: 5, maxLength: 5 }).map((p) => p.join('.')),
        ),
        async (junk) => {
          expect((await decryptPayload(junk, ownKeys, binding)).ok).toBe(false);
        },
      ),
    );
  });
});

describe('encrypted envelopes end to end', () => {
  it('sender encrypts then signs; receiver verifies then decrypts', async () => {
    const a = new TestNode('node-a');
    const b = new TestNode('node-b');
    const clear = buildEnvelope({ payload });
    const envelope = await sealEnvelope(await encryptEnvelopePayload(clear, b.encryption), a.signingKey);
    expect(envelope.payload).toBeUndefined();
    expect(JSON.stringify(envelope)).not.toContain('Łukasz');

    const verified = await verifyEnvelope(JSON.parse(JSON.stringify(envelope)), resolverFor(a), at(0));
    expect(verified.ok).toBe(true);
    if (!verified.ok) return;
    const opened = await openEnvelopePayload(verified.envelope, (kid) =>
      kid === b.encryption.kid ? b.encryption.privateKey : undefined,
    );
    expect(opened).toMatchObject({ ok: true, payload: JSON.parse(canonicalBytes(payload).toString()) });
  });

  it('an encrypted payload copied into an envelope of another partner is refused at decryption', async () => {
    const a = new TestNode('node-a');
    const m = new TestNode('node-m');
    const b = new TestNode('node-b');
    const original = await encryptEnvelopePayload(buildEnvelope(), b.encryption);
    const copy = await sealEnvelope(
      {
        ...buildEnvelope({ sender: { node: 'node-m' } }),
        payload: undefined,
        encryptedPayload: original.encryptedPayload,
      },
      m.signingKey,
    );
    const verified = await verifyEnvelope(copy, resolverFor(a, m), at(0));
    expect(verified.ok).toBe(true); // m signed it honestly…
    if (!verified.ok) return;
    const opened = await openEnvelopePayload(verified.envelope, () => b.encryption.privateKey);
    expect(opened).toEqual({ ok: false, reason: 'binding-mismatch' }); // …but cannot pass off a's content
  });
});
