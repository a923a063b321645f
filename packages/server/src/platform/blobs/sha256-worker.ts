/**
 * SHA-256 on a second core. Ingest must both hash and encrypt every byte; on one thread the two
 * costs add up, so the hash runs in a worker thread while the main thread encrypts and writes.
 *
 * Bytes travel in a small pool of 1 MiB ArrayBuffers that are transferred (not copied) to the
 * worker and back: memory stays bounded (pool size × 1 MiB per ingest) and a full pool is
 * back-pressure on the ingest stream. One worker serves every concurrent ingest (sessions by id).
 */
import crypto from 'node:crypto';
import { Worker } from 'node:worker_threads';

/** Incremental SHA-256 with an asynchronous end. `update` may return a promise: await it (back-pressure). */
export interface Sha256Sink {
  update(chunk: Uint8Array): undefined | Promise<void>;
  digest(): Promise<string>;
  abort(): void;
}

export function inlineSha256(): Sha256Sink {
  const hash = crypto.createHash('sha256');
  return {
    update(chunk) {
      hash.update(chunk);
      return undefined;
    },
    digest: async () => hash.digest('hex'),
    abort() {},
  };
}

const BUFFER_SIZE = 1024 * 1024;
const POOL_SIZE = 4;

// Plain CommonJS so it runs as an `eval` worker under any loader (tsx, vitest, plain node).
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const crypto = require('node:crypto');
const sessions = new Map();
parentPort.on('message', (m) => {
  if (m.t === 'u') {
    let h = sessions.get(m.id);
    if (!h) { h = crypto.createHash('sha256'); sessions.set(m.id, h); }
    h.update(new Uint8Array(m.buf, 0, m.len));
    parentPort.postMessage({ t: 'u', id: m.id, buf: m.buf }, [m.buf]);
  } else if (m.t === 'd') {
    const h = sessions.get(m.id) || crypto.createHash('sha256');
    sessions.delete(m.id);
    parentPort.postMessage({ t: 'd', id: m.id, hex: h.digest('hex') });
  } else if (m.t === 'x') {
    sessions.delete(m.id);
  }
});
`;

type FromWorker = { t: 'u'; id: number; buf: ArrayBuffer } | { t: 'd'; id: number; hex: string };

interface Session {
  returned(buf: ArrayBuffer): void;
  done(hex: string): void;
  broken(err: Error): void;
}

/**
 * A worker that fails (an error, or an exit such as running out of its small heap) fails the
 * sessions it was serving; the next session starts a fresh worker, so one failure never disables
 * hashing for the uploads after it.
 */
export class Sha256Worker {
  #worker: Worker | undefined;
  #sessions = new Map<number, Session>();
  #nextId = 1;

  #ensure(): Worker {
    if (this.#worker) return this.#worker;
    // Plain CommonJS: no loader flags from the parent (`--import tsx` would load a TypeScript loader
    // into the worker for nothing), and a modest heap — it only ever holds a few hash states.
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      execArgv: [],
      resourceLimits: { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: 32 },
    });
    worker.unref();
    worker.on('message', (m: FromWorker) => {
      const s = this.#sessions.get(m.id);
      if (m.t === 'u') s?.returned(m.buf);
      else s?.done(m.hex);
    });
    let failure: Error | undefined;
    worker.on('error', (err) => {
      failure = err;
    });
    worker.on('exit', () => {
      if (this.#worker === worker) this.#worker = undefined;
      const err = failure ?? new Error('SHA-256 worker exited');
      const sessions = [...this.#sessions.values()];
      this.#sessions.clear();
      for (const s of sessions) s.broken(err);
    });
    this.#worker = worker;
    return worker;
  }

  session(): Sha256Sink {
    const worker = this.#ensure();
    const id = this.#nextId++;
    const free: ArrayBuffer[] = Array.from({ length: POOL_SIZE }, () => new ArrayBuffer(BUFFER_SIZE));
    let current: Uint8Array | undefined;
    let fill = 0;
    let waiter: (() => void) | undefined;
    let finish: ((hex: string) => void) | undefined;
    /** Set when the worker serving this session failed: every later call fails with it. */
    let failure: Error | undefined;
    const post = () => {
      if (!current) return;
      const buf = current.buffer as ArrayBuffer;
      worker.postMessage({ t: 'u', id, buf, len: fill }, [buf]);
      current = undefined;
      fill = 0;
    };
    this.#sessions.set(id, {
      returned: (buf) => {
        free.push(buf);
        const w = waiter;
        waiter = undefined;
        w?.();
      },
      done: (hex) => finish?.(hex),
      broken: (err) => {
        failure = err;
        waiter?.();
        finish?.('');
      },
    });
    const fail = () => failure ?? new Error('SHA-256 worker failed');
    const update = async (chunk: Uint8Array): Promise<void> => {
      let off = 0;
      while (off < chunk.length) {
        if (!current) {
          while (free.length === 0) {
            if (failure) throw fail();
            await new Promise<void>((resolve) => {
              waiter = resolve;
            });
          }
          current = new Uint8Array(free.pop() as ArrayBuffer);
        }
        const n = Math.min(BUFFER_SIZE - fill, chunk.length - off);
        current.set(chunk.subarray(off, off + n), fill);
        fill += n;
        off += n;
        if (fill === BUFFER_SIZE) post();
      }
    };
    return {
      update: (chunk) => {
        // Fast path without a promise when the current buffer has room.
        if (current && fill + chunk.length < BUFFER_SIZE) {
          current.set(chunk, fill);
          fill += chunk.length;
          return undefined;
        }
        return update(chunk);
      },
      digest: () =>
        new Promise<string>((resolve, reject) => {
          if (failure) {
            reject(fail());
            return;
          }
          finish = (hex) => {
            this.#sessions.delete(id);
            if (hex) resolve(hex);
            else reject(fail());
          };
          post();
          worker.postMessage({ t: 'd', id });
        }),
      abort: () => {
        this.#sessions.delete(id);
        if (!failure) worker.postMessage({ t: 'x', id });
      },
    };
  }

  async close(): Promise<void> {
    const w = this.#worker;
    this.#worker = undefined;
    if (w) await w.terminate();
  }
}
