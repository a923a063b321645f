import { z } from 'zod';
import { MAX_FILE_BYTES } from '../../platform/blobs/blob-store.ts';

/**
 * Large evidence does not travel inside envelopes (≤ 2 MiB). The holder sends an `evidence.offer`
 * envelope naming each file by SHA-256 and size; the recipient pulls the bytes with signed,
 * resumable GETs (`GET /api/federation/blobs/{sha256}`, Range supported) and checks the hash.
 * The evidence module defines the rest of the payload (custody, manifest); only `items` is read here.
 */
export const EVIDENCE_OFFER_TYPE = 'evidence.offer';

export const sha256HexSchema = z.string().regex(/^[0-9a-f]{64}$/, 'lowercase hex SHA-256');

export const evidenceOfferPayloadSchema = z.looseObject({
  items: z
    .array(
      z.looseObject({
        sha256: sha256HexSchema,
        size: z
          .number()
          .int()
          .min(0)
          .max(MAX_FILE_BYTES, `a file offered is at most ${MAX_FILE_BYTES} bytes`),
        mediaType: z.string().max(200).optional(),
        name: z.string().max(500).optional(),
      }),
    )
    .min(1)
    .max(1000),
});
export type EvidenceOfferPayload = z.infer<typeof evidenceOfferPayloadSchema>;

/**
 * Where the sender's node reads offered blobs from (the evidence module's encrypted store). The
 * authenticated partner is passed along: what may be served depends on whom it goes to (the
 * evidence module checks the item's handling labels for that partner on every request).
 */
export interface BlobSource {
  /** Size in bytes of the blob with this SHA-256 this node may serve to `partnerNode`, or undefined. */
  size(sha256: string, partnerNode: string): Promise<number | undefined>;
  /** The bytes from `start` to `end`, both inclusive (the caller has checked the bounds). */
  read(sha256: string, start: number, end: number, partnerNode: string): AsyncIterable<Uint8Array>;
}

/** Where the recipient's node writes a pulled blob; what it already holds is where a pull resumes. */
export interface BlobSink {
  /** Bytes already written (0 for a new transfer). */
  length(): Promise<number>;
  append(chunk: Uint8Array): Promise<void>;
  /** Reads back everything written, to check the hash over the whole file. */
  readAll(): AsyncIterable<Uint8Array>;
}
