/**
 * The one registry of problem codes. Every error the API answers is one of these, served as
 * RFC 9457 `application/problem+json` with `type` = `urn:comity:problem:<code>`.
 */
export const problemCodes = {
  'validation-failed': { status: 422, title: 'The request is not valid' },
  'malformed-request': { status: 400, title: 'The request could not be read' },
  'payload-too-large': { status: 413, title: 'The request body is too large' },
  'unsupported-media-type': { status: 415, title: 'The content type is not supported' },
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
  'weak-password': { status: 422, title: 'The password is not strong enough' },
  'purpose-required': { status: 422, title: 'A purpose is required to read personal data' },
  'rate-limited': { status: 429, title: 'Too many requests' },
  'demo-only': { status: 403, title: 'Only available in demo mode' },
  'not-ready': { status: 503, title: 'The service is not ready' },
  'insufficient-storage': { status: 507, title: 'Not enough storage' },
  internal: { status: 500, title: 'Internal error' },
} as const;

export type ProblemCode = keyof typeof problemCodes;

export const problemTypeUri = (code: ProblemCode): string => `urn:comity:problem:${code}`;
