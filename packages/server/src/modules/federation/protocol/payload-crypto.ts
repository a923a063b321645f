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
 *
 * Implemented directly on node:crypto (synchronous X25519, Concat KDF, AES key wrap, AES-GCM): about
 * six times faster than the generic JOSE library on this path, which every operational envelope
 * takes twice. The unit tests check interoperability with jose in both directions.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  type KeyObject,
  randomFillSync,
} from 'node:crypto';
import {
  canonicalBytes,
  decodeBase64urlStrict,
  decodeJsonObject,
  encodeBase64url,
  type JsonValue,
} from './canonical.ts';
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

/**
 * An ephemeral X25519 key and the key-encryption key it agreed with one recipient key (RFC 7518
 * §4.6). The private half is dropped once agreed: only the KEK and the public half remain.
 */
export interface KeyAgreement {
  readonly recipient: RecipientKey;
  /** The ephemeral public key, as the `epk` member's `x`. */
  readonly x: string;
  readonly kek: Buffer;
}

/**
 * A fresh ephemeral key agreed with `recipient`, for one envelope or for several envelopes prepared
 * together (docs/federation.md §7): each JWE still gets its own random CEK and IV, and the KEK only
 * wraps those (AES key wrap is made for wrapping many keys under one KEK), so sharing it costs no
 * confidentiality and saves an X25519 key generation and agreement per envelope on both nodes.
 */
export function agreeKey(recipient: RecipientKey): KeyAgreement {
  if (!isKeyType(recipient.publicKey, 'x25519')) throw new TypeError('The recipient key must be X25519');
  const ephemeral = generateKeyPairSync('x25519');
  const kek = concatKdf(diffieHellman({ privateKey: ephemeral.privateKey, publicKey: recipient.publicKey }));
  const x = ephemeral.publicKey.export({ format: 'jwk' }).x;
  if (!x) throw new TypeError('No X25519 public key');
  return { recipient, x, kek };
}

export async function encryptPayload(
  payload: JsonValue,
  recipient: RecipientKey,
  binding: PayloadBinding,
  agreement?: KeyAgreement,
): Promise<string> {
  if (!isKeyType(recipient.publicKey, 'x25519')) throw new TypeError('The recipient key must be X25519');
  if (agreement && agreement.recipient !== recipient)
    throw new TypeError('The key agreement was made with another recipient key');
  // RFC 7518 §4.6: an ephemeral X25519 key agrees a key-encryption key with the recipient's key.
  const { kek, x } = agreement ?? agreeKey(recipient);
  const cek = random.take(32);
  const header = {
    alg: JWE_ALG,
    enc: JWE_ENC,
    kid: recipient.kid,
    cty: 'application/json',
    eid: binding.envelopeId,
    snd: binding.senderNode,
    rcp: binding.recipientNode,
    epk: { kty: 'OKP', crv: 'X25519', x },
  };
  const encodedHeader = encodeBase64url(Buffer.from(JSON.stringify(header), 'utf8'));
  const wrap = createCipheriv('id-aes256-wrap', kek, AES_KW_IV);
  const encryptedKey = Buffer.concat([wrap.update(cek), wrap.final()]);
  const iv = random.take(12);
  const gcm = createCipheriv('aes-256-gcm', cek, iv);
  // RFC 7516 §5.1 step 14: the AAD is the ASCII of the encoded protected header.
  gcm.setAAD(Buffer.from(encodedHeader, 'ascii'));
  const ciphertext = Buffer.concat([gcm.update(canonicalBytes(payload)), gcm.final()]);
  return [encodedHeader, encryptedKey, iv, ciphertext, gcm.getAuthTag()]
    .map((part) => (typeof part === 'string' ? part : encodeBase64url(part)))
    .join('.');
}

/**
 * CSPRNG bytes drawn a few kilobytes at a time: every envelope encrypted takes 44 (its CEK and IV),
 * and one call into the CSPRNG costs about ten times what copying them out of a pool does. Every
 * byte is handed out once, as a copy, and wiped from the pool.
 */
class RandomPool {
  private readonly pool = Buffer.alloc(4096);
  private at = this.pool.length;

  take(n: number): Buffer {
    if (this.at + n > this.pool.length) {
      randomFillSync(this.pool);
      this.at = 0;
    }
    const out = Buffer.from(this.pool.subarray(this.at, this.at + n));
    this.pool.fill(0, this.at, this.at + n);
    this.at += n;
    return out;
  }
}
const random = new RandomPool();

