/**
 * Problem codes a node answers on its federation endpoints (RFC 9457 problem+json, `type` =
 * `urn:comity:problem:<code>`, same convention as the API registry in @comity/contracts, into which
 * they move when the inbox routes land). Statuses are chosen so the sender's retry policy
 * (retry.ts) does the right thing: 401/403/400/409/413/422 stop retrying, 503 retries.
 */
import type { EnvelopeRefusal } from './envelope.ts';
import type { HttpSignatureRefusal } from './http-signature.ts';
import type { DecryptionRefusal } from './payload-crypto.ts';

export const federationProblems = {
  'federation-signature-missing': { status: 401, title: 'The request carries no HTTP message signature' },
  'federation-signature-invalid': { status: 401, title: 'The HTTP message signature does not verify' },
  'federation-signature-expired': { status: 401, title: 'The signature was created outside the time window' },
  'federation-nonce-replayed': { status: 401, title: 'The signature nonce was already used' },
  'federation-unknown-key': { status: 401, title: 'The signing key is not known for this node' },
  'federation-digest-mismatch': { status: 400, title: 'Content-Digest does not match the body' },
  'federation-unknown-partner': { status: 403, title: 'The sending node is not a partner' },
  'federation-partner-suspended': { status: 403, title: 'The partnership is suspended' },
  'federation-sender-mismatch': {
    status: 403,
    title: 'The envelope sender is not the node that signed the request',
  },
  'federation-envelope-malformed': { status: 400, title: 'The envelope is not valid' },
  'federation-envelope-too-large': { status: 413, title: 'The envelope is too large' },
  'federation-envelope-signature-invalid': { status: 422, title: 'The envelope signature does not verify' },
  'federation-wrong-recipient': { status: 422, title: 'The envelope is addressed to another node' },
  'federation-unsupported-type': { status: 422, title: 'The envelope type is not supported' },
  'federation-decryption-failed': { status: 422, title: 'The encrypted payload cannot be decrypted' },
  'federation-idempotency-conflict': {
    status: 409,
    title: 'The idempotency key was used for a different envelope',
  },
  'federation-sequence-conflict': {
    status: 409,
    title: 'The sequence number was used for a different envelope',
  },
} as const;

export type FederationProblemCode = keyof typeof federationProblems;

/** Largest envelope (UTF-8 JSON bytes) a node accepts; evidence files are offered, not embedded. */
export const MAX_ENVELOPE_BYTES = 2 * 1024 * 1024;

export function problemForHttpSignature(reason: HttpSignatureRefusal): FederationProblemCode {
  switch (reason) {
    case 'missing-signature':
      return 'federation-signature-missing';
    case 'bad-digest':
      return 'federation-digest-mismatch';
    case 'bad-signature':
      return 'federation-signature-invalid';
    case 'expired':
    case 'from-the-future':
      return 'federation-signature-expired';
    case 'replayed-nonce':
      return 'federation-nonce-replayed';
    case 'unknown-key':
      return 'federation-unknown-key';
  }
}

export function problemForEnvelope(reason: EnvelopeRefusal): FederationProblemCode {
  return reason === 'malformed' ? 'federation-envelope-malformed' : 'federation-envelope-signature-invalid';
}

export function problemForDecryption(reason: DecryptionRefusal): FederationProblemCode {
  return reason === 'malformed' ? 'federation-envelope-malformed' : 'federation-decryption-failed';
}
