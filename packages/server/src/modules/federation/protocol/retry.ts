/**
 * Pure delivery policy for the outbox: how long to wait before the next attempt, what an answer
 * means, and when to stop knocking on a partner's door for a while.
 */

export interface BackoffPolicy {
  /** Upper bound of the first retry's delay. */
  baseMs: number;
  /** No delay exceeds this. */
  capMs: number;
  /** Uniform in [0, 1); injectable for tests. */
  random?: () => number;
}

export const DEFAULT_BACKOFF: Readonly<Required<Omit<BackoffPolicy, 'random'>>> = {
  baseMs: 1_000,
  capMs: 15 * 60_000,
};

/**
 * Delay before retry number `attempt` (1 = the first retry): exponential backoff with full jitter,
 * uniform in [0, min(cap, base·2^(attempt−1))), so retries of many envelopes to a partner that
 * comes back do not arrive in waves ("Exponential Backoff And Jitter", AWS Architecture Blog, 2015).
 */
export function nextAttemptDelay(attempt: number, policy: BackoffPolicy): number {
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError('attempt is an integer from 1');
  if (!(policy.baseMs > 0) || !(policy.capMs >= policy.baseMs))
    throw new RangeError('need 0 < baseMs <= capMs');
  // 2 ** 1075 is Infinity: min() still gives the cap, no overflow to care about.
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** (attempt - 1));
  const r = (policy.random ?? Math.random)();
  const unit = r >= 0 && r < 1 ? r : 0;
  return Math.floor(unit * ceiling);
}

export type DeliveryOutcome =
  | { kind: 'delivered' }
  | { kind: 'retry' }
  | { kind: 'retry-after'; delayMs: number }
  | { kind: 'permanent' };

export interface ClassifyOptions {
  /** For `Retry-After` given as an HTTP-date. */
  now?: Date;
  /** A partner cannot park our queue for longer than this through `Retry-After`. Default 24 h. */
  maxRetryAfterMs?: number;
}

/** Statuses worth another attempt (RFC 9110 §15.5.9 408, RFC 8470 425, RFC 6585 429, and 5xx). */
const TRANSIENT = new Set([408, 425, 429]);

/**
 * What an HTTP answer to a delivery means.
 *   2xx                 delivered (a duplicate is answered 2xx too: the inbox is idempotent)
 *   408, 425, 429, 5xx  retry, after `Retry-After` when the partner gives one
 *   anything else       permanent: 400 malformed, 401/403 signature or partner refused, 404/410 no
 *                       such recipient, 409 idempotency conflict, 413 too large, 422 refused
 *                       envelope, 3xx (a signed POST is never redirected: @target-uri would change).
 * Permanent failures are not retried but surfaced to the administrator with their problem+json.
 */
export function classifyResponse(
  status: number,
  headers: Record<string, string | string[] | undefined> = {},
  options: ClassifyOptions = {},
): DeliveryOutcome {
  if (status >= 200 && status < 300) return { kind: 'delivered' };
  if (!TRANSIENT.has(status) && !(status >= 500 && status < 600)) return { kind: 'permanent' };
  const retryAfter = headerValue(headers, 'retry-after');
  const delayMs =
    retryAfter === undefined ? undefined : parseRetryAfter(retryAfter, options.now ?? new Date());
  if (delayMs === undefined) return { kind: 'retry' };
  return { kind: 'retry-after', delayMs: Math.min(delayMs, options.maxRetryAfterMs ?? 24 * 3_600_000) };
}

/**
 * `Retry-After` (RFC 9110 §10.2.3): delay-seconds (a non-negative integer) or an HTTP-date.
 * A date in the past means "now" (0). Undefined when the value is neither.
 */
