import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import {
  createDecryptStream,
  createEncryptStream,
  HEADER_SIZE,
  newHeader,
  segmentKey,
  segmentNonce,
  TAG_SIZE,
} from '../../../src/platform/crypto/stream-aead.ts';
import type { CiphertextSource } from '../../../src/platform/crypto/stream-aead-range.ts';

export const BLOB_ID = '01931c2e-7b4a-7c3d-8e5f-0a1b2c3d4e5f';
export const OTHER_BLOB_ID = '01931c2e-7b4a-7c3d-8e5f-0a1b2c3d4e60';

export const keyFrom = (seed: number): Buffer => crypto.createHash('sha256').update(`key-${seed}`).digest();

/** Cuts `data` at the given fractions (0..1) into chunks, to vary how bytes reach a stream. */
export function chunked(data: Buffer, cuts: readonly number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => Math.floor(c * data.length)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let prev = 0;
  for (const p of [...points, data.length]) {
    if (p > prev) out.push(data.subarray(prev, p));
    prev = Math.max(prev, p);
  }
  return out;
}

async function run(
  stream: NodeJS.ReadWriteStream,
  input: Buffer[],
): Promise<{ out: Buffer[]; error?: unknown }> {
  const out: Buffer[] = [];
  stream.on('data', (c: Buffer) => out.push(Buffer.from(c)));
  const done = new Promise<unknown>((resolve) => {
    stream.on('end', () => resolve(undefined));
    stream.on('error', (e) => resolve(e));
  });
  for (const c of input) stream.write(c);
  stream.end();
  const error = await done;
  return error === undefined ? { out } : { out, error };
}

export async function encrypt(
  plain: Buffer,
  options: { key: Buffer; blobId?: string; segmentSize: number; cuts?: readonly number[] },
): Promise<Buffer> {
  const enc = createEncryptStream(options.key, {
    blobId: options.blobId ?? BLOB_ID,
    segmentSize: options.segmentSize,
  });
  const r = await run(enc, chunked(plain, options.cuts ?? []));
  if (r.error) throw r.error;
  return Buffer.concat(r.out);
}

/** Decrypts, returning every chunk the stream released and the error it ended with, if any. */
export function decrypt(
  stored: Buffer,
  options: { key: Buffer; blobId?: string; cuts?: readonly number[] },
): Promise<{ out: Buffer[]; error?: unknown }> {
  const dec = createDecryptStream(options.key, { blobId: options.blobId ?? BLOB_ID });
  return run(dec, chunked(stored, options.cuts ?? []));
}

/** Splits a stored blob into its header and its segments (ciphertext ‖ tag each). */
export function segmentsOf(stored: Buffer, segmentSize: number): { header: Buffer; segments: Buffer[] } {
  const header = stored.subarray(0, HEADER_SIZE);
  const segments: Buffer[] = [];
  for (let o = HEADER_SIZE; o < stored.length; o += segmentSize + TAG_SIZE) {
    segments.push(stored.subarray(o, Math.min(o + segmentSize + TAG_SIZE, stored.length)));
  }
  return { header, segments };
}

export const join = (header: Buffer, segments: readonly Buffer[]): Buffer =>
  Buffer.concat([header, ...segments]);

/**
 * Encrypts with the real key schedule but chosen last-segment flags: what an attacker holding the
 * key material could not do, used to show the decryptor checks the flag itself.
 */
export function encryptWithFlags(
  plain: Buffer,
  options: { key: Buffer; segmentSize: number; finalFlags: (index: number, count: number) => boolean },
): Buffer {
  const header = newHeader(BLOB_ID, options.segmentSize);
  const k = segmentKey(options.key, header);
  const count = Math.max(1, Math.ceil(plain.length / options.segmentSize));
  const parts: Buffer[] = [header.bytes];
  for (let i = 0; i < count; i++) {
    const p = plain.subarray(i * options.segmentSize, (i + 1) * options.segmentSize);
    const c = crypto.createCipheriv('aes-256-gcm', k, segmentNonce(header, i, options.finalFlags(i, count)));
    c.setAAD(header.bytes);
    parts.push(c.update(p), c.final(), c.getAuthTag());
  }
  return Buffer.concat(parts);
}

/** An in-memory stored blob that records which byte ranges were read. */
export function memorySource(stored: Buffer): CiphertextSource & { reads: Array<[number, number]> } {
  const reads: Array<[number, number]> = [];
  return {
    size: stored.length,
    reads,
    async readBytes(start, end) {
      reads.push([start, end]);
      return Buffer.from(stored.subarray(start, end));
    },
    stream(start, end) {
      reads.push([start, end]);
      // Odd-sized chunks, so segment boundaries never line up with chunk boundaries.
      const slice = stored.subarray(start, end);
      const chunks: Buffer[] = [];
      for (let o = 0; o < slice.length; o += 37) chunks.push(slice.subarray(o, o + 37));
      return Readable.from(chunks);
    },
  };
}

export async function collect(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(c as Buffer);
  return Buffer.concat(parts);
}
