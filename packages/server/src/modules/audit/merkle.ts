/**
 * Pure RFC 9162 (Certificate Transparency v2) Merkle tree primitives for the verifiable audit log.
 *
 * Everything here follows RFC 9162 §2.1 ("Merkle Trees") with SHA-256:
 *   - leaf hash      MTH({d}) = SHA-256(0x00 || d)                         (§2.1.1)
 *   - interior node  SHA-256(0x01 || MTH(D[0:k]) || MTH(D[k:n]))           (§2.1.1)
 *   - empty tree     MTH({}) = SHA-256("")                                 (§2.1.1)
 *   - split point    k = the largest power of two smaller than n            (§2.1.1)
 *   - PATH / inclusion-proof verification                                  (§2.1.3.1, §2.1.3.2)
 *   - PROOF / SUBPROOF / consistency-proof verification                    (§2.1.4.1, §2.1.4.2)
 * These are byte-for-byte the RFC 6962 hashes, so the published CT test vectors apply.
 * merkle-proofs.ts adds MerkleTreeIndex, which serves the same proofs for any past size in O(log² n).
 *
 * Conventions: every hash is a 32-byte `Buffer` (inputs may be any `Uint8Array`); tree sizes and leaf
 * indices are non-negative safe integers (< 2^53) and all index arithmetic is done without 32-bit
 * bitwise operators so that sizes beyond 2^31 stay exact. Proof *generation* throws `RangeError` /
 * `TypeError` on misuse (that is a programming error); proof *verification* never throws and answers
 * `false` for anything malformed, because its inputs come from outside.
 */
import { createHash, hash as oneShotHash } from 'node:crypto';

/** Size in bytes of every hash in the tree (SHA-256). */
export const HASH_SIZE = 32;

/** Hex of MTH({}) = SHA-256(""), RFC 9162 §2.1.1. */
export const EMPTY_ROOT_HEX = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

const EMPTY_ROOT: Buffer = createHash('sha256').digest();
const LEAF_PREFIX = Buffer.of(0x00);
// One reusable 65-byte preimage 0x01 || left || right for interior nodes. Hashing is synchronous and
// JavaScript single-threaded, so sharing it is safe; it saves an allocation per node.
const NODE_PREIMAGE = Buffer.alloc(1 + 2 * HASH_SIZE);
NODE_PREIMAGE[0] = 0x01;

/** MTH of the empty tree (RFC 9162 §2.1.1): SHA-256 of the empty string. A fresh copy each call. */
export function emptyRoot(): Buffer {
  return Buffer.from(EMPTY_ROOT);
}

/** Leaf hash, RFC 9162 §2.1.1: MTH({d}) = SHA-256(0x00 || d). */
export function leafHash(data: Uint8Array): Buffer {
  return createHash('sha256').update(LEAF_PREFIX).update(data).digest();
}

/**
 * Interior node hash, RFC 9162 §2.1.1: SHA-256(0x01 || left || right).
 * Both children must be 32-byte hashes (anything else would make the encoding ambiguous).
 */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  assertHash(left, 'left');
  assertHash(right, 'right');
  return hashChildren(left, right);
}

/** nodeHash for inputs already known to be 32-byte hashes (the hot loops). */
function hashChildren(left: Uint8Array, right: Uint8Array): Buffer {
  NODE_PREIMAGE.set(left, 1);
  NODE_PREIMAGE.set(right, 1 + HASH_SIZE);
  // crypto.hash is node:crypto's one-shot SHA-256 (same primitive as createHash, ~35% faster for a
  // 65-byte input because it skips the Hash object), and interior nodes are the hot loop.
  return oneShotHash('sha256', NODE_PREIMAGE, 'buffer');
}

// ---------------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------------

/** True when `x` is a 32-byte hash. */
export function isHash(x: unknown): x is Uint8Array {
  return x instanceof Uint8Array && x.length === HASH_SIZE;
}

