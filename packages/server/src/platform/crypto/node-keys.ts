import crypto from 'node:crypto';
import type { Database } from '../db/database.ts';

export interface PublicNodeKey {
  id: string;
  algorithm: 'Ed25519';
  /** Raw 32-byte public key, base64url. */
  publicKey: string;
  createdAt: string;
  validUntil: string | null;
  expiredAt: string | null;
}

export type NodeKeyAlgorithm = 'Ed25519' | 'X25519';

/** Any key of the node, signing (Ed25519) or encryption (X25519), public part only. */
export interface NodeKeyInfo {
  id: string;
  algorithm: NodeKeyAlgorithm;
  publicKey: string;
  createdAt: string;
  validUntil: string | null;
  expiredAt: string | null;
}

/** The statement by which an outgoing signing key vouches for its successor (docs/federation.md §4). */
export interface KeyTransition {
  from: string;
  to: string;
  at: string;
  signature: string;
}

/**
 * Signs the transition at rotation, with the outgoing key, before that key's private part is
 * forgotten. Supplied by the federation module (the statement's format is the protocol's business).
 */
export type TransitionSigner = (input: {
  from: string;
  to: string;
  at: string;
  outgoing: { keyId: string; privateKey: crypto.KeyObject };
}) => Promise<KeyTransition>;

interface LoadedKey extends NodeKeyInfo {
  privateKey: crypto.KeyObject | null;
  publicKeyObject: crypto.KeyObject;
  transition: KeyTransition | null;
}

/** Key id = first 16 bytes of SHA-256 over the raw public key, hex: also the fingerprint admins compare. */
export const keyFingerprint = (rawPublicKey: Buffer): string =>
  crypto.createHash('sha256').update(rawPublicKey).digest('hex').slice(0, 32);

export const publicKeyFromRaw = (raw: string, crv: NodeKeyAlgorithm = 'Ed25519'): crypto.KeyObject =>
  crypto.createPublicKey({ key: { kty: 'OKP', crv, x: raw }, format: 'jwk' });

export function verifyEd25519(publicKeyRaw: string, data: Uint8Array, signatureB64url: string): boolean {
  try {
    return crypto.verify(
      null,
      data,
      publicKeyFromRaw(publicKeyRaw),
      Buffer.from(signatureB64url, 'base64url'),
    );
  } catch {
    return false;
  }
}

function newPair(algorithm: NodeKeyAlgorithm) {
  const { publicKey, privateKey } =
    algorithm === 'Ed25519' ? crypto.generateKeyPairSync('ed25519') : crypto.generateKeyPairSync('x25519');
  const raw = publicKey.export({ format: 'jwk' }).x as string;
  return { id: keyFingerprint(Buffer.from(raw, 'base64url')), raw, privateKey };
}

/**
 * The node's keys. Ed25519 signing keys: exactly one is current and signs (audit checkpoints,
 * federation envelopes, node documents, HTTP requests); a retired one keeps only its public part,
 * with `expired_at`, so signatures made before the rotation still verify and it can never sign again.
 * X25519 encryption keys receive federation payloads; retired ones keep their private part so that
 * envelopes encrypted to them before the rotation can still be opened.
 */
export class NodeKeys {
  private keys: LoadedKey[] = [];
  private transitionSigner: TransitionSigner | undefined;
  private loadedCount = -1;
  private loadedVersion = 0;

  private constructor(private readonly database: Database) {}

  static async open(database: Database, now: () => Date): Promise<NodeKeys> {
    const store = new NodeKeys(database);
    await store.reload();
    if (!store.currentOrNull('Ed25519')) await store.rotate(now);
    else if (!store.currentOrNull('X25519')) await store.addEncryptionKey(now);
    return store;
  }

  /** Lets the federation module sign key transitions at every rotation (CLI and server alike). */
  setTransitionSigner(signer: TransitionSigner): void {
    this.transitionSigner = signer;
  }

  /** Increments whenever the loaded key set changes (rotation here or in another process). */
  get version(): number {
    return this.loadedVersion;
  }

  private async reload(): Promise<void> {
    const rows = await this.database.db.selectFrom('node_key').selectAll().orderBy('created_at').execute();
    this.keys = rows.map((r) => {
      const algorithm: NodeKeyAlgorithm = r.algorithm === 'X25519' ? 'X25519' : 'Ed25519';
      // A retired signing key never signs again, even if an old database still holds its private part.
      const keepPrivate = r.private_key && (algorithm === 'X25519' || !r.expired_at);
      return {
        id: r.id,
        algorithm,
        publicKey: r.public_key,
        createdAt: r.created_at,
        validUntil: r.valid_until,
        expiredAt: r.expired_at,
        privateKey: keepPrivate ? crypto.createPrivateKey(r.private_key as string) : null,
        publicKeyObject: publicKeyFromRaw(r.public_key, algorithm),
        transition: r.transition ? (JSON.parse(r.transition) as KeyTransition) : null,
      };
    });
    this.loadedCount = rows.length;
    this.loadedVersion += 1;
  }

