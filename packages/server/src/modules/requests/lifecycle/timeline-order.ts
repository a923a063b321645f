/**
 * The order of a request's timeline: by time; at the same instant (a local delivery is submitted and
 * delivered in one transaction) a transition before its receipts, receipts in the order of the
 * e-CODEX receipt model, then what happened to tasks.
 */
const KIND = { transition: 0, receipt: 1, task: 2 } as const;
const RECEIPT: Record<string, number> = {
  submitted: 0,
  delivered: 1,
  retrieved: 2,
  'evidence-offered': 3,
  'evidence-pulled': 4,
};

export function byTimelineOrder(
  a: { at: string; kind: keyof typeof KIND; action: string },
  b: { at: string; kind: keyof typeof KIND; action: string },
): number {
  if (a.at !== b.at) return a.at < b.at ? -1 : 1;
  if (a.kind !== b.kind) return KIND[a.kind] - KIND[b.kind];
  return a.kind === 'receipt' ? (RECEIPT[a.action] ?? 9) - (RECEIPT[b.action] ?? 9) : 0;
}
