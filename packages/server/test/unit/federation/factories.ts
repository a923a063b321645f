/** Small factories for the federation protocol tests: nodes with keys, envelopes, key resolvers. */
import type { KeyObject } from 'node:crypto';
import type { SigningKey } from '../../../src/modules/federation/protocol/detached-jws.ts';
import {
  createEnvelope,
  type ResolvedKey,
  type ResolveKey,
  type UnsignedEnvelope,
} from '../../../src/modules/federation/protocol/envelope.ts';
import {
  generateEncryptionKeyPair,
  generateSigningKeyPair,
  type NodeKeyPair,
} from '../../../src/modules/federation/protocol/keys.ts';

export const T0 = new Date('2026-03-02T10:00:00.000Z');
export const at = (offsetMs: number): Date => new Date(T0.getTime() + offsetMs);
export const MINUTE = 60_000;
export const DAY = 86_400_000;

export interface TestKey extends NodeKeyPair {
  validFrom: Date;
  expiredAt: Date | null;
}

/** A node with a signing-key history (last = current) and one encryption key. */
export class TestNode {
  readonly signingKeys: TestKey[];
  readonly encryption: NodeKeyPair = generateEncryptionKeyPair();

  constructor(
    readonly nodeId: string,
    createdAt: Date = at(-30 * DAY),
  ) {
    this.signingKeys = [{ ...generateSigningKeyPair(), validFrom: createdAt, expiredAt: null }];
  }

  get current(): TestKey {
    return this.signingKeys.at(-1)!;
  }

  get signingKey(): SigningKey {
    return { keyId: this.current.kid, privateKey: this.current.privateKey };
  }

  get httpKey(): { nodeId: string; keyId: string; privateKey: KeyObject } {
    return { nodeId: this.nodeId, ...this.signingKey };
  }

  /** Retires the current key at `when` and makes a new one current from then on. */
  rotate(when: Date): TestKey {
    this.current.expiredAt = when;
    const next = { ...generateSigningKeyPair(), validFrom: when, expiredAt: null };
    this.signingKeys.push(next);
    return next;
  }
}

/** Resolves (node, kid) over the nodes a receiver knows. */
export function resolverFor(...nodes: TestNode[]): ResolveKey {
  return (nodeId, kid): ResolvedKey | undefined => {
    const key = nodes.find((n) => n.nodeId === nodeId)?.signingKeys.find((k) => k.kid === kid);
    return key && { publicKey: key.publicKey, validFrom: key.validFrom, expiredAt: key.expiredAt };
  };
}

let sequence = 0;
export function buildEnvelope(
  overrides: Partial<Omit<UnsignedEnvelope, 'v' | 'id' | 'createdAt'>> & { createdAt?: Date } = {},
): UnsignedEnvelope {
  const { createdAt = T0, ...rest } = overrides;
  return createEnvelope(
    {
      type: 'message',
      sender: { node: 'node-a', agency: 'agency-a1' },
      recipient: { node: 'node-b', agency: 'agency-b1' },
      idempotencyKey: `idem-${++sequence}`,
      conversationId: 'conv-1',
      sequence,
      labels: { tlp: 'TLP:AMBER', handlingCode: 'H2', originatorAgency: 'agency-a1' },
      payload: { text: 'Please confirm receipt of the EIO.', n: 3, items: [1, 'two', null, true] },
      ...rest,
    },
    createdAt,
  );
}

/** Flips one bit of one byte. */
export function flipBit(bytes: Uint8Array, index: number, bit: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[index] = copy[index]! ^ (1 << bit);
  return copy;
}

/** Replaces the character at `index` by flipping one of its low 7 bits (stays ASCII). */
export function flipChar(text: string, index: number, bit: number): string {
  const code = text.charCodeAt(index) ^ (1 << bit);
  return text.slice(0, index) + String.fromCharCode(code) + text.slice(index + 1);
}
