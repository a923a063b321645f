/**
 * Encrypted, content-verified storage of evidence files on local disk, under `<dataDir>/blobs/`.
 *
 *   blobs/tmp/<blobId>.part   ingest in progress (removed on failure; swept at start)
 *   blobs/<xy>/<blobId>       finished blobs; xy = last two hex digits of the id (random bits of
 *                             the UUIDv7, so shards fill evenly)
 *
 * A blob becomes visible only by the rename at the end of a successful ingest, after its hash and
 * size were checked and its bytes fsynced: a crash, a wrong hash or a full disk leaves nothing
 * behind under a blob name. Names are generated ids, never user-supplied file names.
 * The stored form is the STREAM format of platform/crypto/stream-aead.ts under a per-blob data key
 * wrapped by the node master key (platform/crypto/master-key.ts).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline as pipelineCb, type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  fsyncDir,
  generateDataKey,
  type Keyring,
  MasterKeyError,
  wrappedKeyId,
} from '../crypto/master-key.ts';
import { EncryptStream, isBlobId, StreamAeadError } from '../crypto/stream-aead.ts';
import {
  type CiphertextSource,
  createRangeDecryptStream,
  type PlainRange,
} from '../crypto/stream-aead-range.ts';
import { newId } from '../ids.ts';
import { BlobError } from './blob-errors.ts';
import { BufferReclaimer, DEFAULT_RECLAIM_EVERY } from './buffer-reclaim.ts';
import { DirectFileSink, supportsDirectIo } from './direct-file-sink.ts';
import { IngestMeter } from './ingest-meter.ts';
import { inlineSha256, Sha256Worker } from './sha256-worker.ts';
import { sniffContentType } from './sniff.ts';
import { SyncedFileSink } from './synced-file-sink.ts';

export { BlobError, type BlobErrorCode, isBlobError } from './blob-errors.ts';

/**
 * Largest evidence file this node takes (64 GiB): from its own officers' uploads and from a
 * partner's evidence offer alike, so that a partner cannot make it pull without end.
 */
export const MAX_FILE_BYTES = 64 * 1024 ** 3;

export interface BlobStoreOptions {
  dataDir: string;
  keyring: Keyring;
  /** Plaintext bytes per authenticated segment; default 1 MiB. */
  segmentSize?: number;
  /**
   * Hash on a worker thread while the main thread encrypts and writes. Default: on when the machine
   * has a second core. SHA-256 is the larger half of the work (OpenSSL here: ~1.9 GB/s for SHA-256
   * against ~3 GB/s for AES-256-GCM on 1 MiB buffers), so on one thread the two costs add up;
   * measured (bench/p3-ingest.ts, 2 cores) at 2 GiB 717–748 MiB/s with the worker against 479–555
   * without, and at 5 GiB (disk-bound) 460–560 against 333, for ~14 MiB more RSS (the worker's V8
   * isolate and its four 1 MiB buffers).
   */
  parallelHash?: boolean;
  /** Minor GC every this many streamed bytes (platform/blobs/buffer-reclaim.ts); 0 disables. Default 4 MiB. */
  reclaimEveryBytes?: number;
  /**
   * Write blobs past the page cache (./direct-file-sink.ts). Default: on where the file system
   * supports it (probed at open); false forces the page cache (./synced-file-sink.ts).
   */
  directIo?: boolean;
}

export interface IngestOptions {
  /** Hard limit; the ingest fails with 'too-large' as soon as it is passed. */
  maxBytes: number;
  /** Hex SHA-256 the uploader computed; a different result fails with 'hash-mismatch'. */
  expectedSha256?: string;
  /** Reuse an existing data key (e.g. one per evidence item) instead of a fresh one per blob. */
  wrappedKey?: string;
  signal?: AbortSignal;
}

export interface IngestedBlob {
  blobId: string;
  /** Hex SHA-256 of the plaintext. */
  sha256: string;
  /** Plaintext bytes. */
  size: number;
  /** Bytes on disk (header and tags included). */
  storedSize: number;
  wrappedKey: string;
  /** Id of the master key that wrapped `wrappedKey`. */
  keyId: string;
  /** Sniffed from the first bytes (platform/blobs/sniff.ts). */
  contentType: string;
}

export interface OpenedRange {
  stream: Readable;
  /** Served plaintext range [start, end) and the blob's plaintext size (for Content-Range). */
  start: number;
  end: number;
  size: number;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;
const READ_CHUNK = 256 * 1024;
const WRITE_BUFFER = 1024 * 1024;

export class BlobStore {
  readonly root: string;
  readonly #tmpDir: string;
  readonly #keyring: Keyring;
  readonly #segmentSize: number | undefined;
  readonly #hashWorker: Sha256Worker | undefined;
  readonly #reclaimer: BufferReclaimer;
  #directIo = false;

