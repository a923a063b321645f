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
import { closed, expectRefusesExisting, expectWritesAll, freshDir } from './blob-fixtures.ts';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await fs.rm(d, { recursive: true, force: true });
});

async function target(): Promise<string> {
  const dir = await freshDir('sink');
  dirs.push(dir);
  return path.join(dir, 'out.part');
}

describe('SyncedFileSink', () => {
  it('writes every byte in order while flushing in the background, and syncs', async () => {
    const file = await target();
    // A flush every 256 KiB: many background fdatasyncs overlap the writes.
    const sink = new SyncedFileSink(file, {
      mode: 0o600,
      flushEveryBytes: 256 * 1024,
      highWaterMark: 64 * 1024,
    });
    await expectWritesAll(file, sink, 9 * 1024 * 1024 + 123);
  });

  it('refuses to open a file that exists, and leaves it untouched', async () => {
    await expectRefusesExisting(await target(), (file) => new SyncedFileSink(file, { mode: 0o600 }));
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
