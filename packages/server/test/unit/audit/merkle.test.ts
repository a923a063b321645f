/**
 * RFC 9162 Merkle tree: published reference vectors, and property tests against a naive recursive
 * implementation written here straight from the RFC 9162 §2.1 text (independent hashing, array slicing,
 * no bit tricks) that serves as the oracle.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  consistencyProof,
  EMPTY_ROOT_HEX,
  emptyRoot,
  inclusionProof,
  leafHash,
  MerkleTreeCache,
  nodeHash,
  rootFromInclusionProof,
  rootFromLeafHashes,
  splitPoint,
  subtreeRoot,
  toHex,
  verifyConsistency,
  verifyInclusion,
} from '../../../src/modules/audit/merkle.ts';
import { MerkleTreeIndex } from '../../../src/modules/audit/merkle-proofs.ts';

// ------------------------------------------------------------------------------------------------------
// The oracle: RFC 9162 §2.1, transcribed literally. Works on leaf *data*, hashes with its own code.
// ------------------------------------------------------------------------------------------------------

const sha256 = (...parts: Uint8Array[]): Buffer => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};

/** §2.1.1: k is the largest power of two smaller than n. */
function refK(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** §2.1.1 MTH. */
function refMTH(d: readonly Uint8Array[]): Buffer {
  const n = d.length;
  if (n === 0) return sha256();
  if (n === 1) return sha256(Uint8Array.of(0x00), d[0] as Uint8Array);
  const k = refK(n);
  return sha256(Uint8Array.of(0x01), refMTH(d.slice(0, k)), refMTH(d.slice(k, n)));
}

/** §2.1.3.1 PATH(m, D[n]). */
function refPATH(m: number, d: readonly Uint8Array[]): Buffer[] {
  const n = d.length;
  if (n === 1) return [];
  const k = refK(n);
  if (m < k) return [...refPATH(m, d.slice(0, k)), refMTH(d.slice(k, n))];
  return [...refPATH(m - k, d.slice(k, n)), refMTH(d.slice(0, k))];
}

/** §2.1.4.1 SUBPROOF(m, D[n], b). */
function refSUBPROOF(m: number, d: readonly Uint8Array[], b: boolean): Buffer[] {
  const n = d.length;
  if (m === n) return b ? [] : [refMTH(d)];
  const k = refK(n);
  if (m <= k) return [...refSUBPROOF(m, d.slice(0, k), b), refMTH(d.slice(k, n))];
  return [...refSUBPROOF(m - k, d.slice(k, n), false), refMTH(d.slice(0, k))];
}

/** §2.1.4.1 PROOF(m, D[n]). */
const refPROOF = (m: number, d: readonly Uint8Array[]): Buffer[] => refSUBPROOF(m, d, true);

/**
 * The shape of PATH(m, D[n]) from the leaf up: true where the sibling is on the right. Verification
 * (§2.1.3.2) hashes exactly along this shape, so a proof checked against another (index, size) with the
 * same shape computes the same root: the proof does not authenticate the tree size on its own (the
 * signed tree head does). Used to state the "wrong size" property precisely.
 */
function refShape(m: number, n: number): boolean[] {
  if (n === 1) return [];
  const k = refK(n);
  return m < k ? [...refShape(m, k), true] : [...refShape(m - k, n - k), false];
}

// ------------------------------------------------------------------------------------------------------
// Helpers
// ------------------------------------------------------------------------------------------------------

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const unhex = (s: string): Buffer => Buffer.from(s, 'hex');
const hexes = (bs: readonly Uint8Array[]): string[] => bs.map(hex);

/** A copy of `b` with one bit flipped. */
function flip(b: Uint8Array, bit: number): Buffer {
  const c = Buffer.from(b);
  c[bit >> 3] = (c[bit >> 3] as number) ^ (1 << (bit & 7));
  return c;
}

/** Distinct leaf data for a tree: seed ‖ u32be(i). */
function leafData(seed: Uint8Array, n: number): Buffer[] {
  return Array.from({ length: n }, (_, i) => {
    const idx = Buffer.alloc(4);
    idx.writeUInt32BE(i);
    return Buffer.concat([seed, idx]);
  });
}

/** Every root of every prefix, 0..n, via the incremental builder (checked against the oracle below). */
function prefixRoots(leaves: readonly Uint8Array[]): Buffer[] {
  const cache = new MerkleTreeCache();
  const roots = [cache.root()];
  for (const l of leaves) {
    cache.append(l);
    roots.push(cache.root());
  }
  return roots;
}

const SOME_HASH = unhex('abacaba000000000000000000000000000000000000000000060061e00123456');
const treeArb = fc.record({
  seed: fc.uint8Array({ maxLength: 8 }),
  n: fc.integer({ min: 1, max: 300 }),
});

// ------------------------------------------------------------------------------------------------------
// Published vectors (RFC 6962 test data, as used by the Certificate Transparency reference
// implementations: google/certificate-transparency, transparency-dev/merkle proof/verify_test.go).
// ------------------------------------------------------------------------------------------------------

const CT_LEAVES = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map(unhex);

/** CT_ROOTS[n] = MTH of the first n leaves. */
const CT_ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

/** Inclusion proofs (0-based index; the Go source numbers leaves from 1). */
const CT_INCLUSION: { index: number; size: number; proof: string[] }[] = [
  { index: 0, size: 1, proof: [] },
  {
    index: 0,
    size: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    index: 5,
    size: 8,
    proof: [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  { index: 2, size: 3, proof: ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125'] },
  {
    index: 1,
    size: 5,
    proof: [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
];

const CT_CONSISTENCY: { oldSize: number; newSize: number; proof: string[] }[] = [
  { oldSize: 1, newSize: 1, proof: [] },
  {
    oldSize: 1,
    newSize: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    oldSize: 6,
    newSize: 8,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  {
    oldSize: 2,
    newSize: 5,
    proof: [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
  {
    oldSize: 6,
    newSize: 7,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
];

const CT_LEAF_HASHES = CT_LEAVES.map(leafHash);
const ctRoot = (n: number): Buffer => unhex(CT_ROOTS[n] as string);

describe('RFC 6962 / RFC 9162 reference vectors', () => {
  it('the published size-1 and size-8 roots, literally', () => {
    expect(toHex(rootFromLeafHashes(CT_LEAF_HASHES.slice(0, 1)))).toBe(
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    );
    expect(toHex(rootFromLeafHashes(CT_LEAF_HASHES))).toBe(
      '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
    );
  });

  it('every published root for sizes 0..8 (batch, incremental, index and oracle agree)', () => {
    const index = MerkleTreeIndex.fromLeafHashes(CT_LEAF_HASHES);
    const cache = new MerkleTreeCache();
    for (let n = 0; n <= 8; n++) {
      if (n > 0) cache.append(CT_LEAF_HASHES[n - 1] as Buffer);
      expect(toHex(rootFromLeafHashes(CT_LEAF_HASHES.slice(0, n))), `size ${n}`).toBe(CT_ROOTS[n]);
      expect(toHex(cache.root()), `cache size ${n}`).toBe(CT_ROOTS[n]);
      expect(toHex(index.root(n)), `index size ${n}`).toBe(CT_ROOTS[n]);
      expect(hex(refMTH(CT_LEAVES.slice(0, n))), `oracle size ${n}`).toBe(CT_ROOTS[n]);
    }
  });

  it('empty tree, leaf and node hashes (domain separation 0x00 / 0x01)', () => {
    expect(EMPTY_ROOT_HEX).toBe(CT_ROOTS[0]);
    expect(toHex(emptyRoot())).toBe(CT_ROOTS[0]);
    expect(toHex(rootFromLeafHashes([]))).toBe(CT_ROOTS[0]);
    expect(toHex(leafHash(new Uint8Array()))).toBe(CT_ROOTS[1]);
    expect(toHex(nodeHash(CT_LEAF_HASHES[0] as Buffer, CT_LEAF_HASHES[1] as Buffer))).toBe(CT_ROOTS[2]);
  });

  it('split point is the largest power of two below n, not the midpoint', () => {
    const want: [number, number][] = [
      [2, 1],
      [3, 2],
      [4, 2],
      [5, 4],
      [6, 4],
      [7, 4],
      [8, 4],
      [9, 8],
      [1000, 512],
      [2 ** 40, 2 ** 39],
      [2 ** 40 + 1, 2 ** 40],
      [Number.MAX_SAFE_INTEGER, 2 ** 52],
    ];
    for (const [n, k] of want) expect(splitPoint(n), `n=${n}`).toBe(k);
    expect(() => splitPoint(1)).toThrow(RangeError);
  });

  it.each(CT_INCLUSION)('inclusion proof for leaf $index in tree $size is generated and verifies', (v) => {
    const leaves = CT_LEAF_HASHES.slice(0, v.size);
    const leaf = CT_LEAF_HASHES[v.index] as Buffer;
    const root = ctRoot(v.size);
    expect(hexes(inclusionProof(leaves, v.index))).toEqual(v.proof);
    expect(hexes(MerkleTreeIndex.fromLeafHashes(CT_LEAF_HASHES).inclusionProof(v.index, v.size))).toEqual(
      v.proof,
    );
    const proof = v.proof.map(unhex);
    expect(verifyInclusion(leaf, v.index, v.size, proof, root)).toBe(true);
    expect(hex(rootFromInclusionProof(leaf, v.index, v.size, proof) as Buffer)).toBe(hex(root));

    // The corruptions of transparency-dev/merkle's corruptInclusionProof: all must be rejected.
    const probes: [string, number, number, Uint8Array, Uint8Array[], Uint8Array][] = [
      ['index - 1', v.index - 1, v.size, leaf, proof, root],
      ['index + 1', v.index + 1, v.size, leaf, proof, root],
      ['index ^ 2', v.index ^ 2, v.size, leaf, proof, root],
      ['size * 2', v.index, v.size * 2, leaf, proof, root],
      ['size / 2', v.index, Math.floor(v.size / 2), leaf, proof, root],
      ['wrong leaf', v.index, v.size, Buffer.from('WrongLeaf'), proof, root],
      ['other leaf', v.index, v.size, flip(leaf, 0), proof, root],
      ['empty root', v.index, v.size, leaf, proof, ctRoot(0)],
      ['random root', v.index, v.size, leaf, proof, SOME_HASH],
      ['trailing garbage', v.index, v.size, leaf, [...proof, new Uint8Array()], root],
      ['trailing root', v.index, v.size, leaf, [...proof, root], root],
      ['preceding garbage', v.index, v.size, leaf, [new Uint8Array(), ...proof], root],
      ['preceding root', v.index, v.size, leaf, [root, ...proof], root],
    ];
    proof.forEach((_, i) => {
      probes.push([
        `proof[${i}] bit 3`,
        v.index,
        v.size,
        leaf,
        proof.with(i, flip(proof[i] as Buffer, 3)),
        root,
      ]);
    });
    if (proof.length > 0) probes.push(['removed component', v.index, v.size, leaf, proof.slice(0, -1), root]);
    if (proof.length > 1) {
      probes.push([
        'inserted component',
        v.index,
        v.size,
        leaf,
        [proof[0] as Buffer, SOME_HASH, ...proof.slice(1)],
        root,
      ]);
    }
    for (const [desc, i, n, l, p, r] of probes) expect(verifyInclusion(l, i, n, p, r), desc).toBe(false);
  });

  it.each(CT_CONSISTENCY)('consistency proof $oldSize -> $newSize is generated and verifies', (v) => {
    const oldRoot = ctRoot(v.oldSize);
    const newRoot = ctRoot(v.newSize);
    expect(hexes(consistencyProof(CT_LEAF_HASHES.slice(0, v.newSize), v.oldSize))).toEqual(v.proof);
    const index = MerkleTreeIndex.fromLeafHashes(CT_LEAF_HASHES);
    expect(hexes(index.consistencyProof(v.oldSize, v.newSize))).toEqual(v.proof);
    const proof = v.proof.map(unhex);
    expect(verifyConsistency(v.oldSize, v.newSize, oldRoot, newRoot, proof)).toBe(true);
    if (proof.length === 0) return;

    // The corruptions of transparency-dev/merkle's corruptConsistencyProof: all must be rejected.
    const { oldSize: m, newSize: n } = v;
    const probes: [string, number, number, Uint8Array, Uint8Array, Uint8Array[]][] = [
      ['old size - 1', m - 1, n, oldRoot, newRoot, proof],
      ['old size + 1', m + 1, n, oldRoot, newRoot, proof],
      ['old size ^ 2', m ^ 2, n, oldRoot, newRoot, proof],
      ['new size * 2', m, n * 2, oldRoot, newRoot, proof],
      ['new size / 2', m, Math.floor(n / 2), oldRoot, newRoot, proof],
      ['wrong old root', m, n, Buffer.from('WrongRoot'), newRoot, proof],
      ['wrong new root', m, n, oldRoot, Buffer.from('WrongRoot'), proof],
      ['flipped old root', m, n, flip(oldRoot, 100), newRoot, proof],
      ['flipped new root', m, n, oldRoot, flip(newRoot, 100), proof],
      ['swapped roots', m, n, newRoot, oldRoot, proof],
      ['empty proof', m, n, oldRoot, newRoot, []],
      ['trailing garbage', m, n, oldRoot, newRoot, [...proof, new Uint8Array()]],
      ['trailing old root', m, n, oldRoot, newRoot, [...proof, oldRoot]],
      ['trailing new root', m, n, oldRoot, newRoot, [...proof, newRoot]],
      ['preceding garbage', m, n, oldRoot, newRoot, [new Uint8Array(), ...proof]],
      ['preceding old root', m, n, oldRoot, newRoot, [oldRoot, ...proof]],
      ['preceding new root', m, n, oldRoot, newRoot, [newRoot, ...proof]],
      ['preceding proof[0]', m, n, oldRoot, newRoot, [proof[0] as Buffer, ...proof]],
      ['truncated proof', m, n, oldRoot, newRoot, proof.slice(0, -1)],
    ];
    proof.forEach((_, i) => {
      probes.push([`proof[${i}] bit 4`, m, n, oldRoot, newRoot, proof.with(i, flip(proof[i] as Buffer, 4))]);
    });
    for (const [desc, a, b, r1, r2, p] of probes)
      expect(verifyConsistency(a, b, r1, r2, p), desc).toBe(false);
  });

  it('consistency edge cases outside 0 < old < new', () => {
    const r1 = ctRoot(1);
    const r2 = ctRoot(2);
    const empty = ctRoot(0);
    const cases: [string, number, number, Uint8Array, Uint8Array, Uint8Array[], boolean][] = [
      ['0 -> 0, empty roots', 0, 0, empty, empty, [], true],
      ['0 -> 0, non-empty new root', 0, 0, empty, r1, [], false],
      ['0 -> 0, non-empty proof', 0, 0, empty, empty, [empty], false],
      ['0 -> 1', 0, 1, empty, r1, [], true],
      ['0 -> 1, old root is not the empty-tree hash', 0, 1, r1, r1, [], false],
      ['0 -> 1, non-empty proof', 0, 1, empty, r1, [empty], false],
      ['1 -> 1, same root', 1, 1, r1, r1, [], true],
      ['1 -> 1, different roots', 1, 1, r1, r2, [], false],
      ['1 -> 1, non-empty proof', 1, 1, r1, r1, [r1], false],
      ['1 -> 0, time travel', 1, 0, r1, empty, [], false],
      ['2 -> 1, time travel', 2, 1, r2, r1, [], false],
      ['1 -> 2, empty proof', 1, 2, r1, r2, [], false],
      ['1 -> 2, honest proof', 1, 2, r1, r2, [CT_LEAF_HASHES[1] as Buffer], true],
      ['1 -> 2, short roots', 1, 2, r1.subarray(1), r2, [CT_LEAF_HASHES[1] as Buffer], false],
    ];
    for (const [desc, m, n, a, b, p, want] of cases)
      expect(verifyConsistency(m, n, a, b, p), desc).toBe(want);
    expect(consistencyProof(CT_LEAF_HASHES, 0)).toEqual([]);
    expect(consistencyProof(CT_LEAF_HASHES, 8)).toEqual([]);
  });
});

// ------------------------------------------------------------------------------------------------------
// Tree heads
// ------------------------------------------------------------------------------------------------------

describe('tree head (MTH) against the recursive oracle', () => {
  it('every size 0..300 with fixed leaves: iterative, incremental and index roots equal the oracle', () => {
    const data = leafData(Buffer.from('fixed'), 300);
    const hashes = data.map(leafHash);
    const roots = prefixRoots(hashes);
    const index = MerkleTreeIndex.fromLeafHashes(hashes);
    for (let n = 0; n <= 300; n++) {
      const want = hex(refMTH(data.slice(0, n)));
      expect(hex(rootFromLeafHashes(hashes.slice(0, n))), `size ${n}`).toBe(want);
      expect(hex(roots[n] as Buffer), `cache size ${n}`).toBe(want);
      expect(hex(index.root(n)), `index size ${n}`).toBe(want);
    }
  });

  it('random data, random n in 0..300: rootFromLeafHashes == recursive MTH', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 24 }), { maxLength: 300 }), (data) => {
        expect(hex(rootFromLeafHashes(data.map(leafHash)))).toBe(hex(refMTH(data)));
      }),
      { numRuns: 200 },
    );
  });

  it('subtreeRoot(D, s, e) == MTH(D[s:e]) for any range', () => {
    fc.assert(
      fc.property(treeArb, fc.nat(), fc.nat(), ({ seed, n }, a, b) => {
        const data = leafData(seed, n);
        const [s, e] = [a % (n + 1), b % (n + 1)].sort((x, y) => x - y) as [number, number];
        expect(hex(subtreeRoot(data.map(leafHash), s, e))).toBe(hex(refMTH(data.slice(s, e))));
      }),
      { numRuns: 200 },
    );
  });

  it('results never alias the caller’s leaf buffers', () => {
    const leaf = leafHash(Buffer.from('x'));
    const root = rootFromLeafHashes([leaf]);
    expect(hex(root)).toBe(hex(leaf));
    root[0] = (root[0] as number) ^ 0xff;
    expect(hex(rootFromLeafHashes([leaf]))).toBe(hex(leafHash(Buffer.from('x'))));
    const cache = new MerkleTreeCache();
    cache.append(leaf);
    cache.root().fill(0);
    expect(hex(cache.root())).toBe(hex(leaf));
  });
});

// ------------------------------------------------------------------------------------------------------
// Inclusion proofs
// ------------------------------------------------------------------------------------------------------

/** Bytes at which proof elements get a bit flipped: all 32 in random tests, a sample when exhaustive. */
const ALL_BYTES = Array.from({ length: 32 }, (_, b) => b);
const SOME_BYTES = [0, 13, 31];

/** Asserts everything about leaf i's proof in a tree of the given leaves. */
function checkInclusion(
  data: readonly Buffer[],
  hashes: readonly Buffer[],
  root: Buffer,
  i: number,
  flipBytes: readonly number[],
): void {
  const n = hashes.length;
  const leaf = hashes[i] as Buffer;
  const proof = inclusionProof(hashes, i);
  expect(hexes(proof), `PATH(${i}, D[${n}])`).toEqual(hexes(refPATH(i, data)));
  expect(verifyInclusion(leaf, i, n, proof, root), `verify ${i}/${n}`).toBe(true);

  // Wrong leaf: another leaf's hash (all distinct), a flipped leaf, the raw leaf data, the root.
  if (n > 1) expect(verifyInclusion(hashes[(i + 1) % n] as Buffer, i, n, proof, root)).toBe(false);
  expect(verifyInclusion(flip(leaf, (i * 13) % 256), i, n, proof, root)).toBe(false);
  if (n > 1) expect(verifyInclusion(root, i, n, proof, root)).toBe(false);
  // Wrong root.
  expect(verifyInclusion(leaf, i, n, proof, flip(root, i % 256))).toBe(false);
  // Wrong index: a leaf's position in a tree is determined by its path, so every other index fails.
  for (const j of [i - 1, i + 1, i ^ 1, i ^ 2, i + n, 0, n - 1, n]) {
    if (j !== i) expect(verifyInclusion(leaf, j, n, proof, root), `index ${j} for ${i}/${n}`).toBe(false);
  }
  // Wrong size: verification hashes along refShape(i, size), so it can only succeed for sizes giving the
  // same shape (e.g. leaf 0 in sizes 3 and 4), and must fail for every other size.
  const shape = JSON.stringify(refShape(i, n));
  for (const s of [0, i, i + 1, n - 1, n + 1, 2 * n, n >> 1, n + 2 ** 20, 2 ** 40]) {
    if (s === n) continue;
    const same = s > i && JSON.stringify(refShape(i, s)) === shape;
    expect(verifyInclusion(leaf, i, s, proof, root), `size ${s} for ${i}/${n}`).toBe(same);
  }
  // A bit flip in any element fails (one bit per chosen byte, bit position varying, to bound the cost).
  proof.forEach((p, e) => {
    for (const byte of flipBytes) {
      const bad = proof.with(e, flip(p, byte * 8 + ((byte + e) % 8)));
      expect(verifyInclusion(leaf, i, n, bad, root), `flip ${e}/${byte}`).toBe(false);
    }
  });
  // Truncated, extended, reordered proofs fail.
  if (proof.length > 0) {
    expect(verifyInclusion(leaf, i, n, proof.slice(0, -1), root)).toBe(false);
    expect(verifyInclusion(leaf, i, n, proof.slice(1), root)).toBe(false);
  }
  expect(verifyInclusion(leaf, i, n, [...proof, SOME_HASH], root)).toBe(false);
  expect(verifyInclusion(leaf, i, n, [...proof, proof[0] ?? leaf], root)).toBe(false);
  expect(verifyInclusion(leaf, i, n, [SOME_HASH, ...proof], root)).toBe(false);
  if (proof.length > 1) expect(verifyInclusion(leaf, i, n, proof.toReversed(), root)).toBe(false);
  // An extra element with a root recomputed to match: only §2.1.3.2's "if sn is 0, fail" stops this.
  expect(verifyInclusion(leaf, i, n, [...proof, SOME_HASH], nodeHash(SOME_HASH, root)), 'grafted').toBe(
    false,
  );
}

describe('inclusion proofs (RFC 9162 §2.1.3)', () => {
  it('every index of every tree of size 1..64 (exhaustive)', { timeout: 60_000 }, () => {
    const data = leafData(Buffer.from('exhaustive'), 64);
    const hashes = data.map(leafHash);
    const roots = prefixRoots(hashes);
    for (let n = 1; n <= 64; n++) {
      for (let i = 0; i < n; i++)
        checkInclusion(data.slice(0, n), hashes.slice(0, n), roots[n] as Buffer, i, SOME_BYTES);
    }
  });

  it('random trees of size 1..300, random indices', { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(treeArb, fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), ({ seed, n }, picks) => {
        const data = leafData(seed, n);
        const hashes = data.map(leafHash);
        const root = refMTH(data);
        for (const p of picks) checkInclusion(data, hashes, root, p % n, ALL_BYTES);
      }),
      { numRuns: 100 },
    );
  });

  it('a proof verifies only against the root of the size it was made for', () => {
    fc.assert(
      fc.property(treeArb, fc.nat(), ({ seed, n }, p) => {
        const hashes = leafData(seed, n).map(leafHash);
        const i = p % n;
        const proof = inclusionProof(hashes, i);
        const roots = prefixRoots(hashes);
        for (let s = i + 1; s <= n; s++) {
          expect(verifyInclusion(hashes[i] as Buffer, i, n, proof, roots[s] as Buffer), `root of ${s}`).toBe(
            s === n,
          );
        }
      }),
      { numRuns: 100 },
    );
  });

  it('MerkleTreeIndex serves the same proofs for every past size', { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(treeArb, fc.nat(), fc.nat(), ({ seed, n }, a, b) => {
        const hashes = leafData(seed, n).map(leafHash);
        const index = MerkleTreeIndex.fromLeafHashes(hashes);
        const size = 1 + (a % n);
        const i = b % size;
        expect(hexes(index.inclusionProof(i, size))).toEqual(hexes(inclusionProof(hashes.slice(0, size), i)));
        expect(hex(index.leafHash(i))).toBe(hex(hashes[i] as Buffer));
      }),
      { numRuns: 200 },
    );
  });
});

// ------------------------------------------------------------------------------------------------------
// Consistency proofs
// ------------------------------------------------------------------------------------------------------

/** Asserts everything about PROOF(m, D[n]); `roots[s]` is the root of the first s leaves. */
function checkConsistency(
  data: readonly Buffer[],
  hashes: readonly Buffer[],
  roots: readonly Buffer[],
  m: number,
  flipBytes: readonly number[],
): void {
  const n = hashes.length;
  const oldRoot = roots[m] as Buffer;
  const newRoot = roots[n] as Buffer;
  const proof = consistencyProof(hashes, m);
  if (m > 0 && m < n) expect(hexes(proof), `PROOF(${m}, D[${n}])`).toEqual(hexes(refPROOF(m, data)));
  else expect(proof).toEqual([]);
  expect(verifyConsistency(m, n, oldRoot, newRoot, proof), `verify ${m} -> ${n}`).toBe(true);
  if (m === n) {
    if (n > 0) expect(verifyConsistency(m, n, flip(oldRoot, 7), newRoot, proof)).toBe(false);
    return;
  }
  if (m === 0) {
    // The empty tree is a prefix of everything: only its own root (SHA-256("")) and the empty proof pass.
    expect(verifyConsistency(0, n, flip(oldRoot, 7), newRoot, proof)).toBe(false);
    expect(verifyConsistency(0, n, roots[1] as Buffer, newRoot, proof)).toBe(false);
    expect(verifyConsistency(0, n, oldRoot, newRoot, [newRoot])).toBe(false);
    return;
  }
  // Altered roots fail (a bit flip anywhere in either).
  for (const bit of [0, 7, 100, 255]) {
    expect(verifyConsistency(m, n, flip(oldRoot, bit), newRoot, proof), `old root bit ${bit}`).toBe(false);
    expect(verifyConsistency(m, n, oldRoot, flip(newRoot, bit), proof), `new root bit ${bit}`).toBe(false);
  }
  expect(verifyConsistency(m, n, newRoot, oldRoot, proof), 'swapped roots').toBe(false);
  // Roots of other prefixes of the same log fail.
  for (const other of [m - 1, m + 1, n - 1]) {
    if (other >= 0 && other !== m && other < n) {
      expect(verifyConsistency(m, n, roots[other] as Buffer, newRoot, proof), `old root of ${other}`).toBe(
        false,
      );
    }
  }
  // A bit flip in any element fails.
  proof.forEach((p, e) => {
    for (const byte of flipBytes) {
      const bad = proof.with(e, flip(p, byte * 8 + ((byte + e) % 8)));
      expect(verifyConsistency(m, n, oldRoot, newRoot, bad), `flip ${e}/${byte}`).toBe(false);
    }
  });
  // Truncated, extended, prefixed, reordered, emptied proofs fail.
  expect(verifyConsistency(m, n, oldRoot, newRoot, proof.slice(0, -1)), 'truncated').toBe(false);
  expect(verifyConsistency(m, n, oldRoot, newRoot, proof.slice(1)), 'first dropped').toBe(false);
  expect(verifyConsistency(m, n, oldRoot, newRoot, [...proof, SOME_HASH]), 'extended').toBe(false);
  expect(verifyConsistency(m, n, oldRoot, newRoot, [...proof, newRoot]), 'trailing new root').toBe(false);
  expect(verifyConsistency(m, n, oldRoot, newRoot, [oldRoot, ...proof]), 'preceding old root').toBe(false);
  expect(verifyConsistency(m, n, oldRoot, newRoot, [proof[0] as Buffer, ...proof]), 'doubled first').toBe(
    false,
  );
  if (proof.length > 1) {
    expect(verifyConsistency(m, n, oldRoot, newRoot, proof.toReversed()), 'reversed').toBe(false);
  }
  // An extra element with both roots recomputed to match: only §2.1.4.2's "if sn is 0, fail" stops this.
  const [graftedOld, graftedNew] = [nodeHash(SOME_HASH, oldRoot), nodeHash(SOME_HASH, newRoot)];
  expect(verifyConsistency(m, n, graftedOld, graftedNew, [...proof, SOME_HASH]), 'grafted').toBe(false);
}

describe('consistency proofs (RFC 9162 §2.1.4)', () => {
  it('every (m, n) with 0 <= m <= n <= 40 (exhaustive)', { timeout: 60_000 }, () => {
    const data = leafData(Buffer.from('consistency'), 40);
    const hashes = data.map(leafHash);
    const roots = prefixRoots(hashes);
    for (let n = 0; n <= 40; n++) {
      for (let m = 0; m <= n; m++) {
        checkConsistency(data.slice(0, n), hashes.slice(0, n), roots.slice(0, n + 1), m, SOME_BYTES);
      }
    }
  });

  it('random (m, n) with n up to 300', { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(treeArb, fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), ({ seed, n }, picks) => {
        const data = leafData(seed, n);
        const hashes = data.map(leafHash);
        const roots = prefixRoots(hashes);
        for (const p of picks) checkConsistency(data, hashes, roots, p % (n + 1), ALL_BYTES);
      }),
      { numRuns: 100 },
    );
  });

  it('a consistency proof does not verify between the roots of two different logs', () => {
    fc.assert(
      fc.property(treeArb, fc.nat(), fc.nat({ max: 299 }), ({ seed, n }, p, q) => {
        const hashes = leafData(seed, n).map(leafHash);
        const m = 1 + (p % n);
        // A second log sharing the first q leaves, then diverging.
        const forked = hashes.map((h, i) => (i < q % n ? h : flip(h, 0)));
        const proof = consistencyProof(hashes, m);
        const ok = verifyConsistency(
          m,
          n,
          rootFromLeafHashes(forked.slice(0, m)),
          rootFromLeafHashes(hashes),
          proof,
        );
        expect(ok).toBe(m <= q % n); // honest only while the old tree is a prefix of the new one
      }),
      { numRuns: 200 },
    );
  });

  it('MerkleTreeIndex serves the same proofs for every pair of past sizes', () => {
    fc.assert(
      fc.property(treeArb, fc.nat(), fc.nat(), ({ seed, n }, a, b) => {
        const hashes = leafData(seed, n).map(leafHash);
        const index = MerkleTreeIndex.fromLeafHashes(hashes);
        const newSize = a % (n + 1);
        const oldSize = b % (newSize + 1);
        expect(hexes(index.consistencyProof(oldSize, newSize))).toEqual(
          hexes(consistencyProof(hashes.slice(0, newSize), oldSize)),
        );
      }),
      { numRuns: 200 },
    );
  });
});

