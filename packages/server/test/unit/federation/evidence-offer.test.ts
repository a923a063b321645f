/** What an `evidence.offer` may name (docs/federation.md §9a): the recipient pulls what it accepts. */
import { describe, expect, it } from 'vitest';
import { evidenceOfferPayloadSchema } from '../../../src/modules/federation/evidence-offer.ts';
import { MAX_FILE_BYTES } from '../../../src/platform/blobs/blob-store.ts';

const sha256 = 'ab'.repeat(32);
const offer = (size: number) => ({ items: [{ sha256, size, name: 'statement.pdf' }] });

describe('evidence offer payload', () => {
  it('takes a file up to the size an officer of this node may upload', () => {
    expect(evidenceOfferPayloadSchema.safeParse(offer(MAX_FILE_BYTES)).success).toBe(true);
    expect(evidenceOfferPayloadSchema.safeParse(offer(0)).success).toBe(true);
  });

  it('refuses a larger file, so that a partner cannot make this node pull without end', () => {
    const r = evidenceOfferPayloadSchema.safeParse(offer(MAX_FILE_BYTES + 1));
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['items', 0, 'size']);
    expect(r.error?.issues[0]?.message).toMatch(/at most/);
  });

  it('refuses a name that is not a SHA-256 and a size that is not a count of bytes', () => {
    expect(
      evidenceOfferPayloadSchema.safeParse({ items: [{ sha256: '../etc/passwd', size: 1 }] }).success,
    ).toBe(false);
    expect(evidenceOfferPayloadSchema.safeParse(offer(-1)).success).toBe(false);
    expect(evidenceOfferPayloadSchema.safeParse(offer(1.5)).success).toBe(false);
    expect(evidenceOfferPayloadSchema.safeParse({ items: [] }).success).toBe(false);
  });
});
