/**
 * STREAM segmented AES-256-GCM: round trips, and every kind of tampering is detected without a
 * byte of the damaged segment (or anything after it) being released.
 */
import crypto from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ciphertextSize,
  createDecryptStream,
  HEADER_SIZE,
  plaintextSize,
  StreamAeadError,
  TAG_SIZE,
} from '../../../src/platform/crypto/stream-aead.ts';
import {
  BLOB_ID,
  chunked,
  decrypt,
  encrypt,
  encryptWithFlags,
  join,
  keyFrom,
  OTHER_BLOB_ID,
  segmentsOf,
} from './aead-helpers.ts';

const RUNS = { numRuns: 150 };

/** A segment size, and a plaintext of 0 to 5 full segments plus a partial one (0 ≤ partial ≤ size). */
const blob = fc
  .record({
    segmentSize: fc.integer({ min: 16, max: 48 }),
    full: fc.integer({ min: 0, max: 5 }),
    partial: fc.nat(),
    seed: fc.nat(),
    cuts: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 6 }),
    outCuts: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 6 }),
  })
  .map(({ segmentSize, full, partial, seed, cuts, outCuts }) => {
    const n = full * segmentSize + (partial % (segmentSize + 1));
    const stream = crypto.createCipheriv('aes-128-ctr', keyFrom(seed).subarray(0, 16), Buffer.alloc(16));
    return { segmentSize, plain: stream.update(Buffer.alloc(n)), cuts, outCuts };
  });

/** Blobs with at least `n` segments. */
const blobWith = (n: number) =>
  blob.filter(({ plain, segmentSize }) => Math.max(1, Math.ceil(plain.length / segmentSize)) >= n);

const released = (out: Buffer[]): Buffer => Buffer.concat(out);

/** Exactly the plaintext of the segments before `index`, and then a StreamAeadError. */
function expectStoppedBefore(
  r: { out: Buffer[]; error?: unknown },
  plain: Buffer,
  segmentSize: number,
  index: number,
): void {
  expect(r.error).toBeInstanceOf(StreamAeadError);
  expect(released(r.out).equals(plain.subarray(0, index * segmentSize))).toBe(true);
}

describe('STREAM AES-256-GCM round trip', () => {
  it('decrypts what it encrypted, for any size and any chunking on either side', async () => {
    await fc.assert(
      fc.asyncProperty(blob, async ({ plain, segmentSize, cuts, outCuts }) => {
        const key = keyFrom(1);
        const stored = await encrypt(plain, { key, segmentSize, cuts });
        expect(stored.length).toBe(ciphertextSize(plain.length, segmentSize));
        expect(plaintextSize(stored.length, segmentSize)).toBe(plain.length);
        const r = await decrypt(stored, { key, cuts: outCuts });
        expect(r.error).toBeUndefined();
        expect(released(r.out).equals(plain)).toBe(true);
      }),
      RUNS,
    );
  });

  it('never repeats a header: two encryptions of the same plaintext differ', async () => {
    const key = keyFrom(2);
    const plain = Buffer.alloc(100, 7);
    const a = await encrypt(plain, { key, segmentSize: 32 });
    const b = await encrypt(plain, { key, segmentSize: 32 });
    expect(a.subarray(26, HEADER_SIZE).equals(b.subarray(26, HEADER_SIZE))).toBe(false);
    expect(a.subarray(HEADER_SIZE).equals(b.subarray(HEADER_SIZE))).toBe(false);
  });

  it('uses the default 1 MiB segment and stores it in the header', async () => {
    const key = keyFrom(3);
    const plain = crypto.randomBytes(2 * 1024 * 1024 + 5);
    const stored = await encrypt(plain, { key, segmentSize: 1024 * 1024 });
    expect(stored.readUInt32BE(6)).toBe(1024 * 1024);
    expect(stored.length).toBe(HEADER_SIZE + plain.length + 3 * TAG_SIZE);
    const r = await decrypt(stored, { key, cuts: [0.1, 0.5, 0.51] });
    expect(released(r.out).equals(plain)).toBe(true);
  });

  it('rejects stored sizes that no plaintext has', () => {
    expect(() => plaintextSize(HEADER_SIZE + 15, 32)).toThrow(StreamAeadError);
    expect(() => plaintextSize(HEADER_SIZE + 48 + 16, 32)).toThrow(StreamAeadError); // empty final after a full one
    expect(plaintextSize(HEADER_SIZE + 16, 32)).toBe(0);
    expect(plaintextSize(HEADER_SIZE + 48 + 17, 32)).toBe(33);
  });
});

