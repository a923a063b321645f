/**
 * A file sink that flushes to disk while it writes.
 *
 * Left to itself the kernel keeps a large upload in dirty pages and writes it out only at the
 * closing fsync, so the disk sits idle during the ingest and the CPU sits idle during the fsync
 * (for a 2 GiB file here: ~2 s of a 4.5 s ingest). Starting an fdatasync every `flushEveryBytes`
 * (never two at once) lets the disk write what is done while the next bytes are hashed and
 * encrypted — the same idea as PostgreSQL's `backend_flush_after` — and bounds the dirty pages one
 * upload holds. `sync()` makes everything durable; the file is not durable before it.
 */
import type { FileHandle } from 'node:fs/promises';
import fs from 'node:fs/promises';
import { Writable } from 'node:stream';

export const DEFAULT_FLUSH_EVERY = 32 * 1024 * 1024;

export interface SyncedFileSinkOptions {
  /** File mode when created; the file must not exist ('wx'). */
  mode: number;
  flushEveryBytes?: number;
  highWaterMark?: number;
}

export class SyncedFileSink extends Writable {
  /** Bytes written to the file so far. */
  written = 0;
  #handle: FileHandle | undefined;
  #unflushed = 0;
  #flushing: Promise<void> | undefined;
  #flushError: Error | undefined;
  readonly #flushEvery: number;
  readonly #mode: number;

  constructor(
    private readonly file: string,
    options: SyncedFileSinkOptions,
  ) {
    // Not destroyed at 'finish': `sync()` comes after, then the owner calls `destroy()`.
    super({ highWaterMark: options.highWaterMark, autoDestroy: false });
    this.#flushEvery = options.flushEveryBytes ?? DEFAULT_FLUSH_EVERY;
    this.#mode = options.mode;
  }

  override _construct(callback: (error?: Error | null) => void): void {
    // 'wx': never follows or reuses an existing file.
    fs.open(this.file, 'wx', this.#mode).then(
      (handle) => {
        this.#handle = handle;
        callback();
      },
      (err: Error) => callback(err),
    );
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.#writeAll([chunk]).then(() => callback(), callback);
  }

  override _writev(
    chunks: Array<{ chunk: Buffer; encoding: BufferEncoding }>,
    callback: (error?: Error | null) => void,
  ): void {
    this.#writeAll(chunks.map((c) => c.chunk)).then(() => callback(), callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    Promise.resolve(this.#flushing).then(() => callback(this.#flushError), callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    const handle = this.#handle;
    this.#handle = undefined;
    Promise.resolve(this.#flushing)
      .then(() => handle?.close())
      .then(
        () => callback(error),
        (closeErr: Error) => callback(error ?? closeErr),
      );
  }

  /** fsync(2): the data and the file's size are on disk when this resolves. Call after `finish`. */
  async sync(): Promise<void> {
    if (!this.#handle) throw new Error('The sink is not open');
    await this.#flushing;
    if (this.#flushError) throw this.#flushError;
    await this.#handle.sync();
  }

  async #writeAll(buffers: Buffer[]): Promise<void> {
    if (this.#flushError) throw this.#flushError;
    const handle = this.#handle as FileHandle;
    let pending = buffers;
    let total = pending.reduce((n, b) => n + b.length, 0);
    // writev(2) on a regular file writes everything unless interrupted or out of space; a short
    // write continues where it stopped (and ENOSPC then surfaces as an error).
    while (total > 0) {
      const { bytesWritten } = await handle.writev(pending);
      if (bytesWritten === 0) throw new Error('writev wrote nothing');
      this.written += bytesWritten;
      this.#unflushed += bytesWritten;
      total -= bytesWritten;
      pending = skip(pending, bytesWritten);
    }
    if (this.#unflushed >= this.#flushEvery && !this.#flushing) this.#startFlush(handle);
  }

  #startFlush(handle: FileHandle): void {
    this.#unflushed = 0;
    this.#flushing = handle
      .datasync()
      .catch((err: Error) => {
        this.#flushError = err;
      })
      .finally(() => {
        this.#flushing = undefined;
      });
  }
}

function skip(buffers: Buffer[], bytes: number): Buffer[] {
  let rest = bytes;
  const out: Buffer[] = [];
  for (const b of buffers) {
    if (rest >= b.length) {
      rest -= b.length;
      continue;
    }
    out.push(rest > 0 ? b.subarray(rest) : b);
    rest = 0;
  }
  return out;
}
