import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

/**
 * SHA-256 of a file in the browser, for the hash the server checks an upload against.
 *
 * WebCrypto's digest is one-shot (the whole file in memory), so it is used up to
 * ONE_SHOT_LIMIT; larger files are read in slices of SLICE_BYTES and hashed incrementally with the
 * audited @noble/hashes (memory stays at one slice; roughly 100–300 MB/s depending on the machine,
 * so a 4 GB file takes up to a minute before its upload starts). The server accepts files up to
 * 64 GiB; hashing in the browser is practical up to a few GB.
 */
export const ONE_SHOT_LIMIT = 256 * 1024 * 1024;
export const SLICE_BYTES = 8 * 1024 * 1024;

const hex = (buf: ArrayBuffer) => bytesToHex(new Uint8Array(buf));

/** SHA-256 of UTF-8 text (custody records), with WebCrypto where available. */
export async function sha256Text(text: string): Promise<string> {
  const bytes = new TextEncoder().encode(text);
  if (globalThis.crypto?.subtle) return hex(await crypto.subtle.digest('SHA-256', bytes));
  return bytesToHex(sha256(bytes));
}

/** SHA-256 of a file, reporting the bytes read; stops when `signal` aborts. */
export async function sha256File(
  file: Blob,
  onProgress?: (done: number, total: number) => void,
  signal?: AbortSignal,
): Promise<string> {
  if (file.size <= ONE_SHOT_LIMIT && globalThis.crypto?.subtle) {
    const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
    onProgress?.(file.size, file.size);
    return hex(digest);
  }
  const hash = sha256.create();
  for (let offset = 0; offset < file.size; offset += SLICE_BYTES) {
    signal?.throwIfAborted();
    hash.update(new Uint8Array(await file.slice(offset, offset + SLICE_BYTES).arrayBuffer()));
    onProgress?.(Math.min(offset + SLICE_BYTES, file.size), file.size);
  }
  return bytesToHex(hash.digest());
}
