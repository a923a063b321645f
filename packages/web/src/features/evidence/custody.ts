import { custodyHashInput, GENESIS_HASH } from '@comity/contracts/custody-hash';
import type { CustodyRecordT } from './evidence.api.ts';
import { sha256Text } from './sha256.ts';

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
    const hash = await sha256Text(custodyHashInput(r));
    out.push({ id: r.id, hashOk: hash === r.hash, linkOk: r.prevHash === prev && r.seq === i + 1 });
    prev = r.hash;
  }
  return { records: out, intact: out.every((x) => x.hashOk && x.linkOk) };
}
