import { createStore } from './store.ts';

/**
 * Reading personal data (e.g. a request naming persons concerned) needs a stated purpose, sent as
 * `x-comity-purpose` and written into the read's audit event (LED Art. 25). When the server answers
 * 422 `purpose-required`, the API client waits here while a modal asks the user why they read it,
 * then retries with the answer. The answer is kept in memory for this tab, per object, so the same
 * screen does not ask again on every refetch; a reload asks again.
 */

export class PurposeCancelled extends Error {
  constructor() {
    super('No purpose was given');
    this.name = 'PurposeCancelled';
  }
}

interface Pending {
  key: string;
  promise: Promise<string>;
  resolve: (purpose: string) => void;
  reject: (e: Error) => void;
}

const remembered = new Map<string, string>();
let pending: Pending | null = null;
const store = createStore<{ key: string } | null>(null);

export const purpose = {
  store,
  /** The purpose already given for this object in this tab, if any. */
  known(key: string): string | undefined {
    return remembered.get(key);
  },
  /** Asks the user (once for concurrent calls on the same object). */
  ask(key: string): Promise<string> {
    if (pending && pending.key === key) return pending.promise;
    if (pending) {
      // Another object's question is open: queue behind it.
      return pending.promise.then(
        () => purpose.ask(key),
        () => purpose.ask(key),
      );
    }
    let resolve!: (p: string) => void;
    let reject!: (e: Error) => void;
    const promise = new Promise<string>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    pending = { key, promise, resolve, reject };
    store.set({ key });
    return promise;
  },
  answer(text: string): void {
    const p = pending;
    if (!p) return;
    remembered.set(p.key, text);
    pending = null;
    store.set(null);
    p.resolve(text);
  },
  cancel(): void {
    const p = pending;
    pending = null;
    store.set(null);
    p?.reject(new PurposeCancelled());
  },
  /** Forget every purpose (sign-out). */
  clear(): void {
    remembered.clear();
  },
};
