import { describe, expect, it } from 'vitest';
import { canonicalContent, contentHash, intactHash } from '../../../src/modules/requests/draft-content.ts';

const draft = { title: 'Bank records', kind: 'eio', persons: [{ role: 'suspect', name: 'A. Example' }] };

describe('stored version content', () => {
  it('is the RFC 8785 canonical JSON, hashed as text', () => {
    const { text, hash } = canonicalContent(draft);
    expect(text).toBe(
      '{"kind":"eio","persons":[{"name":"A. Example","role":"suspect"}],"title":"Bank records"}',
    );
    expect(hash).toBe(contentHash({ ...draft }));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is intact when its text hashes to the stored hash', () => {
    const { text, hash } = canonicalContent(draft);
    expect(intactHash(text, JSON.parse(text), hash)).toBe(hash);
  });

  it('is intact when stored before contents were kept canonical (key order as saved)', () => {
    const legacy = JSON.stringify(draft);
    expect(legacy).not.toBe(canonicalContent(draft).text);
    expect(intactHash(legacy, JSON.parse(legacy), contentHash(draft))).toBe(contentHash(draft));
  });

  it('is not intact once its text or its content was changed', () => {
    const { text, hash } = canonicalContent(draft);
    const changed = text.replace('Bank records', 'Bank record');
    expect(intactHash(changed, JSON.parse(changed), hash)).toBeUndefined();
    expect(
      intactHash(JSON.stringify({ ...draft, title: 'x' }), { ...draft, title: 'x' }, hash),
    ).toBeUndefined();
  });
});
