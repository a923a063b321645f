import type { PublicNodeKey } from '../../platform/crypto/node-keys.ts';
import { verifyEd25519 } from '../../platform/crypto/node-keys.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { auditRepository as repo } from './audit.repository.ts';
import { checkpointText } from './audit-checkpoint.ts';
import { eventLeafHash } from './audit-event.ts';
import { MerkleTreeCache } from './merkle.ts';

export interface VerifyReport {
  ok: boolean;
  treeSize: number;
  checkpointsChecked: number;
  rootHash: string;
  problems: string[];
}

const PAGE = 5000;

/**
 * Recomputes the whole log from the database and checks it against every signed checkpoint:
 * each stored event must hash to its stored leaf hash (catches edits), leaf indices must run
 * 0..n-1 without gaps (deletions, insertions), and the tree root at each checkpoint's size must
 * equal the signed root (reordering, or any edit with a recomputed leaf hash). Signatures are
 * checked with the node's public keys, retired ones included.
 */
export async function verifyAuditLog(
  db: Queryable,
  nodeId: string,
  keys: readonly PublicNodeKey[],
  onProgress?: (done: number, total: number) => void,
): Promise<VerifyReport> {
  const problems: string[] = [];
  const checkpoints = await repo.checkpoints(db);
  const total = await repo.treeSize(db);
  const tree = new MerkleTreeCache();
  let cpIndex = 0;
  let checked = 0;

  const checkCheckpointsAt = (size: number) => {
    while (cpIndex < checkpoints.length && checkpoints[cpIndex]!.tree_size === size) {
      const cp = checkpoints[cpIndex++]!;
      checked++;
      const key = keys.find((k) => k.id === cp.key_id);
      const text = checkpointText({
        nodeId,
        treeSize: cp.tree_size,
        rootHash: cp.root_hash,
        issuedAt: cp.issued_at,
      });
      if (!key || !verifyEd25519(key.publicKey, text, cp.signature)) {
        problems.push(`checkpoint at size ${cp.tree_size}: signature does not verify`);
      }
      if (tree.root().toString('hex') !== cp.root_hash) {
        problems.push(
          `checkpoint at size ${cp.tree_size}: root differs from the recomputed tree (events changed, removed, added or reordered)`,
        );
      }
    }
  };

  let expected = 0;
  for (;;) {
    const page = await repo.sequencedPage(db, expected, PAGE);
    if (page.length === 0) break;
    for (const e of page) {
      if (e.leaf_index !== expected) {
        problems.push(`leaf index ${expected} is missing (found ${e.leaf_index} next)`);
        expected = e.leaf_index ?? expected;
      }
      const { seq: _seq, leaf_hash, leaf_index: _li, ...fields } = e;
      if (eventLeafHash(fields) !== leaf_hash)
        problems.push(`event ${e.id} (leaf ${e.leaf_index}) does not match its leaf hash`);
      tree.append(Buffer.from(leaf_hash, 'hex'));
      expected++;
      checkCheckpointsAt(tree.size);
    }
    onProgress?.(tree.size, total);
  }
  if (cpIndex < checkpoints.length) {
    const missing = checkpoints.slice(cpIndex).map((c) => c.tree_size);
    problems.push(
      `signed checkpoints cover sizes ${missing.join(', ')} but the log has only ${tree.size} events`,
    );
  }
  if (checkpoints.length === 0 && tree.size > 0) problems.push('no signed checkpoint exists yet');
  return {
    ok: problems.length === 0,
    treeSize: tree.size,
    checkpointsChecked: checked,
    rootHash: tree.root().toString('hex'),
    problems,
  };
}