  private constructor(options: BlobStoreOptions) {
    this.root = path.join(options.dataDir, 'blobs');
    this.#tmpDir = path.join(this.root, 'tmp');
    this.#keyring = options.keyring;
    this.#segmentSize = options.segmentSize;
    this.#hashWorker =
      (options.parallelHash ?? os.availableParallelism() > 1) ? new Sha256Worker() : undefined;
    this.#reclaimer = new BufferReclaimer(options.reclaimEveryBytes ?? DEFAULT_RECLAIM_EVERY);
  }

  /**
   * Creates the directories and removes temp files left by ingests a crash interrupted (so one
   * store per data directory, opened at start).
   */
  static async open(options: BlobStoreOptions): Promise<BlobStore> {
    const store = new BlobStore(options);
    await fs.mkdir(store.#tmpDir, { recursive: true, mode: 0o700 });
    for (const name of await fs.readdir(store.#tmpDir)) {
      await fs.rm(path.join(store.#tmpDir, name), { force: true });
    }
    store.#directIo = options.directIo !== false && (await supportsDirectIo(store.#tmpDir));
    return store;
  }

  /** Whether ingests write past the page cache (see `BlobStoreOptions.directIo`). */
  get directIo(): boolean {
    return this.#directIo;
  }

  /** Whether ingests hash on a worker thread (see `BlobStoreOptions.parallelHash`). */
  get parallelHash(): boolean {
    return this.#hashWorker !== undefined;
  }

  async close(): Promise<void> {
    await this.#hashWorker?.close();
  }

  /**
   * Streams `source` once: hashes the plaintext and encrypts it to a temp file, then — only if it is
   * non-empty, within `maxBytes` and matches `expectedSha256` — fsyncs and renames it into place.
   * Otherwise the temp file is removed and a `BlobError` says why.
   */
  async ingest(source: Readable | AsyncIterable<Uint8Array>, options: IngestOptions): Promise<IngestedBlob> {
    if (!Number.isSafeInteger(options.maxBytes) || options.maxBytes < 1) {
      throw new RangeError('maxBytes must be a positive integer');
    }
    const expected = options.expectedSha256?.toLowerCase();
    if (expected !== undefined && !SHA256_HEX.test(expected)) {
      throw new RangeError('expectedSha256 must be 64 hex characters');
    }
    const blobId = newId();
    const dataKey = options.wrappedKey ? this.#unwrap(options.wrappedKey) : generateDataKey();
    const wrappedKey = options.wrappedKey ?? this.#keyring.wrap(dataKey);
    const tmp = path.join(this.#tmpDir, `${blobId}.part`);
    const hash = this.#hashWorker ? this.#hashWorker.session() : inlineSha256();
    const meter = new IngestMeter(options.maxBytes, hash, this.#reclaimer);
    let out: BlobSink | undefined;
    try {
      const encrypt = new EncryptStream(dataKey, { blobId, segmentSize: this.#segmentSize });
      out = this.#directIo
        ? new DirectFileSink(tmp, { mode: 0o600 })
        : new SyncedFileSink(tmp, { mode: 0o600, highWaterMark: WRITE_BUFFER });
      await pipeline(source, meter, encrypt, out, options.signal ? { signal: options.signal } : {});
      const sha256 = await hash.digest();
      if (meter.size === 0) throw new BlobError('empty', 'The file is empty');
      if (expected !== undefined && sha256 !== expected) {
        throw new BlobError('hash-mismatch', `SHA-256 is ${sha256}, the uploader declared ${expected}`);
      }
      // Durable only now, after the checks (the sink has been flushing along the way).
      await out.sync();
      const storedSize = out.written;
      await closeSink(out);
      const dir = this.#shardDir(blobId);
      await fs.mkdir(dir, { recursive: true, mode: 0o700 });
      await fs.rename(tmp, path.join(dir, blobId));
      await fsyncDir(dir);
      return {
        blobId,
        sha256,
        size: meter.size,
        storedSize,
        wrappedKey,
        keyId: wrappedKeyId(wrappedKey),
        contentType: sniffContentType(meter.head),
      };
    } catch (err) {
      hash.abort();
      if (out) await closeSink(out).catch(() => {});
      await fs.rm(tmp, { force: true }).catch(() => {});
      throw asBlobError(err);
    }
  }

  /** Verified plaintext of a blob, or of the half-open byte range [range.start, range.end). */
  async open(blobId: string, wrappedKey: string, range?: PlainRange): Promise<Readable> {
    return (await this.openRange(blobId, wrappedKey, range ?? { start: 0 })).stream;
  }

  /**
   * Like `open`, with the served range and the blob's size (for HTTP 206 Content-Range). Reads only
   * the segments that cover the range. Errors while streaming are `StreamAeadError`s.
   */
  async openRange(blobId: string, wrappedKey: string, range: PlainRange): Promise<OpenedRange> {
    const dataKey = this.#unwrap(wrappedKey);
    const file = this.#path(blobId);
    // One descriptor for the header and the segments, so a concurrent remove cannot pull the file
    // away between the two reads; the segment stream owns it and closes it when it ends or fails.
    const handle = await fs.open(file, 'r').catch((err: NodeJS.ErrnoException) => {
      throw err.code === 'ENOENT' ? new BlobError('not-found', `No blob ${blobId}`) : err;
    });
    let handedOver = false;
    try {
      const source: CiphertextSource = {
        size: (await handle.stat()).size,
        readBytes: async (start, end) => {
          const buf = Buffer.alloc(end - start);
          const { bytesRead } = await handle.read(buf, 0, buf.length, start);
          return buf.subarray(0, bytesRead);
        },
        stream: (start, end) => {
          handedOver = true;
          return handle.createReadStream({ start, end: end - 1, highWaterMark: READ_CHUNK });
        },
      };
      const opened = await createRangeDecryptStream(dataKey, source, blobId, range);
      return { ...opened, stream: this.#accounted(opened.stream) };
    } catch (err) {
      if (!handedOver) await handle.close().catch(() => {});
      throw asBlobError(err);
    }
  }

  /** Decrypts the whole blob, verifying every segment, and returns the plaintext's hex SHA-256. */
  async rehash(blobId: string, wrappedKey: string): Promise<string> {
    const hash = createHash('sha256');
    try {
      const stream = await this.open(blobId, wrappedKey);
      for await (const chunk of stream) hash.update(chunk as Buffer);
    } catch (err) {
      throw asBlobError(err);
    }
    return hash.digest('hex');
  }

  /** Removes a blob (idempotent). */
  async remove(blobId: string): Promise<void> {
    const dir = this.#shardDir(blobId);
    await fs.rm(path.join(dir, blobId), { force: true });
    await fsyncDir(dir).catch(() => {});
  }

  async exists(blobId: string): Promise<boolean> {
    return fs.stat(this.#path(blobId)).then(
      () => true,
      () => false,
    );
  }

  /** Passes the plaintext through, counting it for the reclaimer; errors and destroy propagate. */
  #accounted(stream: Readable): Readable {
    const reclaimer = this.#reclaimer;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        reclaimer.account(chunk.length);
        callback(null, chunk);
      },
    });
    return pipelineCb(stream, counter, () => {});
  }

  #unwrap(wrappedKey: string): Buffer {
    try {
      return this.#keyring.unwrap(wrappedKey);
    } catch (err) {
      throw new BlobError('key', (err as Error).message, { cause: err });
    }
  }

  #shardDir(blobId: string): string {
    // Ids are validated so a path can only ever be built from our own UUIDs.
    if (!isBlobId(blobId)) throw new BlobError('not-found', 'Not a blob id');
    return path.join(this.root, blobId.slice(-2));
  }

  #path(blobId: string): string {
    return path.join(this.#shardDir(blobId), blobId);
  }
}

type BlobSink = DirectFileSink | SyncedFileSink;

function closeSink(sink: BlobSink): Promise<void> {
  return new Promise((resolve, reject) => {
    if (sink.closed) return resolve();
    sink.once('close', resolve);
    sink.once('error', reject);
    sink.destroy();
  });
}

function asBlobError(err: unknown): unknown {
  if (err instanceof BlobError) return err;
  if (err instanceof StreamAeadError) {
    const code = err.code === 'bad-range' ? 'range-not-satisfiable' : 'integrity';
    return new BlobError(code, err.message, { cause: err });
  }
  if (err instanceof MasterKeyError) return new BlobError('key', err.message, { cause: err });
  const errno = (err as NodeJS.ErrnoException | undefined)?.code;
  if (errno === 'ENOSPC' || errno === 'EDQUOT') {
    return new BlobError('disk-full', 'No space left for the blob', { cause: err });
  }
  return err;
}
