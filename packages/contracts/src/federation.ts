import { z } from 'zod';
import { CountryCode, Id, Timestamp, withPolicies } from './common.ts';

/**
 * The administrator's side of federation: partner nodes, their status, the delivery queue and
 * receipts. The wire protocol between nodes is specified in docs/federation.md and validated by the
 * server's protocol layer, not here.
 */

/** A partner node's id as it publishes it (Comity uses UUIDv7; other implementations may differ). */
export const FederationNodeId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._~:-]{0,127}$/, 'not a valid node id')
  .describe('Node id from the partner’s node document');

/**
 * pending    document fetched, fingerprint not yet confirmed: nothing is accepted from it or sent to it
 * active     confirmed out of band; envelopes flow both ways
 * suspended  confirmed once, now refused (`federation-partner-suspended`); its queue is kept
 */
export const FederationPartnerStatus = z.enum(['pending', 'active', 'suspended']);
/**
 * available    the last delivery (or none yet) succeeded
 * degraded     deliveries are failing, for less than COMITY_FEDERATION_UNAVAILABLE_AFTER_SECONDS
 * unavailable  deliveries have failed for longer than that; the queue is kept and delivered once it returns
 */
export const FederationPartnerAvailability = z.enum(['available', 'degraded', 'unavailable']);
export const FederationCircuitState = z.enum(['closed', 'open', 'half-open']);

export const FederationPartnerAgency = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  jurisdiction: CountryCode,
});

export const FederationPartner = z.object({
  id: Id,
  nodeId: FederationNodeId,
  name: z.string(),
  baseUrl: z.string(),
  status: FederationPartnerStatus,
  /** Fingerprint of the partner's current signing key (16 groups of 4 hex digits): compare it out of band. */
  fingerprint: z.string(),
  signingKeyId: z.string(),
  jurisdictions: z.array(CountryCode),
  agencies: z.array(FederationPartnerAgency),
  availability: FederationPartnerAvailability,
  circuit: FederationCircuitState,
  queue: z.object({ pending: z.number().int(), failed: z.number().int() }),
  /** A newer document whose signing key does not descend from the trusted one: confirm it again. */
  keyChangePending: z.boolean(),
  pendingFingerprint: z.string().nullable(),
  createdAt: Timestamp,
  confirmedAt: Timestamp.nullable(),
  suspendedAt: Timestamp.nullable(),
  lastSuccessAt: Timestamp.nullable(),
  failingSince: Timestamp.nullable(),
  documentIssuedAt: Timestamp,
});
export type FederationPartner = z.infer<typeof FederationPartner>;

export const FederationPartnerResponse = withPolicies(FederationPartner);
export const FederationPartnerListResponse = z.object({ items: z.array(FederationPartnerResponse) });

export const AddFederationPartner = z
  .object({
    baseUrl: z
      .url({ protocol: /^https?$/ })
      .max(2048)
      .refine((u) => {
        // Checked only once it is a URL (the check above says what is wrong otherwise).
        if (!URL.canParse(u)) return true;
        const url = new URL(u);
        return !url.username && !url.password && !url.search && !url.hash;
      }, 'A base URL names no user, password, query or fragment (https://host[:port][/path])')
      .describe('The partner’s base URL; its node document is fetched from /.well-known/comity/node'),
  })
  .strict();

export const ConfirmFederationPartner = z
  .object({
    fingerprint: z
      .string()
      .min(64)
      .max(100)
      .describe(
        'The fingerprint the partner’s administrator read out; case, spaces and colons do not matter',
      ),
  })
  .strict();

export const PingFederationPartner = z
  .object({
    count: z.number().int().min(1).max(1000).default(1),
    conversationId: FederationNodeId.optional(),
    text: z.string().max(500).optional(),
  })
  .strict();
export const FederationPingResponse = z.object({
  conversationId: z.string(),
  envelopeIds: z.array(Id),
});

export const FederationEnvelopeDirection = z.enum(['out', 'in']);
export const EnvelopeReceiptKind = z.enum([
  'accepted',
  'rejected',
  'delivered',
  'not-delivered',
  'retrieved',
]);

export const EnvelopeReceipt = z.object({
  /** The envelope the receipt is about. */
  envelopeId: Id,
  kind: EnvelopeReceiptKind,
  at: Timestamp,
  /** `issued`: this node issued it (it received the envelope); `received`: the partner sent it. */
  direction: z.enum(['issued', 'received']),
  receiptEnvelopeId: Id,
  /** For received receipts: whether the digest names exactly the envelope this node sent. */
  digestMatches: z.boolean(),
  problem: z.object({ code: z.string(), detail: z.string().optional() }).nullable(),
});

