import type { ProblemCode } from '@comity/contracts';
import { createStore } from './store.ts';

/** 401 codes after which the user can get back in without leaving the page. */
export const reauthCodes = new Set<ProblemCode>(['session-locked', 'session-expired', 'unauthenticated']);

export type ReauthReason = 'session-locked' | 'session-expired' | 'unauthenticated';

interface Pending {
  reason: ReauthReason;
  promise: Promise<void>;
  resolve: () => void;
  reject: (e: Error) => void;
}

export class ReauthCancelled extends Error {
  constructor() {
    super('Re-authentication was cancelled');
    this.name = 'ReauthCancelled';
  }
}

let pending: Pending | null = null;
const store = createStore<{ reason: ReauthReason } | null>(null);

/**
 * The interrupted calls wait here while the re-authentication modal is open; every call that hit a
 * 401 in the meantime shares the same wait and is retried once the user is back. The page under the
 * modal is never unmounted, so unsaved form state survives.
 */
export const reauth = {
  store,
  request(reason: ReauthReason): Promise<void> {
    if (!pending) {
      let resolve!: () => void;
      let reject!: (e: Error) => void;
      const promise = new Promise<void>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      pending = { reason, promise, resolve, reject };
      store.set({ reason });
    }
    return pending.promise;
  },
  succeeded(): void {
    const p = pending;
    pending = null;
    store.set(null);
    p?.resolve();
  },
  cancelled(): void {
    const p = pending;
    pending = null;
    store.set(null);
    p?.reject(new ReauthCancelled());
  },
};
