/**
 * `Content-Digest` (RFC 9530 §2): a Structured Field Dictionary (RFC 8941 §3.2) of algorithm →
 * byte sequence, here `sha-256=:<base64>:`. http-message-signatures covers the header in the
 * signature but never computes or checks it (STACK.md gotcha 15): both sides do it here.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

const MEMBER = /^([a-z*][a-z0-9_.*-]*)=:([A-Za-z0-9+/]*={0,2}):(;.*)?$/;
const SUPPORTED: Record<string, string> = { 'sha-256': 'sha256', 'sha-512': 'sha512' };

export function contentDigest(body: Uint8Array | string): string {
  return `sha-256=:${createHash('sha256').update(body).digest('base64')}:`;
}

/**
 * True when the header carries a `sha-256` member and every member with an algorithm we know
 * (sha-256, sha-512) matches the body. Members with other algorithms are ignored (RFC 9530 §2);
 * duplicate members or anything that is not a dictionary of byte sequences is refused.
 */
export function checkContentDigest(header: string | undefined, body: Uint8Array | string): boolean {
  if (header === undefined || header.length > 4096) return false;
  const seen = new Set<string>();
  for (const raw of header.split(',')) {
    const match = MEMBER.exec(raw.trim());
    if (!match) return false;
    const [, name = '', b64 = ''] = match;
    if (seen.has(name)) return false;
    seen.add(name);
    const algorithm = SUPPORTED[name];
    if (!algorithm) continue;
    const claimed = Buffer.from(b64, 'base64');
    if (claimed.toString('base64') !== b64) return false;
    const actual = createHash(algorithm).update(body).digest();
    if (claimed.length !== actual.length || !timingSafeEqual(claimed, actual)) return false;
  }
  return seen.has('sha-256');
}
