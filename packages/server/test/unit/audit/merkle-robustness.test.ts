/**
 * Robustness of the RFC 9162 Merkle code: verifiers never throw (they answer false), generators reject
 * misuse, hex helpers are strict, and index arithmetic stays exact for tree sizes far beyond 2^32.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  consistencyProof,
  EMPTY_ROOT_HEX,
  equalHashes,
  fromHex,
  inclusionProof,
  isHash,
  leafHash,
  MerkleTreeCache,
  parseHash,
  rootFromInclusionProof,
  rootFromLeafHashes,
  subtreeRoot,
  toHex,
  verifyConsistency,
  verifyInclusion,
} from '../../../src/modules/audit/merkle.ts';

const leaves = Array.from({ length: 13 }, (_, i) => leafHash(Uint8Array.of(i)));
const root13 = rootFromLeafHashes(leaves);
const hash32 = fc.uint8Array({ minLength: 32, maxLength: 32 });

/** Inputs a JSON body or a confused caller could produce. */
const junk = fc.oneof(
  fc.anything(),
  fc.uint8Array({ maxLength: 40 }),
  fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 6 }),
  fc.array(fc.anything(), { maxLength: 4 }),
  fc.constantFrom(
    -1,
    0,
    1,
    2 ** 53,
    2 ** 64,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    1.5,
    -0,
    '3',
    3n,
    null,
    undefined,
  ),
);

