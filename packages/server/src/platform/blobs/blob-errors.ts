export type BlobErrorCode =
  /** The content's SHA-256 differs from the one the uploader declared. */
  | 'hash-mismatch'
  /** More bytes than the caller's `maxBytes`. */
  | 'too-large'
  /** Zero bytes: evidence files are never empty. */
  | 'empty'
  /** ENOSPC / EDQUOT while writing (HTTP 507). */
  | 'disk-full'
  | 'not-found'
  /** The stored bytes failed authentication (tampered, truncated, or another blob's file). */
  | 'integrity'
  /** The data key cannot be unwrapped (unknown or wrong master key, damaged envelope). */
  | 'key'
  /** A requested byte range starts beyond the end of the blob (HTTP 416). */
  | 'range-not-satisfiable';

/** Typed failures of the blob store; the evidence service maps them to problem codes. */
export class BlobError extends Error {
  override readonly name = 'BlobError';
  constructor(
    readonly code: BlobErrorCode,
    message: string = code,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const isBlobError = (err: unknown, code?: BlobErrorCode): err is BlobError =>
  err instanceof BlobError && (code === undefined || err.code === code);
