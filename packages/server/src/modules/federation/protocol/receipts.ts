/**
 * Receipts, after the e-CODEX evidence model (submission acceptance, delivery, retrieval): each is
 * an ordinary signed envelope of type `receipt`, sent back by the recipient node, whose payload
 * names the envelope it acknowledges and the SHA-256 of exactly what was received. Receipts are
 * never themselves receipted.
 */
import { z } from 'zod';
import { canonicalBytes, encodeBase64url, sha256 } from './canonical.ts';
import { type Envelope, utcMillisSchema, uuidV7Schema } from './envelope.ts';

/**
 *   accepted       the recipient node verified and stored the envelope (e-CODEX: acceptance)
 *   rejected       verified but refused by the recipient node's rules, with a problem code
 *   delivered      made available to the recipient agency (e-CODEX: delivery)
 *   not-delivered  could not be made available (agency unknown or closed), with a problem code
 *   retrieved      opened by a person of the recipient agency (e-CODEX: retrieval)
 */
export const RECEIPT_KINDS = ['accepted', 'rejected', 'delivered', 'not-delivered', 'retrieved'] as const;
export type ReceiptKind = (typeof RECEIPT_KINDS)[number];

export const receiptPayloadSchema = z
  .strictObject({
    receiptFor: uuidV7Schema,
    kind: z.enum(RECEIPT_KINDS),
    at: utcMillisSchema,
    /** base64url SHA-256 of the RFC 8785 form of the whole received envelope, signature included. */
    envelopeDigest: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
    problem: z
      .strictObject({ code: z.string().min(1).max(100), detail: z.string().max(2000).optional() })
      .optional(),
  })
  .superRefine((r, ctx) => {
    const needsProblem = r.kind === 'rejected' || r.kind === 'not-delivered';
    if (needsProblem !== (r.problem !== undefined)) {
      ctx.addIssue({
        code: 'custom',
        message: 'a problem comes with rejected and not-delivered only',
        path: ['problem'],
      });
    }
  });
export type ReceiptPayload = z.infer<typeof receiptPayloadSchema>;

/** Receipts one `receipt` envelope may list (docs/federation.md §10). */
export const MAX_RECEIPT_LIST = 100;

/**
 * A receipt list: the receipts of several envelopes of one conversation in one signed `receipt`
 * envelope, each entry exactly a single receipt's payload. One signature, one envelope to store and
 * process, instead of one per envelope; each (envelope, kind) appears at most once.
 */
export const receiptListPayloadSchema = z
  .strictObject({ receipts: z.array(receiptPayloadSchema).min(1).max(MAX_RECEIPT_LIST) })
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    for (const [i, r] of list.receipts.entries()) {
      const key = `${r.receiptFor} ${r.kind}`;
      if (seen.has(key)) {
        ctx.addIssue({ code: 'custom', message: 'an envelope and kind listed twice', path: ['receipts', i] });
      }
      seen.add(key);
    }
  });
export type ReceiptListPayload = z.infer<typeof receiptListPayloadSchema>;

/** The receipts a `receipt` envelope carries, single or listed; undefined when it is neither. */
export function receiptsOf(payload: unknown): ReceiptPayload[] | undefined {
  if (payload !== null && typeof payload === 'object' && !Array.isArray(payload) && 'receipts' in payload) {
    const list = receiptListPayloadSchema.safeParse(payload);
    return list.success ? list.data.receipts : undefined;
  }
  const one = receiptPayloadSchema.safeParse(payload);
  return one.success ? [one.data] : undefined;
}

/** What a receipt proves was received: SHA-256 over the canonical signed envelope. */
export const envelopeDigest = (envelope: Envelope): string =>
  encodeBase64url(sha256(canonicalBytes(envelope)));

/** `envelopeDigest` from the RFC 8785 text of the signed envelope, when it is at hand. */
export const digestOfCanonical = (canonical: string): string =>
  encodeBase64url(sha256(Buffer.from(canonical, 'utf8')));

/** Receipt kinds in the order a message moves through them; a later one implies the earlier ones. */
export const RECEIPT_PROGRESS: Record<ReceiptKind, number> = {
  accepted: 1,
  rejected: 1,
  delivered: 2,
  'not-delivered': 2,
  retrieved: 3,
};
