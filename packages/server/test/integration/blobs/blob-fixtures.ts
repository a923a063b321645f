import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';

/**
 * `size` pseudo-random bytes made on the fly (AES-128-CTR keystream of `seed`), never held in
 * memory at once; `sha256()` is the hash of what was produced, once the stream has been read.
 */
export function generatedStream(
  size: number,
  seed = 1,
  chunk = 1024 * 1024,
): Readable & { sha256(): string } {
  const key = crypto.createHash('sha256').update(`seed-${seed}`).digest().subarray(0, 16);
  const ctr = crypto.createCipheriv('aes-128-ctr', key, Buffer.alloc(16));
  const hash = crypto.createHash('sha256');
  const zeros = Buffer.alloc(chunk);
  let left = size;
  let digest: string | undefined;
  const stream = new Readable({
    read() {
      if (left === 0) {
        digest = hash.digest('hex');
        this.push(null);
        return;
      }
      const n = Math.min(chunk, left);
      const out = ctr.update(zeros.subarray(0, n));
      hash.update(out);
      left -= n;
      this.push(out);
    },
  });
  return Object.assign(stream, {
    sha256() {
      if (!digest) throw new Error('stream not fully read');
      return digest;
    },
  });
}

export const sha256Hex = (b: Uint8Array): string => crypto.createHash('sha256').update(b).digest('hex');

export async function hashStream(stream: AsyncIterable<unknown>): Promise<string> {
  const h = crypto.createHash('sha256');
  for await (const c of stream) h.update(c as Buffer);
  return h.digest('hex');
}

export async function collect(stream: AsyncIterable<unknown>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

/** Every regular file under `dir`, relative paths. */
export async function filesUnder(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

export const freshDir = (label: string): Promise<string> =>
  fs.mkdtemp(path.join(os.tmpdir(), `comity-${label}-`));

/** XORs one byte of a file in place. */
export async function flipByte(file: string, position: number, mask = 0x01): Promise<void> {
  const handle = await fs.open(file, 'r+');
  try {
    const b = Buffer.alloc(1);
    await handle.read(b, 0, 1, position);
    b[0] = (b[0] as number) ^ mask;
    await handle.write(b, 0, 1, position);
  } finally {
    await handle.close();
  }
}
