import { describe, expect, it } from 'vitest';
import { illFormedTextPath } from '../../../src/platform/http/well-formed-text.ts';

describe('text that is not well-formed Unicode', () => {
  it('is found by its path, in values and in keys, at any depth', () => {
    expect(illFormedTextPath({ a: 'fine', b: ['ok', { c: 'bad \ud800' }] }, 'body')).toBe('body.b.1.c');
    expect(illFormedTextPath({ '\udc00': 1 }, 'body')).toBe('body');
    expect(illFormedTextPath('\udfff lone low', 'body')).toBe('body');
  });

  it('walks a body nested far deeper than the call stack goes', () => {
    const depth = 200_000;
    const deep = JSON.parse(`${'['.repeat(depth)}"bad \\ud800"${']'.repeat(depth)}`);
    expect(illFormedTextPath(deep, 'body')).toBe(`body${'.0'.repeat(depth)}`);
    const fine = JSON.parse(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);
    expect(illFormedTextPath(fine, 'body')).toBeUndefined();
  });

  it('lets well-formed text through, surrogate pairs (emoji, rare scripts) included', () => {
    expect(illFormedTextPath({ a: 'Grüße 😀 𠜎', n: 1, z: null, t: true }, 'body')).toBeUndefined();
  });

  it('does not walk a raw body (the federation inbox verifies its exact bytes)', () => {
    const raw = Buffer.from('\ud800'.repeat(1000));
    expect(illFormedTextPath(raw, 'body')).toBeUndefined();
    expect(illFormedTextPath(new Uint8Array(10), 'body')).toBeUndefined();
    // Only what JSON.parse makes is walked: plain objects and arrays, never another kind of object.
    class Raw {
      text = 'bad \ud800';
    }
    expect(illFormedTextPath(new Raw(), 'body')).toBeUndefined();
    expect(illFormedTextPath(JSON.parse('{"text":"bad \\ud800"}'), 'body')).toBe('body.text');
  });
});