describe('tamper detection (nothing of a bad segment is released)', () => {
  it('any single flipped bit, header or segment', async () => {
    await fc.assert(
      fc.asyncProperty(blob, fc.nat(), fc.integer({ min: 0, max: 7 }), async (b, at, bit) => {
        const key = keyFrom(4);
        const stored = await encrypt(b.plain, { key, segmentSize: b.segmentSize });
        const pos = at % stored.length;
        const bad = Buffer.from(stored);
        bad[pos] = (bad[pos] as number) ^ (1 << bit);
        const r = await decrypt(bad, { key, cuts: b.outCuts });
        const index = pos < HEADER_SIZE ? 0 : Math.floor((pos - HEADER_SIZE) / (b.segmentSize + TAG_SIZE));
        expectStoppedBefore(r, b.plain, b.segmentSize, index);
      }),
      RUNS,
    );
  });

  it('truncation anywhere, including exactly at a segment boundary', async () => {
    await fc.assert(
      fc.asyncProperty(blob, fc.nat(), async (b, at) => {
        const key = keyFrom(5);
        const stored = await encrypt(b.plain, { key, segmentSize: b.segmentSize });
        const cut = at % stored.length; // a strict prefix
        const r = await decrypt(stored.subarray(0, cut), { key, cuts: b.outCuts });
        // Segments still followed by bytes come out; the one the cut ends in fails as a final segment.
        const present = cut <= HEADER_SIZE ? 0 : Math.ceil((cut - HEADER_SIZE) / (b.segmentSize + TAG_SIZE));
        expectStoppedBefore(r, b.plain, b.segmentSize, Math.max(0, present - 1));
      }),
      RUNS,
    );
  });

  it('dropping final segments', async () => {
    await fc.assert(
      fc.asyncProperty(blobWith(2), fc.nat(), async (b, k) => {
        const key = keyFrom(6);
        const { header, segments } = segmentsOf(
          await encrypt(b.plain, { key, segmentSize: b.segmentSize }),
          b.segmentSize,
        );
        const keep = 1 + (k % (segments.length - 1));
        const r = await decrypt(join(header, segments.slice(0, keep)), { key, cuts: b.outCuts });
        // The new last segment was sealed as non-final: it fails, so only those before it come out.
        expectStoppedBefore(r, b.plain, b.segmentSize, keep - 1);
      }),
      RUNS,
    );
  });

  it('reordering two segments', async () => {
    await fc.assert(
      fc.asyncProperty(blobWith(2), fc.nat(), fc.nat(), async (b, x, y) => {
        const key = keyFrom(7);
        const { header, segments } = segmentsOf(
          await encrypt(b.plain, { key, segmentSize: b.segmentSize }),
          b.segmentSize,
        );
        const i = x % segments.length;
        const j = y % segments.length;
        fc.pre(i !== j);
        const swapped = [...segments];
        swapped[i] = segments[j] as Buffer;
        swapped[j] = segments[i] as Buffer;
        const r = await decrypt(join(header, swapped), { key, cuts: b.outCuts });
        expectStoppedBefore(r, b.plain, b.segmentSize, Math.min(i, j));
      }),
      RUNS,
    );
  });

  it('duplicating a segment, and deleting an inner one', async () => {
    await fc.assert(
      fc.asyncProperty(blobWith(2), fc.nat(), fc.boolean(), async (b, x, duplicate) => {
        const key = keyFrom(8);
        const { header, segments } = segmentsOf(
          await encrypt(b.plain, { key, segmentSize: b.segmentSize }),
          b.segmentSize,
        );
        const i = x % segments.length;
        const edited = [...segments];
        if (duplicate) edited.splice(i + 1, 0, segments[i] as Buffer);
        else if (i < segments.length - 1) edited.splice(i, 1);
        else edited.splice(0, 1);
        // A duplicated final segment makes the original one read as non-final: it fails itself.
        const last = segments.length - 1;
        const firstBad = duplicate ? (i === last ? i : i + 1) : i < last ? i : 0;
        const r = await decrypt(join(header, edited), { key, cuts: b.outCuts });
        expectStoppedBefore(r, b.plain, b.segmentSize, firstBad);
      }),
      RUNS,
    );
  });

  it('appending anything after the final segment', async () => {
    await fc.assert(
      fc.asyncProperty(blob, fc.uint8Array({ minLength: 1, maxLength: 80 }), async (b, extra) => {
        const key = keyFrom(9);
        const stored = await encrypt(b.plain, { key, segmentSize: b.segmentSize });
        const { segments } = segmentsOf(stored, b.segmentSize);
        const r = await decrypt(Buffer.concat([stored, extra]), { key, cuts: b.outCuts });
        expect(r.error).toBeInstanceOf(StreamAeadError);
        // The old final segment is now read as non-final (or as a final of the wrong length): it fails.
        expect(released(r.out).length).toBeLessThanOrEqual((segments.length - 1) * b.segmentSize);
      }),
      RUNS,
    );
  });

  it('last-segment flag: missing at the end, or set in the middle, even with valid tags', async () => {
    await fc.assert(
      fc.asyncProperty(blobWith(2), fc.nat(), async (b, x) => {
        const key = keyFrom(10);
        const count = Math.max(1, Math.ceil(b.plain.length / b.segmentSize));
        const noFinal = encryptWithFlags(b.plain, {
          key,
          segmentSize: b.segmentSize,
          finalFlags: () => false,
        });
        expectStoppedBefore(
          await decrypt(noFinal, { key, cuts: b.outCuts }),
          b.plain,
          b.segmentSize,
          count - 1,
        );
        const early = x % (count - 1);
        const midFinal = encryptWithFlags(b.plain, {
          key,
          segmentSize: b.segmentSize,
          finalFlags: (i, n) => i === early || i === n - 1,
        });
        expectStoppedBefore(await decrypt(midFinal, { key, cuts: b.outCuts }), b.plain, b.segmentSize, early);
        // Control: the same construction with honest flags decrypts.
        const honest = encryptWithFlags(b.plain, {
          key,
          segmentSize: b.segmentSize,
          finalFlags: (i, n) => i === n - 1,
        });
        const ok = await decrypt(honest, { key });
        expect(ok.error).toBeUndefined();
        expect(released(ok.out).equals(b.plain)).toBe(true);
      }),
      RUNS,
    );
  });

  it('a segment spliced in from another blob under the same data key', async () => {
    await fc.assert(
      fc.asyncProperty(blobWith(1), fc.nat(), async (b, x) => {
        const key = keyFrom(11);
        const a = segmentsOf(await encrypt(b.plain, { key, segmentSize: b.segmentSize }), b.segmentSize);
        const other = segmentsOf(await encrypt(b.plain, { key, segmentSize: b.segmentSize }), b.segmentSize);
        const i = x % a.segments.length;
        const spliced = [...a.segments];
        spliced[i] = other.segments[i] as Buffer;
        expectStoppedBefore(await decrypt(join(a.header, spliced), { key }), b.plain, b.segmentSize, i);
      }),
      RUNS,
    );
  });

  it('another blob id, another key, a forged header id', async () => {
    const key = keyFrom(12);
    const plain = crypto.randomBytes(200);
    const stored = await encrypt(plain, { key, segmentSize: 64 });
    for (const r of [
      await decrypt(stored, { key, blobId: OTHER_BLOB_ID }),
      await decrypt(stored, { key: keyFrom(13) }),
    ]) {
      expect(r.error).toBeInstanceOf(StreamAeadError);
      expect(r.out).toHaveLength(0);
    }
    // Rewriting the id in the header to match the reader: the header is every segment's AAD.
    const renamed = Buffer.from(stored);
    Buffer.from(OTHER_BLOB_ID.replaceAll('-', ''), 'hex').copy(renamed, 10);
    const r = await decrypt(renamed, { key, blobId: OTHER_BLOB_ID });
    expect((r.error as StreamAeadError).code).toBe('authentication-failed');
    expect(r.out).toHaveLength(0);
  });

  it('holds a segment back until its tag has arrived and verified', async () => {
    await fc.assert(
      fc.asyncProperty(blob, async (b) => {
        const key = keyFrom(14);
        const stored = await encrypt(b.plain, { key, segmentSize: b.segmentSize });
        const dec = createDecryptStream(key, { blobId: BLOB_ID });
        const out: Buffer[] = [];
        dec.on('data', (c: Buffer) => out.push(c));
        const ended = new Promise((resolve, reject) => dec.on('end', resolve).on('error', reject));
        const whole = b.segmentSize + TAG_SIZE;
        let written = 0;
        for (const c of chunked(stored, b.cuts)) {
          dec.write(c);
          written += c.length;
          await new Promise((r) => setImmediate(r));
          // A segment is released only when all of it, plus one byte proving it is not the last, is in.
          const provenNonFinal = Math.max(0, Math.floor((written - HEADER_SIZE - 1) / whole));
          expect(released(out).length).toBeLessThanOrEqual(provenNonFinal * b.segmentSize);
        }
        dec.end();
        await ended;
        expect(released(out).equals(b.plain)).toBe(true);
      }),
      RUNS,
    );
  });
});
