import { createHash } from 'node:crypto';
import type { BlobSink, BlobSource } from '../../src/modules/federation/evidence-offer.ts';

/** Blobs held in memory by SHA-256: the stand-in for the evidence module's encrypted store. */
export class InMemoryBlobSource implements BlobSource {
  private readonly blobs = new Map<string, Buffer>();

  put(bytes: Buffer): string {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    this.blobs.set(sha256, bytes);
    return sha256;
  }

  async size(sha256: string): Promise<number | undefined> {
    return this.blobs.get(sha256)?.length;
  }

  async *read(sha256: string, start: number, end: number): AsyncIterable<Uint8Array> {
    const bytes = this.blobs.get(sha256);
    if (!bytes) throw new Error('no such blob');
    for (let at = start; at <= end; at += 64 * 1024)
      yield bytes.subarray(at, Math.min(at + 64 * 1024, end + 1));
  }
}

/** A sink in memory; `failAfterBytes` makes it fail like a full disk or a dropped connection. */
export class InMemoryBlobSink implements BlobSink {
  readonly chunks: Buffer[] = [];
  private total = 0;

  constructor(o: { failAfterBytes?: number } = {}) {
    this.failAfterBytes = o.failAfterBytes;
  }

  failAfterBytes: number | undefined;

  async length(): Promise<number> {
    return this.total;
  }

  async append(chunk: Uint8Array): Promise<void> {
    if (this.failAfterBytes !== undefined && this.total + chunk.length > this.failAfterBytes) {
      throw new Error('sink interrupted');
    }
    this.chunks.push(Buffer.from(chunk));
    this.total += chunk.length;
  }

  async *readAll(): AsyncIterable<Uint8Array> {
    yield* this.chunks;
  }
}
