/**
 * Canonical ZIP form of export packages: stored (uncompressed) entries, a fixed local timestamp,
 * no comments or extra fields. The verifier rebuilds the archive from its entries in the same
 * order and compares bytes, so a change to any byte — data, headers or directory — is detected.
 */
import { Zip, ZipPassThrough } from 'fflate';

/** 2000-01-01 00:00 in local time: DOS timestamps are local, so this encodes the same everywhere. */
const FIXED_MTIME = new Date(2000, 0, 1, 0, 0, 0);

export class CanonicalZip {
  readonly #zip: Zip;
  #error: Error | null = null;

  constructor(onChunk: (chunk: Uint8Array) => void) {
    this.#zip = new Zip((err, chunk) => {
      if (err) this.#error = err;
      else onChunk(chunk);
    });
  }

  /** Starts an entry; push its bytes (last call with final = true). */
  entry(path: string): (chunk: Uint8Array, final: boolean) => void {
    const file = new ZipPassThrough(path);
    file.mtime = FIXED_MTIME;
    this.#zip.add(file);
    return (chunk, final) => {
      file.push(chunk, final);
      if (this.#error) throw this.#error;
    };
  }

  end(): void {
    this.#zip.end();
    if (this.#error) throw this.#error;
  }
}

/** The canonical archive of `entries` (in order), in memory. */
export function canonicalZipBytes(entries: readonly [string, Uint8Array][]): Uint8Array {
  const parts: Uint8Array[] = [];
  const z = new CanonicalZip((c) => parts.push(c));
  for (const [path, data] of entries) z.entry(path)(data, true);
  z.end();
  return Buffer.concat(parts);
}
