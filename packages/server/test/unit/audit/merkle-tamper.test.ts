/**
 * Tamper evidence at the level of the audit log: the tree head over leafHash(event) changes under any
 * edit of the event sequence (RFC 9162 §2.1.1 hashing; SHA-256 collisions assumed infeasible).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { leafHash, nodeHash, rootFromLeafHashes, toHex } from '../../../src/modules/audit/merkle.ts';

const RUNS = { numRuns: 300 };

const logRoot = (events: readonly Uint8Array[]): string => toHex(rootFromLeafHashes(events.map(leafHash)));

const event = fc.uint8Array({ minLength: 0, maxLength: 48 });
const nonEmptyEvent = fc.uint8Array({ minLength: 1, maxLength: 48 });
const log = fc.array(event, { minLength: 0, maxLength: 80 });
/** Logs of pairwise distinct events (by content), for reorderings that must be visible. */
const distinctLog = (minLength: number) =>
  fc.uniqueArray(event, { minLength, maxLength: 80, selector: (e) => Buffer.from(e).toString('hex') });

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b));

describe('log-level tamper evidence', () => {
  it('changing one byte of one event changes the root', () => {
    fc.assert(
      fc.property(
        fc.array(nonEmptyEvent, { minLength: 1, maxLength: 80 }),
        fc.nat(),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (events, e, b, delta) => {
          const i = e % events.length;
          const target = events[i] as Uint8Array;
          const j = b % target.length;
          const edited = Uint8Array.from(target);
          edited[j] = ((edited[j] as number) + delta) % 256;
          const tampered = events.with(i, edited);
          expect(logRoot(tampered)).not.toBe(logRoot(events));
        },
      ),
      RUNS,
    );
  });

  it('replacing one event by any different event changes the root', () => {
    fc.assert(
      fc.property(
        fc.array(event, { minLength: 1, maxLength: 80 }),
        fc.nat(),
        event,
        (events, e, replacement) => {
          const i = e % events.length;
          fc.pre(!sameBytes(events[i] as Uint8Array, replacement));
          expect(logRoot(events.with(i, replacement))).not.toBe(logRoot(events));
        },
      ),
      RUNS,
    );
  });

  it('deleting one event changes the root', () => {
    fc.assert(
      fc.property(fc.array(event, { minLength: 1, maxLength: 80 }), fc.nat(), (events, e) => {
        const i = e % events.length;
        expect(logRoot(events.toSpliced(i, 1))).not.toBe(logRoot(events));
      }),
      RUNS,
    );
  });

  it('inserting one event anywhere changes the root (even a duplicate of a neighbour)', () => {
    fc.assert(
      fc.property(log, fc.nat(), event, fc.boolean(), (events, p, fresh, duplicate) => {
        const i = p % (events.length + 1);
        const inserted = duplicate && events.length > 0 ? events[Math.max(0, i - 1)]! : fresh;
        expect(logRoot(events.toSpliced(i, 0, inserted))).not.toBe(logRoot(events));
      }),
      RUNS,
    );
  });

  it('swapping two distinct events changes the root', () => {
    fc.assert(
      fc.property(distinctLog(2), fc.nat(), fc.nat(), (events, a, b) => {
        const i = a % events.length;
        const j = b % events.length;
        fc.pre(i !== j);
        const swapped = events.with(i, events[j]!).with(j, events[i]!);
        expect(logRoot(swapped)).not.toBe(logRoot(events));
      }),
      RUNS,
    );
  });

  it('any non-identity reordering of distinct events changes the root', () => {
    fc.assert(
      fc.property(
        distinctLog(2).chain((events) =>
          fc.tuple(fc.constant(events), fc.shuffledSubarray(events, { minLength: events.length })),
        ),
        ([events, shuffled]) => {
          fc.pre(shuffled.some((e, k) => e !== events[k]));
          expect(logRoot(shuffled)).not.toBe(logRoot(events));
        },
      ),
      RUNS,
    );
  });

  it('truncating or extending the log changes the root', () => {
    fc.assert(
      fc.property(log, fc.nat(), fc.array(event, { minLength: 1, maxLength: 8 }), (events, p, extra) => {
        const root = logRoot(events);
        const cut = p % (events.length + 1);
        if (cut < events.length) expect(logRoot(events.slice(0, cut))).not.toBe(root);
        expect(logRoot([...events, ...extra])).not.toBe(root);
      }),
      RUNS,
    );
  });

  it('moving a boundary between two events (same concatenated bytes) changes the root', () => {
    fc.assert(
      fc.property(log, nonEmptyEvent, event, fc.nat(), fc.nat(), (events, a, b, p, q) => {
        // Split a ‖ b differently: the log is a list of events, not a byte stream.
        const joined = Buffer.concat([a, b]);
        const k = q % (joined.length + 1);
        fc.pre(k !== a.length);
        const i = p % (events.length + 1);
        const original = events.toSpliced(i, 0, a, b);
        const reSplit = events.toSpliced(i, 0, joined.subarray(0, k), joined.subarray(k));
        expect(logRoot(reSplit)).not.toBe(logRoot(original));
      }),
      RUNS,
    );
  });

  it('an interior node cannot be passed off as a leaf (0x00 / 0x01 domain separation)', () => {
    fc.assert(
      fc.property(fc.array(event, { minLength: 2, maxLength: 80 }), (events) => {
        const hashes = events.map(leafHash);
        const root = rootFromLeafHashes(hashes);
        const [l0, l1] = hashes as [Buffer, Buffer, ...Buffer[]];
        // An "event" whose bytes are the two child hashes: its leaf hash must not be their node hash.
        const forged = Buffer.concat([l0, l1]);
        expect(toHex(leafHash(forged))).not.toBe(toHex(nodeHash(l0, l1)));
        expect(logRoot([forged, ...events.slice(2)])).not.toBe(toHex(root));
        // Nor is a log of one event whose bytes are 0x01 ‖ l0 ‖ l1 the same as the pair.
        expect(logRoot([Buffer.concat([Buffer.of(1), l0, l1])])).not.toBe(logRoot(events.slice(0, 2)));
      }),
      RUNS,
    );
  });
});
