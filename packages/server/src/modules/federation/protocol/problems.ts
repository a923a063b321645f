/**
 * Problem codes a node answers on its federation endpoints (RFC 9457 problem+json, `type` =
 * `urn:comity:problem:<code>`). They live in the one registry of @comity/contracts; this file picks
 * the wire codes out of it and maps each protocol refusal to its code. Statuses are chosen so the
 * sender's retry policy (retry.ts) does the right thing: 401/403/400/409/413/422 stop retrying,
 * 503 retries.
 */
import { problemCodes } from '@comity/contracts';
import type { EnvelopeRefusal } from './envelope.ts';
import type { HttpSignatureRefusal } from './http-signature.ts';
import type { DecryptionRefusal } from './payload-crypto.ts';

const WIRE_CODES = [
  'federation-signature-missing',
  'federation-signature-invalid',
  'federation-signature-expired',
  'federation-nonce-replayed',
  'federation-unknown-key',
  'federation-digest-mismatch',
  'federation-unknown-partner',
  'federation-partner-suspended',
  'federation-sender-mismatch',
  'federation-envelope-malformed',
  'federation-envelope-too-large',
  'federation-envelope-signature-invalid',
  'federation-wrong-recipient',
  'federation-unsupported-type',
  'federation-decryption-failed',
  'federation-idempotency-conflict',
  'federation-sequence-conflict',
] as const;

export const federationProblems = Object.fromEntries(
  WIRE_CODES.map((code) => [code, problemCodes[code]]),
) as { [K in (typeof WIRE_CODES)[number]]: (typeof problemCodes)[K] };

export type FederationProblemCode = keyof typeof federationProblems;

/** Largest envelope (UTF-8 JSON bytes) a node accepts; evidence files are offered, not embedded. */
export const MAX_ENVELOPE_BYTES = 2 * 1024 * 1024;

/** Largest batch delivery (§8a): its JSON body in bytes, and how many envelopes it may carry. */
export const MAX_BATCH_BYTES = 4 * 1024 * 1024;
export const MAX_BATCH_ENVELOPES = 100;

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
