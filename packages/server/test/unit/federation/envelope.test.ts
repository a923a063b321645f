/**
 * Envelope signatures: round trip, interop with jose, refusal of every mutation, key rotation.
 * docs/federation.md §5–6.
 */
import fc from 'fast-check';
import { CompactSign, compactVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { canonicalBytes, canonicalJson } from '../../../src/modules/federation/protocol/canonical.ts';
import {
  type Envelope,
  envelopeSchema,
  envelopeSigningBytes,
  isSafeJson,
  plainEnvelope,
  plainUnsignedEnvelope,
  sealCreatedEnvelopeWithText,
  sealEnvelope,
  signEnvelope,
  type UnsignedEnvelope,
  unsignedEnvelopeSchema,
  verifyEnvelope,
  withSignature,
} from '../../../src/modules/federation/protocol/envelope.ts';
import { encryptEnvelopePayload } from '../../../src/modules/federation/protocol/payload-crypto.ts';
import { at, buildEnvelope, DAY, flipBit, flipChar, MINUTE, resolverFor, T0, TestNode } from './factories.ts';

const a = new TestNode('node-a');
const b = new TestNode('node-b');
const resolve = resolverFor(a, b);
const NOW = at(2 * MINUTE);
/** Arbitrary JSON payloads (without `__proto__` members, which envelopes refuse). */
const jsonPayload = (maxDepth: number): fc.Arbitrary<UnsignedEnvelope['payload']> =>
  fc
    .jsonValue({ maxDepth })
    .filter((v) => isSafeJson(v))
    .map((v) => v as UnsignedEnvelope['payload']);

/** What a receiving node does with raw bytes: parse JSON, then verify. */
async function verifyWire(bytes: Uint8Array) {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return { ok: false as const, reason: 'unparseable' };
  }
  return verifyEnvelope(value, resolve, NOW);
}

describe('creating an envelope', () => {
  const base = () => ({
    v: 1,
    id: '0195b2c4-6a1e-7b3c-9d4e-5f6a7b8c9d0e',
    type: 'message',
    sender: { node: 'node-a', agency: 'agency-a1' },
    recipient: { node: 'node-b' },
    createdAt: '2026-03-02T10:00:00.000Z',
    idempotencyKey: 'idem-1',
    conversationId: 'conv-1',
    sequence: 3,
    refs: ['r-1'],
    labels: { tlp: 'TLP:AMBER', handlingCode: 'H2', originatorAgency: 'agency-a1', extra: { x: [1] } },
    payload: { text: 'Żółć', n: 1.5, list: [true, null, { deep: 'x' }] } as unknown,
  });
  // Values that are valid somewhere, invalid elsewhere, or odd in JavaScript ways.
  const odd = fc.constantFrom<unknown>(
    undefined,
    null,
    '',
    'x',
    'message',
    'TLP:RED',
    'TLP:amber',
    'node-b',
    '#bad',
    'a'.repeat(129),
    'a'.repeat(201),
    '2026-02-30T10:00:00.000Z',
    '2026-03-02T10:00:00Z',
    '0195b2c4-6a1e-7b3c-9d4e-5f6a7b8c9d0e',
    '0195B2C4-6a1e-7b3c-9d4e-5f6a7b8c9d0e',
    'a.b.c.d.e',
    'a..c.d.e',
    0,
    1,
    -1,
    1.5,
    2 ** 53,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    true,
    [],
    ['r'],
    [''],
    {},
    { node: 'n' },
    { node: 'n', agency: 'a', x: 1 },
    { tlp: 'TLP:GREEN' },
    { tlp: 'TLP:GREEN', handlingCode: '' },
    { tlp: 'TLP:GREEN', nested: { f: Number.NaN } },
    JSON.parse('{"__proto__": {"x": 1}}'),
    Object.create(null),
    new Date(0),
  );
  const member = fc.constantFrom(...Object.keys(base()), 'signature', 'encryptedPayload', 'other');

  it('the plain checks accept only what the schema accepts, and copy it as the schema does (property)', () => {
    let plain = 0;
    fc.assert(
      fc.property(fc.array(fc.tuple(member, odd), { maxLength: 3 }), jsonPayload(3), (edits, payload) => {
        const e: Record<string, unknown> = { ...base(), payload };
        for (const [k, v] of edits) e[k] = v;
        const fast = plainUnsignedEnvelope(e);
        const zod = unsignedEnvelopeSchema.safeParse(e);
        if (fast === undefined) return;
        plain++;
        expect(zod.success).toBe(true);
        expect(canonicalJson(fast)).toBe(canonicalJson(zod.data));
        // A copy: later changes to the caller's objects do not reach the envelope.
        if (isSafeJson(e.payload) && e.payload !== null && typeof e.payload === 'object')
          expect(fast.payload).not.toBe(e.payload);
      }),
      { numRuns: 3000 },
    );
    expect(plain).toBeGreaterThan(100);
    expect(plainUnsignedEnvelope(base())).toBeDefined();
  });

  it('the plain checks of a signed envelope accept only what the schema accepts (property)', () => {
    let plain = 0;
    fc.assert(
      fc.property(fc.array(fc.tuple(member, odd), { maxLength: 3 }), jsonPayload(3), (edits, payload) => {
        const e: Record<string, unknown> = { ...base(), payload, signature: 'a..b' };
        for (const [k, v] of edits) e[k] = v;
        const fast = plainEnvelope(e);
        const zod = envelopeSchema.safeParse(e);
        if (fast === undefined) return;
        plain++;
        expect(zod.success).toBe(true);
        expect(canonicalJson(fast)).toBe(canonicalJson(zod.data));
      }),
      { numRuns: 3000 },
    );
    expect(plain).toBeGreaterThan(100);
  });
});

