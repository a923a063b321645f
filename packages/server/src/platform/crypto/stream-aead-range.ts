/**
 * Byte-range decryption for resumable downloads (HTTP Range, RFC 9110 §14): reads the header, then
 * only the segments that cover the range, each verified before any of its bytes are released.
 */
import { pipeline, type Readable, Transform, type TransformCallback } from 'node:stream';
import { DecryptStream } from './stream-aead.ts';
import {
  HEADER_SIZE,
  parseHeader,
  plaintextSize,
  StreamAeadError,
  type StreamHeader,
  segmentCount,
  TAG_SIZE,
} from './stream-aead-format.ts';

/** Random access to a stored blob; ranges are half-open, [start, end). */
export interface CiphertextSource {
  size: number;
  /** Reads a small range (the header) into memory. */
  readBytes(start: number, end: number): Promise<Buffer>;
  /** Streams a range. Called at most once and last, so it may hand the underlying file to the stream. */
  stream(start: number, end: number): Readable;
}

/** Half-open plaintext range [start, end); `end` defaults to the end of the blob. */
export interface PlainRange {
  start: number;
  end?: number;
}

export interface RangeDecryption {
  stream: Readable;
  /** The range actually served, clamped to the blob: [start, end). */
  start: number;
  end: number;
  /** Plaintext size of the whole blob (from the stored size; authentic once the final segment verifies). */
  size: number;
}

export async function readHeader(source: CiphertextSource, blobId: string): Promise<StreamHeader> {
  if (source.size < HEADER_SIZE) throw new StreamAeadError('truncated', 'Blob header is incomplete');
  return parseHeader(await source.readBytes(0, HEADER_SIZE), blobId);
}

/** Passes bytes [skip, skip + take) of its input through and drops the rest. */
class Window extends Transform {
  #skip: number;
  #left: number;

  constructor(skip: number, take: number) {
    super();
    this.#skip = skip;
    this.#left = take;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    let c = chunk;
    if (this.#skip > 0) {
      const n = Math.min(this.#skip, c.length);
      this.#skip -= n;
      c = c.subarray(n);
    }
    if (this.#left > 0 && c.length > 0) {
      const out = c.length > this.#left ? c.subarray(0, this.#left) : c;
      this.#left -= out.length;
      this.push(out);
    }
    callback();
  }
}

/**
 * Decrypts plaintext bytes [range.start, range.end) of a stored blob. A start beyond the end of the
 * blob is a 'bad-range' error; an end beyond it is clamped (as HTTP does).
 */
export async function createRangeDecryptStream(
  dataKey: Uint8Array,
  source: CiphertextSource,
  blobId: string,
  range: PlainRange,
): Promise<RangeDecryption> {
  const header = await readHeader(source, blobId);
  const s = header.segmentSize;
  const size = plaintextSize(source.size, s);
  const start = range.start;
  const end = Math.min(range.end ?? size, size);
  if (
    !Number.isSafeInteger(start) ||
    start < 0 ||
    start > size ||
    !Number.isSafeInteger(end) ||
    end < start
  ) {
    throw new StreamAeadError(
      'bad-range',
      `Range [${start}, ${range.end ?? ''}) is outside a ${size}-byte blob`,
    );
  }
  const finalSegment = segmentCount(size, s) - 1;
  // An empty range still reads (and verifies) one segment, so a forged blob never answers quietly.
  const first = Math.min(Math.floor(start / s), finalSegment);
  const last = end > start ? Math.floor((end - 1) / s) : first;
  const from = HEADER_SIZE + first * (s + TAG_SIZE);
  const to = Math.min(HEADER_SIZE + (last + 1) * (s + TAG_SIZE), source.size);
  const decrypt = new DecryptStream(dataKey, { blobId, seek: { header, firstSegment: first, finalSegment } });
  const window = new Window(start - first * s, end - start);
  const stream = pipeline(source.stream(from, to), decrypt, window, () => {});
  return { stream, start, end, size };
}
