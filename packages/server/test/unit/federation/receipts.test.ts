/** Receipt payloads, single and listed (docs/federation.md §10). */
import { describe, expect, it } from 'vitest';
import { MAX_RECEIPT_LIST, receiptsOf } from '../../../src/modules/federation/protocol/receipts.ts';

const receipt = (n: number, kind = 'delivered') => ({
  receiptFor: `0195b2c4-6a1e-7b3c-9d4e-${String(n).padStart(12, '0')}`,
  kind,
  at: '2026-03-02T10:00:01.250Z',
  envelopeDigest: 'A'.repeat(43),
});

describe('receipt payloads', () => {
  it('reads a single receipt as a list of one', () => {
    expect(receiptsOf(receipt(1))).toEqual([receipt(1)]);
  });

  it('reads a receipt list, entries in order', () => {
    const list = [receipt(1), receipt(2), receipt(1, 'retrieved')];
    expect(receiptsOf({ receipts: list })).toEqual(list);
    const full = Array.from({ length: MAX_RECEIPT_LIST }, (_, i) => receipt(i));
    expect(receiptsOf({ receipts: full })).toHaveLength(MAX_RECEIPT_LIST);
  });

  it('holds every entry of a list to the single receipt schema', () => {
    expect(receiptsOf({ receipts: [receipt(1), { ...receipt(2), kind: 'rejected' }] })).toBeUndefined();
    expect(
      receiptsOf({ receipts: [{ ...receipt(2), kind: 'rejected', problem: { code: 'forbidden' } }] }),
    ).toHaveLength(1);
    expect(receiptsOf({ receipts: [{ ...receipt(1), extra: 1 }] })).toBeUndefined();
    expect(receiptsOf({ receipts: [{ ...receipt(1), envelopeDigest: 'short' }] })).toBeUndefined();
  });

  it('refuses an empty or oversized list, a repeated (envelope, kind), other members, mixed forms', () => {
    expect(receiptsOf({ receipts: [] })).toBeUndefined();
    expect(
      receiptsOf({ receipts: Array.from({ length: MAX_RECEIPT_LIST + 1 }, (_, i) => receipt(i)) }),
    ).toBeUndefined();
    expect(receiptsOf({ receipts: [receipt(1), receipt(1)] })).toBeUndefined();
    expect(receiptsOf({ receipts: [receipt(1)], note: 'x' })).toBeUndefined();
    expect(receiptsOf({ ...receipt(1), receipts: [receipt(2)] })).toBeUndefined();
    expect(receiptsOf({ receipts: receipt(1) })).toBeUndefined();
    expect(receiptsOf([receipt(1)])).toBeUndefined();
    expect(receiptsOf(null)).toBeUndefined();
  });
});
