/**
 * MerkleTreeIndex: an in-memory node store that serves RFC 9162 tree heads (§2.1.1), inclusion proofs
 * (§2.1.3.1 PATH) and consistency proofs (§2.1.4.1 PROOF) for *any* past tree size in O(log² n)
 * hashing, instead of the O(n) of `inclusionProof` / `consistencyProof` over a whole leaf list.
 * Verification is in merkle.ts (`verifyInclusion`, `verifyConsistency`).
 */
import {
  buildConsistencyPath,
  buildInclusionPath,
  emptyRoot,
  HASH_SIZE,
  isHash,
  nodeHash,
  splitPoint,
} from './merkle.ts';

/**
 * It keeps every complete node of the tree: level h holds, contiguously, the roots of the perfect
 * subtrees of 2^h leaves that start at multiples of 2^h. Those nodes never change once written (the log
 * is append-only), so they serve every later tree size. Memory is about 64 bytes per leaf (32 for the
 * leaf hash and 32 for the interior nodes above it), in one growable byte array per level.
 * Outputs are identical to the pure functions in merkle.ts (the tests check this property).
 */
export class MerkleTreeIndex {
  #size = 0;
  /** levels[h] stores counts[h] = floor(size / 2^h) nodes of HASH_SIZE bytes each. */
  readonly #levels: Uint8Array[] = [];
  readonly #counts: number[] = [];

  /** Builds an index over the given leaf hashes, in order. */
  static fromLeafHashes(leafHashes: Iterable<Uint8Array>): MerkleTreeIndex {
    const index = new MerkleTreeIndex();
    for (const h of leafHashes) index.append(h);
    return index;
  }

  /** Number of leaves. */
  get size(): number {
    return this.#size;
  }

  /** Appends a 32-byte leaf hash; returns its leaf index. Amortised O(1) hashes (at most log n). */
  append(leafHash: Uint8Array): number {
    if (!isHash(leafHash)) throw new TypeError(`leafHash: expected a ${HASH_SIZE}-byte hash`);
    let level = 0;
    let node: Uint8Array = leafHash;
    for (;;) {
      const count = this.#push(level, node);
      // A node that completes a pair (odd position) lets its parent be computed.
      if (count % 2 === 1) break;
      node = nodeHash(this.#nodeView(level, count - 2), this.#nodeView(level, count - 1));
      level += 1;
    }
    this.#size += 1;
    return this.#size - 1;
  }

  /** The stored hash of leaf `index`. */
  leafHash(index: number): Buffer {
    if (!Number.isSafeInteger(index) || index < 0 || index >= this.#size) {
      throw new RangeError(`leafHash: leaf index ${index} is outside 0..${this.#size - 1}`);
    }
    return Buffer.from(this.#nodeView(0, index));
  }

  /** MTH of the first `size` leaves (RFC 9162 §2.1.1); defaults to the whole tree. */
  root(size: number = this.#size): Buffer {
    this.#checkSize(size, 'root');
    return this.#rangeRoot(0, size);
  }

  /** RFC 9162 §2.1.3.1 PATH of leaf `index` in the tree of the first `size` leaves. */
  inclusionProof(index: number, size: number = this.#size): Buffer[] {
    this.#checkSize(size, 'inclusionProof');
    return buildInclusionPath(index, size, (s, e) => this.#rangeRoot(s, e));
  }

  /** RFC 9162 §2.1.4.1 PROOF that the first `oldSize` leaves are a prefix of the first `newSize`. */
  consistencyProof(oldSize: number, newSize: number = this.#size): Buffer[] {
    this.#checkSize(newSize, 'consistencyProof');
    return buildConsistencyPath(oldSize, newSize, (s, e) => this.#rangeRoot(s, e));
  }

  /**
   * MTH(D[start:end]) by the RFC 9162 §2.1.1 recursion, reading a stored node whenever the range is a
   * complete aligned subtree. Every range a tree head or proof asks for is "aligned" in that sense (its
   * left part is always a stored node), so this costs O(log n) hashes and recursion depth ≤ 53.
   */
  #rangeRoot(start: number, end: number): Buffer {
    const n = end - start;
    if (n === 0) return emptyRoot();
    const level = perfectLevel(n);
    if (level >= 0 && start % n === 0) return Buffer.from(this.#nodeView(level, start / n));
    const k = splitPoint(n);
    return nodeHash(this.#rangeRoot(start, start + k), this.#rangeRoot(start + k, end));
  }

  #push(level: number, node: Uint8Array): number {
    if (level === this.#levels.length) {
      this.#levels.push(new Uint8Array(64 * HASH_SIZE));
      this.#counts.push(0);
    }
    let buf = this.#levels[level] as Uint8Array;
    const count = this.#counts[level] as number;
    if ((count + 1) * HASH_SIZE > buf.length) {
      const grown = new Uint8Array(buf.length * 2);
      grown.set(buf);
      buf = grown;
      this.#levels[level] = grown;
    }
    buf.set(node, count * HASH_SIZE);
    this.#counts[level] = count + 1;
    return count + 1;
  }

  /** A view (not a copy) of node `j` on `level`; callers copy before handing it out. */
  #nodeView(level: number, j: number): Uint8Array {
    return (this.#levels[level] as Uint8Array).subarray(j * HASH_SIZE, (j + 1) * HASH_SIZE);
  }

  #checkSize(size: number, what: string): void {
    if (!Number.isSafeInteger(size) || size < 0 || size > this.#size) {
      throw new RangeError(`${what}: tree size ${size} is outside 0..${this.#size}`);
    }
  }
}

/** log2(n) when n is a power of two, else -1. */
function perfectLevel(n: number): number {
  let level = 0;
  while (n > 1) {
    if (n % 2 === 1) return -1;
    n /= 2;
    level += 1;
  }
  return n === 1 ? level : -1;
}