describe('verifiers never throw', () => {
  it('verifyInclusion / rootFromInclusionProof on arbitrary junk', () => {
    fc.assert(
      fc.property(junk, junk, junk, junk, junk, (a, b, c, d, e) => {
        const call = () =>
          verifyInclusion(a as Uint8Array, b as number, c as number, d as Uint8Array[], e as Uint8Array);
        expect(call).not.toThrow();
        expect(typeof call()).toBe('boolean');
        expect(() =>
          rootFromInclusionProof(a as Uint8Array, b as number, c as number, d as Uint8Array[]),
        ).not.toThrow();
      }),
      { numRuns: 500 },
    );
  });

  it('verifyConsistency on arbitrary junk', () => {
    fc.assert(
      fc.property(junk, junk, junk, junk, junk, (a, b, c, d, e) => {
        const call = () =>
          verifyConsistency(a as number, b as number, c as Uint8Array, d as Uint8Array, e as Uint8Array[]);
        expect(call).not.toThrow();
        expect(typeof call()).toBe('boolean');
      }),
      { numRuns: 500 },
    );
  });

  it('well-typed but random hashes, sizes and proofs: never throw, (practically) never verify', () => {
    fc.assert(
      fc.property(
        hash32,
        fc.nat({ max: 2 ** 40 }),
        fc.nat({ max: 2 ** 40 }),
        fc.array(hash32, { maxLength: 45 }),
        hash32,
        (leaf, a, b, proof, root) => {
          expect(verifyInclusion(leaf, Math.min(a, b), Math.max(a, b), proof, root)).toBe(false);
          expect(verifyConsistency(Math.min(a, b), Math.max(a, b), leaf, root, proof)).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a throwing proof element (getter) fails closed instead of throwing', () => {
    const hostile = [leaves[1]];
    Object.defineProperty(hostile, 0, {
      get() {
        throw new Error('boom');
      },
    });
    expect(verifyInclusion(leaves[0] as Buffer, 0, 2, hostile as Uint8Array[], root13)).toBe(false);
    expect(rootFromInclusionProof(leaves[0] as Buffer, 0, 2, hostile as Uint8Array[])).toBeNull();
    expect(verifyConsistency(1, 2, leaves[0] as Buffer, root13, hostile as Uint8Array[])).toBe(false);
  });

  it('specific malformed inputs are rejected with false', () => {
    const leaf = leaves[3] as Buffer;
    const proof = inclusionProof(leaves, 3);
    expect(verifyInclusion(leaf, 3, 13, proof, root13)).toBe(true);
    const bad: [string, () => boolean][] = [
      ['index = size', () => verifyInclusion(leaf, 13, 13, proof, root13)],
      ['index > size', () => verifyInclusion(leaf, 14, 13, proof, root13)],
      ['size 0', () => verifyInclusion(leaf, 0, 0, [], root13)],
      ['size 0, empty root', () => verifyInclusion(leaf, 0, 0, [], fromHex(EMPTY_ROOT_HEX))],
      ['negative index', () => verifyInclusion(leaf, -1, 13, proof, root13)],
      ['fractional index', () => verifyInclusion(leaf, 3.5, 13, proof, root13)],
      ['NaN size', () => verifyInclusion(leaf, 3, Number.NaN, proof, root13)],
      ['infinite size', () => verifyInclusion(leaf, 3, Number.POSITIVE_INFINITY, proof, root13)],
      ['unsafe size', () => verifyInclusion(leaf, 3, 2 ** 53, proof, root13)],
      ['31-byte leaf', () => verifyInclusion(leaf.subarray(1), 3, 13, proof, root13)],
      ['33-byte leaf', () => verifyInclusion(Buffer.concat([leaf, Buffer.of(0)]), 3, 13, proof, root13)],
      ['31-byte root', () => verifyInclusion(leaf, 3, 13, proof, root13.subarray(1))],
      [
        'short element',
        () => verifyInclusion(leaf, 3, 13, proof.with(1, (proof[1] as Buffer).subarray(2)), root13),
      ],
      ['long element', () => verifyInclusion(leaf, 3, 13, proof.with(0, Buffer.alloc(64)), root13)],
      [
        'hex strings',
        () => verifyInclusion(leaf, 3, 13, proof.map(toHex) as unknown as Uint8Array[], root13),
      ],
      ['proof not an array', () => verifyInclusion(leaf, 3, 13, 'abc' as unknown as Uint8Array[], root13)],
      ['root as hex', () => verifyInclusion(leaf, 3, 13, proof, toHex(root13) as unknown as Uint8Array)],
    ];
    for (const [desc, f] of bad) expect(f(), desc).toBe(false);

    const r5 = rootFromLeafHashes(leaves.slice(0, 5));
    const cp = consistencyProof(leaves, 5);
    expect(verifyConsistency(5, 13, r5, root13, cp)).toBe(true);
    const badC: [string, () => boolean][] = [
      ['old > new', () => verifyConsistency(13, 5, root13, r5, cp)],
      ['negative old', () => verifyConsistency(-5, 13, r5, root13, cp)],
      ['fractional new', () => verifyConsistency(5, 13.5, r5, root13, cp)],
      ['unsafe new', () => verifyConsistency(5, 2 ** 60, r5, root13, cp)],
      ['short old root', () => verifyConsistency(5, 13, r5.subarray(0, 31), root13, cp)],
      ['short element', () => verifyConsistency(5, 13, r5, root13, cp.with(0, Buffer.alloc(31)))],
      ['null element', () => verifyConsistency(5, 13, r5, root13, cp.with(0, null as unknown as Buffer))],
      [
        'enormous proof',
        () =>
          verifyConsistency(
            5,
            13,
            r5,
            root13,
            Array.from({ length: 10_000 }, () => r5),
          ),
      ],
    ];
    for (const [desc, f] of badC) expect(f(), desc).toBe(false);
  });
});

describe('generators reject misuse', () => {
  it('inclusionProof, consistencyProof and subtreeRoot throw RangeError outside the tree', () => {
    expect(() => inclusionProof([], 0)).toThrow(RangeError);
    expect(() => inclusionProof(leaves, 13)).toThrow(RangeError);
    expect(() => inclusionProof(leaves, -1)).toThrow(RangeError);
    expect(() => inclusionProof(leaves, 0.5)).toThrow(RangeError);
    expect(() => consistencyProof(leaves, 14)).toThrow(RangeError);
    expect(() => consistencyProof(leaves, -1)).toThrow(RangeError);
    expect(() => subtreeRoot(leaves, 3, 2)).toThrow(RangeError);
    expect(() => subtreeRoot(leaves, 0, 14)).toThrow(RangeError);
  });
});

describe('hex helpers', () => {
  it('toHex / fromHex round-trip any bytes; parseHash accepts exactly 64 hex digits', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const h = toHex(bytes);
        expect(h).toMatch(/^[0-9a-f]*$/);
        expect(equalHashes(fromHex(h), bytes)).toBe(true);
        expect(equalHashes(fromHex(h.toUpperCase()), bytes)).toBe(true);
        const parsed = parseHash(h);
        if (bytes.length === 32) expect(parsed && equalHashes(parsed, bytes)).toBe(true);
        else expect(parsed).toBeNull();
      }),
    );
  });

  it('toHex respects views into larger buffers', () => {
    const big = Buffer.from('00112233445566778899', 'hex');
    expect(toHex(new Uint8Array(big.buffer, big.byteOffset + 2, 3))).toBe('223344');
  });

  it('fromHex is strict, parseHash never throws', () => {
    for (const s of ['0', 'abc', 'zz', '0x00', ' 00', '00 ', 'g0'])
      expect(() => fromHex(s), s).toThrow(TypeError);
    expect(() => fromHex(42 as unknown as string)).toThrow(TypeError);
    fc.assert(
      fc.property(fc.anything(), (x) => {
        expect(() => parseHash(x)).not.toThrow();
      }),
    );
    expect(parseHash(`${EMPTY_ROOT_HEX}0`)).toBeNull();
    expect(parseHash(EMPTY_ROOT_HEX.replace('e', 'g'))).toBeNull();
    expect(isHash(parseHash(EMPTY_ROOT_HEX.toUpperCase()))).toBe(true);
  });
});

