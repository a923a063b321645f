/**
 * RFC 9162 §2.1.3.2 inclusion-proof verification in the browser (WebCrypto SHA-256), so an auditor
 * can check an event's proof against the signed checkpoint without trusting this page's server.
 *   leaf hash     = SHA-256(0x00 || entry)          (computed by the server; given as `leafHash`)
 *   interior node = SHA-256(0x01 || left || right)
 */

const fromHex = (hex: string): Uint8Array | null => {
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) return null;
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
};

export const toHex = (bytes: Uint8Array): string =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

async function nodeHash(left: Uint8Array, right: Uint8Array): Promise<Uint8Array> {
  const buf = new Uint8Array(65);
  buf[0] = 0x01;
  buf.set(left, 1);
  buf.set(right, 33);
  return new Uint8Array(await crypto.subtle.digest('SHA-256', buf));
}

/** The root implied by an inclusion proof, as hex; null when the proof is malformed for (index, size). */
export async function rootFromInclusionProof(
  leafHashHex: string,
  index: number,
  treeSize: number,
  pathHex: readonly string[],
): Promise<string | null> {
  const leaf = fromHex(leafHashHex);
  const path = pathHex.map(fromHex);
  if (!leaf || path.some((p) => p === null)) return null;
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(treeSize) || index < 0 || index >= treeSize)
    return null;
  let fn = index;
  let sn = treeSize - 1;
  let r = leaf;
  for (const p of path as Uint8Array[]) {
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      r = await nodeHash(p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      r = await nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? toHex(r) : null;
}

export async function verifyInclusion(
  leafHashHex: string,
  index: number,
  treeSize: number,
  pathHex: readonly string[],
  rootHex: string,
): Promise<boolean> {
  const root = await rootFromInclusionProof(leafHashHex, index, treeSize, pathHex);
  return root !== null && root === rootHex.toLowerCase();
}
