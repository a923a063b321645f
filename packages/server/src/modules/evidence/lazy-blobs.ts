import type { Readable } from 'node:stream';
import { BlobStore, type BlobStoreOptions, type IngestOptions } from '../../platform/blobs/blob-store.ts';

/** What the evidence module uses of the blob store. */
export type Blobs = Pick<BlobStore, 'ingest' | 'open' | 'rehash' | 'remove' | 'close'>;

/**
 * Opens the blob store on first use. Opening sweeps the store's temp directory, so a process that
 * never touches evidence files (most CLI commands) must not open it while a server is ingesting.
 */
export class LazyBlobs implements Blobs {
  #store: Promise<BlobStore> | undefined;
  constructor(private readonly options: BlobStoreOptions) {}

  #get(): Promise<BlobStore> {
    this.#store ??= BlobStore.open(this.options);
    return this.#store;
  }
  async ingest(source: Readable | AsyncIterable<Uint8Array>, options: IngestOptions) {
    return (await this.#get()).ingest(source, options);
  }
  async open(...args: Parameters<BlobStore['open']>) {
    return (await this.#get()).open(...args);
  }
  async rehash(...args: Parameters<BlobStore['rehash']>) {
    return (await this.#get()).rehash(...args);
  }
  async remove(...args: Parameters<BlobStore['remove']>) {
    return (await this.#get()).remove(...args);
  }
  async close() {
    if (this.#store) await (await this.#store).close();
  }
}
