/**
 * What a custody record's hash covers, shared by the server, the offline package verifier and the
 * browser's own check of a chain. Dependency-free on purpose (no zod): the verifier and the web
 * bundle import it alone, through `@comity/contracts/custody-hash`. Each side hashes the returned
 * text with its own SHA-256 (node:crypto, WebCrypto).
 */

/** `prevHash` of the first record of every chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every level: the same value always gives the same bytes. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** The fields a custody record's hash covers; `prevHash` links it to the record before. */
export interface CustodyHashFields {
  id: string;
  itemId: string;
  seq: number;
  event: string;
  actorId: string | null;
  actorAgencyId: string | null;
  at: string;
  place: string | null;
  reason: string | null;
  details: Record<string, unknown>;
  prevHash: string;
}

/** The exact text whose SHA-256 (hex) is the record's hash. Fields not listed are not covered. */
export function custodyHashInput(r: CustodyHashFields): string {
  const { id, itemId, seq, event, actorId, actorAgencyId, at, place, reason, details, prevHash } = r;
  return canonicalJson({
    id,
    itemId,
    seq,
    event,
    actorId,
    actorAgencyId,
    at,
    place,
    reason,
    details,
    prevHash,
  });
}
