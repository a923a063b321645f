/**
 * The direct-I/O blob sink on a real disk: every byte arrives in order whatever the chunking (whole
 * blocks direct, the partial last block through the page cache), an existing file is never reused,
 * a failure leaves the descriptors closed, and the probe leaves nothing behind.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { DirectFileSink, supportsDirectIo } from '../../../src/platform/blobs/direct-file-sink.ts';
import { closed, expectRefusesExisting, expectWritesAll, freshDir } from './blob-fixtures.ts';

const MiB = 1024 * 1024;
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await fs.rm(d, { recursive: true, force: true });
});

async function target(): Promise<string> {
  const dir = await freshDir('direct-sink');
  dirs.push(dir);
  return path.join(dir, 'out.part');
}

describe('DirectFileSink', () => {
  // Sizes around the 1 MiB block: below, exactly, just over, many blocks plus a tail; chunks that
  // straddle block boundaries.
  for (const [size, chunk] of [
    [1, 1],
    [MiB - 1, 65_536],
    [MiB, 100_000],
    [MiB + 1, MiB],
    [3 * MiB, 3 * MiB],
    [9 * MiB + 123, 77_777],
  ] as const) {
    it(`writes ${size} bytes in ${chunk}-byte chunks, in order, and syncs`, async () => {
      const file = await target();
      await expectWritesAll(file, new DirectFileSink(file, { mode: 0o600 }), size, chunk);
    });
  }

  it('refuses to open a file that exists, and leaves it untouched', async () => {
    await expectRefusesExisting(await target(), (file) => new DirectFileSink(file, { mode: 0o600 }));
  });

  it('closes its descriptors when the source fails mid-stream', async () => {
    const file = await target();
    const sink = new DirectFileSink(file, { mode: 0o600 });
    let sent = 0;
    const failing = new Readable({
      read() {
        if (sent >= 3 * MiB) return void this.destroy(new Error('client went away'));
        sent += MiB / 2;
        this.push(Buffer.alloc(MiB / 2, 1));
      },
    });
    await expect(pipeline(failing, sink)).rejects.toThrow('client went away');
    await closed(sink);
    await expect(sink.sync()).rejects.toThrow('not open');
  });

  it('owns the last block until its write ends: destroyed meanwhile, no buffer is freed twice', async () => {
    // FileHandle is not exported: its prototype, from a handle.
    const any = await target();
    await fs.writeFile(any, '');
    const h = await fs.open(any, 'r');
    const proto = Object.getPrototypeOf(h) as { write: (...args: unknown[]) => Promise<unknown> };
    await h.close();
    const original = proto.write;
    let unblock!: () => void;
    const blocked = new Promise<void>((resolve) => {
      unblock = resolve;
    });
    let tailStarted!: () => void;
    const started = new Promise<void>((resolve) => {
      tailStarted = resolve;
    });
    const spy = vi.spyOn(proto, 'write').mockImplementation(async function (this: unknown, ...args) {
      const written = await original.apply(this, args);
      // The last block's write has reached the file; it has not told the sink yet.
      if (args[2] === 123) {
        tailStarted();
        await blocked;
      }
      return written;
    });
    try {
      const sink = new DirectFileSink(await target(), { mode: 0o600 });
      sink.on('error', () => {});
      sink.write(Buffer.alloc(MiB + 123, 1));
      sink.end();
      await started;
      sink.destroy();
      unblock();
      await closed(sink);
    } finally {
      spy.mockRestore();
    }
    // Sinks after it get buffers of their own: every block arrives intact.
    for (let i = 0; i < 2; i++) {
      const file = await target();
      await expectWritesAll(file, new DirectFileSink(file, { mode: 0o600 }), 5 * MiB + 7, 77_777);
    }
  });

  it('probes a directory for direct I/O and leaves no probe file', async () => {
    const dir = await freshDir('direct-probe');
    dirs.push(dir);
    expect(typeof (await supportsDirectIo(dir))).toBe('boolean');
    expect(await fs.readdir(dir)).toEqual([]);
    expect(await supportsDirectIo(path.join(dir, 'missing'))).toBe(false);
  });
});
