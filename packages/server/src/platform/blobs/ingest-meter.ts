import { Transform, type TransformCallback } from 'node:stream';
import { BlobError } from './blob-errors.ts';
import type { BufferReclaimer } from './buffer-reclaim.ts';
import type { Sha256Sink } from './sha256-worker.ts';
import { SNIFF_BYTES } from './sniff.ts';

/**
 * The plaintext side of an ingest, in the same single pass: counts bytes (failing as soon as the
 * limit is passed, not after the whole upload), feeds the hash and keeps the first bytes for
 * content sniffing. Passes chunks through unchanged.
 */
export class IngestMeter extends Transform {
  size = 0;
  readonly #head = Buffer.alloc(SNIFF_BYTES);
  #headLength = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly hash: Sha256Sink,
    private readonly reclaimer?: BufferReclaimer,
  ) {
    super();
  }

  get head(): Buffer {
    return this.#head.subarray(0, this.#headLength);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.maxBytes) {
      callback(new BlobError('too-large', `More than ${this.maxBytes} bytes`));
      return;
    }
    if (this.#headLength < SNIFF_BYTES) {
      this.#headLength += chunk.copy(this.#head, this.#headLength, 0, SNIFF_BYTES - this.#headLength);
    }
    this.reclaimer?.account(chunk.length);
    const pending = this.hash.update(chunk);
    if (pending) {
      pending.then(
        () => callback(null, chunk),
        (err: Error) => callback(err),
      );
    } else {
      callback(null, chunk);
    }
  }
}