/** Lower-case hex of some bytes. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** Strict hex decoding (even length, only [0-9a-fA-F]); throws `TypeError` on anything else. */
export function fromHex(hex: string): Buffer {
  if (typeof hex !== 'string' || hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) {
    throw new TypeError('fromHex: expected an even-length hexadecimal string');
  }
  return Buffer.from(hex, 'hex');
}

/** A 32-byte hash from 64 hex characters, or `null` for any other input. Never throws. */
export function parseHash(hex: unknown): Buffer | null {
  return typeof hex === 'string' && /^[0-9a-fA-F]{64}$/.test(hex) ? Buffer.from(hex, 'hex') : null;
}

/** Constant-time equality of two byte strings (length is not secret). */
export function equalHashes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}

/** RFC 9162 §2.1.1 split point: the largest power of two strictly smaller than n (n ≥ 2). */
export function splitPoint(n: number): number {
  if (!Number.isSafeInteger(n) || n < 2) {
    throw new RangeError(`splitPoint: n must be an integer ≥ 2, got ${n}`);
  }
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function assertHash(x: unknown, what: string): asserts x is Uint8Array {
  if (!isHash(x)) throw new TypeError(`${what}: expected a ${HASH_SIZE}-byte hash`);
}

/** True for a valid tree size or leaf index: a non-negative safe integer. */
export function isTreeSize(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
}

const isOdd = (x: number): boolean => x % 2 === 1;
const half = (x: number): number => (x - (x % 2)) / 2; // exact floor(x / 2) for safe integers ≥ 0

function copyHash(h: Uint8Array): Buffer {
  return Buffer.from(h); // copies: callers never share memory with our results
}

// ---------------------------------------------------------------------------------------------------
// Tree heads (RFC 9162 §2.1.1)
// ---------------------------------------------------------------------------------------------------

/**
 * MTH(D[start:end]) from the leaf hashes, RFC 9162 §2.1.1, computed bottom-up in O(end - start) time
 * and O(log n) memory, with no recursion and no slicing.
 *
 * Why this equals the recursive definition: after absorbing c leaves the stack holds the roots of the
 * perfect subtrees given by the binary expansion of c, largest (leftmost) first; absorbing a leaf merges
 * one pair per trailing 1-bit of the old count. The RFC tree of n leaves is exactly "perfect subtree of
 * size k (= largest power of two < n) on the left, RFC tree of the rest on the right", i.e. the binary
 * expansion of n, so folding the stack right-to-left yields MTH(D[n]).
 */
export function subtreeRoot(leafHashes: readonly Uint8Array[], start: number, end: number): Buffer {
  if (!isTreeSize(start) || !isTreeSize(end) || start > end || end > leafHashes.length) {
    throw new RangeError(`subtreeRoot: invalid range [${start}, ${end}) of ${leafHashes.length} leaves`);
  }
  if (start === end) return emptyRoot();
  if (end - start === 1) {
    const only = leafHashes[start];
    assertHash(only, `leafHashes[${start}]`);
    return copyHash(only);
  }
  // Holds the input leaves themselves (never mutated) or fresh node hashes. With ≥ 2 leaves at least one
  // nodeHash runs, so the result is always a fresh Buffer.
  const stack: Uint8Array[] = [];
  for (let i = start; i < end; i++) {
    const leaf = leafHashes[i];
    assertHash(leaf, `leafHashes[${i}]`);
    let h: Uint8Array = leaf;
    for (let c = i - start; c % 2 === 1; c = (c - 1) / 2) h = hashChildren(stack.pop() as Uint8Array, h);
    stack.push(h);
  }
  let acc = stack.pop() as Uint8Array;
  while (stack.length > 0) acc = hashChildren(stack.pop() as Uint8Array, acc);
  return acc as Buffer;
}

/** MTH(D[n]) over all given leaf hashes (RFC 9162 §2.1.1). O(n), iterative; SHA-256("") when empty. */
export function rootFromLeafHashes(leafHashes: readonly Uint8Array[]): Buffer {
  return subtreeRoot(leafHashes, 0, leafHashes.length);
}

/**
 * Incremental tree head: keeps only the "right frontier" (compact range), i.e. the roots of the perfect
 * subtrees in the binary decomposition of `size`, largest first. `append` is O(log n) amortised O(1)
 * hashes; `root` is O(log n). Its root equals `rootFromLeafHashes` of the same leaves for every size.
 */
export class MerkleTreeCache {
  #size = 0;
  readonly #frontier: Buffer[] = [];

  /** Number of leaves appended so far. */
  get size(): number {
    return this.#size;
  }

  /** Appends one leaf hash (32 bytes) and returns its leaf index. */
  append(leafHash: Uint8Array): number {
    assertHash(leafHash, 'leafHash');
    let h: Buffer = copyHash(leafHash);
    // One merge per trailing 1-bit of the old size (see subtreeRoot).
    for (let c = this.#size; isOdd(c); c = half(c)) h = nodeHash(this.#frontier.pop() as Buffer, h);
    this.#frontier.push(h);
    this.#size += 1;
    return this.#size - 1;
  }

  /** MTH of everything appended so far (SHA-256("") when empty). */
  root(): Buffer {
    const f = this.#frontier;
    if (f.length === 0) return emptyRoot();
    let acc = f[f.length - 1] as Buffer;
    for (let i = f.length - 2; i >= 0; i--) acc = nodeHash(f[i] as Buffer, acc);
    return acc === f[f.length - 1] ? copyHash(acc) : acc;
  }

  /** Copies of the frontier hashes (largest subtree first): enough, with `size`, to resume later. */
  frontier(): Buffer[] {
    return this.#frontier.map(copyHash);
  }

  /** Resumes from a persisted `size` and `frontier()`. Throws if they cannot belong together. */
  static fromFrontier(size: number, frontier: readonly Uint8Array[]): MerkleTreeCache {
    if (!isTreeSize(size)) throw new RangeError(`fromFrontier: invalid size ${size}`);
    let bits = 0;
    for (let c = size; c > 0; c = half(c)) bits += c % 2;
    if (frontier.length !== bits) {
      throw new RangeError(
        `fromFrontier: size ${size} needs ${bits} frontier hashes, got ${frontier.length}`,
      );
    }
    const cache = new MerkleTreeCache();
    for (const [i, h] of frontier.entries()) {
      assertHash(h, `frontier[${i}]`);
      cache.#frontier.push(copyHash(h));
    }
    cache.#size = size;
    return cache;
  }
}

// ---------------------------------------------------------------------------------------------------
// Proof generation (RFC 9162 §2.1.3.1 and §2.1.4.1)
// ---------------------------------------------------------------------------------------------------

/** MTH(D[start:end]) for a range of the tree; lets a proof builder run over any node store. */
export type RangeRoot = (start: number, end: number) => Buffer;

/**
 * RFC 9162 §2.1.3.1 PATH(m, D[n]), unrolled: walking from the root down,
 *   m < k:  PATH(m, D[0:k]) : MTH(D[k:n])
 *   m ≥ k:  PATH(m - k, D[k:n]) : MTH(D[0:k])
 * The siblings are met outermost first, so the collected list is reversed (leaf-side first).
 */
export function buildInclusionPath(index: number, size: number, rangeRoot: RangeRoot): Buffer[] {
  if (!isTreeSize(size) || !isTreeSize(index) || index >= size) {
    throw new RangeError(`inclusionProof: leaf index ${index} is not in a tree of size ${size}`);
  }
  const outerFirst: Buffer[] = [];
  let start = 0;
  let n = size;
  let m = index;
  while (n > 1) {
    const k = splitPoint(n);
    if (m < k) {
      outerFirst.push(rangeRoot(start + k, start + n));
      n = k;
    } else {
      outerFirst.push(rangeRoot(start, start + k));
      start += k;
      m -= k;
      n -= k;
    }
  }
  return outerFirst.reverse();
}

/**
 * RFC 9162 §2.1.4.1 PROOF(m, D[n]) = SUBPROOF(m, D[n], true), unrolled:
 *   SUBPROOF(m, D[m], true)  = {}
 *   SUBPROOF(m, D[m], false) = {MTH(D[m])}
 *   m ≤ k:  SUBPROOF(m, D[0:k], b) : MTH(D[k:n])
 *   m > k:  SUBPROOF(m - k, D[k:n], false) : MTH(D[0:k])
 * The RFC defines it for 0 < m < n; here m = n and m = 0 give the empty proof (nothing to prove).
 */
export function buildConsistencyPath(oldSize: number, newSize: number, rangeRoot: RangeRoot): Buffer[] {
  if (!isTreeSize(oldSize) || !isTreeSize(newSize) || oldSize > newSize) {
    throw new RangeError(`consistencyProof: cannot prove size ${oldSize} is a prefix of size ${newSize}`);
  }
  if (oldSize === 0 || oldSize === newSize) return [];
  const outerFirst: Buffer[] = [];
  let start = 0;
  let n = newSize;
  let m = oldSize;
  let b = true;
  while (m < n) {
    const k = splitPoint(n);
    if (m <= k) {
      outerFirst.push(rangeRoot(start + k, start + n));
      n = k;
    } else {
      outerFirst.push(rangeRoot(start, start + k));
      start += k;
      m -= k;
      n -= k;
      b = false;
    }
  }
  if (!b) outerFirst.push(rangeRoot(start, start + m));
  return outerFirst.reverse();
}

/** Inclusion proof (RFC 9162 §2.1.3.1 PATH) of leaf `index` in the tree of all `leafHashes`. O(n). */
export function inclusionProof(leafHashes: readonly Uint8Array[], index: number): Buffer[] {
  return buildInclusionPath(index, leafHashes.length, (s, e) => subtreeRoot(leafHashes, s, e));
}

/** Consistency proof (RFC 9162 §2.1.4.1 PROOF) from the first `oldSize` leaves to all `leafHashes`. O(n). */
export function consistencyProof(leafHashes: readonly Uint8Array[], oldSize: number): Buffer[] {
  return buildConsistencyPath(oldSize, leafHashes.length, (s, e) => subtreeRoot(leafHashes, s, e));
}

// ---------------------------------------------------------------------------------------------------
// Proof verification (RFC 9162 §2.1.3.2 and §2.1.4.2). Never throws.
// ---------------------------------------------------------------------------------------------------

function isHashList(x: unknown): x is readonly Uint8Array[] {
  return Array.isArray(x) && x.every(isHash);
}

/**
 * The root an inclusion proof implies, RFC 9162 §2.1.3.2 steps 1–5 without the final comparison;
 * `null` when the proof is malformed for (index, treeSize). Never throws.
 */
export function rootFromInclusionProof(
  leafHash: Uint8Array,
  index: number,
  treeSize: number,
  proof: readonly Uint8Array[],
): Buffer | null {
  try {
    return inclusionRoot(leafHash, index, treeSize, proof);
  } catch {
    return null; // fail closed: e.g. an array whose elements are getters that throw
  }
}

function inclusionRoot(leafHash: unknown, index: unknown, treeSize: unknown, proof: unknown): Buffer | null {
  if (!isHash(leafHash) || !isTreeSize(index) || !isTreeSize(treeSize) || !isHashList(proof)) return null;
  // 1. If leaf_index ≥ tree_size, fail.
  if (index >= treeSize) return null;
  // 2. fn = leaf_index, sn = tree_size - 1.
  let fn = index;
  let sn = treeSize - 1;
  // 3. r = hash.
  let r: Buffer = copyHash(leafHash);
  // 4. For each p in inclusion_path:
  for (const p of proof) {
    //   a. If sn is 0, stop and fail.
    if (sn === 0) return null;
    //   b. If LSB(fn) is set, or fn = sn: r = HASH(0x01 || p || r); then, if LSB(fn) is not set,
    //      right-shift fn and sn equally until LSB(fn) is set or fn is 0.
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      //   Otherwise: r = HASH(0x01 || r || p).
      r = nodeHash(r, p);
    }
    //   c. Finally right-shift fn and sn once.
    fn = half(fn);
    sn = half(sn);
  }
  // 5. sn must be 0 (the caller compares r with root_hash).
  return sn === 0 ? r : null;
}

/**
 * RFC 9162 §2.1.3.2: does `proof` show `leafHash` at `index` in the tree of `treeSize` with `root`?
 * Take `treeSize` and `root` from the same signed tree head: the proof alone does not pin the size (e.g.
 * leaf 0's proof in a tree of 3 also passes §2.1.3.2 for size 4, since the hashing path is the same).
 */
export function verifyInclusion(
  leafHash: Uint8Array,
  index: number,
  treeSize: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  try {
    const r = inclusionRoot(leafHash, index, treeSize, proof);
    return r !== null && isHash(root) && equalHashes(r, root);
  } catch {
    return false; // fail closed
  }
}

/**
 * RFC 9162 §2.1.4.2: does `proof` show that the tree of `oldSize` with `oldRoot` is a prefix of the tree
 * of `newSize` with `newRoot`? The RFC algorithm covers 0 < oldSize < newSize; outside it:
 *   - oldSize = newSize: consistent iff the proof is empty and the roots are equal;
 *   - oldSize = 0: the empty tree is a prefix of every tree, so the proof must be empty and oldRoot
 *     must be SHA-256("") (stricter than ignoring it);
 *   - oldSize > newSize: never.
 * Never throws.
 */
export function verifyConsistency(
  oldSize: number,
  newSize: number,
  oldRoot: Uint8Array,
  newRoot: Uint8Array,
  proof: readonly Uint8Array[],
): boolean {
  try {
    return consistencyHolds(oldSize, newSize, oldRoot, newRoot, proof);
  } catch {
    return false; // fail closed
  }
}

function consistencyHolds(
  oldSize: unknown,
  newSize: unknown,
  oldRoot: unknown,
  newRoot: unknown,
  proof: unknown,
): boolean {
  if (
    !isTreeSize(oldSize) ||
    !isTreeSize(newSize) ||
    !isHash(oldRoot) ||
    !isHash(newRoot) ||
    !isHashList(proof)
  ) {
    return false;
  }
  if (oldSize > newSize) return false;
  if (oldSize === 0) {
    return (
      proof.length === 0 &&
      equalHashes(oldRoot, EMPTY_ROOT) &&
      (newSize > 0 || equalHashes(newRoot, EMPTY_ROOT))
    );
  }
  if (oldSize === newSize) return proof.length === 0 && equalHashes(oldRoot, newRoot);

  // 1. If consistency_path is empty, fail.
  if (proof.length === 0) return false;
  // 2. If first is an exact power of 2, prepend first_hash to consistency_path.
  const path: readonly Uint8Array[] = isPowerOfTwo(oldSize) ? [oldRoot, ...proof] : proof;
  // 3. fn = first - 1, sn = second - 1.
  let fn = oldSize - 1;
  let sn = newSize - 1;
  // 4. If LSB(fn) is set, right-shift fn and sn equally until LSB(fn) is not set.
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  // 5. fr = sr = consistency_path[0].
  let fr: Buffer = copyHash(path[0] as Uint8Array);
  let sr: Buffer = fr;
  // 6. For each subsequent value c:
  for (let i = 1; i < path.length; i++) {
    const c = path[i] as Uint8Array;
    //   a. If sn is 0, stop and fail.
    if (sn === 0) return false;
    //   b. If LSB(fn) is set or fn = sn: fr = HASH(0x01 || c || fr), sr = HASH(0x01 || c || sr); then, if
    //      LSB(fn) is not set, right-shift fn and sn equally until LSB(fn) is set or fn is 0.
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      //   Otherwise: sr = HASH(0x01 || sr || c).
      sr = nodeHash(sr, c);
    }
    //   c. Finally right-shift fn and sn once.
    fn = half(fn);
    sn = half(sn);
  }
  // 7. fr must equal first_hash, sr must equal second_hash, and sn must be 0.
  return sn === 0 && equalHashes(fr, oldRoot) && equalHashes(sr, newRoot);
}

function isPowerOfTwo(n: number): boolean {
  if (n < 1) return false;
  while (n % 2 === 0) n /= 2;
  return n === 1;
}
