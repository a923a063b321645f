/**
 * Payload encryption to the recipient node, so that a relay, a TLS-terminating proxy or a log of the
 * transport never holds operational data in clear.
 *
 * JWE Compact Serialization (RFC 7516) with `alg` ECDH-ES+A256KW over X25519 (RFC 8037 §3.2, RFC 7518
 * §4.6) and `enc` A256GCM. The plaintext is the RFC 8785 form of the payload. The protected header,
 * which AES-GCM authenticates as its AAD (RFC 7516 §5.1 step 14), binds the ciphertext to its place:
 *
 *   kid  the recipient node's X25519 key id       eid  the envelope id
 *   snd  the sender node id                       rcp  the recipient node id
 *
 * so a JWE lifted from one envelope and put into another (even one correctly signed by another
 * partner) is refused. Compression (`zip`) is refused: it would reopen decompression bombs.
 */
import type { KeyObject } from 'node:crypto';
import { CompactEncrypt, compactDecrypt } from 'jose';
import { canonicalBytes, decodeBase64urlStrict, decodeJsonObject, type JsonValue } from './canonical.ts';
import { isSafeJson, type UnsignedEnvelope } from './envelope.ts';
import { isKeyType } from './keys.ts';

export const JWE_ALG = 'ECDH-ES+A256KW';
export const JWE_ENC = 'A256GCM';

/** The recipient's published X25519 key. */
export interface RecipientKey {
  kid: string;
  publicKey: KeyObject;
}

/** Where a ciphertext belongs. */
export interface PayloadBinding {
  envelopeId: string;
  senderNode: string;
  recipientNode: string;
}

/** The node's own X25519 private keys by kid (current and recently rotated ones). */
export type ResolveDecryptionKey = (kid: string) => KeyObject | undefined | Promise<KeyObject | undefined>;

export type DecryptionRefusal = 'malformed' | 'unknown-key' | 'binding-mismatch' | 'decryption-failed';
export type PayloadDecryption =
  | { ok: true; payload: JsonValue; kid: string }
  | { ok: false; reason: DecryptionRefusal };

const HEADER_MEMBERS = new Set(['alg', 'enc', 'kid', 'cty', 'eid', 'snd', 'rcp', 'epk']);

export async function encryptPayload(
  payload: JsonValue,
  recipient: RecipientKey,
  binding: PayloadBinding,
): Promise<string> {
  if (!isKeyType(recipient.publicKey, 'x25519')) throw new TypeError('The recipient key must be X25519');
  return new CompactEncrypt(canonicalBytes(payload))
    .setProtectedHeader({
      alg: JWE_ALG,
      enc: JWE_ENC,
      kid: recipient.kid,
      cty: 'application/json',
      eid: binding.envelopeId,
      snd: binding.senderNode,
      rcp: binding.recipientNode,
    })
    .encrypt(recipient.publicKey);
}

/** Never throws for bad input. Errors thrown by `resolveKey` (storage down) propagate. */
export async function decryptPayload(
  jwe: unknown,
  resolveKey: ResolveDecryptionKey,
  expected: PayloadBinding,
): Promise<PayloadDecryption> {
  if (typeof jwe !== 'string') return { ok: false, reason: 'malformed' };
  const parts = jwe.split('.');
  // Every part must be canonical base64url, else a flipped unused bit would leave the JWE "valid".
  if (parts.length !== 5 || parts.some((p) => p === '' || !decodeBase64urlStrict(p))) {
    return { ok: false, reason: 'malformed' };
  }
  const header = decodeJsonObject(parts[0]!);
  if (
    !header ||
    Object.keys(header).some((k) => !HEADER_MEMBERS.has(k)) ||
    header.alg !== JWE_ALG ||
    header.enc !== JWE_ENC ||
    typeof header.kid !== 'string'
  ) {
    return { ok: false, reason: 'malformed' };
  }
  if (
    header.eid !== expected.envelopeId ||
    header.snd !== expected.senderNode ||
    header.rcp !== expected.recipientNode
  ) {
    return { ok: false, reason: 'binding-mismatch' };
  }
  const key = await resolveKey(header.kid);
  if (!key || !isKeyType(key, 'x25519') || key.type !== 'private')
    return { ok: false, reason: 'unknown-key' };
  let plaintext: Uint8Array;
  try {
    ({ plaintext } = await compactDecrypt(jwe, key, {
      keyManagementAlgorithms: [JWE_ALG],
      contentEncryptionAlgorithms: [JWE_ENC],
      maxDecompressedLength: 0,
    }));
  } catch {
    return { ok: false, reason: 'decryption-failed' };
  }
  try {
    const payload = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plaintext)) as JsonValue;
    return isSafeJson(payload) ? { ok: true, payload, kid: header.kid } : { ok: false, reason: 'malformed' };
  } catch {
    return { ok: false, reason: 'malformed' };
  }
}

const bindingOf = (e: Pick<UnsignedEnvelope, 'id' | 'sender' | 'recipient'>): PayloadBinding => ({
  envelopeId: e.id,
  senderNode: e.sender.node,
  recipientNode: e.recipient.node,
});

/** Replaces an unsigned envelope's `payload` by its `encryptedPayload` (call before signing). */
export async function encryptEnvelopePayload(
  envelope: UnsignedEnvelope,
  recipient: RecipientKey,
): Promise<UnsignedEnvelope> {
  if (envelope.payload === undefined) throw new TypeError('The envelope has no clear payload to encrypt');
  const { payload, ...rest } = envelope;
  return {
    ...rest,
    encryptedPayload: await encryptPayload(payload as JsonValue, recipient, bindingOf(envelope)),
  };
}

/** The payload of a verified envelope, decrypting it when it is encrypted. */
export async function openEnvelopePayload(
  envelope: Pick<UnsignedEnvelope, 'id' | 'sender' | 'recipient' | 'payload' | 'encryptedPayload'>,
  resolveKey: ResolveDecryptionKey,
): Promise<PayloadDecryption> {
  if (envelope.encryptedPayload === undefined) {
    return envelope.payload === undefined
      ? { ok: false, reason: 'malformed' }
      : { ok: true, payload: envelope.payload as JsonValue, kid: '' };
  }
  return decryptPayload(envelope.encryptedPayload, resolveKey, bindingOf(envelope));
}