export const FederationDeliveryStatus = z.enum(['pending', 'delivered', 'failed']);
export const FederationInboxStatus = z.enum(['waiting', 'processed', 'failed']);

export const FederationEnvelope = z.object({
  id: Id,
  direction: FederationEnvelopeDirection,
  type: z.string(),
  partnerNodeId: z.string(),
  conversationId: z.string(),
  sequence: z.number().int(),
  createdAt: Timestamp,
  /** Outgoing: delivery state. Incoming: processing state. */
  status: z.union([FederationDeliveryStatus, FederationInboxStatus]),
  attempts: z.number().int(),
  lastStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  nextAttemptAt: Timestamp.nullable(),
  completedAt: Timestamp.nullable(),
  receipts: z.array(EnvelopeReceipt),
});
export const FederationEnvelopeResponse = z.object({ data: FederationEnvelope });

export const FederationStatus = z.object({
  node: z.object({
    nodeId: z.string(),
    name: z.string(),
    baseUrl: z.string(),
    fingerprint: z.string(),
    signingKeyId: z.string(),
    encryptionKeyId: z.string(),
  }),
  partners: z.array(FederationPartner),
  outbox: z.object({ pending: z.number().int(), delivered: z.number().int(), failed: z.number().int() }),
  inbox: z.object({ waiting: z.number().int(), processed: z.number().int(), failed: z.number().int() }),
  /** The most recent permanently failed deliveries, with the partner's answer. */
  failedDeliveries: z.array(FederationEnvelope),
});

export const FederationRetryResponse = z.object({ data: FederationEnvelope });

/**
 * Envelope listings for the operations dashboard (docs/federation.md §15). Outgoing statuses:
 * `queued` (pending, never tried), `retrying` (pending after at least one failed attempt),
 * `delivered`, `failed` (refused for good). Incoming: `stored` (waiting for its turn or a retry),
 * `processed`, `failed` (the handler gave up; Retry re-offers it). Never the payload.
 */
export const FederationOutgoingFilter = z.enum(['queued', 'retrying', 'delivered', 'failed']);
export const FederationIncomingFilter = z.enum(['stored', 'processed', 'failed']);

export const FederationEnvelopeListQuery = z
  .object({
    direction: FederationEnvelopeDirection.describe('`out`: the outbox; `in`: the inbox'),
    partner: FederationNodeId.optional().describe('Only envelopes to or from this partner node id'),
    status: z
      .string()
      .max(20)
      .optional()
      .describe('out: queued, retrying, delivered, failed; in: stored, processed, failed'),
    type: z
      .string()
      .min(1)
      .max(100)
      .regex(/^[a-z0-9][a-z0-9._-]*$/, 'not an envelope type')
      .optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z
      .string()
      .max(300)
      .regex(/^[A-Za-z0-9_-]+$/, 'not a cursor')
      .optional()
      .describe('`nextCursor` of the previous page'),
  })
  .strict()
  .superRefine((q, ctx) => {
    if (q.status === undefined) return;
    const allowed = q.direction === 'out' ? FederationOutgoingFilter : FederationIncomingFilter;
    if (!allowed.safeParse(q.status).success) {
      ctx.addIssue({
        code: 'custom',
        path: ['status'],
        message: `must be one of ${allowed.options.join(', ')} for direction ${q.direction}`,
      });
    }
  });

export const FederationEnvelopeListResponse = z.object({
  /** Newest first. */
  items: z.array(FederationEnvelope),
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: z.string().nullable(),
});

/** One of this node's keys as administrators see it: public facts only, never a private part. */
export const FederationNodeKey = z.object({
  id: z.string(),
  algorithm: z.enum(['Ed25519', 'X25519']),
  use: z.enum(['sig', 'enc']),
  createdAt: Timestamp,
  validUntil: Timestamp.nullable(),
  expiredAt: Timestamp.nullable(),
  /** SHA-256 of the RFC 8785 public JWK, 16 groups of 4 hex digits (docs/federation.md §3). */
  fingerprint: z.string(),
  current: z.boolean(),
});
export const FederationKeyListResponse = z.object({
  items: z.array(FederationNodeKey),
  policies: z.object({ rotate: z.boolean() }),
});
export const FederationKeyRotationResponse = z.object({
  data: z.object({
    previousSigningKeyId: z.string(),
    signingKeyId: z.string(),
    encryptionKeyId: z.string(),
    fingerprint: z.string(),
  }),
});
