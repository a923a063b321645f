/**
 * The test vectors printed in docs/federation.md §13, recomputed. Ed25519 is deterministic (RFC 8032),
 * so an independent implementation must reproduce these strings exactly. Key: RFC 8032 §7.1 TEST 1.
 */
import { createPrivateKey, createPublicKey, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  envelopeSigningBytes,
  signEnvelope,
  type UnsignedEnvelope,
  verifyEnvelope,
} from '../../../src/modules/federation/protocol/envelope.ts';
import { signRequest, verifyRequest } from '../../../src/modules/federation/protocol/http-signature.ts';
import { exportPublicJwk, keyIdOf } from '../../../src/modules/federation/protocol/keys.ts';
import { fingerprintOf } from '../../../src/modules/federation/protocol/node-document.ts';
import { InMemoryNonceStore } from '../../../src/modules/federation/protocol/nonce-store.ts';

const hex = (h: string) => Buffer.from(h, 'hex').toString('base64url');
const privateKey = createPrivateKey({
  key: {
    kty: 'OKP',
    crv: 'Ed25519',
    d: hex('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60'),
    x: hex('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a'),
  },
  format: 'jwk',
});
const publicKey = createPublicKey(privateKey);

const KID = '21fe31dfa154a261626bf854046fd227';
const envelope: UnsignedEnvelope = {
  v: 1,
  id: '019c9e2a-7b00-7000-8000-000000000001',
  type: 'message',
  sender: { node: 'node-a', agency: 'agency-a1' },
  recipient: { node: 'node-b' },
  createdAt: '2026-03-02T10:00:00.000Z',
  idempotencyKey: 'msg-42',
  conversationId: 'conv-7',
  sequence: 3,
  labels: { tlp: 'TLP:AMBER', originatorAgency: 'agency-a1' },
  payload: { text: 'Żółć €', n: 1e21, list: [true, null, 0.5] },
};

describe('docs/federation.md test vectors', () => {
  it('key id and fingerprint', () => {
    const jwk = exportPublicJwk(publicKey);
    expect(jwk).toEqual({ kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' });
    expect(keyIdOf(jwk)).toBe(KID);
    expect(fingerprintOf(jwk)).toBe(
      '90FA:CAFE:A9B1:5566:9854:0F70:C011:7A22:EA37:BD5C:F3ED:3C47:093C:1707:282B:4B89',
    );
  });

  it('envelope canonical bytes and detached JWS', async () => {
    expect(envelopeSigningBytes(envelope).toString('utf8')).toBe(
      '{"conversationId":"conv-7","createdAt":"2026-03-02T10:00:00.000Z","id":"019c9e2a-7b00-7000-8000-000000000001",' +
        '"idempotencyKey":"msg-42","labels":{"originatorAgency":"agency-a1","tlp":"TLP:AMBER"},' +
        '"payload":{"list":[true,null,0.5],"n":1e+21,"text":"Żółć €"},"recipient":{"node":"node-b"},' +
        '"sender":{"agency":"agency-a1","node":"node-a"},"sequence":3,"type":"message","v":1}',
    );
    const signature = await signEnvelope(envelope, { keyId: KID, privateKey });
    expect(signature).toBe(
      'eyJhbGciOiJFZERTQSIsImtpZCI6IjIxZmUzMWRmYTE1NGEyNjE2MjZiZjg1NDA0NmZkMjI3IiwiYjY0Ijp0cnVlLCJ0eXAiOiJjb21pdHktZW52ZWxvcGUrandzIn0' +
        '..24_VHtW9FRrUtj-Zse1WI15_Zsus1PG64IehZggog5rHazgxlyEaIuwXsHMxEEOr53fJvToT_ZofUni6ML_9Bw',
    );
    const resolve = () => ({ publicKey, validFrom: new Date(0) });
    expect((await verifyEnvelope({ ...envelope, signature }, resolve, new Date(envelope.createdAt))).ok).toBe(
      true,
    );
  });

  it('HTTP message signature and its signature base', async () => {
    const request = {
      method: 'POST',
      url: 'https://node-b.example/federation/v1/envelopes',
      headers: {},
      body: '{"hello":"world"}',
    };
    const now = new Date('2026-03-02T10:00:00.000Z');
    const headers = await signRequest(
      request,
      { nodeId: 'node-a', keyId: KID, privateKey },
      { now, nonce: 'AAECAwQFBgcICQoLDA0ODw' },
    );
    const params = `("@method" "@target-uri" "content-digest");created=1772445600;keyid="node-a#${KID}";nonce="AAECAwQFBgcICQoLDA0ODw";alg="ed25519"`;
    expect(headers).toEqual({
      'content-digest': 'sha-256=:k6I5cakU5erL8KjSUVTNownDwccvu5kU1Hxg88toFYg=:',
      'signature-input': `comity=${params}`,
      signature:
        'comity=:gjvF3krnxuifFT5e+MWK74f/HRTmR8uRiVzvNwWMiQeSWJlsnftvjJDm/xbJk8CGSEXiw3KUIBp+C7MbD6HvAg==:',
    });
    // The signature base as the document spells it (RFC 9421 §2.5), checked with plain Ed25519.
    const base = [
      '"@method": POST',
      '"@target-uri": https://node-b.example/federation/v1/envelopes',
      '"content-digest": sha-256=:k6I5cakU5erL8KjSUVTNownDwccvu5kU1Hxg88toFYg=:',
      `"@signature-params": ${params}`,
    ].join('\n');
    const signature = Buffer.from(headers.signature.slice('comity=:'.length, -1), 'base64');
    expect(verify(null, Buffer.from(base), publicKey, signature)).toBe(true);
    const result = await verifyRequest(
      { ...request, headers },
      {
        resolveKey: () => ({ publicKey, validFrom: new Date(0) }),
        now,
        nonceStore: new InMemoryNonceStore(),
      },
    );
    expect(result).toEqual({ ok: true, keyId: KID, nodeId: 'node-a' });
  });
});
