import type { FederationNodeKey } from '@comity/contracts';
import type { z } from 'zod';
import type { Clock } from '../../platform/clock.ts';
import type { NodeKeys } from '../../platform/crypto/node-keys.ts';
import type { Actor, RequestMeta } from '../access/actor.ts';
import type { AuditLog } from '../audit/audit.service.ts';
import { fingerprintOf } from './protocol/node-document.ts';

type NodeKeyDto = z.infer<typeof FederationNodeKey>;

export interface KeyRotation {
  previousSigningKeyId: string;
  signingKeyId: string;
  encryptionKeyId: string;
  fingerprint: string;
}

/**
 * The node's own keys as administrators manage them: the list (public facts only) and rotation.
 * One code path for the API (`POST /api/federation/keys/rotate`) and the CLI (`comity keys rotate`).
 */
export class NodeKeysAdmin {
  /** Rotations in this process run one after the other (two clicks make two rotations, not a race). */
  private running: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: { keys: NodeKeys; audit: AuditLog; clock: Clock }) {}

  /** Every key, signing and encryption, retired ones included, newest first. Never a private part. */
  async list(): Promise<NodeKeyDto[]> {
    const { keys } = this.deps;
    await keys.refresh();
    const currentIds = new Set([keys.current().id, keys.encryptionKey().id]);
    return keys
      .allKeys()
      .map((k) => ({
        id: k.id,
        algorithm: k.algorithm,
        use: k.algorithm === 'Ed25519' ? ('sig' as const) : ('enc' as const),
        createdAt: k.createdAt,
        validUntil: k.validUntil,
        expiredAt: k.expiredAt,
        fingerprint: fingerprintOf({ kty: 'OKP', crv: k.algorithm, x: k.publicKey }),
        current: currentIds.has(k.id),
      }))
      .reverse();
  }

  /**
   * Makes a new current signing key and encryption key (docs/federation.md §4): first seals the
   * audit log under a checkpoint the outgoing key signs, then rotates (the outgoing key signs the
   * transition and its private part is deleted), then records who did it. A running server picks a
   * rotation made by the CLI up within 2 s.
   */
  rotate(actor: Actor | null, meta: RequestMeta): Promise<KeyRotation> {
    const next = this.running.then(() => this.rotateNow(actor, meta));
    this.running = next.catch(() => undefined);
    return next;
  }

  private async rotateNow(actor: Actor | null, meta: RequestMeta): Promise<KeyRotation> {
    const { keys, audit, clock } = this.deps;
    await keys.refresh();
    const previous = keys.current();
    // Seal what the old key has seen, so every event so far is under a checkpoint it signed.
    await audit.checkpoint();
    const current = await keys.rotate(() => clock.now());
    const encryptionKeyId = keys.encryptionKey().id;
    await audit.record(
      { actor, meta },
      {
        action: 'node-key.rotate',
        objectType: 'node-key',
        objectId: current.id,
        details: { previous: previous.id, encryptionKey: encryptionKeyId },
      },
    );
    return {
      previousSigningKeyId: previous.id,
      signingKeyId: current.id,
      encryptionKeyId,
      fingerprint: fingerprintOf({ kty: 'OKP', crv: 'Ed25519', x: current.publicKey }),
    };
  }
}
