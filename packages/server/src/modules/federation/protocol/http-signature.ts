/**
 * HTTP Message Signatures (RFC 9421) on every node-to-node request.
 *
 *   Signature-Input: comity=("@method" "@target-uri" "content-digest");created=…;keyid="<node>#<kid>";
 *                    nonce="…";alg="ed25519"
 *   Signature:       comity=:<base64 Ed25519 signature>:
 *   Content-Digest:  sha-256=:<base64 SHA-256 of the body>:          (RFC 9530, checked here)
 *
 * The library builds and checks the signature base; everything it leaves to the application is done
 * here: the body digest (it never checks Content-Digest), the time window against an injected clock
 * (it reads Date.now()), nonce replay, exactly one signature, and treating only `=== true` as valid
 * (it answers `null` when no key is found). STACK.md gotcha 15.
 */
import { sign as edSign, verify as edVerify, type KeyObject, randomBytes } from 'node:crypto';
import { httpbis } from 'http-message-signatures';
import { checkContentDigest, contentDigest } from './content-digest.ts';
import type { ResolveKey } from './envelope.ts';
import { isKeyType } from './keys.ts';
import type { NonceStore } from './nonce-store.ts';

export const SIGNATURE_LABEL = 'comity';
export const COVERED_COMPONENTS = ['@method', '@target-uri', 'content-digest'];
const SIGNATURE_PARAMS = ['created', 'keyid', 'nonce', 'alg'];
export const DEFAULT_MAX_SKEW_SECONDS = 300;
const NONCE = /^[A-Za-z0-9_-]{16,128}$/;

export interface SignableRequest {
  method: string;
  /** The absolute URL the request is sent to (the sender) or was received at (the receiver). */
  url: string | URL;
  headers: Record<string, string | string[] | undefined>;
  /** The exact body bytes sent or received (empty for a GET). */
  body: Uint8Array | string;
}

export interface HttpSigningKey {
  nodeId: string;
  keyId: string;
  privateKey: KeyObject;
}

/** The headers a signed request adds (a type alias, so it spreads into any header record). */
export type SignatureHeaders = {
  'content-digest': string;
  'signature-input': string;
  signature: string;
};

/** RFC 9421 `keyid`: the node id and the key id joined by `#` (node ids never contain `#`). */
export const httpKeyId = (nodeId: string, kid: string): string => `${nodeId}#${kid}`;

export function parseHttpKeyId(keyid: string): { nodeId: string; kid: string } | undefined {
  const at = keyid.indexOf('#');
  if (at <= 0 || at === keyid.length - 1 || keyid.indexOf('#', at + 1) !== -1) return undefined;
  return { nodeId: keyid.slice(0, at), kid: keyid.slice(at + 1) };
}

/**
 * `@target-uri` in its one normal form (WHATWG URL serialisation: lowercase scheme and host, default
 * port dropped, no fragment). A receiver builds it from its configured public base URL and the request
 * path and query, never from a Host header.
 */
export function normalizeTargetUri(url: string | URL): string {
  const parsed = new URL(url.toString());
  parsed.hash = '';
  return parsed.href;
}

export async function signRequest(
  request: SignableRequest,
  key: HttpSigningKey,
  options: { now?: Date; nonce?: string } = {},
): Promise<SignatureHeaders> {
  if (!isKeyType(key.privateKey, 'ed25519')) throw new TypeError('HTTP requests are signed with Ed25519');
  const digest = contentDigest(request.body);
  const signed = await httpbis.signMessage(
    {
      key: {
        id: httpKeyId(key.nodeId, key.keyId),
        alg: 'ed25519',
        sign: async (data: Buffer) => edSign(null, data, key.privateKey),
      },
      name: SIGNATURE_LABEL,
      fields: COVERED_COMPONENTS,
      params: SIGNATURE_PARAMS,
      paramValues: {
        created: options.now ?? new Date(),
        nonce: options.nonce ?? randomBytes(16).toString('base64url'),
      },
    },
    { method: request.method, url: normalizeTargetUri(request.url), headers: { 'content-digest': digest } },
  );
  const out = lowerCaseHeaders(signed.headers);
  return {
    'content-digest': digest,
    'signature-input': out['signature-input'] ?? '',
    signature: out.signature ?? '',
  };
}

export type HttpSignatureRefusal =
  | 'missing-signature'
  | 'bad-digest'
  | 'bad-signature'
  | 'expired'
  | 'from-the-future'
  | 'replayed-nonce'
  | 'unknown-key';

export type HttpSignatureVerification =
  | { ok: true; keyId: string; nodeId: string }
  | { ok: false; reason: HttpSignatureRefusal };

export interface VerifyRequestOptions {
  /** The same resolver as for envelopes: the key must be valid at the signature's `created`. */
  resolveKey: ResolveKey;
  now: Date;
  maxSkewSeconds?: number;
  nonceStore: NonceStore;
}

/**
 * Verifies a received request. Never throws for bad input; errors thrown by `resolveKey` or the nonce
 * store (storage down) propagate so the caller answers 503 and the sender retries.
 */
