import { createStore } from './store.ts';

export interface Connectivity {
  online: boolean;
  /** When the next automatic probe runs (epoch ms), while offline. */
  nextProbeAt: number | null;
}

const store = createStore<Connectivity>({ online: true, nextProbeAt: null });
const MIN_DELAY_MS = 1_000;
const MAX_DELAY_MS = 30_000;
let delay = MIN_DELAY_MS;
let timer: ReturnType<typeof setTimeout> | undefined;
let probing = false;

function scheduleProbe(): void {
  clearTimeout(timer);
  // Exponential backoff with jitter so a room full of officers does not hammer a recovering server.
  const wait = Math.round(delay * (0.8 + Math.random() * 0.4));
  delay = Math.min(delay * 2, MAX_DELAY_MS);
  store.set({ online: false, nextProbeAt: Date.now() + wait });
  timer = setTimeout(() => void probe(), wait);
}

async function probe(): Promise<void> {
  if (probing) return;
  probing = true;
  try {
    const res = await fetch('/api/health', { cache: 'no-store' });
    if (res.ok) connectivity.reportSuccess();
    else scheduleProbe();
  } catch {
    scheduleProbe();
  } finally {
    probing = false;
  }
}

/**
 * Whether the server can be reached. A failed fetch flips it to offline and starts probing
 * /api/health with backoff; the first success flips it back, and TanStack Query (wired to this in
 * query-client.ts) resumes paused queries and mutations.
 */
export const connectivity = {
  store,
  reportFailure(): void {
    if (store.get().online) {
      delay = MIN_DELAY_MS;
      scheduleProbe();
    }
  },
  reportSuccess(): void {
    if (!store.get().online) {
      clearTimeout(timer);
      delay = MIN_DELAY_MS;
      store.set({ online: true, nextProbeAt: null });
    }
  },
  retryNow(): void {
    clearTimeout(timer);
    void probe();
  },
  install(): void {
    window.addEventListener('offline', () => connectivity.reportFailure());
    window.addEventListener('online', () => connectivity.retryNow());
  },
};