/** RFC 4648 / RFC 3394 default initial value of AES key wrap. */
const AES_KW_IV = Buffer.from('a6a6a6a6a6a6a6a6', 'hex');
/** RFC 7518 §4.6.2 OtherInfo for alg ECDH-ES+A256KW, no apu/apv, 256-bit key. */
const KDF_OTHER_INFO = (() => {
  const alg = Buffer.from(JWE_ALG, 'ascii');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(alg.length);
  const keyBits = Buffer.alloc(4);
  keyBits.writeUInt32BE(256);
  return Buffer.concat([len, alg, Buffer.alloc(4), Buffer.alloc(4), keyBits]);
})();

/** NIST SP 800-56A Concat KDF with SHA-256, one round (256 bits). */
function concatKdf(sharedSecret: Buffer): Buffer {
  return createHash('sha256')
    .update(Buffer.from([0, 0, 0, 1]))
    .update(sharedSecret)
    .update(KDF_OTHER_INFO)
    .digest();
}

/** The ephemeral public key of a protected header (`x`): exactly an X25519 OKP JWK. */
function ephemeralX(epk: unknown): string | undefined {
  if (epk === null || typeof epk !== 'object' || Array.isArray(epk)) return undefined;
  const jwk = epk as Record<string, unknown>;
  if (Object.keys(jwk).some((k) => k !== 'kty' && k !== 'crv' && k !== 'x')) return undefined;
  if (jwk.kty !== 'OKP' || jwk.crv !== 'X25519' || typeof jwk.x !== 'string') return undefined;
  if (decodeBase64urlStrict(jwk.x)?.length !== 32) return undefined;
  return jwk.x;
}

/** Key-encryption keys remembered per private key, by ephemeral public key (the newest few). */
const agreedKeys = new WeakMap<KeyObject, Map<string, Buffer>>();
const AGREED_KEYS_KEPT = 256;

/**
 * The KEK agreed by `privateKey` with the ephemeral key `x`. A sender may use one ephemeral key for
 * several envelopes (§7): the agreement is then made once, not once per envelope. The memo holds
 * only what the same computation would give again; the newest keys are kept, so a partner sending
 * fresh ephemeral keys merely never hits it. Throws for a key that is not a valid X25519 point.
 */
function agreedKek(privateKey: KeyObject, x: string): Buffer {
  let byEpk = agreedKeys.get(privateKey);
  const known = byEpk?.get(x);
  if (known) return known;
  const kek = concatKdf(
    diffieHellman({
      privateKey,
      publicKey: createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x }, format: 'jwk' }),
    }),
  );
  if (!byEpk) {
    byEpk = new Map();
    agreedKeys.set(privateKey, byEpk);
  }
  if (byEpk.size >= AGREED_KEYS_KEPT) byEpk.delete(byEpk.keys().next().value!);
  byEpk.set(x, kek);
  return kek;
}

/** Never throws for bad input. Errors thrown by `resolveKey` (storage down) propagate. */
export async function decryptPayload(
  jwe: unknown,
  resolveKey: ResolveDecryptionKey,
  expected: PayloadBinding,
): Promise<PayloadDecryption> {
  if (typeof jwe !== 'string') return { ok: false, reason: 'malformed' };
  const parts = jwe.split('.');
  if (parts.length !== 5) return { ok: false, reason: 'malformed' };
  // Every part must be canonical base64url, else a flipped unused bit would leave the JWE "valid".
  const bytes = parts.map((p) => (p === '' ? undefined : decodeBase64urlStrict(p)));
  if (bytes.some((b) => b === undefined)) return { ok: false, reason: 'malformed' };
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
  const epk = ephemeralX(header.epk);
  if (!epk || (header.cty !== undefined && header.cty !== 'application/json')) {
    return { ok: false, reason: 'malformed' };
  }
  const [, encryptedKey, iv, ciphertext, tag] = bytes as [Buffer, Buffer, Buffer, Buffer, Buffer];
  if (encryptedKey.length !== 40 || iv.length !== 12 || tag.length !== 16) {
    return { ok: false, reason: 'malformed' };
  }
  let plaintext: Buffer;
  try {
    const kek = agreedKek(key, epk);
    const unwrap = createDecipheriv('id-aes256-wrap', kek, AES_KW_IV);
    const cek = Buffer.concat([unwrap.update(encryptedKey), unwrap.final()]);
    const gcm = createDecipheriv('aes-256-gcm', cek, iv);
    gcm.setAAD(Buffer.from(parts[0]!, 'ascii'));
    gcm.setAuthTag(tag);
    // The whole ciphertext is authenticated before any plaintext is used (final() checks the tag).
    plaintext = Buffer.concat([gcm.update(ciphertext), gcm.final()]);
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
  agreement?: KeyAgreement,
): Promise<UnsignedEnvelope> {
  if (envelope.payload === undefined) throw new TypeError('The envelope has no clear payload to encrypt');
  const { payload, ...rest } = envelope;
  return {
    ...rest,
    encryptedPayload: await encryptPayload(payload as JsonValue, recipient, bindingOf(envelope), agreement),
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
