import canonicalize from 'canonicalize';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../src/modules/federation/protocol/canonical.ts';

/** A small deterministic generator, so a failure names a value that can be reproduced. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const STRINGS = [
  '',
  'a',
  'é',
  '€',
  '😀',
  '\u2028',
  '"\\/\b\f\n\r\t',
  '\u0000\u001f',
  'Zürich',
  'ﬀ',
  '\uFFFF',
];
const NUMBERS = [
  0,
  -0,
  1,
  -1,
  0.1,
  1e21,
  1e-7,
  123456789.123,
  2 ** 53,
  -(2 ** 53) - 2,
  5e-324,
  1.7976931348623157e308,
];

function value(next: () => number, depth: number): unknown {
  const r = next();
  if (depth > 3 || r < 0.35) {
    const k = next();
    if (k < 0.3)
      return STRINGS[Math.floor(next() * STRINGS.length)]! + STRINGS[Math.floor(next() * STRINGS.length)]!;
    if (k < 0.6) return NUMBERS[Math.floor(next() * NUMBERS.length)]! * (next() < 0.5 ? 1 : -0.37);
    if (k < 0.7) return null;
    if (k < 0.8) return next() < 0.5;
    return undefined;
  }
  if (r < 0.6) return Array.from({ length: Math.floor(next() * 4) }, () => value(next, depth + 1));
  const o: Record<string, unknown> = {};
  for (let i = Math.floor(next() * 5); i > 0; i--) {
    o[STRINGS[Math.floor(next() * STRINGS.length)]! + String.fromCharCode(97 + Math.floor(next() * 26))] =
      value(next, depth + 1);
  }
  return o;
}

describe('RFC 8785 canonical form', () => {
  it('is exactly what the canonicalize package produces', () => {
    const next = random(8785);
    for (let i = 0; i < 2000; i++) {
      const v = { root: value(next, 0), list: [value(next, 1), value(next, 1)] };
      expect(canonicalJson(v)).toBe(canonicalize(v));
    }
  });

  it('orders members by UTF-16 code units and keeps surrogate pairs', () => {
    expect(canonicalJson({ '😀': 1, '\uFB33': 2, b: [undefined, 3], a: undefined, é: 'x' })).toBe(
      '{"b":[null,3],"é":"x","😀":1,"דּ":2}',
    );
  });

  it('has no form for lone surrogates, non-finite numbers, cycles or undefined', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    for (const bad of [
      { s: '\uD800' },
      { '\uDC00': 1 },
      ['a\uDBFFb'],
      [Number.NaN],
      { n: Number.POSITIVE_INFINITY },
      cycle,
      undefined,
    ]) {
      expect(() => canonicalJson(bad)).toThrow(TypeError);
    }
  });
});