export async function verifyRequest(
  request: SignableRequest,
  options: VerifyRequestOptions,
): Promise<HttpSignatureVerification> {
  const headers = lowerCaseHeaders(request.headers);
  if (!headers.signature || !headers['signature-input']) return { ok: false, reason: 'missing-signature' };
  if (!isSingleCanonicalSignature(headers.signature)) return { ok: false, reason: 'bad-signature' };
  if (!checkContentDigest(headers['content-digest'], request.body))
    return { ok: false, reason: 'bad-digest' };
  let targetUri: string;
  try {
    targetUri = normalizeTargetUri(request.url);
  } catch {
    return { ok: false, reason: 'bad-signature' };
  }

  const maxSkew = options.maxSkewSeconds ?? DEFAULT_MAX_SKEW_SECONDS;
  const nowSeconds = options.now.getTime() / 1000;
  let lookups = 0;
  let refusal: HttpSignatureRefusal | undefined;
  let storageError: unknown;
  let signer: { nodeId: string; kid: string; nonce: string; created: number } | undefined;

  const keyLookup = async (params: Record<string, unknown>) => {
    // One signature per request: a second one could only confuse who is speaking.
    if (++lookups > 1) return null;
    const { created, keyid, nonce, alg } = params;
    if (alg !== 'ed25519' || typeof keyid !== 'string' || typeof nonce !== 'string' || !NONCE.test(nonce)) {
      refusal = 'bad-signature';
      return null;
    }
    const createdSeconds = created instanceof Date ? created.getTime() / 1000 : Number.NaN;
    if (!Number.isSafeInteger(createdSeconds)) {
      refusal = 'bad-signature';
      return null;
    }
    // RFC 9421 §7.2.2: the verifier decides how old (or how far ahead) a signature may be.
    if (nowSeconds - createdSeconds > maxSkew) refusal = 'expired';
    else if (createdSeconds - nowSeconds > maxSkew) refusal = 'from-the-future';
    if (refusal) return null;
    const id = parseHttpKeyId(keyid);
    if (!id) {
      refusal = 'unknown-key';
      return null;
    }
    let key: Awaited<ReturnType<ResolveKey>>;
    try {
      key = await options.resolveKey(id.nodeId, id.kid);
    } catch (error) {
      storageError = error;
      return null;
    }
    const createdMs = createdSeconds * 1000;
    // `created` has whole seconds, key times milliseconds: a key made at 10:00:00.400 signs requests
    // dated 10:00:00, so the comparison with validFrom is made at the precision of `created`.
    if (
      !key ||
      !isKeyType(key.publicKey, 'ed25519') ||
      createdMs + 999 < key.validFrom.getTime() ||
      (key.expiredAt && createdMs >= key.expiredAt.getTime())
    ) {
      refusal = 'unknown-key';
      return null;
    }
    signer = { nodeId: id.nodeId, kid: id.kid, nonce, created: createdSeconds };
    const publicKey = key.publicKey;
    return {
      id: keyid,
      algs: ['ed25519'],
      verify: async (data: Buffer, signature: Buffer) => {
        try {
          return edVerify(null, data, publicKey, signature);
        } catch {
          return false;
        }
      },
    };
  };

  let result: boolean | null;
  try {
    result = await httpbis.verifyMessage(
      {
        keyLookup,
        // Time is checked above against the injected clock; the library would read Date.now().
        notAfter: Number.MAX_SAFE_INTEGER,
        requiredFields: COVERED_COMPONENTS,
        requiredParams: SIGNATURE_PARAMS,
      },
      { method: request.method, url: targetUri, headers },
    );
  } catch {
    result = null;
  }
  if (storageError !== undefined) throw storageError;
  if (refusal) return { ok: false, reason: refusal };
  if (result !== true || lookups !== 1 || !signer) return { ok: false, reason: 'bad-signature' };

  const fresh = await options.nonceStore.useOnce({
    scope: signer.nodeId,
    nonce: signer.nonce,
    expiresAt: new Date((signer.created + maxSkew + 1) * 1000),
    now: options.now,
  });
  if (!fresh) return { ok: false, reason: 'replayed-nonce' };
  return { ok: true, keyId: signer.kid, nodeId: signer.nodeId };
}

/**
 * The `Signature` dictionary must hold one member whose byte sequence is canonical base64 (RFC 8941
 * §3.3.5 lets parsers accept unused bits; we do not, so one signature has exactly one spelling).
 */
function isSingleCanonicalSignature(header: string): boolean {
  const match = /^[a-z*][a-z0-9_.*-]*=:([A-Za-z0-9+/]+={0,2}):$/.exec(header.trim());
  return match !== null && Buffer.from(match[1]!, 'base64').toString('base64') === match[1];
}

function lowerCaseHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const joined = Array.isArray(value) ? value.join(', ') : value;
    const key = name.toLowerCase();
    out[key] = out[key] === undefined ? joined : `${out[key]}, ${joined}`;
  }
  return out;
}
