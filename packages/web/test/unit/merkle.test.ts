import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { rootFromInclusionProof, verifyInclusion } from '../../src/features/audit/merkle.ts';

// A direct transcription of RFC 9162 §2.1.1 (MTH) and §2.1.3.1 (PATH), as the reference.
const sha = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
const leaf = (d: Buffer) => sha(Buffer.of(0), d);
const split = (n: number) => {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
};
function mth(leaves: Buffer[]): Buffer {
  if (leaves.length === 0) return sha();
  if (leaves.length === 1) return leaves[0]!;
  const k = split(leaves.length);
  return sha(Buffer.of(1), mth(leaves.slice(0, k)), mth(leaves.slice(k)));
}
function path(m: number, leaves: Buffer[]): Buffer[] {
  if (leaves.length <= 1) return [];
  const k = split(leaves.length);
  return m < k
    ? [...path(m, leaves.slice(0, k)), mth(leaves.slice(k))]
    : [...path(m - k, leaves.slice(k)), mth(leaves.slice(0, k))];
}

describe('RFC 9162 inclusion proofs, verified with WebCrypto', () => {
  it('accepts every leaf of trees of 1 to 33 leaves', async () => {
    for (let n = 1; n <= 33; n++) {
      const leaves = Array.from({ length: n }, (_, i) => leaf(Buffer.from(`event ${i}`)));
      const root = mth(leaves).toString('hex');
      for (let m = 0; m < n; m++) {
        const proof = path(m, leaves).map((h) => h.toString('hex'));
        expect(
          await verifyInclusion(leaves[m]!.toString('hex'), m, n, proof, root),
          `leaf ${m} of ${n}`,
        ).toBe(true);
      }
    }
  });

  it('rejects a wrong leaf, index, size, sibling or root, and malformed input', async () => {
    const leaves = Array.from({ length: 11 }, (_, i) => leaf(Buffer.from(`event ${i}`)));
    const root = mth(leaves).toString('hex');
    const proof = path(5, leaves).map((h) => h.toString('hex'));
    const leaf5 = leaves[5]!.toString('hex');
    expect(await verifyInclusion(leaf5, 5, 11, proof, root)).toBe(true);
    expect(await verifyInclusion(leaves[6]!.toString('hex'), 5, 11, proof, root)).toBe(false);
    expect(await verifyInclusion(leaf5, 4, 11, proof, root)).toBe(false);
    // (A size with the same shape around leaf 5, e.g. 12, verifies the same path: the root binds the
    // content and the page compares the proof's tree size with the signed checkpoint's.)
    expect(await verifyInclusion(leaf5, 5, 6, proof, root)).toBe(false);
    expect(await verifyInclusion(leaf5, 5, 11, [proof[1]!, proof[0]!, ...proof.slice(2)], root)).toBe(false);
    expect(await verifyInclusion(leaf5, 5, 11, proof, sha().toString('hex'))).toBe(false);
    expect(await verifyInclusion(leaf5, 5, 11, proof.slice(1), root)).toBe(false);
    expect(await rootFromInclusionProof('zz', 0, 1, [])).toBeNull();
    expect(await rootFromInclusionProof(leaf5, 11, 11, proof)).toBeNull();
    expect(await rootFromInclusionProof(leaf5, -1, 11, proof)).toBeNull();
  });
});
