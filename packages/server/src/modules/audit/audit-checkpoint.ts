import type { SignedCheckpoint } from '@comity/contracts';
import { verifyEd25519 } from '../../platform/crypto/node-keys.ts';

/**
 * The signed statement "this node's audit log had `treeSize` events with root `rootHash` at
 * `issuedAt`". A plain-text body (like a CT signed tree head), so an outside auditor can check the
 * Ed25519 signature with any tool, without our code.
 */
export function checkpointText(
  c: Pick<SignedCheckpoint, 'nodeId' | 'treeSize' | 'rootHash' | 'issuedAt'>,
): Buffer {
  return Buffer.from(
    `comity-audit-checkpoint/v1\n${c.nodeId}\n${c.treeSize}\n${c.rootHash}\n${c.issuedAt}\n`,
    'utf8',
  );
}

export const verifyCheckpointSignature = (c: SignedCheckpoint): boolean =>
  verifyEd25519(c.publicKey, checkpointText(c), c.signature);
