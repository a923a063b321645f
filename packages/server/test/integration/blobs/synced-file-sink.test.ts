/**
 * The ingest's file sink on a real disk: everything written arrives in order (also across short
 * writev batches and background flushes), an existing file is never reused, and a failure leaves the
 * descriptor closed.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { SyncedFileSink } from '../../../src/platform/blobs/synced-file-sink.ts';
import { freshDir, generatedStream, hashStream, sha256Hex } from './blob-fixtures.ts';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await fs.rm(d, { recursive: true, force: true });
});

async function target(): Promise<string> {
  const dir = await freshDir('sink');
  dirs.push(dir);
  return path.join(dir, 'out.part');
}

const closed = (sink: SyncedFileSink) =>
  new Promise<void>((resolve) => {
    if (sink.closed) resolve();
    else sink.once('close', () => resolve());
  });

describe('SyncedFileSink', () => {
  it('writes every byte in order while flushing in the background, and syncs', async () => {
    const file = await target();
    const size = 9 * 1024 * 1024 + 123;
    const expected = await hashStream(generatedStream(size, 7));
    // A flush every 256 KiB: many background fdatasyncs overlap the writes.
    const sink = new SyncedFileSink(file, {
      mode: 0o600,
      flushEveryBytes: 256 * 1024,
      highWaterMark: 64 * 1024,
    });
    await pipeline(generatedStream(size, 7), sink);
    await sink.sync();
    expect(sink.written).toBe(size);
    sink.destroy();
    await closed(sink);
    const bytes = await fs.readFile(file);
    expect(bytes.length).toBe(size);
    expect(sha256Hex(bytes)).toBe(expected);
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
  });

  it('refuses to open a file that exists, and leaves it untouched', async () => {
    const file = await target();
    await fs.writeFile(file, 'already here');
    const sink = new SyncedFileSink(file, { mode: 0o600 });
    await expect(pipeline(Readable.from([Buffer.from('new')]), sink)).rejects.toMatchObject({
      code: 'EEXIST',
    });
    expect(await fs.readFile(file, 'utf8')).toBe('already here');
  });

  it('closes its descriptor when the source fails', async () => {
    const file = await target();
    const sink = new SyncedFileSink(file, { mode: 0o600 });
    const failing = new Readable({
      read() {
        this.push(Buffer.alloc(1024, 1));
        this.destroy(new Error('client went away'));
      },
    });
    await expect(pipeline(failing, sink)).rejects.toThrow('client went away');
    await closed(sink);
    await expect(sink.sync()).rejects.toThrow('not open');
  });
});
