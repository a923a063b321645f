/**
 * Byte layout of an encrypted blob (format v1): AES-256-GCM in authenticated segments, the STREAM
 * construction of Hoang, Reyhanitabar, Rogaway and Vizár ("Online Authenticated-Encryption and its
 * Nonce-Reuse Misuse-Resistance", CRYPTO 2015, §7), laid out like Tink's AES-GCM-HKDF streaming AEAD.
 *
 *   header (49 bytes, also the AAD of every segment)
 *     0   4  magic "CMBS" (0x43 0x4d 0x42 0x53)
 *     4   1  format version, 0x01
 *     5   1  suite, 0x01 = AES-256-GCM, 16-byte tags, HKDF-SHA256 segment key
 *     6   4  plaintext segment size S, u32 big-endian
 *    10  16  blob id (UUID, 16 raw bytes)
 *    26  16  HKDF salt (random per blob)
 *    42   7  nonce prefix (random per blob)
 *   segment i (i = 0 … n-1), at offset 49 + i·(S+16)
 *     AES-256-GCM(K, nonce_i, AAD = header, P_i) = C_i (|P_i| bytes) ‖ T_i (16 bytes)
 *     nonce_i = prefix (7) ‖ i as u32 big-endian (4) ‖ 0x01 if i = n-1 else 0x00 (1)
 *     |P_i| = S for i < n-1; 1 ≤ |P_{n-1}| ≤ S, except the empty blob: n = 1, |P_0| = 0
 *   K = HKDF-SHA256(IKM = data key, salt = header[26..42), info = "comity/blob-stream/v1", L = 32)
 *
 * The counter stops reordering, duplication and dropping of inner segments; the last-segment flag
 * stops truncation at a segment boundary and appending; the header in every AAD binds format,
 * segment size and blob id (a blob served under another id fails). The per-blob salt gives every
 * blob its own segment key, so one data key may safely encrypt several files of one evidence item.
 */
import crypto from 'node:crypto';

export const MAGIC = Buffer.from('CMBS', 'latin1');
export const FORMAT_VERSION = 1;
export const SUITE_AES256GCM_HKDF = 1;
export const HEADER_SIZE = 49;
export const TAG_SIZE = 16;
export const NONCE_PREFIX_SIZE = 7;
export const SALT_SIZE = 16;
export const DEFAULT_SEGMENT_SIZE = 1024 * 1024;
/** Small segments are allowed so property tests can cover many segments cheaply. */
export const MIN_SEGMENT_SIZE = 16;
/** Bounds what a decryptor buffers before the first tag is checked. */
export const MAX_SEGMENT_SIZE = 16 * 1024 * 1024;
export const MAX_SEGMENTS = 2 ** 32;
const HKDF_INFO = Buffer.from('comity/blob-stream/v1', 'latin1');

export type StreamAeadErrorCode =
  | 'malformed-header'
  | 'unsupported-format'
  | 'blob-id-mismatch'
  | 'truncated'
  | 'trailing-data'
  | 'authentication-failed'
  | 'too-many-segments'
  | 'bad-range';

