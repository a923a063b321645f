import { describe, expect, it } from 'vitest';
import { illFormedTextPath } from '../../../src/platform/http/well-formed-text.ts';

describe('text that is not well-formed Unicode', () => {
  it('is found by its path, in values and in keys, at any depth', () => {
    expect(illFormedTextPath({ a: 'fine', b: ['ok', { c: 'bad \ud800' }] }, 'body')?.path).toBe('body.b.1.c');
    expect(illFormedTextPath({ '\udc00': 1 }, 'body')?.path).toBe('body');
    expect(illFormedTextPath('\udfff lone low', 'body')?.path).toBe('body');
  });

  it('walks a body nested far deeper than the call stack goes', () => {
    const depth = 200_000;
    const deep = JSON.parse(`${'['.repeat(depth)}"bad \\ud800"${']'.repeat(depth)}`);
    expect(illFormedTextPath(deep, 'body')?.path).toBe(`body${'.0'.repeat(depth)}`);
    const fine = JSON.parse(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);
    expect(illFormedTextPath(fine, 'body')).toBeUndefined();
  });

  it('lets well-formed text through, surrogate pairs (emoji, rare scripts) included', () => {
    expect(illFormedTextPath({ a: 'Grüße 😀 𠜎', n: 1, z: null, t: true }, 'body')).toBeUndefined();
  });

  it('finds control characters other than tab and line breaks, and names them', () => {
    expect(illFormedTextPath({ a: 'one\ttwo\r\nthree\u007f' }, 'body')).toBeUndefined();
    for (const code of [0x00, 0x08, 0x0b, 0x0c, 0x0e, 0x1b, 0x1f]) {
      const found = illFormedTextPath({ note: `x${String.fromCharCode(code)}y` }, 'body');
      expect(found?.path).toBe('body.note');
      expect(found?.message).toContain(`U+${code.toString(16).toUpperCase().padStart(4, '0')}`);
    }
    expect(illFormedTextPath({ 'k\u0000': 1 }, 'querystring')?.path).toBe('querystring');
  });

  it('takes line breaks pasted from other programs (vertical tab, form feed) as line feeds, in place', () => {
    const body = { facts: 'Line one\u000bline two\u000cpage two', list: ['a\u000bb'] };
    expect(illFormedTextPath(body, 'body', { normalise: true })).toBeUndefined();
    expect(body).toEqual({ facts: 'Line one\nline two\npage two', list: ['a\nb'] });
    // Without normalising (query strings, path parameters) they are refused like the others.
    expect(illFormedTextPath({ q: 'a\u000bb' }, 'querystring')?.path).toBe('querystring.q');
  });

  it('leaves passwords as typed: they are hashed, never stored or shown as text', () => {
    const body = { email: 'a@b.example', password: 'bell\u0007word', newPassword: 'x\u0001y' };
    expect(illFormedTextPath(body, 'body', { normalise: true })).toBeUndefined();
    expect(illFormedTextPath({ name: 'bell\u0007' }, 'body')?.path).toBe('body.name');
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
    expect(illFormedTextPath(JSON.parse('{"text":"bad \\ud800"}'), 'body')?.path).toBe('body.text');
  });
});