// ------------------------------------------------------------------------------------------------------
// Huge trees. With every leaf equal, MTH depends only on the size, so roots and proofs of trees with
// up to 2^53 - 1 leaves can be computed exactly (memoised RFC 9162 §2.1 recursion over sizes alone).
// This catches any 32-bit (`>>`, `|`) arithmetic in the index/size handling.
// ------------------------------------------------------------------------------------------------------

const sha = (...parts: Uint8Array[]): Buffer => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};
const U = sha(Uint8Array.of(0), Buffer.from('uniform')); // the leaf hash of every leaf
const memo = new Map<number, Buffer>();
function uniformMTH(n: number): Buffer {
  if (n === 1) return U;
  const hit = memo.get(n);
  if (hit) return hit;
  let k = 1;
  while (k * 2 < n) k *= 2;
  const r = sha(Uint8Array.of(1), uniformMTH(k), uniformMTH(n - k));
  memo.set(n, r);
  return r;
}
function uniformPATH(m: number, n: number): Buffer[] {
  if (n === 1) return [];
  let k = 1;
  while (k * 2 < n) k *= 2;
  return m < k ? [...uniformPATH(m, k), uniformMTH(n - k)] : [...uniformPATH(m - k, n - k), uniformMTH(k)];
}
function uniformSUBPROOF(m: number, n: number, b: boolean): Buffer[] {
  if (m === n) return b ? [] : [uniformMTH(m)];
  let k = 1;
  while (k * 2 < n) k *= 2;
  return m <= k
    ? [...uniformSUBPROOF(m, k, b), uniformMTH(n - k)]
    : [...uniformSUBPROOF(m - k, n - k, false), uniformMTH(k)];
}

const hugeSize = fc.oneof(
  fc.integer({ min: 2, max: Number.MAX_SAFE_INTEGER }),
  fc.integer({ min: 31, max: 52 }).map((e) => 2 ** e),
  fc.integer({ min: 31, max: 52 }).map((e) => 2 ** e + 1),
  fc.integer({ min: 32, max: 53 }).map((e) => 2 ** e - 1),
);

describe('tree sizes beyond 2^32 (uniform-leaf oracle)', () => {
  it('inclusion proofs verify exactly; an altered root, element or length does not', () => {
    fc.assert(
      fc.property(hugeSize, fc.double({ min: 0, max: 1, noNaN: true }), (n, f) => {
        const i = Math.min(n - 1, Math.floor(f * n));
        const proof = uniformPATH(i, n);
        const root = uniformMTH(n);
        expect(verifyInclusion(U, i, n, proof, root)).toBe(true);
        expect(verifyInclusion(U, i, n, proof, sha(root))).toBe(false);
        expect(verifyInclusion(U, i, n, proof.slice(0, -1), root)).toBe(false);
        if (proof.length > 0)
          expect(verifyInclusion(U, i, n, proof.with(0, sha(proof[0] as Buffer)), root)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('consistency proofs verify exactly between huge sizes', () => {
    fc.assert(
      fc.property(hugeSize, fc.double({ min: 0, max: 1, noNaN: true }), (n, f) => {
        const m = Math.max(1, Math.min(n - 1, Math.floor(f * n)));
        const proof = uniformSUBPROOF(m, n, true);
        expect(verifyConsistency(m, n, uniformMTH(m), uniformMTH(n), proof)).toBe(true);
        expect(verifyConsistency(m, n, sha(uniformMTH(m)), uniformMTH(n), proof)).toBe(false);
        expect(verifyConsistency(m, n, uniformMTH(m), uniformMTH(n), proof.slice(0, -1))).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('MerkleTreeCache resumed at a huge size has the exact root and keeps appending correctly', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER - 8 }),
        fc.nat({ max: 8 }),
        (n, extra) => {
          // Frontier of the uniform tree: the perfect subtrees of the binary expansion of n, largest first.
          const frontier: Buffer[] = [];
          for (let bit = 2 ** 52; bit >= 1; bit /= 2)
            if (Math.floor(n / bit) % 2 === 1) frontier.push(uniformMTH(bit));
          const cache = MerkleTreeCache.fromFrontier(n, frontier);
          expect(toHex(cache.root())).toBe(toHex(uniformMTH(n)));
          for (let j = 0; j < extra; j++) expect(cache.append(U)).toBe(n + j);
          expect(toHex(cache.root())).toBe(toHex(uniformMTH(n + extra)));
        },
      ),
      { numRuns: 300 },
    );
  });
});
