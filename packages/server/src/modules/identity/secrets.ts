import crypto from 'node:crypto';

/** 256-bit random token, URL-safe. */
export const randomToken = (bytes = 32): string => crypto.randomBytes(bytes).toString('base64url');

/** Session and API tokens are high-entropy, so a fast hash is enough to make a stolen table useless. */
export const sha256Hex = (s: string): string => crypto.createHash('sha256').update(s).digest('hex');

export function safeEqual(a: string, b: string): boolean {
  const ba = Buffer.from(a);
  const bb = Buffer.from(b);
  return ba.length === bb.length && crypto.timingSafeEqual(ba, bb);
}

/** Recovery codes: 10 groups like `k7q2-9xvd-ph3m`, easy to read out and type. */
export function recoveryCodes(count = 10): string[] {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  return Array.from({ length: count }, () => {
    const chars = Array.from(crypto.randomBytes(12), (b) => alphabet[b % alphabet.length]);
    return [0, 4, 8].map((i) => chars.slice(i, i + 4).join('')).join('-');
  });
}

export const normaliseRecoveryCode = (code: string): string =>
  code
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
