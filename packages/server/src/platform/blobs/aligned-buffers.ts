/**
 * Page-aligned buffers for direct I/O (O_DIRECT), which needs the memory it writes from to be
 * aligned to the device's block size. Node's Buffers are only 16-byte aligned and there is no API to
 * ask for more; WebAssembly memory is mapped by V8's page allocator, so every offset in it that is a
 * multiple of the page size is page-aligned in practice (no specification promises it: a write
 * from a misaligned buffer fails with EINVAL, which the sink answers by writing through the page
 * cache — slower, never wrong).
 *
 * Buffers are handed out from a process-wide free list that grows by one WebAssembly memory at a
 * time and never shrinks: what it holds is what the busiest moment needed (a few MiB per concurrent
 * ingest), reused from then on. Each memory also reserves address space (about 10 GiB on x64, for
 * V8's guard regions; not memory), which is why `take()` may throw where address space is limited.
 */

const WASM_PAGE = 64 * 1024;

export class AlignedBufferPool {
  readonly #free: Buffer[] = [];
  /** Buffers this pool made, and which of them are free: a buffer given back twice is a bug. */
  readonly #ours = new WeakSet<Buffer>();
  readonly #isFree = new WeakSet<Buffer>();

  /** `bufferSize` must be a multiple of 64 KiB; each new memory holds `perMemory` buffers. */
  constructor(
    readonly bufferSize: number,
    private readonly perMemory: number,
  ) {
    if (bufferSize <= 0 || bufferSize % WASM_PAGE !== 0) {
      throw new RangeError('The buffer size must be a positive multiple of 64 KiB');
    }
  }

  /** A free buffer; throws where WebAssembly memory cannot be had (no address space, --jitless). */
  take(): Buffer {
    if (this.#free.length === 0) {
      const pages = (this.bufferSize / WASM_PAGE) * this.perMemory;
      const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
      for (let i = 0; i < this.perMemory; i++) {
        const buffer = Buffer.from(memory.buffer, i * this.bufferSize, this.bufferSize);
        this.#ours.add(buffer);
        this.#free.push(buffer);
        this.#isFree.add(buffer);
      }
    }
    const buffer = this.#free.pop() as Buffer;
    this.#isFree.delete(buffer);
    return buffer;
  }

  /** Whether `buffer` came from this pool (others are left to the garbage collector). */
  owns(buffer: Buffer): boolean {
    return this.#ours.has(buffer);
  }

  give(buffer: Buffer): void {
    if (!this.#ours.has(buffer)) throw new Error('Not a buffer of this pool');
    if (this.#isFree.has(buffer)) throw new Error('A buffer was given back twice');
    this.#isFree.add(buffer);
    this.#free.push(buffer);
  }
}
