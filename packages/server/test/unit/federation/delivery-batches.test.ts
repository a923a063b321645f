import { describe, expect, it } from 'vitest';
import { splitBatches } from '../../../src/modules/federation/delivery-worker.ts';
import type { OutboxRow } from '../../../src/modules/federation/outbox.repository.ts';

const MiB = 1024 * 1024;
const rows = (sizes: number[]) =>
  sizes.map((n, i) => ({ id: `e${i}`, envelope: 'x'.repeat(n) }) as unknown as OutboxRow);
const ids = (batches: OutboxRow[][]) => batches.map((b) => b.map((r) => r.id));

describe('splitting a claimed queue into delivery requests', () => {
  it('spreads a short queue over the free requests, in order', () => {
    const { batches, rest } = splitBatches(rows([10, 10, 10, 10, 10]), 4, 50);
    expect(ids(batches)).toEqual([['e0', 'e1'], ['e2', 'e3'], ['e4']]);
    expect(rest).toEqual([]);
  });

  it('never makes more batches than free requests: what does not fit goes back to the queue', () => {
    // Large envelopes: each ~1.5 MiB, so a 4 MiB batch holds two.
    const { batches, rest } = splitBatches(rows(Array(9).fill(1.5 * MiB)), 2, 50);
    expect(batches).toHaveLength(2);
    expect(ids(batches)).toEqual([
      ['e0', 'e1'],
      ['e2', 'e3'],
    ]);
    expect(rest.map((r) => r.id)).toEqual(['e4', 'e5', 'e6', 'e7', 'e8']);
  });

  it('one envelope per request when batches are off', () => {
    const { batches, rest } = splitBatches(rows([10, 10, 10]), 2, 1);
    expect(ids(batches)).toEqual([['e0'], ['e1']]);
    expect(rest.map((r) => r.id)).toEqual(['e2']);
  });
});