export function parseRetryAfter(value: string, now: Date): number | undefined {
  const text = value.trim();
  if (/^\d+$/.test(text)) {
    const seconds = Number(text);
    return Number.isSafeInteger(seconds) ? seconds * 1000 : undefined;
  }
  // IMF-fixdate "Sun, 06 Nov 1994 08:49:37 GMT" (and the obsolete forms Date.parse also reads).
  if (!/GMT$/.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

function headerValue(
  headers: Record<string, string | string[] | undefined>,
  name: string,
): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name) continue;
    return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

export type BreakerState = 'closed' | 'open' | 'half-open';

/** Permission for one attempt; hand it back with the attempt's result. */
export interface BreakerPermit {
  /** True for the single trial attempt of a half-open circuit. */
  readonly probe: boolean;
  /** The breaker epoch it was issued in: results of attempts from an earlier epoch change nothing. */
  readonly epoch: number;
}

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** How long an open circuit refuses attempts before letting one probe through. */
  cooldownMs: number;
  /** A probe with no reported result after this long is presumed lost; another may go. Default: cooldownMs. */
  probeTimeoutMs?: number;
  /** Milliseconds since an epoch; injectable for tests. */
  now?: () => number;
}

/**
 * One breaker per partner node. closed → (failureThreshold consecutive failures) → open →
 * (cooldownMs) → half-open: exactly one probe; success closes, failure reopens for another cooldown.
 * Count as failures only what says something about the partner (network errors, timeouts, 5xx,
 * 429), not permanent refusals of one envelope.
 *
 * Each opening and each closing starts a new epoch; a result reported with a permit of an earlier
 * epoch (an attempt that was already in flight when the circuit opened, or a probe that timed out)
 * is ignored, so a late answer can neither extend a cooldown nor let a second probe through.
 */
export class CircuitBreaker {
  private current: BreakerState = 'closed';
  private failures = 0;
  private openedAt = 0;
  private epoch = 0;
  private probeStartedAt: number | undefined;
  private readonly now: () => number;

  constructor(private readonly options: CircuitBreakerOptions) {
    if (!Number.isInteger(options.failureThreshold) || options.failureThreshold < 1) {
      throw new RangeError('failureThreshold is an integer from 1');
    }
    this.now = options.now ?? Date.now;
  }

  /** The state as of now (an open circuit whose cooldown has passed reads as half-open). */
  get state(): BreakerState {
    if (this.current === 'open' && this.now() - this.openedAt >= this.options.cooldownMs) return 'half-open';
    return this.current;
  }

  get consecutiveFailures(): number {
    return this.failures;
  }

  /** When an attempt may next be made (ms since epoch); now when closed. */
  nextAttemptAt(): number {
    if (this.current === 'closed') return this.now();
    if (this.current === 'open') return this.openedAt + this.options.cooldownMs;
    return (this.probeStartedAt ?? this.now()) + this.probeTimeout;
  }

  /**
   * Asks to make one attempt: a permit when it may go, undefined when not. In half-open the permit is
   * the probe, and every other caller is refused until its result is recorded or it times out.
   */
  tryAcquire(): BreakerPermit | undefined {
    const now = this.now();
    if (this.current === 'closed') return { probe: false, epoch: this.epoch };
    if (this.current === 'open') {
      if (now - this.openedAt < this.options.cooldownMs) return undefined;
      this.current = 'half-open';
      this.probeStartedAt = undefined;
    }
    if (this.probeStartedAt !== undefined && now - this.probeStartedAt < this.probeTimeout) return undefined;
    this.probeStartedAt = now;
    // A replaced (timed-out) probe's late result must not count: each probe gets its own epoch.
    this.epoch += 1;
    return { probe: true, epoch: this.epoch };
  }

  recordSuccess(permit: BreakerPermit): void {
    if (permit.epoch !== this.epoch) return;
    if (this.current !== 'closed') this.epoch += 1;
    this.current = 'closed';
    this.failures = 0;
    this.probeStartedAt = undefined;
  }

  recordFailure(permit: BreakerPermit): void {
    if (permit.epoch !== this.epoch) return;
    this.failures += 1;
    if (this.current === 'half-open' || this.failures >= this.options.failureThreshold) {
      this.current = 'open';
      this.openedAt = this.now();
      this.probeStartedAt = undefined;
      this.epoch += 1;
    }
  }

  private get probeTimeout(): number {
    return this.options.probeTimeoutMs ?? this.options.cooldownMs;
  }
}