  /**
   * Reloads when another process (the CLI's `comity keys rotate`) changed the keys. Cheap: one
   * count. Returns true when the keys changed.
   */
  async refresh(): Promise<boolean> {
    const row = await this.database.db
      .selectFrom('node_key')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    if (Number(row?.n ?? 0) === this.loadedCount) return false;
    await this.reload();
    return true;
  }

  private currentOrNull(algorithm: NodeKeyAlgorithm = 'Ed25519'): LoadedKey | undefined {
    return this.keys.filter((k) => k.algorithm === algorithm && !k.expiredAt).at(-1);
  }

  current(): PublicNodeKey {
    const k = this.currentOrNull();
    if (!k) throw new Error('The node has no signing key');
    return toPublic(k);
  }

  /** Signing keys, retired ones included (what audit verification and `comity keys list` use). */
  all(): PublicNodeKey[] {
    return this.keys.filter((k) => k.algorithm === 'Ed25519').map(toPublic);
  }

  /** Every key, signing and encryption, public parts only (the node document publishes these). */
  allKeys(): NodeKeyInfo[] {
    return this.keys.map(toInfo);
  }

  /** Transitions signed at rotations, oldest first. */
  transitions(): KeyTransition[] {
    return this.keys.flatMap((k) => (k.transition ? [k.transition] : []));
  }

  sign(data: Uint8Array): { keyId: string; signature: string } {
    const k = this.signingKey();
    return { keyId: k.keyId, signature: crypto.sign(null, data, k.privateKey).toString('base64url') };
  }

  /** The current signing key's id and private KeyObject, for protocol code that signs itself. */
  signingKey(): { keyId: string; privateKey: crypto.KeyObject } {
    const k = this.currentOrNull();
    if (!k?.privateKey) throw new Error('The node has no signing key');
    return { keyId: k.id, privateKey: k.privateKey };
  }

  /** The current X25519 key partners encrypt to. */
  encryptionKey(): NodeKeyInfo {
    const k = this.currentOrNull('X25519');
    if (!k) throw new Error('The node has no encryption key');
    return toInfo(k);
  }

  /** The X25519 private key with this id (current or retired), to open a payload encrypted to it. */
  decryptionKey(id: string): crypto.KeyObject | undefined {
    const k = this.keys.find((x) => x.id === id && x.algorithm === 'X25519');
    return k?.privateKey ?? undefined;
  }

  verify(keyId: string, data: Uint8Array, signature: string): boolean {
    const k = this.keys.find((x) => x.id === keyId && x.algorithm === 'Ed25519');
    if (!k) return false;
    try {
      return crypto.verify(null, data, k.publicKeyObject, Buffer.from(signature, 'base64url'));
    } catch {
      return false;
    }
  }

  private async addEncryptionKey(now: () => Date): Promise<void> {
    const enc = newPair('X25519');
    await this.database.db
      .insertInto('node_key')
      .values({
        id: enc.id,
        algorithm: 'X25519',
        public_key: enc.raw,
        private_key: enc.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
        created_at: now().toISOString(),
        valid_until: null,
        expired_at: null,
        transition: null,
      })
      .execute();
    await this.reload();
  }

  /**
   * Creates a new current signing key and a new encryption key. The outgoing signing key first signs
   * the transition to its successor (when a transition signer is set), then its private part is
   * deleted; the outgoing encryption key is retired but kept for payloads already encrypted to it.
   */
  async rotate(now: () => Date): Promise<PublicNodeKey> {
    await this.refresh();
    const sig = newPair('Ed25519');
    const enc = newPair('X25519');
    const at = now().toISOString();
    const outgoing = this.currentOrNull('Ed25519');
    const transition =
      outgoing?.privateKey && this.transitionSigner
        ? await this.transitionSigner({
            from: outgoing.id,
            to: sig.id,
            at,
            outgoing: { keyId: outgoing.id, privateKey: outgoing.privateKey },
          })
        : null;
    await this.database.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('node_key')
        .set({ expired_at: at, private_key: null })
        .where('expired_at', 'is', null)
        .where('algorithm', '=', 'Ed25519')
        .execute();
      await tx
        .updateTable('node_key')
        .set({ expired_at: at })
        .where('expired_at', 'is', null)
        .where('algorithm', '=', 'X25519')
        .execute();
      await tx
        .insertInto('node_key')
        .values([
          {
            id: sig.id,
            algorithm: 'Ed25519',
            public_key: sig.raw,
            private_key: sig.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
            created_at: at,
            valid_until: null,
            expired_at: null,
            transition: transition ? JSON.stringify(transition) : null,
          },
          {
            id: enc.id,
            algorithm: 'X25519',
            public_key: enc.raw,
            private_key: enc.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
            created_at: at,
            valid_until: null,
            expired_at: null,
            transition: null,
          },
        ])
        .execute();
    });
    await this.reload();
    return this.current();
  }
}

const toInfo = (k: LoadedKey): NodeKeyInfo => ({
  id: k.id,
  algorithm: k.algorithm,
  publicKey: k.publicKey,
  createdAt: k.createdAt,
  validUntil: k.validUntil,
  expiredAt: k.expiredAt,
});

const toPublic = (k: LoadedKey): PublicNodeKey => ({ ...toInfo(k), algorithm: 'Ed25519' });
