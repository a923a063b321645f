import type { CustodyRecordT } from './evidence.api.ts';
import { sha256Text } from './sha256.ts';

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every level (the server's canonical form for custody records). */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, v]) => `${JSON.stringify(key)}:${canonicalJson(v)}`).join(',')}}`;
}

export interface ChainCheck {
  /** Per record: its hash recomputed from its content matches, and it links to the one before. */
  records: { id: string; hashOk: boolean; linkOk: boolean }[];
  intact: boolean;
}

/**
 * Checks the chain of custody in the browser, independently of the server's `intact`: each record's
 * SHA-256 over its canonical content (which includes the previous hash), and the links between them.
 */
export async function verifyChain(records: readonly CustodyRecordT[]): Promise<ChainCheck> {
  let prev = GENESIS_HASH;
  const out: ChainCheck['records'] = [];
  for (const [i, r] of records.entries()) {
    const { id, itemId, seq, event, actorId, actorAgencyId, at, place, reason, details, prevHash } = r;
    const hash = await sha256Text(
      canonicalJson({ id, itemId, seq, event, actorId, actorAgencyId, at, place, reason, details, prevHash }),
    );
    out.push({ id, hashOk: hash === r.hash, linkOk: r.prevHash === prev && seq === i + 1 });
    prev = r.hash;
  }
  return { records: out, intact: out.every((x) => x.hashOk && x.linkOk) };
}
