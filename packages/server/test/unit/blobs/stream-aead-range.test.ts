/** Range decryption (resumable downloads): reads only the covering segments and equals the slice. */
import crypto from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HEADER_SIZE, StreamAeadError, TAG_SIZE } from '../../../src/platform/crypto/stream-aead.ts';
import { createRangeDecryptStream } from '../../../src/platform/crypto/stream-aead-range.ts';
import { BLOB_ID, collect, encrypt, keyFrom, memorySource, OTHER_BLOB_ID } from './aead-helpers.ts';

const RUNS = { numRuns: 200 };

const stored = fc
  .record({
    segmentSize: fc.integer({ min: 16, max: 40 }),
    size: fc.integer({ min: 0, max: 260 }),
    seed: fc.nat(),
  })
  .map(({ segmentSize, size, seed }) => ({
    segmentSize,
    plain: Buffer.from(Array.from({ length: size }, (_, i) => (i * 131 + seed) & 0xff)),
  }));

describe('range decryption', () => {
  it('equals plain.subarray(start, end) for every range, reading only covering segments', async () => {
    await fc.assert(
      fc.asyncProperty(
        stored,
        fc.nat(),
        fc.nat(),
        fc.boolean(),
        async ({ segmentSize, plain }, a, b, open) => {
          const key = keyFrom(20);
          const source = memorySource(await encrypt(plain, { key, segmentSize }));
          const start = a % (plain.length + 1);
          const end = open ? undefined : start + (b % (plain.length - start + 1));
          const r = await createRangeDecryptStream(
            key,
            source,
            BLOB_ID,
            end === undefined ? { start } : { start, end },
          );
          const got = await collect(r.stream);
          expect(got.equals(plain.subarray(start, end))).toBe(true);
          expect([r.start, r.end, r.size]).toEqual([start, end ?? plain.length, plain.length]);
          // The header, then exactly the segments that cover [start, end) (one, for an empty range).
          const whole = segmentSize + TAG_SIZE;
          const to = end ?? plain.length;
          const finalSegment = Math.max(1, Math.ceil(plain.length / segmentSize)) - 1;
          const first = Math.min(Math.floor(start / segmentSize), finalSegment);
          const last = to > start ? Math.floor((to - 1) / segmentSize) : first;
          expect(source.reads).toEqual([
            [0, HEADER_SIZE],
            [HEADER_SIZE + first * whole, Math.min(HEADER_SIZE + (last + 1) * whole, source.size)],
          ]);
        },
      ),
      RUNS,
    );
  });

  it('clamps an end past the blob and refuses a start past it', async () => {
    const key = keyFrom(21);
    const plain = crypto.randomBytes(100);
    const source = memorySource(await encrypt(plain, { key, segmentSize: 32 }));
    const r = await createRangeDecryptStream(key, source, BLOB_ID, { start: 90, end: 10_000 });
    expect((await collect(r.stream)).equals(plain.subarray(90))).toBe(true);
    await expect(createRangeDecryptStream(key, source, BLOB_ID, { start: 101 })).rejects.toMatchObject({
      code: 'bad-range',
    });
    await expect(createRangeDecryptStream(key, source, BLOB_ID, { start: -1 })).rejects.toBeInstanceOf(
      StreamAeadError,
    );
  });

  it('fails on a damaged segment inside the range, releasing nothing of it', async () => {
    await fc.assert(
      fc.asyncProperty(stored, fc.nat(), fc.nat(), async ({ segmentSize, plain }, a, f) => {
        fc.pre(plain.length > 0);
        const key = keyFrom(22);
        const bytes = await encrypt(plain, { key, segmentSize });
        const start = a % plain.length;
        const first = Math.floor(start / segmentSize);
        const damaged = first + (f % (Math.ceil(plain.length / segmentSize) - first));
        const bad = Buffer.from(bytes);
        const pos = HEADER_SIZE + damaged * (segmentSize + TAG_SIZE) + 3;
        bad[pos] = (bad[pos] as number) ^ 0x40;
        const r = await createRangeDecryptStream(key, memorySource(bad), BLOB_ID, { start });
        const out: Buffer[] = [];
        r.stream.on('data', (c: Buffer) => out.push(c));
        const error = await new Promise((resolve) =>
          r.stream.on('error', resolve).on('end', () => resolve(null)),
        );
        expect(error).toBeInstanceOf(StreamAeadError);
        expect(Buffer.concat(out).equals(plain.subarray(start, damaged * segmentSize))).toBe(true);
      }),
      RUNS,
    );
  });

  it('checks the final flag when the range reaches the end of a truncated blob', async () => {
    const key = keyFrom(23);
    const plain = crypto.randomBytes(32 * 4);
    const bytes = await encrypt(plain, { key, segmentSize: 32 });
    const cut = bytes.subarray(0, HEADER_SIZE + 3 * (32 + TAG_SIZE)); // last whole segment dropped
    const r = await createRangeDecryptStream(key, memorySource(cut), BLOB_ID, { start: 70 });
    await expect(collect(r.stream)).rejects.toMatchObject({ code: 'authentication-failed' });
  });

  it('refuses the blob under another id', async () => {
    const key = keyFrom(24);
    const source = memorySource(await encrypt(crypto.randomBytes(40), { key, segmentSize: 16 }));
    await expect(createRangeDecryptStream(key, source, OTHER_BLOB_ID, { start: 0 })).rejects.toMatchObject({
      code: 'blob-id-mismatch',
    });
  });
});