describe('envelope signature round trip', () => {
  it('verifies what it signed and names the key', async () => {
    const envelope = await sealEnvelope(buildEnvelope(), a.signingKey);
    const result = await verifyEnvelope(JSON.parse(JSON.stringify(envelope)), resolve, NOW);
    expect(result).toEqual({
      ok: true,
      envelope,
      keyId: a.current.kid,
      canonical: envelopeSigningBytes(envelope).toString('utf8'),
    });
  });

  it('is a detached compact JWS with the RFC 7515 Appendix F shape and the documented header', async () => {
    const signature = await signEnvelope(buildEnvelope(), a.signingKey);
    const [header, payload, sig] = signature.split('.');
    expect(payload).toBe('');
    expect(JSON.parse(Buffer.from(header!, 'base64url').toString())).toEqual({
      alg: 'EdDSA',
      kid: a.current.kid,
      b64: true,
      typ: 'comity-envelope+jws',
    });
    expect(Buffer.from(sig!, 'base64url')).toHaveLength(64);
  });

  it('interoperates with jose: our signature verifies there once the payload is reattached', async () => {
    const envelope = await sealEnvelope(buildEnvelope(), a.signingKey);
    const [header, , sig] = envelope.signature.split('.');
    const attached = `${header}.${envelopeSigningBytes(envelope).toString('base64url')}.${sig}`;
    const { payload } = await compactVerify(attached, a.current.publicKey, { algorithms: ['EdDSA'] });
    expect(Buffer.from(payload).toString()).toBe(canonicalJson({ ...envelope, signature: undefined }));
  });

  it('interoperates with jose: a signature jose made verifies here', async () => {
    const unsigned = buildEnvelope();
    const full = await new CompactSign(canonicalBytes(unsigned))
      .setProtectedHeader({ alg: 'EdDSA', kid: a.current.kid, b64: true, typ: 'comity-envelope+jws' })
      .sign(a.current.privateKey);
    const [h, , s] = full.split('.');
    const result = await verifyEnvelope({ ...unsigned, signature: `${h}..${s}` }, resolve, NOW);
    expect(result.ok).toBe(true);
  });

  it('gives the canonical text of the signed envelope without canonicalising it twice (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        // Payloads with members named like the envelope's own, which must not confuse the splice.
        fc.oneof(
          jsonPayload(3),
          fc.constant<UnsignedEnvelope['payload']>({
            type: 'x',
            v: 1,
            signature: 's',
            list: [{ type: 'y', v: 1 }],
          }),
        ),
        fc.constantFrom('message', 'receipt', 'request.transmission'),
        async (payload, type) => {
          const { envelope, canonical } = await sealCreatedEnvelopeWithText(
            buildEnvelope({ payload, type }),
            a.signingKey,
          );
          expect(canonical).toBe(canonicalJson(envelope));
          const verified = await verifyEnvelope(JSON.parse(canonical), resolve, NOW);
          expect(verified.ok && withSignature(verified.canonical, envelope)).toBe(canonical);
        },
      ),
      { numRuns: 100 },
    );
    // Anything the splice does not expect is canonicalised in full.
    const odd = { ...(await sealEnvelope(buildEnvelope(), a.signingKey)), v: 2 } as unknown as Envelope;
    const { signature: _s, ...rest } = odd;
    expect(withSignature(canonicalJson(rest), odd)).toBe(canonicalJson(odd));
  });

  it('signs the canonical form: member order does not matter', async () => {
    await fc.assert(
      fc.asyncProperty(jsonPayload(3), fc.infiniteStream(fc.boolean()), async (payload, coins) => {
        const envelope = await sealEnvelope(buildEnvelope({ payload }), a.signingKey);
        const shuffled = shuffleKeys(envelope, coins[Symbol.iterator]()) as Envelope;
        expect((await verifyEnvelope(shuffled, resolve, NOW)).ok).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('refuses to sign an envelope that breaks the schema', async () => {
    const bad = { ...buildEnvelope(), sequence: 0 };
    await expect(signEnvelope(bad, a.signingKey)).rejects.toThrow();
    const both = { ...buildEnvelope(), encryptedPayload: 'a.b.c.d.e' };
    await expect(signEnvelope(both, a.signingKey)).rejects.toThrow();
  });
});

describe('every mutation of a signed envelope is refused', () => {
  it('any field changed, removed or added, at any depth (property)', async () => {
    const envelope = await sealEnvelope(buildEnvelope({ refs: ['env-0001', 'EIO-2026-17'] }), a.signingKey);
    const paths = allPaths(envelope).filter((p) => p[0] !== 'signature');
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...paths),
        fc.oneof(
          fc.record({ op: fc.constant('set' as const), value: fc.jsonValue({ maxDepth: 2 }) }),
          fc.record({ op: fc.constant('delete' as const) }),
          fc.record({
            op: fc.constant('add' as const),
            key: fc.string({ maxLength: 8 }),
            value: fc.jsonValue({ maxDepth: 1 }),
          }),
        ),
        async (path, mutation) => {
          const mutated = structuredClone(envelope) as unknown as Record<string, unknown>;
          applyMutation(mutated, path, mutation);
          fc.pre(!sameJson(mutated, envelope));
          const result = await verifyEnvelope(mutated, resolve, NOW);
          expect(result.ok).toBe(false);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('every single-bit flip of every byte of the serialized envelope (exhaustive)', async () => {
    const envelope = await sealEnvelope(buildEnvelope({ refs: ['r-1'] }), a.signingKey);
    const wire = Buffer.from(JSON.stringify(envelope));
    const original = canonicalJson(envelope);
    let refused = 0;
    let equivalent = 0;
    for (let i = 0; i < wire.length; i++) {
      for (let bit = 0; bit < 8; bit++) {
        const flipped = flipBit(wire, i, bit);
        const result = await verifyWire(flipped);
        if (result.ok) {
          // Only a flip that leaves the JSON value itself unchanged may pass (none expected here).
          expect(canonicalJson(JSON.parse(flipped.toString()))).toBe(original);
          equivalent++;
        } else refused++;
      }
    }
    expect(refused + equivalent).toBe(wire.length * 8);
    expect(equivalent).toBe(0);
  });

  it('every character flip of the signature (exhaustive, including unused base64url bits)', async () => {
    const envelope = await sealEnvelope(buildEnvelope(), a.signingKey);
    for (let i = 0; i < envelope.signature.length; i++) {
      for (let bit = 0; bit < 7; bit++) {
        const signature = flipChar(envelope.signature, i, bit);
        expect((await verifyEnvelope({ ...envelope, signature }, resolve, NOW)).ok).toBe(false);
      }
    }
  });

  it('every character flip of an encrypted payload', async () => {
    const unsigned = await encryptEnvelopePayload(buildEnvelope(), b.encryption);
    const envelope = await sealEnvelope(unsigned, a.signingKey);
    const jwe = envelope.encryptedPayload!;
    await fc.assert(
      fc.asyncProperty(fc.nat(jwe.length - 1), fc.nat(6), async (i, bit) => {
        const encryptedPayload = flipChar(jwe, i, bit);
        expect((await verifyEnvelope({ ...envelope, encryptedPayload }, resolve, NOW)).ok).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('payload bytes flipped (property over arbitrary JSON payloads)', async () => {
    await fc.assert(
      fc.asyncProperty(jsonPayload(3), fc.nat(), fc.nat(7), async (payload, where, bit) => {
        const envelope = await sealEnvelope(buildEnvelope({ payload }), a.signingKey);
        const bytes = canonicalBytes(payload);
        const flipped = flipBit(bytes, where % bytes.length, bit);
        let mutatedPayload: unknown;
        try {
          mutatedPayload = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(flipped));
        } catch {
          return; // no longer JSON: the receiver cannot even parse the body
        }
        fc.pre(!sameJson(mutatedPayload, payload)); // e.g. 1e+21 → 1E+21 is the same number
        expect((await verifyEnvelope({ ...envelope, payload: mutatedPayload }, resolve, NOW)).ok).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});

describe('keys and senders', () => {
  it('refuses a key it does not know', async () => {
    const stranger = new TestNode('node-a');
    const envelope = await sealEnvelope(buildEnvelope(), stranger.signingKey);
    expect(await verifyEnvelope(envelope, resolve, NOW)).toMatchObject({ ok: false, reason: 'unknown-key' });
  });

  it("refuses one partner's key speaking for another node", async () => {
    const envelope = await sealEnvelope(buildEnvelope({ sender: { node: 'node-b' } }), a.signingKey);
    expect(await verifyEnvelope(envelope, resolve, NOW)).toMatchObject({ ok: false, reason: 'unknown-key' });
  });

  it('refuses an envelope dated more than 5 minutes ahead of the receiver clock', async () => {
    const ahead = await sealEnvelope(buildEnvelope({ createdAt: at(7 * MINUTE + 1) }), a.signingKey);
    expect(await verifyEnvelope(ahead, resolve, NOW)).toMatchObject({ reason: 'created-in-the-future' });
    const slightlyAhead = await sealEnvelope(buildEnvelope({ createdAt: at(7 * MINUTE) }), a.signingKey);
    expect((await verifyEnvelope(slightlyAhead, resolve, NOW)).ok).toBe(true);
  });

  it('accepts envelopes of any age (they may wait in an outbox for days)', async () => {
    const old = await sealEnvelope(buildEnvelope({ createdAt: at(-20 * DAY) }), a.signingKey);
    expect((await verifyEnvelope(old, resolve, NOW)).ok).toBe(true);
  });

  it('lets storage errors of the key resolver propagate (the sender must retry, not give up)', async () => {
    const envelope = await sealEnvelope(buildEnvelope(), a.signingKey);
    const failing = () => Promise.reject(new Error('database unavailable'));
    await expect(verifyEnvelope(envelope, failing, NOW)).rejects.toThrow('database unavailable');
  });
});

describe('key rotation', () => {
  it('old and in-flight envelopes still verify, new ones carry the new kid, the retired key cannot sign new ones', async () => {
    const node = new TestNode('node-r', at(-10 * DAY));
    const receiver = resolverFor(node);
    const oldKid = node.current.kid;
    const beforeRotation = await sealEnvelope(
      buildEnvelope({ sender: { node: 'node-r' }, createdAt: at(-1 * DAY) }),
      node.signingKey,
    );
    const inFlight = await sealEnvelope(
      buildEnvelope({ sender: { node: 'node-r' }, createdAt: at(-1) }),
      node.signingKey,
    );
    const retiredKey = node.signingKey;

    node.rotate(T0);
    const afterRotation = await sealEnvelope(
      buildEnvelope({ sender: { node: 'node-r' }, createdAt: T0 }),
      node.signingKey,
    );

    const later = at(3 * DAY);
    expect(await verifyEnvelope(beforeRotation, receiver, later)).toMatchObject({ ok: true, keyId: oldKid });
    expect(await verifyEnvelope(inFlight, receiver, later)).toMatchObject({ ok: true, keyId: oldKid });
    const fresh = await verifyEnvelope(afterRotation, receiver, later);
    expect(fresh).toMatchObject({ ok: true, keyId: node.current.kid });
    expect(node.current.kid).not.toBe(oldKid);

    const backdated = await sealEnvelope(
      buildEnvelope({ sender: { node: 'node-r' }, createdAt: at(1) }),
      retiredKey,
    );
    expect(await verifyEnvelope(backdated, receiver, later)).toMatchObject({
      reason: 'key-not-valid-at-creation',
    });
    const beforeNewKey = await sealEnvelope(
      buildEnvelope({ sender: { node: 'node-r' }, createdAt: at(-1) }),
      node.signingKey,
    );
    expect(await verifyEnvelope(beforeNewKey, receiver, later)).toMatchObject({
      reason: 'key-not-valid-at-creation',
    });
  });
});

describe('malformed input', () => {
  it('never throws, whatever arrives', async () => {
    const envelope = await sealEnvelope(buildEnvelope(), a.signingKey);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.anything(),
          fc.dictionary(fc.string(), fc.anything()),
          fc.constant({ ...envelope, v: 2 }),
        ),
        async (input) => {
          const result = await verifyEnvelope(input, resolve, NOW);
          expect(result.ok).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });

  it.each([
    ['no payload at all', { payload: undefined }],
    ['both payload forms', { encryptedPayload: 'aaaa.bbbb.cccc.dddd.eeee' }],
    ['an upper-case id', { id: '0195B2C4-6A1E-7B3C-9D4E-5F6A7B8C9D0E' }],
    ['a UUIDv4 id', { id: '9b2f3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d' }],
    ['a time without milliseconds', { createdAt: '2026-03-02T10:00:00Z' }],
    ['a time with an offset', { createdAt: '2026-03-02T10:00:00.000+01:00' }],
    ['an unknown top-level member', { extra: 1 }],
    ['an unknown TLP', { labels: { tlp: 'TLP:WHITE' } }],
    ['a `#` in a node id', { sender: { node: 'node#a' } }],
    ['sequence 0', { sequence: 0 }],
    ['__proto__ in the payload', { payload: JSON.parse('{"__proto__":{"admin":true}}') }],
  ])('refuses %s', async (_name, patch) => {
    const envelope = { ...(await sealEnvelope(buildEnvelope(), a.signingKey)), ...patch };
    expect(await verifyEnvelope(envelope, resolve, NOW)).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('refuses absurd nesting without overflowing the stack', async () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const envelope = { ...(await sealEnvelope(buildEnvelope(), a.signingKey)), payload: deep };
    expect(await verifyEnvelope(envelope, resolve, NOW)).toMatchObject({ ok: false, reason: 'malformed' });
  });
});

// --- helpers ---

/** Same JSON value; a value with no canonical form (1e999 parses to Infinity) is never the same. */
function sameJson(x: unknown, y: unknown): boolean {
  try {
    return canonicalJson(x) === canonicalJson(y);
  } catch {
    return false;
  }
}

type Path = Array<string | number>;

function allPaths(value: unknown, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [prefix];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [prefix, ...entries.flatMap(([k, v]) => allPaths(v, [...prefix, k]))].filter((p) => p.length > 0);
}

function applyMutation(
  root: Record<string, unknown>,
  path: Path,
  mutation: { op: 'set'; value: unknown } | { op: 'delete' } | { op: 'add'; key: string; value: unknown },
): void {
  const parent = path
    .slice(0, -1)
    .reduce<unknown>((node, k) => (node as Record<string, unknown>)[k], root) as Record<
    string | number,
    unknown
  >;
  const last = path.at(-1)!;
  if (mutation.op === 'set') parent[last] = mutation.value;
  else if (mutation.op === 'delete') {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else {
    const target = parent[last];
    if (target !== null && typeof target === 'object' && !Array.isArray(target)) {
      (target as Record<string, unknown>)[`x${mutation.key}`] = mutation.value;
    } else parent[last] = { [mutation.key]: mutation.value };
  }
}

function shuffleKeys(value: unknown, coins: Iterator<boolean>): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => shuffleKeys(v, coins));
  const entries = Object.entries(value);
  if (coins.next().value) entries.reverse();
  return Object.fromEntries(entries.map(([k, v]) => [k, shuffleKeys(v, coins)]));
}
