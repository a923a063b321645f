import { describe, expect, it } from 'vitest';
import { byTimelineOrder } from '../../../src/modules/requests/lifecycle/timeline-order.ts';

describe('the order of a request timeline', () => {
  it('puts a transition before its receipts, and receipts of one instant in the e-CODEX order', () => {
    const at = '2026-12-01T08:00:00.000Z';
    const later = '2026-12-01T08:00:00.001Z';
    const items = [
      { at: later, kind: 'task' as const, action: 'assigned' },
      { at, kind: 'receipt' as const, action: 'retrieved' },
      { at, kind: 'task' as const, action: 'assigned' },
      { at, kind: 'receipt' as const, action: 'delivered' },
      { at, kind: 'receipt' as const, action: 'submitted' },
      { at, kind: 'transition' as const, action: 'transmit' },
    ];
    expect([...items].sort(byTimelineOrder).map((x) => `${x.at === at ? 0 : 1} ${x.action}`)).toEqual([
      '0 transmit',
      '0 submitted',
      '0 delivered',
      '0 retrieved',
      '0 assigned',
      '1 assigned',
    ]);
  });
});
