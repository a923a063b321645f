/** One Server-Sent Event (https://html.spec.whatwg.org/multipage/server-sent-events.html). */
export interface SseMessage {
  event: string;
  data: string;
  /** The last event id: this event's own, or one an earlier event set (the format keeps it). */
  id?: string;
  /** Set when this event itself named its id (events such as `resync` name none). */
  ownId?: true;
}

/**
 * Incremental parser for the text/event-stream format: feed it chunks as they arrive, it returns the
 * complete events. Comments (":") and unknown fields are ignored; `retry` is reported separately.
 */
export class SseParser {
  #buffer = '';
  #event = '';
  #data: string[] = [];
  #id: string | undefined;
  #ownId = false;
  retryMs: number | undefined;

  push(chunk: string): SseMessage[] {
    this.#buffer += chunk;
    const out: SseMessage[] = [];
    for (;;) {
      const nl = this.#buffer.search(/\r\n|\r|\n/);
      if (nl < 0) break;
      const line = this.#buffer.slice(0, nl);
      const eolLength = this.#buffer.startsWith('\r\n', nl) ? 2 : 1;
      this.#buffer = this.#buffer.slice(nl + eolLength);
      if (line === '') {
        if (this.#data.length > 0) {
          out.push({
            event: this.#event || 'message',
            data: this.#data.join('\n'),
            ...(this.#id !== undefined ? { id: this.#id } : {}),
            ...(this.#ownId ? { ownId: true as const } : {}),
          });
        }
        this.#event = '';
        this.#data = [];
        this.#ownId = false;
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'event') this.#event = value;
      else if (field === 'data') this.#data.push(value);
      else if (field === 'id' && !value.includes('\0')) {
        this.#id = value;
        this.#ownId = true;
      } else if (field === 'retry' && /^\d+$/.test(value)) this.retryMs = Number(value);
    }
    return out;
  }
}

/** The ids most recently added, at most `limit` (the oldest goes first). */
export class RecentIds {
  readonly #ids = new Set<string>();
  constructor(private readonly limit: number) {}

  /** Adds `id`; false when it was already there. */
  add(id: string): boolean {
    if (this.#ids.has(id)) return false;
    this.#ids.add(id);
    // A Set iterates in insertion order: its first value is the oldest.
    if (this.#ids.size > this.limit) this.#ids.delete(this.#ids.values().next().value as string);
    return true;
  }
}

/** Event ids remembered to drop repeats: far more than a replay after a reconnection holds. */
const SEEN_KEPT = 2_000;

export type StreamStatus = 'connecting' | 'open' | 'retrying';

export interface StreamOptions {
  url: string;
  onMessage: (m: SseMessage) => void;
  onStatus: (s: StreamStatus) => void;
}

/**
 * Follows an SSE endpoint with fetch (not EventSource: that only delivers named events one listens
 * for by name, and the server names events by domain event type). Reconnects with exponential
 * backoff and jitter, resuming from the last event id; an event delivered once is not delivered
 * again. Returns a function that stops it.
 */
export function followStream({ url, onMessage, onStatus }: StreamOptions): () => void {
  const controller = new AbortController();
  let lastId: string | undefined;
  const seen = new RecentIds(SEEN_KEPT);
  let attempt = 0;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      controller.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve();
      });
    });

  const run = async () => {
    while (!controller.signal.aborted) {
      onStatus(attempt === 0 ? 'connecting' : 'retrying');
      const parser = new SseParser();
      try {
        const res = await fetch(url, {
          headers: { accept: 'text/event-stream', ...(lastId ? { 'last-event-id': lastId } : {}) },
          credentials: 'same-origin',
          cache: 'no-store',
          signal: controller.signal,
        });
        if (res.ok && res.body) {
          onStatus('open');
          attempt = 0;
          const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            for (const m of parser.push(value)) {
              if (m.id && m.ownId) {
                // A replay may repeat events already delivered (the server's `since`).
                if (!seen.add(m.id)) continue;
                lastId = m.id;
              }
              onMessage(m);
            }
          }
        }
      } catch {
        // network loss or abort; the loop decides
      }
      if (controller.signal.aborted) break;
      attempt += 1;
      const base = parser.retryMs ?? 1000;
      const wait = Math.min(base * 2 ** Math.min(attempt - 1, 5), 60_000) * (0.75 + Math.random() * 0.5);
      onStatus('retrying');
      await sleep(wait);
    }
  };
  void run();
  return () => controller.abort();
}
