/**
 * RFC 8785 (JSON Canonicalization Scheme) and the strict base64url codec every signed or encrypted
 * federation object relies on.
 *
 * Signatures in the federation protocol are computed over canonical bytes, never over whatever text
 * arrived on the wire, so two implementations agree byte for byte as long as they both apply RFC 8785
 * to the same I-JSON value (RFC 7493: no duplicate member names, no lone surrogates, numbers that are
 * IEEE 754 doubles).
 */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/** Any JSON value (what `JSON.parse` can return). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * RFC 8785 canonical form as a string. Throws `TypeError` for values that have no canonical form
 * (NaN, ±Infinity, lone surrogates, cycles, `undefined` at top level): those are programming errors
 * on the signing side and malformed input on the verifying side.
 */
export function canonicalJson(value: unknown): string {
  let text: string | undefined;
  try {
    text = canonicalize(value);
  } catch (cause) {
    throw new TypeError(`No RFC 8785 form: ${(cause as Error).message}`);
  }
  if (text === undefined) throw new TypeError('No RFC 8785 form for undefined');
  return text;
}

/** RFC 8785 canonical form as UTF-8 bytes: the exact input of every federation signature and digest. */
export function canonicalBytes(value: unknown): Buffer {
  return Buffer.from(canonicalJson(value), 'utf8');
}

export function sha256(data: Uint8Array | string): Buffer {
  return createHash('sha256').update(data).digest();
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/**
 * Strict base64url (RFC 4648 §5, no padding): refuses any other alphabet and any non-canonical
 * encoding. Node's decoder silently ignores the unused low bits of the last character, so without the
 * round-trip check two different strings decode to the same bytes, and flipping one of those bits in a
 * signature would leave it valid (malleability).
 */
export function decodeBase64urlStrict(text: string): Buffer | undefined {
  if (!BASE64URL.test(text) || text.length % 4 === 1) return undefined;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : undefined;
}

export const encodeBase64url = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');

/** Parses a JSON object from base64url text (a JOSE header); undefined for anything else. */
export function decodeJsonObject(b64url: string): Record<string, unknown> | undefined {
  const bytes = decodeBase64urlStrict(b64url);
  if (!bytes) return undefined;
  try {
    const value: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
