/**
 * A file sink that writes past the page cache (O_DIRECT), for blobs: written once, read rarely,
 * often gigabytes.
 *
 * Through the page cache every byte is copied into freshly allocated cache pages by the kernel, and
 * on this class of (virtualised) machine that copy, not the disk, is the cost: measured with
 * `dd bs=1M conv=fsync` of 5 GiB, ~6–10 s of system CPU buffered against ~0.9 s direct, at a higher
 * rate. A large upload would also push the database's pages out of the cache for data nobody reads
 * soon. So whole 1 MiB blocks are copied into page-aligned buffers (./aligned-buffers.ts) and
 * written directly, several in flight so the disk stays busy while the next bytes are hashed and
 * encrypted; only the last, partial block goes through a second, ordinary descriptor (direct I/O
 * needs whole blocks). `sync()` (fsync) then makes data and size durable; nothing is durable before.
 *
 * A file system that refuses direct I/O for a write (EINVAL) gets that block and the rest through
 * the ordinary descriptor: slower, never wrong. `supportsDirectIo` tells whether to use this sink.
 */
import { constants } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import { AlignedBufferPool } from './aligned-buffers.ts';

const BLOCK = 1024 * 1024;
/** Buffers one sink may hold: one filling, the rest being written. */
const MAX_BUFFERS = 4;
const pool = new AlignedBufferPool(BLOCK, MAX_BUFFERS);

export interface DirectFileSinkOptions {
  /** File mode when created; the file must not exist. */
  mode: number;
}

export class DirectFileSink extends Writable {
  /** Bytes written to the file so far. */
  written = 0;
  #direct: FileHandle | undefined;
  #buffered: FileHandle | undefined;
  /** False once the file system refused a direct write: the rest goes through the page cache. */
  #directOk = true;
  #current: Buffer | undefined;
  #fill = 0;
  /** File offset of the next whole block. */
  #position = 0;
  #held = 0;
  readonly #writes = new Set<Promise<void>>();
  #error: Error | undefined;
  #bufferFreed: (() => void) | undefined;
  readonly #mode: number;

  constructor(
    private readonly file: string,
    options: DirectFileSinkOptions,
  ) {
    // Not destroyed at 'finish': `sync()` comes after, then the owner calls `destroy()`.
    super({ highWaterMark: BLOCK, autoDestroy: false });
    this.#mode = options.mode;
  }

  override _construct(callback: (error?: Error | null) => void): void {
    const exclusive = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL;
    // O_EXCL: never follows or reuses an existing file.
    fs.open(this.file, exclusive | constants.O_DIRECT, this.#mode)
      .then(async (direct) => {
        this.#direct = direct;
        this.#buffered = await fs.open(this.file, constants.O_WRONLY);
      })
      .then(
        () => callback(),
        (err: Error) => callback(err),
      );
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.#accept(chunk).then(() => callback(), callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.#finish().then(() => callback(), callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    const handles = [this.#direct, this.#buffered];
    this.#direct = undefined;
    this.#buffered = undefined;
    Promise.allSettled(this.#writes)
      .then(() => {
        this.#release(this.#current);
        this.#current = undefined;
        return Promise.all(handles.map((h) => h?.close()));
      })
      .then(
        () => callback(error),
        (closeErr: Error) => callback(error ?? closeErr),
      );
  }

  /** fsync(2): the data and the file's size are on disk when this resolves. Call after `finish`. */
  async sync(): Promise<void> {
    if (!this.#buffered) throw new Error('The sink is not open');
    await Promise.all(this.#writes);
    if (this.#error) throw this.#error;
    await this.#buffered.sync();
  }

  async #accept(chunk: Buffer): Promise<void> {
    let offset = 0;
    while (offset < chunk.length) {
      if (this.#error) throw this.#error;
      if (!this.#current) {
        this.#current = await this.#takeBuffer();
        this.#fill = 0;
      }
      const n = chunk.copy(this.#current, this.#fill, offset);
      this.#fill += n;
      offset += n;
      if (this.#fill === BLOCK) this.#writeBlock();
    }
  }

  /** Waits while this sink holds all the buffers it may; they come back as writes complete. */
  async #takeBuffer(): Promise<Buffer> {
    while (this.#held >= MAX_BUFFERS) {
      await new Promise<void>((resolve) => {
        this.#bufferFreed = resolve;
      });
      if (this.#error) throw this.#error;
    }
    this.#held += 1;
    return pool.take();
  }

  #release(buffer: Buffer | undefined): void {
    if (!buffer) return;
    pool.give(buffer);
    this.#held -= 1;
    const wake = this.#bufferFreed;
    this.#bufferFreed = undefined;
    wake?.();
  }

  #writeBlock(): void {
    const buffer = this.#current as Buffer;
    const position = this.#position;
    this.#current = undefined;
    this.#position += BLOCK;
    const write = this.#writeAt(buffer, position)
      .then(
        () => {
          this.written += BLOCK;
        },
        (err: Error) => {
          this.#error ??= err;
        },
      )
      .finally(() => {
        this.#writes.delete(write);
        this.#release(buffer);
      });
    this.#writes.add(write);
  }

  async #writeAt(buffer: Buffer, position: number): Promise<void> {
    let done = 0;
    if (this.#directOk && this.#direct) {
      try {
        done = (await this.#direct.write(buffer, 0, buffer.length, position)).bytesWritten;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EINVAL') throw err;
        this.#directOk = false;
      }
    }
    // A refused or short direct write continues through the page cache.
    while (done < buffer.length) {
      const { bytesWritten } = await (this.#buffered as FileHandle).write(
        buffer,
        done,
        buffer.length - done,
        position + done,
      );
      if (bytesWritten === 0) throw new Error('write wrote nothing');
      done += bytesWritten;
    }
  }

  async #finish(): Promise<void> {
    await Promise.all(this.#writes);
    if (this.#error) throw this.#error;
    const tail = this.#current;
    if (!tail || this.#fill === 0) return;
    let done = 0;
    while (done < this.#fill) {
      const { bytesWritten } = await (this.#buffered as FileHandle).write(
        tail,
        done,
        this.#fill - done,
        this.#position + done,
      );
      if (bytesWritten === 0) throw new Error('write wrote nothing');
      done += bytesWritten;
    }
    this.written += this.#fill;
    this.#position += this.#fill;
    this.#fill = 0;
    this.#current = undefined;
    this.#release(tail);
  }
}

/**
 * Whether files in `dir` can be written with O_DIRECT (tmpfs and some other file systems refuse it):
 * one aligned block is written to a probe file, which is then removed.
 */
export async function supportsDirectIo(dir: string): Promise<boolean> {
  const probe = path.join(dir, `.direct-io-probe-${process.pid}`);
  const buffer = pool.take();
  try {
    const handle = await fs.open(
      probe,
      constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_DIRECT,
      0o600,
    );
    try {
      await handle.write(buffer, 0, 4096, 0);
      return true;
    } finally {
      await handle.close();
    }
  } catch {
    return false;
  } finally {
    pool.give(buffer);
    await fs.rm(probe, { force: true });
  }
}
