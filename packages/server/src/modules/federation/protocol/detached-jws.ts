/**
 * JWS Compact Serialization with a detached payload (RFC 7515 §7.1 and Appendix F), EdDSA/Ed25519
 * (RFC 8037 §3.1). The payload is always the RFC 8785 canonical form of the signed object, so it is
 * rebuilt by the verifier and never travels twice.
 *
 *   protected header  {"alg":"EdDSA","kid":<kid>,"b64":true,"typ":<typ>}
 *   signing input     ASCII(BASE64URL(header) || "." || BASE64URL(payload))      (RFC 7515 §5.1)
 *   wire form         BASE64URL(header) || ".." || BASE64URL(signature)          (Appendix F)
 *
 * `typ` separates the uses of the same node key (envelopes, node documents, key transitions), so a
 * signature made for one can never be presented as another. The signing input is built here with
 * node:crypto (one Ed25519 call, no extra copies); the tests check it against jose in both directions.
 */
import { sign as edSign, verify as edVerify, type KeyObject } from 'node:crypto';
import { decodeBase64urlStrict, decodeJsonObject, encodeBase64url } from './canonical.ts';
import { isKeyType } from './keys.ts';

/** What signs: the key id published in the node document and the Ed25519 private key. */
export interface SigningKey {
  keyId: string;
  privateKey: KeyObject;
}

/** The `typ` values of the protocol's detached signatures. */
export type DetachedJwsType = 'comity-envelope+jws' | 'comity-node+jws' | 'comity-key-transition+jws';

export interface ParsedDetachedJws {
  kid: string;
  encodedHeader: string;
  signature: Buffer;
}

const HEADER_MEMBERS = new Set(['alg', 'kid', 'b64', 'typ']);
const ED25519_SIGNATURE_BYTES = 64;

const signingInput = (encodedHeader: string, payload: Uint8Array): Buffer =>
  Buffer.from(`${encodedHeader}.${encodeBase64url(payload)}`, 'ascii');

export async function signDetached(
  payload: Uint8Array,
  key: SigningKey,
  typ: DetachedJwsType,
): Promise<string> {
  if (!isKeyType(key.privateKey, 'ed25519') || key.privateKey.type !== 'private') {
    throw new TypeError('A federation signing key must be an Ed25519 private key');
  }
  const header = { alg: 'EdDSA', kid: key.keyId, b64: true, typ };
  const encodedHeader = encodeBase64url(Buffer.from(JSON.stringify(header), 'utf8'));
  const signature = edSign(null, signingInput(encodedHeader, payload), key.privateKey);
  return `${encodedHeader}..${encodeBase64url(signature)}`;
}

/**
 * Parses a detached compact JWS and checks its header: exactly the members alg/kid/b64/typ, alg EdDSA,
 * b64 true, the expected typ, and no `crit`, `jwk`, `jku` or anything else. Undefined when malformed.
 */
export function parseDetached(jws: unknown, typ: DetachedJwsType): ParsedDetachedJws | undefined {
  if (typeof jws !== 'string' || jws.length > 2048) return undefined;
  const parts = jws.split('.');
  if (parts.length !== 3 || parts[1] !== '') return undefined;
  const [encodedHeader = '', , encodedSignature = ''] = parts;
  const header = decodeJsonObject(encodedHeader);
  if (!header || Object.keys(header).some((k) => !HEADER_MEMBERS.has(k))) return undefined;
  if (header.alg !== 'EdDSA' || header.b64 !== true || header.typ !== typ) return undefined;
  if (typeof header.kid !== 'string' || header.kid.length === 0 || header.kid.length > 128) return undefined;
  const signature = decodeBase64urlStrict(encodedSignature);
  if (signature?.length !== ED25519_SIGNATURE_BYTES) return undefined;
  return { kid: header.kid, encodedHeader, signature };
}

/** Ed25519 verification of a parsed detached JWS over `payload`. Never throws. */
export function verifyDetached(
  parsed: ParsedDetachedJws,
  payload: Uint8Array,
  publicKey: KeyObject,
): boolean {
  if (!isKeyType(publicKey, 'ed25519')) return false;
  try {
    return edVerify(null, signingInput(parsed.encodedHeader, payload), publicKey, parsed.signature) === true;
  } catch {
    return false;
  }
}

/**
 * The same verification on libuv's thread pool: the caller's thread stays free, and the envelopes of
 * a batch are verified side by side (an Ed25519 verification costs about three signatures). Never
 * rejects.
 */
export function verifyDetachedOffThread(
  parsed: ParsedDetachedJws,
  payload: Uint8Array,
  publicKey: KeyObject,
): Promise<boolean> {
  if (!isKeyType(publicKey, 'ed25519')) return Promise.resolve(false);
  return new Promise((resolve) => {
    try {
      edVerify(null, signingInput(parsed.encodedHeader, payload), publicKey, parsed.signature, (error, ok) =>
        resolve(!error && ok === true),
      );
    } catch {
      resolve(false);
    }
  });
}
