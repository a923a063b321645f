/**
 * RFC 9421 request signatures between nodes: round trip, time window, nonce replay, digest, keys,
 * and refusal of every mutation (docs/federation.md §8).
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkContentDigest,
  contentDigest,
} from '../../../src/modules/federation/protocol/content-digest.ts';
import {
  type SignableRequest,
  signRequest,
  verifyRequest,
} from '../../../src/modules/federation/protocol/http-signature.ts';
import { InMemoryNonceStore } from '../../../src/modules/federation/protocol/nonce-store.ts';
import { at, flipBit, flipChar, MINUTE, resolverFor, T0, TestNode } from './factories.ts';

const a = new TestNode('node-a');
const resolveKey = resolverFor(a);
const body = Buffer.from(JSON.stringify({ v: 1, type: 'message', text: 'Żółć' }));
const request: SignableRequest = {
  method: 'POST',
  url: 'https://node-b.example/federation/v1/inbox',
  headers: { 'content-type': 'application/json' },
  body,
};

async function signed(
  overrides: Partial<SignableRequest> = {},
  options: { now?: Date; nonce?: string } = {},
) {
  const r = { ...request, ...overrides };
  const added = await signRequest(r, a.httpKey, { now: T0, ...options });
  return { ...r, headers: { ...r.headers, ...added } };
}

const verify = (r: SignableRequest, now = T0, nonceStore = new InMemoryNonceStore()) =>
  verifyRequest(r, { resolveKey, now, maxSkewSeconds: 300, nonceStore });

describe('signing', () => {
  it('adds Content-Digest, Signature-Input and Signature with the documented components and parameters', async () => {
    const headers = await signRequest(request, a.httpKey, { now: T0, nonce: 'n0nce-n0nce-n0nce-01' });
    expect(headers['content-digest']).toBe(contentDigest(body));
    expect(headers['content-digest']).toMatch(/^sha-256=:[A-Za-z0-9+/]{43}=:$/);
    expect(headers['signature-input']).toBe(
      `comity=("@method" "@target-uri" "content-digest");created=${T0.getTime() / 1000};` +
        `keyid="node-a#${a.current.kid}";nonce="n0nce-n0nce-n0nce-01";alg="ed25519"`,
    );
    expect(headers.signature).toMatch(/^comity=:[A-Za-z0-9+/]{86}==:$/);
  });

  it('uses a fresh random nonce for every request', async () => {
    const one = await signRequest(request, a.httpKey);
    const two = await signRequest(request, a.httpKey);
    expect(one['signature-input']).not.toBe(two['signature-input']);
  });
});

describe('verification', () => {
  it('accepts a correctly signed request and names the sender', async () => {
    expect(await verify(await signed())).toEqual({ ok: true, keyId: a.current.kid, nodeId: 'node-a' });
  });

  it('accepts header names in any case and an equivalent spelling of the URL', async () => {
    const r = await signed();
    const upper = Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k.toUpperCase(), v]));
    const result = await verify({
      ...r,
      url: 'HTTPS://Node-B.example:443/federation/v1/inbox',
      headers: upper,
    });
    expect(result.ok).toBe(true);
  });

  it('accepts a GET with an empty body', async () => {
    expect((await verify(await signed({ method: 'GET', body: '' }))).ok).toBe(true);
  });

  it('refuses a request without signature headers', async () => {
    expect(await verify(request)).toEqual({ ok: false, reason: 'missing-signature' });
    const r = await signed();
    const { signature: _s, ...withoutSignature } = r.headers;
    expect(await verify({ ...r, headers: withoutSignature })).toEqual({
      ok: false,
      reason: 'missing-signature',
    });
  });

  it('refuses a replayed nonce, also with a fresh signature around it', async () => {
    const store = new InMemoryNonceStore();
    const r = await signed({}, { nonce: 'replay-me-replay-me-1' });
    expect((await verify(r, T0, store)).ok).toBe(true);
    expect(await verify(r, at(1000), store)).toEqual({ ok: false, reason: 'replayed-nonce' });
    const resigned = await signed({}, { nonce: 'replay-me-replay-me-1', now: at(2000) });
    expect(await verify(resigned, at(2000), store)).toEqual({ ok: false, reason: 'replayed-nonce' });
    // Another node may happen to use the same nonce: nonces are per sender node.
    const other = new TestNode('node-c');
    const theirs = {
      ...request,
      headers: {
        ...request.headers,
        ...(await signRequest(request, other.httpKey, { now: T0, nonce: 'replay-me-replay-me-1' })),
      },
    };
    const both = await verifyRequest(theirs, {
      resolveKey: resolverFor(a, other),
      now: T0,
      nonceStore: store,
    });
    expect(both.ok).toBe(true);
  });

  it('does not burn a nonce on a request that fails verification', async () => {
    const store = new InMemoryNonceStore();
    const good = await signed({}, { nonce: 'keep-me-keep-me-keep-1' });
    const tampered = { ...good, method: 'PUT' };
    expect((await verify(tampered, T0, store)).ok).toBe(false);
    expect((await verify(good, T0, store)).ok).toBe(true);
  });

  it.each([
    [-301, 'expired'],
    [-60 * 60, 'expired'],
    [301, 'from-the-future'],
    [24 * 3600, 'from-the-future'],
  ])('refuses created %i s from now (%s)', async (offsetSeconds, reason) => {
    const r = await signed({}, { now: at(offsetSeconds * 1000) });
    expect(await verify(r, T0)).toEqual({ ok: false, reason });
  });

  it.each([-300, -299, 0, 299, 300])(
    'accepts created %i s from now (inside the ±5 min window)',
    async (offset) => {
      expect((await verify(await signed({}, { now: at(offset * 1000) }), T0)).ok).toBe(true);
    },
  );

  it('refuses a request created outside the window for any skew beyond 5 minutes (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 301, max: 10 * 365 * 86_400 }),
        fc.boolean(),
        async (skew, ahead) => {
          const r = await signed({}, { now: at((ahead ? skew : -skew) * 1000) });
          const result = await verify(r, T0);
          expect(result).toEqual({ ok: false, reason: ahead ? 'from-the-future' : 'expired' });
        },
      ),
      { numRuns: 100 },
    );
  });

  it('refuses a wrong or missing content-digest', async () => {
    const r = await signed();
    expect(await verify({ ...r, body: Buffer.concat([body, Buffer.from(' ')]) })).toEqual({
      ok: false,
      reason: 'bad-digest',
    });
    const { 'content-digest': _d, ...noDigest } = r.headers;
    expect(await verify({ ...r, headers: noDigest })).toEqual({ ok: false, reason: 'bad-digest' });
    // A digest recomputed for a swapped body is caught by the signature instead.
    const swapped = Buffer.from('{"v":1,"type":"message","text":"forged"}');
    const recomputed = {
      ...r,
      body: swapped,
      headers: { ...r.headers, 'content-digest': contentDigest(swapped) },
    };
    expect(await verify(recomputed)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('refuses an unknown key, a key of another node, and a retired key', async () => {
    const stranger = new TestNode('node-a');
    const fromStranger = {
      ...request,
      headers: { ...request.headers, ...(await signRequest(request, stranger.httpKey, { now: T0 })) },
    };
    expect(await verify(fromStranger)).toEqual({ ok: false, reason: 'unknown-key' });
    const impostor = { ...a.httpKey, nodeId: 'node-b' };
    const asOther = {
      ...request,
      headers: { ...request.headers, ...(await signRequest(request, impostor, { now: T0 })) },
    };
    expect(
      await verifyRequest(asOther, {
        resolveKey: resolverFor(a, new TestNode('node-b')),
        now: T0,
        nonceStore: new InMemoryNonceStore(),
      }),
    ).toEqual({ ok: false, reason: 'unknown-key' });

    const node = new TestNode('node-r', at(-MINUTE * 60));
    const old = node.httpKey;
    node.rotate(at(-MINUTE));
    const withRetired = {
      ...request,
      headers: { ...request.headers, ...(await signRequest(request, old, { now: T0 })) },
    };
    const result = await verifyRequest(withRetired, {
      resolveKey: resolverFor(node),
      now: T0,
      nonceStore: new InMemoryNonceStore(),
    });
    expect(result).toEqual({ ok: false, reason: 'unknown-key' });
    const withNew = {
      ...request,
      headers: { ...request.headers, ...(await signRequest(request, node.httpKey, { now: T0 })) },
    };
    const fresh = await verifyRequest(withNew, {
      resolveKey: resolverFor(node),
      now: T0,
      nonceStore: new InMemoryNonceStore(),
    });
    expect(fresh).toEqual({ ok: true, keyId: node.current.kid, nodeId: 'node-r' });
  });

  it('refuses a second signature added next to a valid one', async () => {
    const r = await signed();
    const extra = await signRequest(request, a.httpKey, { now: T0 });
    const doubled = {
      ...r,
      headers: {
        ...r.headers,
        'signature-input': `${r.headers['signature-input']}, ${extra['signature-input'].replace('comity=', 'other=')}`,
        signature: `${r.headers.signature}, ${extra.signature.replace('comity=', 'other=')}`,
      },
    };
    expect((await verify(doubled)).ok).toBe(false);
  });

  it('refuses a signature that does not cover the required components or parameters', async () => {
    const r = await signed();
    const fewer = r.headers['signature-input'].replace(' "content-digest"', '');
    expect((await verify({ ...r, headers: { ...r.headers, 'signature-input': fewer } })).ok).toBe(false);
    const noNonce = r.headers['signature-input'].replace(/;nonce="[^"]*"/, '');
    expect((await verify({ ...r, headers: { ...r.headers, 'signature-input': noNonce } })).ok).toBe(false);
  });

  it('lets key-store errors propagate (answer 503, the sender retries)', async () => {
    const r = await signed();
    const failing = () => Promise.reject(new Error('database unavailable'));
    await expect(
      verifyRequest(r, { resolveKey: failing, now: T0, nonceStore: new InMemoryNonceStore() }),
    ).rejects.toThrow('database unavailable');
  });
});

describe('every mutation of a signed request is refused', () => {
  it('method, URL, body and every signed header (exhaustive single-character flips)', async () => {
    const r = await signed();
    const mutants: SignableRequest[] = [
      { ...r, method: 'PUT' },
      { ...r, url: 'https://node-b.example/federation/v1/inbox?x=1' },
      { ...r, url: 'https://node-c.example/federation/v1/inbox' },
      { ...r, url: 'http://node-b.example/federation/v1/inbox' },
    ];
    for (let i = 0; i < body.length; i++) mutants.push({ ...r, body: flipBit(body, i, i % 8) });
    for (const name of ['signature', 'signature-input', 'content-digest'] as const) {
      const value = r.headers[name];
      for (let i = 0; i < value.length; i++) {
        for (let bit = 0; bit < 7; bit++)
          mutants.push({ ...r, headers: { ...r.headers, [name]: flipChar(value, i, bit) } });
      }
    }
    let accepted = 0;
    for (const mutant of mutants) if ((await verify(mutant)).ok) accepted++;
    expect(mutants.length).toBeGreaterThan(2000);
    expect(accepted).toBe(0);
  });

  it('never throws on junk headers (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.constantFrom('signature', 'signature-input', 'content-digest', 'x'), fc.string()),
        async (headers) => {
          expect((await verify({ ...request, headers })).ok).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('content-digest (RFC 9530)', () => {
  it('checks sha-256 and, when present, sha-512; ignores unknown algorithms', () => {
    const sha512 = `sha-512=:${createHash('sha512').update(body).digest('base64')}:`;
    expect(checkContentDigest(contentDigest(body), body)).toBe(true);
    expect(checkContentDigest(`${contentDigest(body)}, ${sha512}`, body)).toBe(true);
    expect(checkContentDigest(`${contentDigest(body)}, md5=:AAAA:`, body)).toBe(true);
    expect(checkContentDigest(sha512, body)).toBe(false); // sha-256 is required
    expect(checkContentDigest(`${contentDigest(body)}, sha-512=:AAAA:`, body)).toBe(false);
    expect(checkContentDigest(`${contentDigest(body)}, ${contentDigest(body)}`, body)).toBe(false);
    expect(checkContentDigest('sha-256=abc', body)).toBe(false);
  });
});

describe('in-memory nonce store', () => {
  it('forgets nonces after their window and sweeps them', async () => {
    const store = new InMemoryNonceStore({ sweepEvery: 2 });
    const use = (nonce: string, now: Date) =>
      store.useOnce({ scope: 'node-a', nonce, expiresAt: at(601_000), now });
    expect(await use('n1', T0)).toBe(true);
    expect(await use('n1', at(600_000))).toBe(false);
    expect(await use('n1', at(601_000))).toBe(true); // expired, may be reused: no request with it passes the window any more
    store.sweep(at(700_000).getTime());
    expect(store.size).toBe(0);
  });
});
