/**
 * A file sink that flushes to disk while it writes.
 *
 * Left to itself the kernel keeps a large upload in dirty pages and writes it out only at the
 * closing fsync, so the disk sits idle during the ingest and the CPU sits idle during the fsync
 * (for a 2 GiB file here: ~2 s of a 4.5 s ingest). Starting an fdatasync every `flushEveryBytes`
 * (never two at once) lets the disk write what is done while the next bytes are hashed and
 * encrypted — the same idea as PostgreSQL's `backend_flush_after` — and bounds the dirty pages one
 * upload holds. `sync()` makes everything durable; the file is not durable before it.
 *
 * Writes go to their offsets with positional writes, up to `writesInFlight` at once: the stream
 * takes the next chunk while earlier ones are still being copied into the page cache on the
 * thread pool, so that copy (the kernel's, costly here) runs beside the hashing and encryption
 * instead of between them. A failed write fails the next write, `final` or `sync`.
 */
import type { FileHandle } from 'node:fs/promises';
import fs from 'node:fs/promises';
import { Writable } from 'node:stream';

export const DEFAULT_FLUSH_EVERY = 32 * 1024 * 1024;
export const DEFAULT_WRITES_IN_FLIGHT = 4;

export interface SyncedFileSinkOptions {
  /** File mode when created; the file must not exist ('wx'). */
  mode: number;
  flushEveryBytes?: number;
  /** Positional writes started before waiting for the first of them; 1 writes strictly in turn. */
  writesInFlight?: number;
  highWaterMark?: number;
}

export class SyncedFileSink extends Writable {
  /** Bytes written to the file so far (by writes that have completed). */
  written = 0;
  #handle: FileHandle | undefined;
  /** Offset of the next write. */
  #position = 0;
  readonly #inFlight = new Set<Promise<void>>();
  #unflushed = 0;
  #flushing: Promise<void> | undefined;
  /** The first write or flush failure; everything after it fails with it. */
  #error: Error | undefined;
  readonly #flushEvery: number;
  readonly #writesInFlight: number;
  readonly #mode: number;

  constructor(
    private readonly file: string,
    options: SyncedFileSinkOptions,
  ) {
    // Not destroyed at 'finish': `sync()` comes after, then the owner calls `destroy()`.
    super({ highWaterMark: options.highWaterMark, autoDestroy: false });
    this.#flushEvery = options.flushEveryBytes ?? DEFAULT_FLUSH_EVERY;
    this.#writesInFlight = Math.max(1, options.writesInFlight ?? DEFAULT_WRITES_IN_FLIGHT);
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
    this.#start([chunk]).then(() => callback(), callback);
  }

  override _writev(
    chunks: Array<{ chunk: Buffer; encoding: BufferEncoding }>,
    callback: (error?: Error | null) => void,
  ): void {
    this.#start(chunks.map((c) => c.chunk)).then(() => callback(), callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.#settled().then(() => callback(this.#error), callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    const handle = this.#handle;
    this.#handle = undefined;
    this.#settled()
      .then(() => handle?.close())
      .then(
        () => callback(error),
        (closeErr: Error) => callback(error ?? closeErr),
      );
  }

  /** fsync(2): the data and the file's size are on disk when this resolves. Call after `finish`. */
  async sync(): Promise<void> {
    if (!this.#handle) throw new Error('The sink is not open');
    await this.#settled();
    if (this.#error) throw this.#error;
    await this.#handle.sync();
  }

  /** Starts writing `buffers` at the current offset; resolves once another write may start. */
  async #start(buffers: Buffer[]): Promise<void> {
    if (this.#error) throw this.#error;
    const handle = this.#handle as FileHandle;
    const length = buffers.reduce((n, b) => n + b.length, 0);
    const write = this.#writeAt(handle, buffers, length, this.#position).catch((err: Error) => {
      this.#error ??= err;
    });
    this.#position += length;
    const tracked = write.finally(() => this.#inFlight.delete(tracked));
    this.#inFlight.add(tracked);
    while (this.#inFlight.size >= this.#writesInFlight) await Promise.race(this.#inFlight);
    if (this.#error) throw this.#error;
  }

  async #writeAt(handle: FileHandle, buffers: Buffer[], length: number, position: number): Promise<void> {
    let pending = buffers;
    let left = length;
    let at = position;
    // writev(2) on a regular file writes everything unless interrupted or out of space; a short
    // write continues where it stopped (and ENOSPC then surfaces as an error).
    while (left > 0) {
      const { bytesWritten } = await handle.writev(pending, at);
      if (bytesWritten === 0) throw new Error('writev wrote nothing');
      this.written += bytesWritten;
      this.#unflushed += bytesWritten;
      left -= bytesWritten;
      at += bytesWritten;
      pending = skip(pending, bytesWritten);
    }
    if (this.#unflushed >= this.#flushEvery && !this.#flushing) this.#startFlush(handle);
  }

  /** Resolves when no write and no flush is running (whether they succeeded or not). */
  async #settled(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.all(this.#inFlight);
    await this.#flushing;
  }

  #startFlush(handle: FileHandle): void {
    this.#unflushed = 0;
    this.#flushing = handle
      .datasync()
      .catch((err: Error) => {
        this.#error ??= err;
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
