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

/** Any JSON value (what `JSON.parse` can return). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * RFC 8785 canonical form as a string. Throws `TypeError` for values that have no canonical form
 * (NaN, ±Infinity, lone surrogates, cycles, `undefined` at top level): those are programming errors
 * on the signing side and malformed input on the verifying side.
 *
 * Every envelope is canonicalised several times on each side (signature, digest, verification),
 * so this is a hot path. It produces exactly what the `canonicalize` package does (the unit tests
 * compare them), but finds lone surrogates with one native regular-expression test per string
 * instead of a loop over its characters, and builds the text in one pass.
 */
export function canonicalJson(value: unknown): string {
  const text = canonical(value, new Set());
  if (text === undefined) throw new TypeError('No RFC 8785 form for undefined');
  return text;
}

/** In Unicode mode a surrogate pair is one code point: only a lone surrogate matches. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

function canonical(value: unknown, seen: Set<object>): string | undefined {
  switch (typeof value) {
    case 'string':
      if (LONE_SURROGATE.test(value)) throw new TypeError('No RFC 8785 form: lone surrogate');
      return JSON.stringify(value);
    case 'number':
      // ECMAScript's number serialisation is RFC 8785's (§3.2.2.3); it has none for NaN and ±Infinity.
      if (!Number.isFinite(value)) throw new TypeError(`No RFC 8785 form: ${value}`);
      return JSON.stringify(value);
    case 'object':
      break;
    default:
      return JSON.stringify(value);
  }
  if (value === null) return 'null';
  const object = value as Record<string, unknown> & { toJSON?: unknown };
  if (seen.has(object)) throw new TypeError('No RFC 8785 form: circular reference');
  seen.add(object);
  let out: string | undefined;
  if (typeof object.toJSON === 'function') {
    out = canonical((object.toJSON as () => unknown)(), seen);
  } else if (Array.isArray(object)) {
    out = '[';
    for (let i = 0; i < object.length; i++) {
      const item: unknown = object[i];
      if (i > 0) out += ',';
      out += item === undefined || typeof item === 'symbol' ? 'null' : canonical(item, seen);
    }
    out += ']';
  } else {
    // Default sort: by UTF-16 code units, as RFC 8785 §3.2.3 requires.
    const keys = Object.keys(object).sort();
    out = '{';
    let first = true;
    for (const key of keys) {
      const item = object[key];
      if (item === undefined || typeof item === 'symbol') continue;
      if (!first) out += ',';
      first = false;
      out += `${canonical(key, seen)}:${canonical(item, seen)}`;
    }
    out += '}';
  }
  seen.delete(object);
  return out;
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
  // Re-encoding would give back `text` exactly when the bits the last character carries beyond
  // the data are zero: checked on that character instead of re-encoding the whole text (a JWE's
  // ciphertext is decoded on every envelope received).
  const unused = UNUSED_BITS[text.length % 4]!;
  if (unused !== 0 && (BASE64URL_VALUE.indexOf(text[text.length - 1]!) & unused) !== 0) return undefined;
  return Buffer.from(text, 'base64url');
}

const BASE64URL_VALUE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** By text length mod 4: the low bits of the last character that carry no data (2 chars: 4, 3: 2). */
const UNUSED_BITS = [0, 0, 0b1111, 0b11];

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