// ------------------------------------------------------------------------------------------------------
// Incremental builders
// ------------------------------------------------------------------------------------------------------

describe('incremental builders', () => {
  it('MerkleTreeCache root equals rootFromLeafHashes after every append', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 16 }), { maxLength: 200 }), (data) => {
        const hashes = data.map(leafHash);
        const cache = new MerkleTreeCache();
        expect(hex(cache.root())).toBe(EMPTY_ROOT_HEX);
        hashes.forEach((h, i) => {
          expect(cache.append(h)).toBe(i);
          expect(cache.size).toBe(i + 1);
          expect(hex(cache.root())).toBe(hex(refMTH(data.slice(0, i + 1))));
        });
      }),
      { numRuns: 100 },
    );
  });

  it('MerkleTreeCache resumes from its persisted frontier', () => {
    fc.assert(
      fc.property(treeArb, fc.nat(), ({ seed, n }, p) => {
        const hashes = leafData(seed, n).map(leafHash);
        const cut = p % (n + 1);
        const first = new MerkleTreeCache();
        for (const h of hashes.slice(0, cut)) first.append(h);
        expect(first.frontier()).toHaveLength([...cut.toString(2)].filter((c) => c === '1').length);
        const resumed = MerkleTreeCache.fromFrontier(first.size, first.frontier());
        for (const h of hashes.slice(cut)) resumed.append(h);
        expect(resumed.size).toBe(n);
        expect(hex(resumed.root())).toBe(hex(rootFromLeafHashes(hashes)));
      }),
      { numRuns: 200 },
    );
  });

  it('MerkleTreeCache.fromFrontier rejects frontiers that cannot match the size', () => {
    const h = leafHash(Buffer.from('a'));
    expect(() => MerkleTreeCache.fromFrontier(3, [h])).toThrow(RangeError);
    expect(() => MerkleTreeCache.fromFrontier(1, [h, h])).toThrow(RangeError);
    expect(() => MerkleTreeCache.fromFrontier(-1, [])).toThrow(RangeError);
    expect(() => MerkleTreeCache.fromFrontier(1.5, [h])).toThrow(RangeError);
    expect(() => MerkleTreeCache.fromFrontier(1, [h.subarray(1)])).toThrow(TypeError);
    expect(MerkleTreeCache.fromFrontier(0, []).size).toBe(0);
  });

  it('builders reject anything but 32-byte leaf hashes', () => {
    expect(() => new MerkleTreeCache().append(new Uint8Array(31))).toThrow(TypeError);
    expect(() => new MerkleTreeIndex().append(new Uint8Array(33))).toThrow(TypeError);
    expect(() => rootFromLeafHashes([new Uint8Array(32), new Uint8Array(5)])).toThrow(TypeError);
    expect(() => nodeHash(new Uint8Array(32), new Uint8Array(0))).toThrow(TypeError);
  });

  it('MerkleTreeIndex rejects sizes and indices outside the tree', () => {
    const index = MerkleTreeIndex.fromLeafHashes(CT_LEAF_HASHES);
    expect(() => index.root(9)).toThrow(RangeError);
    expect(() => index.root(-1)).toThrow(RangeError);
    expect(() => index.inclusionProof(8)).toThrow(RangeError);
    expect(() => index.inclusionProof(0, 9)).toThrow(RangeError);
    expect(() => index.consistencyProof(5, 4)).toThrow(RangeError);
    expect(() => index.leafHash(8)).toThrow(RangeError);
    expect(() => index.leafHash(-1)).toThrow(RangeError);
  });
});
