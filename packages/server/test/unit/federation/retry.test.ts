/** Delivery policy: backoff with full jitter, response classification, per-partner circuit breaker. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type BreakerPermit,
  CircuitBreaker,
  classifyResponse,
  nextAttemptDelay,
  parseRetryAfter,
} from '../../../src/modules/federation/protocol/retry.ts';

const policy = { baseMs: 1_000, capMs: 60_000 };

describe('nextAttemptDelay', () => {
  it('stays within [0, min(cap, base·2^(attempt−1))) for any attempt and random draw (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        (attempt, r, baseMs, extra) => {
          const capMs = baseMs + extra;
          const delay = nextAttemptDelay(attempt, { baseMs, capMs, random: () => r });
          expect(Number.isInteger(delay)).toBe(true);
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThanOrEqual(Math.min(capMs, baseMs * 2 ** (attempt - 1)));
        },
      ),
    );
  });

  it('grows exponentially until the cap (upper bounds with random → 1)', () => {
    const top = (attempt: number) => nextAttemptDelay(attempt, { ...policy, random: () => 0.999_999_9 });
    expect([1, 2, 3, 4, 5, 6, 7, 8, 100].map(top)).toEqual([
      999, 1999, 3999, 7999, 15999, 31999, 59999, 59999, 59999,
    ]);
  });

  it('uses the full jitter range', () => {
    expect(nextAttemptDelay(4, { ...policy, random: () => 0 })).toBe(0);
    expect(nextAttemptDelay(4, { ...policy, random: () => 0.5 })).toBe(4000);
  });

  it('refuses nonsense', () => {
    expect(() => nextAttemptDelay(0, policy)).toThrow(RangeError);
    expect(() => nextAttemptDelay(1.5, policy)).toThrow(RangeError);
    expect(() => nextAttemptDelay(1, { baseMs: 0, capMs: 10 })).toThrow(RangeError);
    expect(() => nextAttemptDelay(1, { baseMs: 10, capMs: 5 })).toThrow(RangeError);
  });
});

describe('classifyResponse', () => {
  it.each([200, 201, 202, 204])('%i is delivered', (status) => {
    expect(classifyResponse(status)).toEqual({ kind: 'delivered' });
  });

  it.each([400, 401, 403, 404, 409, 410, 413, 415, 422, 301, 302, 307, 308])('%i is permanent', (status) => {
    expect(classifyResponse(status, { 'retry-after': '5' })).toEqual({ kind: 'permanent' });
  });

  it.each([408, 425, 429, 500, 502, 503, 504])('%i is retried', (status) => {
    expect(classifyResponse(status)).toEqual({ kind: 'retry' });
  });

  it('honours Retry-After in seconds and as an HTTP-date, with any header case', () => {
    const now = new Date('2026-03-02T10:00:00.000Z');
    expect(classifyResponse(503, { 'Retry-After': '120' }, { now })).toEqual({
      kind: 'retry-after',
      delayMs: 120_000,
    });
    expect(classifyResponse(429, { 'retry-after': 'Mon, 02 Mar 2026 10:00:30 GMT' }, { now })).toEqual({
      kind: 'retry-after',
      delayMs: 30_000,
    });
    expect(classifyResponse(429, { 'retry-after': 'Mon, 02 Mar 2026 09:00:00 GMT' }, { now })).toEqual({
      kind: 'retry-after',
      delayMs: 0,
    });
    expect(classifyResponse(503, { 'retry-after': ['7', '9'] }, { now })).toEqual({
      kind: 'retry-after',
      delayMs: 7_000,
    });
  });

  it('caps Retry-After and ignores values it cannot read', () => {
    expect(classifyResponse(503, { 'retry-after': '99999999' })).toEqual({
      kind: 'retry-after',
      delayMs: 24 * 3_600_000,
    });
    expect(classifyResponse(503, { 'retry-after': '60' }, { maxRetryAfterMs: 10_000 })).toEqual({
      kind: 'retry-after',
      delayMs: 10_000,
    });
    for (const junk of ['-5', '1.5', 'soon', '', 'Mon, 02 Mar 2026 10:00:30']) {
      expect(classifyResponse(503, { 'retry-after': junk })).toEqual({ kind: 'retry' });
    }
  });

  it('parseRetryAfter reads the three HTTP-date forms Date.parse knows with GMT', () => {
    const now = new Date('1994-11-06T08:49:00.000Z');
    expect(parseRetryAfter('Sun, 06 Nov 1994 08:49:37 GMT', now)).toBe(37_000);
    expect(parseRetryAfter('Sunday, 06-Nov-94 08:49:37 GMT', now)).toBe(37_000);
  });
});

describe('CircuitBreaker', () => {
  function breaker(failureThreshold = 3, cooldownMs = 10_000) {
    let now = 1_000_000;
    const b = new CircuitBreaker({ failureThreshold, cooldownMs, now: () => now });
    return { b, advance: (ms: number) => (now += ms), now: () => now };
  }
  /** One attempt that fails or succeeds at once. */
  const attempt = (b: CircuitBreaker, ok: boolean) => {
    const permit = b.tryAcquire();
    if (permit) (ok ? b.recordSuccess : b.recordFailure).call(b, permit);
    return permit;
  };

  it('opens after N consecutive failures, not before; a success resets the count', () => {
    const { b } = breaker(3);
    attempt(b, false);
    attempt(b, false);
    attempt(b, true);
    attempt(b, false);
    attempt(b, false);
    expect(b.state).toBe('closed');
    expect(b.consecutiveFailures).toBe(2);
    expect(attempt(b, false)).toEqual({ probe: false, epoch: 0 });
    expect(b.state).toBe('open');
    expect(b.tryAcquire()).toBeUndefined();
  });

  it('half-opens after the cooldown and lets exactly one probe through; success closes', () => {
    const { b, advance, now } = breaker(1, 10_000);
    attempt(b, false);
    expect(b.nextAttemptAt()).toBe(now() + 10_000);
    advance(9_999);
    expect(b.tryAcquire()).toBeUndefined();
    advance(1);
    expect(b.state).toBe('half-open');
    const probe = b.tryAcquire();
    expect(probe?.probe).toBe(true);
    expect(b.tryAcquire()).toBeUndefined();
    expect(b.tryAcquire()).toBeUndefined();
    b.recordSuccess(probe!);
    expect(b.state).toBe('closed');
    expect(b.consecutiveFailures).toBe(0);
    expect(b.tryAcquire()?.probe).toBe(false);
  });

  it('a failed probe reopens for a full cooldown', () => {
    const { b, advance } = breaker(2, 10_000);
    attempt(b, false);
    attempt(b, false);
    advance(10_000);
    expect(attempt(b, false)?.probe).toBe(true);
    expect(b.state).toBe('open');
    advance(9_000);
    expect(b.tryAcquire()).toBeUndefined();
    advance(1_000);
    expect(b.tryAcquire()?.probe).toBe(true);
  });

  it('a lost probe (no result reported) is replaced after the probe timeout, and its late result is ignored', () => {
    const { b, advance } = breaker(1, 10_000);
    attempt(b, false);
    advance(10_000);
    const lost = b.tryAcquire()!;
    advance(9_999);
    expect(b.tryAcquire()).toBeUndefined();
    advance(1);
    const second = b.tryAcquire()!;
    expect(second.probe).toBe(true);
    b.recordFailure(lost); // late answer of the first probe: ignored
    expect(b.state).toBe('half-open');
    b.recordSuccess(second);
    expect(b.state).toBe('closed');
  });

  it('late results of attempts started before the circuit opened change nothing', () => {
    const { b, advance } = breaker(1, 10_000);
    const early = b.tryAcquire()!;
    const alsoEarly = b.tryAcquire()!;
    b.recordFailure(early);
    expect(b.state).toBe('open');
    advance(5_000);
    b.recordFailure(alsoEarly); // would otherwise restart the cooldown
    advance(5_000);
    const probe = b.tryAcquire()!;
    expect(probe.probe).toBe(true);
    b.recordSuccess(alsoEarly); // stale success does not close the circuit behind the probe's back
    expect(b.tryAcquire()).toBeUndefined();
    b.recordFailure(probe);
    expect(b.state).toBe('open');
  });

  it('never has more than one probe outstanding, and refuses everything while open (property)', () => {
    const event = fc.oneof(
      fc.constant('acquire' as const),
      fc.record({ ok: fc.boolean(), which: fc.nat() }),
      fc.integer({ min: 0, max: 20_000 }),
    );
    fc.assert(
      fc.property(fc.array(event, { maxLength: 80 }), (events) => {
        let now = 0;
        const b = new CircuitBreaker({
          failureThreshold: 3,
          cooldownMs: 10_000,
          probeTimeoutMs: 1e12,
          now: () => now,
        });
        const inFlight: BreakerPermit[] = [];
        for (const e of events) {
          if (typeof e === 'number') now += e;
          else if (e === 'acquire') {
            const before = b.state;
            const permit = b.tryAcquire();
            if (before === 'open') expect(permit).toBeUndefined();
            if (before === 'closed') expect(permit?.probe).toBe(false);
            if (permit) inFlight.push(permit);
            const liveProbes = inFlight.filter((p) => p.probe && b.state === 'half-open');
            expect(liveProbes.length).toBeLessThanOrEqual(1);
          } else if (inFlight.length > 0) {
            // Results come back in any order.
            const [permit] = inFlight.splice(e.which % inFlight.length, 1);
            const before = b.state;
            if (e.ok) b.recordSuccess(permit!);
            else b.recordFailure(permit!);
            if (before === 'open') expect(b.state).toBe('open');
          }
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses a threshold below 1', () => {
    expect(() => new CircuitBreaker({ failureThreshold: 0, cooldownMs: 1 })).toThrow(RangeError);
  });
});
