/**
 * Node key pairs: Ed25519 signs (envelopes, node documents, HTTP requests), X25519 receives encrypted
 * payloads. Public keys travel as OKP JWKs (RFC 8037) with exactly the members `kty`, `crv`, `x`.
 *
 * Key id (`kid`) = the first 16 bytes of SHA-256 over the raw 32-byte public key, in lowercase hex:
 * the same rule the node's signing-key store (platform/crypto/node-keys.ts) already applies, so a kid
 * names one key on every node without any registry.
 */
import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { keyFingerprint } from '../../../platform/crypto/node-keys.ts';
import { decodeBase64urlStrict } from './canonical.ts';

export type OkpCurve = 'Ed25519' | 'X25519';

/** A public OKP JWK (RFC 8037 §2) reduced to its required members. */
export interface OkpPublicJwk {
  kty: 'OKP';
  crv: OkpCurve;
  x: string;
}

const rawKey = z.string().refine((x) => decodeBase64urlStrict(x)?.length === 32, {
  message: 'x must be 32 bytes in unpadded base64url',
});

export const okpPublicJwkSchema = z.strictObject({
  kty: z.literal('OKP'),
  crv: z.enum(['Ed25519', 'X25519']),
  x: rawKey,
});

/** 32 lowercase hex characters. */
export const keyIdSchema = z.string().regex(/^[0-9a-f]{32}$/, 'a key id is 32 lowercase hex characters');

export interface NodeKeyPair {
  kid: string;
  publicJwk: OkpPublicJwk;
  publicKey: KeyObject;
  privateKey: KeyObject;
}

/** The kid of a public key: first 16 bytes of SHA-256 over the raw key, hex. */
export function keyIdOf(jwk: OkpPublicJwk): string {
  return keyFingerprint(Buffer.from(jwk.x, 'base64url'));
}

/** The public OKP JWK of an Ed25519 or X25519 key (public or private KeyObject). */
export function exportPublicJwk(key: KeyObject): OkpPublicJwk {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  const jwk = publicKey.export({ format: 'jwk' });
  if (jwk.kty !== 'OKP' || (jwk.crv !== 'Ed25519' && jwk.crv !== 'X25519') || typeof jwk.x !== 'string') {
    throw new TypeError('Only Ed25519 and X25519 keys are federation keys');
  }
  return { kty: 'OKP', crv: jwk.crv, x: jwk.x };
}

/** A KeyObject for a validated public OKP JWK. Throws on anything that is not one. */
export function importPublicJwk(jwk: OkpPublicJwk): KeyObject {
  const parsed = okpPublicJwkSchema.parse(jwk);
  return createPublicKey({ key: parsed, format: 'jwk' });
}

function pair(type: 'ed25519' | 'x25519'): NodeKeyPair {
  const { publicKey, privateKey } =
    type === 'ed25519' ? generateKeyPairSync('ed25519') : generateKeyPairSync('x25519');
  const publicJwk = exportPublicJwk(publicKey);
  return { kid: keyIdOf(publicJwk), publicJwk, publicKey, privateKey };
}

/** A new Ed25519 signing key pair. */
export const generateSigningKeyPair = (): NodeKeyPair => pair('ed25519');

/** A new X25519 key-agreement pair for receiving JWE payloads. */
export const generateEncryptionKeyPair = (): NodeKeyPair => pair('x25519');

/** Both key pairs a new node needs. */
export function generateNodeKeyPairs(): { signing: NodeKeyPair; encryption: NodeKeyPair } {
  return { signing: generateSigningKeyPair(), encryption: generateEncryptionKeyPair() };
}

/** True when the KeyObject is of the given OKP type (guards against a key of the wrong kind). */
export const isKeyType = (key: KeyObject, type: 'ed25519' | 'x25519'): boolean =>
  key.asymmetricKeyType === type;
