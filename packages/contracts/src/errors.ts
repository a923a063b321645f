/**
 * The one registry of problem codes. Every error the API answers is one of these, served as
 * RFC 9457 `application/problem+json` with `type` = `urn:comity:problem:<code>`.
 */
export const problemCodes = {
  'validation-failed': { status: 422, title: 'The request is not valid' },
  'malformed-request': { status: 400, title: 'The request could not be read' },
  'payload-too-large': { status: 413, title: 'The request body is too large' },
  'unsupported-media-type': { status: 415, title: 'The content type is not supported' },
  'range-not-satisfiable': { status: 416, title: 'The requested byte range is outside the file' },
  unauthenticated: { status: 401, title: 'Sign-in required' },
  'session-expired': { status: 401, title: 'The session has expired' },
  'session-locked': { status: 401, title: 'The session is locked after inactivity' },
  'invalid-credentials': { status: 401, title: 'Email or password is wrong' },
  'account-locked': { status: 423, title: 'The account is locked' },
  'mfa-required': { status: 403, title: 'A second factor is required' },
  'mfa-enrolment-required': { status: 403, title: 'Two-factor enrolment is required' },
  'invalid-mfa-code': { status: 401, title: 'The code is not valid' },
  'csrf-failed': { status: 403, title: 'The request is missing its anti-forgery token' },
  forbidden: { status: 403, title: 'This action is not allowed' },
  'not-found': { status: 404, title: 'Not found or not yours' },
  conflict: { status: 409, title: 'The object changed or is in a state that does not allow this' },
  'idempotency-key-reused': {
    status: 422,
    title: 'The Idempotency-Key was already used for another request',
  },
  'idempotency-key-in-use': {
    status: 409,
    title: 'A request with this Idempotency-Key has not finished',
  },
  'weak-password': { status: 422, title: 'The password is not strong enough' },
  'purpose-required': { status: 422, title: 'A purpose is required to read personal data' },
  'rate-limited': { status: 429, title: 'Too many requests' },
  'demo-only': { status: 403, title: 'Only available in demo mode' },
  'not-ready': { status: 503, title: 'The service is not ready' },
  'insufficient-storage': { status: 507, title: 'Not enough storage' },
  internal: { status: 500, title: 'Internal error' },
  // Federation (docs/federation.md §11): what a node answers another node. The statuses drive the
  // sender's retry policy: 400/401/403/409/413/422 are permanent, 503 is retried.
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
  'federation-client-certificate-required': {
    status: 401,
    title: 'A TLS client certificate issued by a trusted federation CA is required',
  },
  // Partner administration (the node's own admin API).
  'federation-partner-unreachable': {
    status: 502,
    title: 'The partner node could not be reached or sent no valid node document',
  },
  'federation-fingerprint-mismatch': {
    status: 422,
    title: 'The fingerprint does not match the partner’s signing key',
  },
} as const;

export type ProblemCode = keyof typeof problemCodes;

export const problemTypeUri = (code: ProblemCode): string => `urn:comity:problem:${code}`;
