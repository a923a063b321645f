/**
 * The chain of custody of one evidence item: each record's hash covers its content and the hash of
 * the record before it, so removing, reordering or changing any record breaks every later hash.
 * Pure and dependency-free: the offline package verifier uses the same functions.
 */
import { createHash } from 'node:crypto';
import { canonicalJson, custodyHashInput, GENESIS_HASH } from '@comity/contracts/custody-hash';

export { canonicalJson, GENESIS_HASH };

export const CUSTODY_EVENTS = [
  'created',
  'uploaded',
  'hash-verified',
  'viewed',
  'downloaded',
  'transferred',
  'received',
  'sealed',
  'exported',
  'integrity-rechecked',
] as const;
export type CustodyEvent = (typeof CUSTODY_EVENTS)[number];

export interface CustodyRecord {
  id: string;
  itemId: string;
  seq: number;
  event: CustodyEvent;
  actorId: string | null;
  actorAgencyId: string | null;
  at: string;
  place: string | null;
  reason: string | null;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export function custodyHash(r: Omit<CustodyRecord, 'hash'>): string {
  return createHash('sha256').update(custodyHashInput(r)).digest('hex');
}

/** Returns the problems found (empty when the chain is intact). */
export function verifyCustodyChain(records: readonly CustodyRecord[]): string[] {
  const problems: string[] = [];
  let prev = GENESIS_HASH;
  records.forEach((r, i) => {
    if (r.seq !== i + 1) problems.push(`record ${r.id}: sequence ${r.seq}, expected ${i + 1}`);
    if (r.prevHash !== prev) problems.push(`record ${r.seq}: previous hash does not match`);
    if (custodyHash(r) !== r.hash) problems.push(`record ${r.seq}: hash does not match its content`);
    prev = r.hash;
  });
  return problems;
}
