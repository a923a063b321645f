/**
 * Page-aligned buffers for direct I/O (O_DIRECT), which needs the memory it writes from to be
 * aligned to the device's block size. Node's Buffers are only 16-byte aligned and there is no API to
 * ask for more; WebAssembly memory is allocated by V8's page allocator, so every offset in it that
 * is a multiple of the page size is page-aligned (and so block-aligned).
 *
 * Buffers are handed out from a process-wide free list that grows by one WebAssembly memory at a
 * time and never shrinks: what it holds is what the busiest moment needed (a few MiB per concurrent
 * ingest), reused from then on.
 */

const WASM_PAGE = 64 * 1024;

export class AlignedBufferPool {
  readonly #free: Buffer[] = [];

  /** `bufferSize` must be a multiple of 64 KiB; each new memory holds `perMemory` buffers. */
  constructor(
    readonly bufferSize: number,
    private readonly perMemory: number,
  ) {
    if (bufferSize <= 0 || bufferSize % WASM_PAGE !== 0) {
      throw new RangeError('The buffer size must be a positive multiple of 64 KiB');
    }
  }

  take(): Buffer {
    if (this.#free.length === 0) {
      const pages = (this.bufferSize / WASM_PAGE) * this.perMemory;
      const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
      for (let i = 0; i < this.perMemory; i++) {
        this.#free.push(Buffer.from(memory.buffer, i * this.bufferSize, this.bufferSize));
      }
    }
    return this.#free.pop() as Buffer;
  }

  give(buffer: Buffer): void {
    this.#free.push(buffer);
  }
}
