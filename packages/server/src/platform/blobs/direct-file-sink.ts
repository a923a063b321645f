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
import { randomUUID } from 'node:crypto';
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
    // O_EXCL: never reuses an existing file; O_NOFOLLOW: never follows a link planted in its place.
    const flags = constants.O_WRONLY | constants.O_NOFOLLOW;
    fs.open(this.file, flags | constants.O_CREAT | constants.O_EXCL | constants.O_DIRECT, this.#mode)
      .then(async (direct) => {
        this.#direct = direct;
        this.#buffered = await fs.open(this.file, flags);
        // The second descriptor is opened by name: it must be the file the first one created.
        const [a, b] = await Promise.all([direct.stat(), this.#buffered.stat()]);
        if (a.dev !== b.dev || a.ino !== b.ino) throw new Error('The file was replaced while being opened');
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
    // Writes in flight (the last block's included) finish first: they own their buffers and handles.
    Promise.allSettled(this.#writes)
      .then(() => {
        this.#direct = undefined;
        this.#buffered = undefined;
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
    if (!this.#buffered || this.destroyed) throw new Error('The sink is not open');
    await Promise.all(this.#writes);
    if (this.#error) throw this.#error;
    // fsync acts on the file, not the descriptor: it covers the direct writes too.
    await this.#buffered.sync();
  }

  async #accept(chunk: Buffer): Promise<void> {
    let offset = 0;
    while (offset < chunk.length) {
      if (!this.#current) await this.#nextBuffer();
      const current = this.#current;
      // Destroyed while waiting for a buffer: _destroy has taken it back.
      if (!current || this.destroyed) throw new Error('The sink was destroyed');
      const n = chunk.copy(current, this.#fill, offset);
      this.#fill += n;
      offset += n;
      if (this.#fill === BLOCK) this.#writeBlock();
    }
  }

  /** Makes a fresh buffer current, waiting while this sink holds all it may (writes give them back). */
  async #nextBuffer(): Promise<void> {
    while (this.#held >= MAX_BUFFERS) {
      await new Promise<void>((resolve) => {
        this.#bufferFreed = resolve;
      });
    }
    if (this.#error) throw this.#error;
    if (this.destroyed) throw new Error('The sink was destroyed');
    let buffer: Buffer;
    try {
      buffer = pool.take();
    } catch {
      // No WebAssembly memory to be had: an ordinary buffer, written through the page cache.
      this.#directOk = false;
      buffer = Buffer.allocUnsafeSlow(BLOCK);
    }
    this.#held += 1;
    this.#current = buffer;
    this.#fill = 0;
  }

  #release(buffer: Buffer | undefined): void {
    if (!buffer) return;
    if (pool.owns(buffer)) pool.give(buffer);
    this.#held -= 1;
    const wake = this.#bufferFreed;
    this.#bufferFreed = undefined;
    wake?.();
  }

  #track(write: Promise<void>, buffer: Buffer): void {
    const tracked = write
      .catch((err: Error) => {
        this.#error ??= err;
      })
      .finally(() => {
        this.#writes.delete(tracked);
        this.#release(buffer);
      });
    this.#writes.add(tracked);
  }

  #writeBlock(): void {
    const buffer = this.#current as Buffer;
    const position = this.#position;
    this.#current = undefined;
    this.#position += BLOCK;
    this.#track(
      this.#writeAt(buffer, position).then(() => {
        this.written += BLOCK;
      }),
      buffer,
    );
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
    await this.#writeCached(buffer, done, buffer.length, position);
  }

  /** Writes buffer[from, to) through the page cache; `position` is the file offset of buffer[0]. */
  async #writeCached(buffer: Buffer, from: number, to: number, position: number): Promise<void> {
    let done = from;
    while (done < to) {
      const { bytesWritten } = await (this.#buffered as FileHandle).write(
        buffer,
        done,
        to - done,
        position + done,
      );
      if (bytesWritten === 0) throw new Error('write wrote nothing');
      done += bytesWritten;
    }
  }

  /** The last, partial block, through the page cache (direct I/O writes whole blocks only). */
  async #finish(): Promise<void> {
    await Promise.all(this.#writes);
    if (this.#error) throw this.#error;
    const tail = this.#current;
    const fill = this.#fill;
    // The write owns the buffer from here: a destroy meanwhile waits for it instead of freeing it.
    this.#current = undefined;
    this.#fill = 0;
    if (!tail) return;
    const position = this.#position;
    this.#track(
      this.#writeCached(tail, 0, fill, position).then(() => {
        this.written += fill;
        this.#position += fill;
      }),
      tail,
    );
    await Promise.all(this.#writes);
    if (this.#error) throw this.#error;
  }
}

/**
 * Whether files in `dir` can be written with O_DIRECT (some file systems refuse it, e.g. tmpfs before
 * Linux 6.6, or WebAssembly memory for aligned buffers cannot be had):
 * one aligned block is written to a probe file, which is then removed.
 */
export async function supportsDirectIo(dir: string): Promise<boolean> {
  const probe = path.join(dir, `.direct-io-probe-${process.pid}-${randomUUID()}`);
  let buffer: Buffer | undefined;
  try {
    buffer = pool.take();
    const handle = await fs.open(
      probe,
      constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW | constants.O_DIRECT,
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
    if (buffer) pool.give(buffer);
    await fs.rm(probe, { force: true });
  }
}