/** Any failure to decrypt: the caller must treat the blob as corrupt or forged (never partially valid). */
export class StreamAeadError extends Error {
  override readonly name = 'StreamAeadError';
  constructor(
    readonly code: StreamAeadErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface StreamHeader {
  /** The 49 header bytes exactly as stored: the AAD of every segment. */
  bytes: Buffer;
  segmentSize: number;
  blobId: string;
  salt: Buffer;
  noncePrefix: Buffer;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const isBlobId = (id: string): boolean => UUID.test(id);

export function uuidToBytes(id: string): Buffer {
  if (!isBlobId(id)) throw new TypeError(`Not a lower-case UUID: ${JSON.stringify(id)}`);
  return Buffer.from(id.replaceAll('-', ''), 'hex');
}

export function bytesToUuid(b: Buffer): string {
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function assertSegmentSize(segmentSize: number): void {
  if (!Number.isInteger(segmentSize) || segmentSize < MIN_SEGMENT_SIZE || segmentSize > MAX_SEGMENT_SIZE) {
    throw new RangeError(`Segment size must be an integer in [${MIN_SEGMENT_SIZE}, ${MAX_SEGMENT_SIZE}]`);
  }
}

/** A fresh header: random salt and nonce prefix. */
export function newHeader(blobId: string, segmentSize: number): StreamHeader {
  assertSegmentSize(segmentSize);
  const bytes = Buffer.alloc(HEADER_SIZE);
  MAGIC.copy(bytes, 0);
  bytes[4] = FORMAT_VERSION;
  bytes[5] = SUITE_AES256GCM_HKDF;
  bytes.writeUInt32BE(segmentSize, 6);
  uuidToBytes(blobId).copy(bytes, 10);
  crypto.randomFillSync(bytes, 26, SALT_SIZE + NONCE_PREFIX_SIZE);
  return parseHeader(bytes, blobId);
}

/**
 * Parses and checks the header. Its integrity is only established once the first segment's tag
 * verifies (the header is every segment's AAD); until then, nothing is released.
 */
export function parseHeader(bytes: Buffer, expectedBlobId: string): StreamHeader {
  if (bytes.length < HEADER_SIZE) throw new StreamAeadError('truncated', 'Blob header is incomplete');
  const h = Buffer.from(bytes.subarray(0, HEADER_SIZE));
  if (!h.subarray(0, 4).equals(MAGIC)) throw new StreamAeadError('malformed-header', 'Not a Comity blob');
  if (h[4] !== FORMAT_VERSION || h[5] !== SUITE_AES256GCM_HKDF) {
    throw new StreamAeadError('unsupported-format', `Unsupported blob format ${h[4]}/${h[5]}`);
  }
  const segmentSize = h.readUInt32BE(6);
  if (segmentSize < MIN_SEGMENT_SIZE || segmentSize > MAX_SEGMENT_SIZE) {
    throw new StreamAeadError('malformed-header', `Segment size ${segmentSize} out of bounds`);
  }
  const blobId = bytesToUuid(h.subarray(10, 26));
  if (blobId !== expectedBlobId) {
    throw new StreamAeadError('blob-id-mismatch', 'The blob header names another blob');
  }
  return {
    bytes: h,
    segmentSize,
    blobId,
    salt: h.subarray(26, 26 + SALT_SIZE),
    noncePrefix: h.subarray(42, 42 + NONCE_PREFIX_SIZE),
  };
}

export function segmentKey(dataKey: Uint8Array, header: StreamHeader): crypto.KeyObject {
  if (dataKey.length !== 32) throw new RangeError('A data key is 32 bytes');
  const k = crypto.hkdfSync('sha256', dataKey, header.salt, HKDF_INFO, 32);
  return crypto.createSecretKey(Buffer.from(k));
}

export function segmentNonce(header: StreamHeader, index: number, final: boolean): Buffer {
  if (index >= MAX_SEGMENTS) throw new StreamAeadError('too-many-segments', 'Segment counter exhausted');
  const nonce = Buffer.allocUnsafe(12);
  header.noncePrefix.copy(nonce, 0);
  nonce.writeUInt32BE(index, NONCE_PREFIX_SIZE);
  nonce[11] = final ? 1 : 0;
  return nonce;
}

/** Number of segments for a plaintext of this size (the empty blob has one, empty, segment). */
export const segmentCount = (plaintextSize: number, segmentSize: number): number =>
  Math.max(1, Math.ceil(plaintextSize / segmentSize));

export const ciphertextSize = (plaintextSize: number, segmentSize: number): number =>
  HEADER_SIZE + plaintextSize + TAG_SIZE * segmentCount(plaintextSize, segmentSize);

/** Inverse of `ciphertextSize`; throws when no plaintext size maps to this stored size. */
export function plaintextSize(storedSize: number, segmentSize: number): number {
  const body = storedSize - HEADER_SIZE;
  if (body < TAG_SIZE) throw new StreamAeadError('truncated', 'Blob shorter than one segment');
  const n = Math.ceil(body / (segmentSize + TAG_SIZE));
  const last = body - (n - 1) * (segmentSize + TAG_SIZE);
  if (last < TAG_SIZE || (n > 1 && last === TAG_SIZE)) {
    throw new StreamAeadError('truncated', 'Stored size does not end on a segment');
  }
  return body - n * TAG_SIZE;
}
