/**
 * The blob store on a real disk: single-pass ingest with hash and size checks, nothing visible
 * unless everything passed, verified reads and ranges, integrity re-check, key rotation.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BlobError, BlobStore } from '../../../src/platform/blobs/blob-store.ts';
import { generateMasterKey, Keyring, rewrapDataKey } from '../../../src/platform/crypto/master-key.ts';
import {
  ciphertextSize,
  DEFAULT_SEGMENT_SIZE,
  HEADER_SIZE,
  TAG_SIZE,
} from '../../../src/platform/crypto/stream-aead.ts';
import {
  collect,
  filesUnder,
  flipByte,
  freshDir,
  generatedStream,
  hashStream,
  sha256Hex,
} from './blob-fixtures.ts';

const MiB = 1024 * 1024;
const master = generateMasterKey();
const stores: BlobStore[] = [];
const dirs: string[] = [];

async function openStore(
  options: { dataDir?: string; keyring?: Keyring; parallelHash?: boolean; directIo?: boolean } = {},
) {
  const dataDir = options.dataDir ?? (await freshDir('blobs'));
  if (!options.dataDir) dirs.push(dataDir);
  const store = await BlobStore.open({
    dataDir,
    keyring: options.keyring ?? new Keyring(master),
    parallelHash: options.parallelHash,
    directIo: options.directIo,
  });
  stores.push(store);
  return { store, dataDir, blobsDir: path.join(dataDir, 'blobs') };
}

const blobFile = (blobsDir: string, blobId: string) => path.join(blobsDir, blobId.slice(-2), blobId);

const expectBlobError = async (p: Promise<unknown>, code: BlobError['code']) => {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(BlobError);
  expect((err as BlobError).code).toBe(code);
};

afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

afterAll(async () => {
  for (const d of dirs.splice(0)) await fs.rm(d, { recursive: true, force: true });
});

describe('a 300 MB evidence file', () => {
  it('is hashed while streamed once, stored encrypted, and decrypts back to the same SHA-256', async () => {
    const { store, blobsDir } = await openStore();
    const size = 300 * 1000 * 1000;
    const source = generatedStream(size, 42);
    const blob = await store.ingest(source, { maxBytes: size });
    expect(blob.sha256).toBe(source.sha256());
    expect(blob.size).toBe(size);
    expect(blob.storedSize).toBe(ciphertextSize(size, DEFAULT_SEGMENT_SIZE));
    expect(blob.keyId).toBe(master.id);
    expect(blob.contentType).toBe('application/octet-stream');
    const stat = await fs.stat(blobFile(blobsDir, blob.blobId));
    expect(stat.size).toBe(blob.storedSize);
    expect(stat.mode & 0o777).toBe(0o600);
    expect(await hashStream(await store.open(blob.blobId, blob.wrappedKey))).toBe(source.sha256());
    expect(await store.rehash(blob.blobId, blob.wrappedKey)).toBe(source.sha256());
    expect(await filesUnder(path.join(blobsDir, 'tmp'))).toEqual([]);
  }, 300_000);
});

describe.each([
  ['hash on a worker thread', true],
  ['hash inline', false],
])('blob store (%s)', (_mode, parallelHash) => {
  let ctx: Awaited<ReturnType<typeof openStore>>;
  beforeEach(async () => {
    ctx = await openStore({ parallelHash });
  });

  it('stores a blob under a fresh UUIDv7 name with content type from its bytes', async () => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(3 * MiB + 17, 0x20)]);
    const blob = await ctx.store.ingest(Readable.from([pdf]), {
      maxBytes: 10 * MiB,
      expectedSha256: sha256Hex(pdf),
    });
    expect(blob.blobId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(blob.contentType).toBe('application/pdf');
    expect(await filesUnder(ctx.blobsDir)).toEqual([path.join(blob.blobId.slice(-2), blob.blobId)]);
    // At rest the plaintext never appears.
    const stored = await fs.readFile(blobFile(ctx.blobsDir, blob.blobId));
    expect(stored.includes(Buffer.from('%PDF'))).toBe(false);
    expect((await collect(await ctx.store.open(blob.blobId, blob.wrappedKey))).equals(pdf)).toBe(true);
  });

  it('writes past the page cache on a disk file system that allows it', async () => {
    const type = execFileSync('stat', ['-f', '-c', '%T', ctx.dataDir], { encoding: 'utf8' }).trim();
    // `stat -f` names ext2, ext3 and ext4 alike.
    if (['ext2/ext3', 'xfs', 'btrfs'].includes(type)) expect(ctx.store.directIo).toBe(true);
  });

  it('writes the same stored form through the page cache when direct I/O is off', async () => {
    const plain = await openStore({ directIo: false });
    expect(plain.store.directIo).toBe(false);
    const source = generatedStream(3 * MiB + 5, 11, 100_000);
    const blob = await plain.store.ingest(source, { maxBytes: 4 * MiB });
    expect(blob.sha256).toBe(source.sha256());
    expect(blob.storedSize).toBe(ciphertextSize(3 * MiB + 5, DEFAULT_SEGMENT_SIZE));
    expect(await plain.store.rehash(blob.blobId, blob.wrappedKey)).toBe(blob.sha256);
  });

  it('accepts the expected hash in upper case, and several ingests at once', async () => {
    const sizes = [1, 5 * MiB + 3, 2 * MiB, 777_777];
    const sources = sizes.map((n, i) => generatedStream(n, i + 100, 65_536));
    const blobs = await Promise.all(
      sources.map((s, i) => ctx.store.ingest(s, { maxBytes: sizes[i] as number })),
    );
    for (const [i, b] of blobs.entries()) {
      expect(b.sha256).toBe(sources[i]?.sha256());
      expect(await ctx.store.rehash(b.blobId, b.wrappedKey)).toBe(b.sha256);
    }
    const again = generatedStream(1000, 7);
    const expected = await hashStream(generatedStream(1000, 7));
    const b = await ctx.store.ingest(again, { maxBytes: 1000, expectedSha256: expected.toUpperCase() });
    expect(b.sha256).toBe(expected);
  });

  it('a hash mismatch is rejected and leaves no file anywhere under blobs/ (tmp included)', async () => {
    const source = generatedStream(4 * MiB + 5, 3);
    await expectBlobError(
      ctx.store.ingest(source, { maxBytes: 8 * MiB, expectedSha256: 'ab'.repeat(32) }),
      'hash-mismatch',
    );
    expect(await filesUnder(ctx.blobsDir)).toEqual([]);
  });

  it('too large fails as soon as the limit is passed; empty fails; neither leaves a file', async () => {
    let produced = 0;
    const endless = new Readable({
      read() {
        produced += MiB;
        this.push(Buffer.alloc(MiB, 1));
      },
    });
    await expectBlobError(ctx.store.ingest(endless, { maxBytes: 3 * MiB }), 'too-large');
    expect(produced).toBeLessThan(12 * MiB);
    await expectBlobError(ctx.store.ingest(Readable.from([]), { maxBytes: MiB }), 'empty');
    expect(await filesUnder(ctx.blobsDir)).toEqual([]);
  });

  it('an aborted or failing upload leaves no file', async () => {
    const controller = new AbortController();
    const slow = new Readable({
      read() {
        setTimeout(() => this.push(Buffer.alloc(64 * 1024, 2)), 5);
      },
    });
    setTimeout(() => controller.abort(), 50);
    await expect(
      ctx.store.ingest(slow, { maxBytes: 100 * MiB, signal: controller.signal }),
    ).rejects.toThrow();
    const broken = new Readable({
      read() {
        this.destroy(new Error('client went away'));
      },
    });
    await expect(ctx.store.ingest(broken, { maxBytes: MiB })).rejects.toThrow('client went away');
    expect(await filesUnder(ctx.blobsDir)).toEqual([]);
  });

  it('flipping one stored byte makes rehash and open fail', async () => {
    const plain = await collect(generatedStream(3 * MiB + 1234, 9));
    for (const position of [5, HEADER_SIZE + 10, HEADER_SIZE + MiB + TAG_SIZE + 99, -1]) {
      const blob = await ctx.store.ingest(Readable.from([plain]), { maxBytes: 4 * MiB });
      const file = blobFile(ctx.blobsDir, blob.blobId);
      await flipByte(file, position >= 0 ? position : blob.storedSize - 1, 0x80);
      await expectBlobError(ctx.store.rehash(blob.blobId, blob.wrappedKey), 'integrity');
      const opened = ctx.store.open(blob.blobId, blob.wrappedKey).then(collect);
      await expect(opened).rejects.toThrow(/authentication|header|blob/i);
      // Only authentic segments before the damage were ever released.
      const released: Buffer[] = [];
      await new Promise<void>((resolve) => {
        ctx.store.open(blob.blobId, blob.wrappedKey).then(
          (s) =>
            s
              .on('data', (c: Buffer) => released.push(c))
              .on('error', () => resolve())
              .on('end', resolve),
          () => resolve(),
        );
      });
      const got = Buffer.concat(released);
      expect(got.equals(plain.subarray(0, got.length))).toBe(true);
    }
  });

  it('serves byte ranges by reading only their segments', async () => {
    const plain = await collect(generatedStream(5 * MiB + 321, 11));
    const blob = await ctx.store.ingest(Readable.from([plain]), { maxBytes: 6 * MiB });
    for (const [start, end] of [
      [0, 1],
      [MiB - 1, MiB + 1],
      [2 * MiB + 5, undefined],
      [plain.length - 10, plain.length + 100],
      [plain.length, undefined],
    ] as Array<[number, number | undefined]>) {
      const r = await ctx.store.openRange(
        blob.blobId,
        blob.wrappedKey,
        end === undefined ? { start } : { start, end },
      );
      expect((await collect(r.stream)).equals(plain.subarray(start, end))).toBe(true);
      expect(r.size).toBe(plain.length);
    }
    await expectBlobError(
      ctx.store.openRange(blob.blobId, blob.wrappedKey, { start: plain.length + 1 }),
      'range-not-satisfiable',
    );
    // Damage in a segment outside the range does not affect it; inside it, it does.
    await flipByte(blobFile(ctx.blobsDir, blob.blobId), HEADER_SIZE + 4 * (MiB + TAG_SIZE) + 1);
    const before = await ctx.store.open(blob.blobId, blob.wrappedKey, { start: 0, end: 4 * MiB });
    expect((await collect(before)).equals(plain.subarray(0, 4 * MiB))).toBe(true);
    await expect(
      ctx.store.open(blob.blobId, blob.wrappedKey, { start: 4 * MiB }).then(collect),
    ).rejects.toThrow();
  });

  it('removes blobs, refuses path-like ids, and sweeps leftovers of a crash', async () => {
    const blob = await ctx.store.ingest(Readable.from([Buffer.from('hello')]), { maxBytes: 10 });
    expect(blob.contentType).toBe('text/plain; charset=utf-8');
    await ctx.store.remove(blob.blobId);
    expect(await ctx.store.exists(blob.blobId)).toBe(false);
    await expectBlobError(ctx.store.open(blob.blobId, blob.wrappedKey), 'not-found');
    await expectBlobError(ctx.store.open('../../etc/passwd', blob.wrappedKey), 'not-found');
    await expectBlobError(ctx.store.open(`${blob.blobId}/../x`, blob.wrappedKey), 'not-found');
    await fs.writeFile(path.join(ctx.blobsDir, 'tmp', 'crashed.part'), 'half an upload');
    await openStore({ dataDir: ctx.dataDir, parallelHash });
    expect(await filesUnder(ctx.blobsDir)).toEqual([]);
  });

  it('can put several files under one data key (one key per evidence item)', async () => {
    const first = await ctx.store.ingest(Readable.from([Buffer.from('exhibit A')]), { maxBytes: 100 });
    const second = await ctx.store.ingest(Readable.from([Buffer.from('exhibit B')]), {
      maxBytes: 100,
      wrappedKey: first.wrappedKey,
    });
    expect(second.wrappedKey).toBe(first.wrappedKey);
    expect((await collect(await ctx.store.open(second.blobId, first.wrappedKey))).toString()).toBe(
      'exhibit B',
    );
  });
});

describe('master key rotation', () => {
  it('re-wraps data keys only: the stored bytes are untouched and stay readable under the new key', async () => {
    const oldMaster = generateMasterKey();
    const newMaster = generateMasterKey();
    const { store, dataDir, blobsDir } = await openStore({ keyring: new Keyring(oldMaster) });
    const source = generatedStream(2 * MiB + 99, 5);
    const blob = await store.ingest(source, { maxBytes: 3 * MiB });
    const file = blobFile(blobsDir, blob.blobId);
    const storedBefore = sha256Hex(await fs.readFile(file));
    const { mtimeMs } = await fs.stat(file);

    const rewrapped = rewrapDataKey(blob.wrappedKey, oldMaster, newMaster);
    const rotated = await openStore({ dataDir, keyring: new Keyring(newMaster) });
    expect(await rotated.store.rehash(blob.blobId, rewrapped)).toBe(source.sha256());
    expect(sha256Hex(await fs.readFile(file))).toBe(storedBefore);
    expect((await fs.stat(file)).mtimeMs).toBe(mtimeMs);
    // The old envelope no longer opens once the old key is gone; during a rotation both work.
    await expectBlobError(rotated.store.open(blob.blobId, blob.wrappedKey), 'key');
    const during = await openStore({ dataDir, keyring: new Keyring(newMaster, [oldMaster]) });
    expect(await during.store.rehash(blob.blobId, blob.wrappedKey)).toBe(source.sha256());
  });
});

/** A real ENOSPC: a 2 MiB tmpfs as the data directory (needs mount privileges; skipped otherwise). */
describe('a full disk', () => {
  let mountPoint: string | undefined;
  beforeEach(async () => {
    const dir = await freshDir('full');
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', dir], { stdio: 'ignore' });
      mountPoint = dir;
    } catch {
      await fs.rm(dir, { recursive: true, force: true });
      mountPoint = undefined;
    }
  });
  afterEach(async () => {
    if (!mountPoint) return;
    for (const s of stores.splice(0)) await s.close();
    execFileSync('umount', [mountPoint], { stdio: 'ignore' });
    await fs.rm(mountPoint, { recursive: true, force: true });
  });

  it("fails with 'disk-full' and leaves nothing half-written", async (test) => {
    if (!mountPoint) test.skip();
    const { store, blobsDir } = await openStore({ dataDir: mountPoint as string });
    await expectBlobError(store.ingest(generatedStream(8 * MiB, 1), { maxBytes: 10 * MiB }), 'disk-full');
    expect(await filesUnder(blobsDir)).toEqual([]);
    // Space is back: the next (small) upload works.
    const ok = await store.ingest(Readable.from([Buffer.from('fits')]), { maxBytes: 10 });
    expect(ok.size).toBe(4);
  });
});
