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

interface LoadedKey extends PublicNodeKey {
  privateKey: crypto.KeyObject | null;
  publicKeyObject: crypto.KeyObject;
}

/** Key id = first 16 bytes of SHA-256 over the raw public key, hex: also the fingerprint admins compare. */
export const keyFingerprint = (rawPublicKey: Buffer): string =>
  crypto.createHash('sha256').update(rawPublicKey).digest('hex').slice(0, 32);

export const publicKeyFromRaw = (raw: string): crypto.KeyObject =>
  crypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw }, format: 'jwk' });

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

/**
 * The node's Ed25519 signing keys. The current key signs; retired keys stay in the table with
 * `expired_at` so signatures made before a rotation still verify.
 */
export class NodeKeys {
  private keys: LoadedKey[] = [];

  private constructor(private readonly database: Database) {}

  static async open(database: Database, now: () => Date): Promise<NodeKeys> {
    const store = new NodeKeys(database);
    await store.reload();
    if (!store.currentOrNull()) await store.rotate(now);
    return store;
  }

  private async reload(): Promise<void> {
    const rows = await this.database.db.selectFrom('node_key').selectAll().orderBy('created_at').execute();
    this.keys = rows.map((r) => ({
      id: r.id,
      algorithm: 'Ed25519',
      publicKey: r.public_key,
      createdAt: r.created_at,
      validUntil: r.valid_until,
      expiredAt: r.expired_at,
      privateKey: r.expired_at ? null : crypto.createPrivateKey(r.private_key),
      publicKeyObject: publicKeyFromRaw(r.public_key),
    }));
  }

  private currentOrNull(): LoadedKey | undefined {
    return this.keys.filter((k) => !k.expiredAt).at(-1);
  }

  current(): PublicNodeKey {
    const k = this.currentOrNull();
    if (!k) throw new Error('The node has no signing key');
    return toPublic(k);
  }

  all(): PublicNodeKey[] {
    return this.keys.map(toPublic);
  }

  sign(data: Uint8Array): { keyId: string; signature: string } {
    const k = this.currentOrNull();
    if (!k?.privateKey) throw new Error('The node has no signing key');
    return { keyId: k.id, signature: crypto.sign(null, data, k.privateKey).toString('base64url') };
  }

  verify(keyId: string, data: Uint8Array, signature: string): boolean {
    const k = this.keys.find((x) => x.id === keyId);
    if (!k) return false;
    try {
      return crypto.verify(null, data, k.publicKeyObject, Buffer.from(signature, 'base64url'));
    } catch {
      return false;
    }
  }

  /** Creates a new current key; the previous one is retired but kept for verification. */
  async rotate(now: () => Date): Promise<PublicNodeKey> {
    const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
    const raw = publicKey.export({ format: 'jwk' }).x as string;
    const id = keyFingerprint(Buffer.from(raw, 'base64url'));
    const at = now().toISOString();
    await this.database.db.transaction().execute(async (tx) => {
      await tx.updateTable('node_key').set({ expired_at: at }).where('expired_at', 'is', null).execute();
      await tx
        .insertInto('node_key')
        .values({
          id,
          algorithm: 'Ed25519',
          public_key: raw,
          private_key: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
          created_at: at,
          valid_until: null,
          expired_at: null,
        })
        .execute();
    });
    await this.reload();
    return this.current();
  }
}

const toPublic = (k: LoadedKey): PublicNodeKey => ({
  id: k.id,
  algorithm: 'Ed25519',
  publicKey: k.publicKey,
  createdAt: k.createdAt,
  validUntil: k.validUntil,
  expiredAt: k.expiredAt,
});
