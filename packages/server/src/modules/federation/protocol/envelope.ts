/**
 * The federation envelope: every cross-node transfer is one signed JSON object.
 *
 * The signature is a detached JWS (RFC 7515 Appendix F) by the sender node's current Ed25519 key over
 * the RFC 8785 canonical bytes of the envelope without its `signature` member (see detached-jws.ts).
 * Verification resolves the key by (sender node, kid), so a key can only speak for the node that
 * published it, and accepts a retired key for envelopes created before it was retired: an envelope
 * queued for hours while its sender rotated keys still verifies (key rotation, docs/federation.md §4).
 */
import type { KeyObject } from 'node:crypto';
import { z } from 'zod';
import { newId } from '../../../platform/ids.ts';
import { canonicalBytes, canonicalJson } from './canonical.ts';
import { parseDetached, type SigningKey, signDetached, verifyDetached } from './detached-jws.ts';

export const ENVELOPE_VERSION = 1;

/** Envelope types this version of Comity processes. Others may be signed correctly but are refused. */
export const KNOWN_ENVELOPE_TYPES = [
  'request.transmission',
  'formal-communication',
  'message',
  'evidence.offer',
  'receipt',
  'directory.update',
] as const;
export type KnownEnvelopeType = (typeof KNOWN_ENVELOPE_TYPES)[number];
export const isKnownEnvelopeType = (type: string): type is KnownEnvelopeType =>
  (KNOWN_ENVELOPE_TYPES as readonly string[]).includes(type);

/** Traffic Light Protocol 2.0 labels (FIRST). */
export const TLP_LABELS = ['TLP:CLEAR', 'TLP:GREEN', 'TLP:AMBER', 'TLP:AMBER+STRICT', 'TLP:RED'] as const;

/** Node, agency and conversation ids: 1–128 characters, no `#` (it separates node and kid in keyids). */
export const opaqueIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._~:-]{0,127}$/, 'not a valid id');
/** UUIDv7 in lowercase (RFC 9562 §5.7). */
export const uuidV7Schema = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'not a lowercase UUIDv7');
/** `YYYY-MM-DDTHH:mm:ss.sssZ`, exactly what `Date.prototype.toISOString` produces. */
export const utcMillisSchema = z.iso.datetime({ precision: 3 });
/** A compact JWE: five base64url parts. */
export const compactJweSchema = z
  .string()
  .max(16 * 1024 * 1024)
  .regex(
    /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/,
    'not a compact JWE',
  );

const partySchema = z.strictObject({ node: opaqueIdSchema, agency: opaqueIdSchema.optional() });

/**
 * Handling labels travel with the data. Only `tlp` is checked here; the other members are opaque to
 * the protocol and enforced by the receiving node's handling policy.
 */
export const labelsSchema = z.looseObject({
  tlp: z.enum(TLP_LABELS),
  handlingCode: z.string().min(1).max(64).optional(),
  originatorAgency: opaqueIdSchema.optional(),
});

const envelopeFields = z.strictObject({
  v: z.literal(ENVELOPE_VERSION),
  id: uuidV7Schema,
  type: z
    .string()
    .max(64)
    .regex(/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/, 'not an envelope type'),
  sender: partySchema,
  recipient: partySchema,
  createdAt: utcMillisSchema,
  idempotencyKey: z.string().regex(/^[\x21-\x7e]{1,200}$/, 'visible ASCII, 1–200 characters'),
  conversationId: opaqueIdSchema,
  /** Position in the conversation, from 1, gap-free per (sender node, conversation). */
  sequence: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  refs: z.array(z.string().min(1).max(200)).max(100).optional(),
  labels: labelsSchema,
  payload: z.json().optional(),
  encryptedPayload: compactJweSchema.optional(),
  signature: z.string(),
});

function exactlyOnePayload(e: { payload?: unknown; encryptedPayload?: unknown }, ctx: z.RefinementCtx): void {
  if ((e.payload === undefined) === (e.encryptedPayload === undefined)) {
    ctx.addIssue({
      code: 'custom',
      message: 'exactly one of payload and encryptedPayload',
      path: ['payload'],
    });
  }
}

export const envelopeSchema = envelopeFields.superRefine(exactlyOnePayload);
/** The members an envelope may have (the object is closed). */
const ENVELOPE_MEMBERS = new Set(Object.keys(envelopeFields.shape));
export const unsignedEnvelopeSchema = envelopeFields.omit({ signature: true }).superRefine(exactlyOnePayload);

export type Envelope = z.infer<typeof envelopeSchema>;
export type UnsignedEnvelope = z.infer<typeof unsignedEnvelopeSchema>;
export type EnvelopeParty = z.infer<typeof partySchema>;

/** Deepest nesting accepted anywhere in an envelope (the payload included). */
export const MAX_JSON_DEPTH = 64;

/**
 * I-JSON guard run before schema parsing: bounded depth, and no `__proto__` member (JSON.parse makes
 * it an own property, object copies turn it into a prototype change, so what was signed and what the
 * application would read could differ).
 */
export function isSafeJson(value: unknown, maxDepth = MAX_JSON_DEPTH): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth >= maxDepth) return false;
    if (Array.isArray(node)) {
      for (const item of node) stack.push([item, depth + 1]);
    } else {
      if (Object.hasOwn(node, '__proto__')) return false;
      for (const item of Object.values(node)) stack.push([item, depth + 1]);
    }
  }
  return true;
}

/** The bytes the envelope signature covers: RFC 8785 of the envelope minus `signature`. */
export function envelopeSigningBytes(envelope: UnsignedEnvelope | Envelope): Buffer {
  const { signature: _ignored, ...unsigned } = envelope as Envelope;
  return canonicalBytes(unsigned);
}

/** Fills `v`, `id` (UUIDv7) and `createdAt` of a new envelope. */
export function createEnvelope(
  fields: Omit<UnsignedEnvelope, 'v' | 'id' | 'createdAt'> & { id?: string },
  now: Date,
): UnsignedEnvelope {
  return unsignedEnvelopeSchema.parse({
    ...fields,
    v: ENVELOPE_VERSION,
    id: fields.id ?? newId(),
    createdAt: now.toISOString(),
  });
}

/**
 * The detached JWS of an envelope. Throws (a programming error) when the envelope does not satisfy the
 * schema; a `signature` member, if present, is ignored and replaced by the caller.
 */
export async function signEnvelope(envelope: UnsignedEnvelope | Envelope, key: SigningKey): Promise<string> {
  const { signature: _ignored, ...unsigned } = envelope as Envelope;
  const valid = unsignedEnvelopeSchema.parse(unsigned);
  if (!isSafeJson(valid)) throw new TypeError('The envelope nests too deep or contains __proto__');
  return signDetached(canonicalBytes(valid), key, 'comity-envelope+jws');
}

/** Signs and returns the envelope with its `signature`. */
export async function sealEnvelope(envelope: UnsignedEnvelope, key: SigningKey): Promise<Envelope> {
  return { ...envelope, signature: await signEnvelope(envelope, key) };
}

/**
 * Signs an envelope this node built with `createEnvelope` (already checked against the schema,
 * its payload possibly encrypted since): the outbox signs every envelope it queues, and checking
 * the same object twice would cost as much as the signature. Depth and `__proto__` are still checked.
 */
export async function sealCreatedEnvelope(envelope: UnsignedEnvelope, key: SigningKey): Promise<Envelope> {
  return (await sealCreatedEnvelopeWithText(envelope, key)).envelope;
}

/**
 * `sealCreatedEnvelope`, also giving the RFC 8785 text of the signed envelope (what its digest
 * covers), built from the text just signed rather than canonicalised a second time.
 */
export async function sealCreatedEnvelopeWithText(
  envelope: UnsignedEnvelope,
  key: SigningKey,
): Promise<{ envelope: Envelope; canonical: string }> {
  const { signature: _ignored, ...unsigned } = envelope as Envelope;
  if (!isSafeJson(unsigned)) throw new TypeError('The envelope nests too deep or contains __proto__');
  const text = canonicalJson(unsigned);
  const sealed = {
    ...unsigned,
    signature: await signDetached(Buffer.from(text, 'utf8'), key, 'comity-envelope+jws'),
  };
  return { envelope: sealed, canonical: withSignature(text, sealed) };
}

/**
 * The RFC 8785 text of a signed envelope from the text of the same envelope without `signature`:
 * the members are sorted, and `signature` sorts right before `type`, the last member but `v`, so
 * it goes in just before the top-level `,"type":"…","v":1}` that ends the text (a type has no
 * quote to escape). Anything else (another version, members the schema does not know) is
 * canonicalised in full.
 */
export function withSignature(unsignedText: string, envelope: Envelope): string {
  const tail = `,"type":${JSON.stringify(envelope.type)},"v":1}`;
  if (
    envelope.v === ENVELOPE_VERSION &&
    typeof envelope.signature === 'string' &&
    unsignedText.endsWith(tail) &&
    Object.keys(envelope).every((k) => ENVELOPE_MEMBERS.has(k))
  ) {
    const at = unsignedText.length - tail.length;
    return `${unsignedText.slice(0, at)},"signature":${canonicalJson(envelope.signature)}${unsignedText.slice(at)}`;
  }
  return canonicalJson(envelope);
}

/** A public key as the verifier knows it from the sender's node document. */
export interface ResolvedKey {
  publicKey: KeyObject;
  /** When the key became the signing key (its `createdAt`). */
  validFrom: Date;
  /** When it was retired; envelopes created at or after this instant are refused. */
  expiredAt?: Date | null;
}

/** Looks up a key of a partner node by kid. Errors thrown (storage down) propagate to the caller. */
export type ResolveKey = (
  nodeId: string,
  kid: string,
) => ResolvedKey | undefined | Promise<ResolvedKey | undefined>;

export type EnvelopeRefusal =
  | 'malformed'
  | 'created-in-the-future'
  | 'unknown-key'
  | 'key-not-valid-at-creation'
  | 'bad-signature';

export type EnvelopeVerification =
  /** `canonical`: the RFC 8785 text of the received envelope without `signature` (what was verified). */
  | { ok: true; envelope: Envelope; keyId: string; canonical: string }
  | { ok: false; reason: EnvelopeRefusal; detail?: string };

export interface VerifyEnvelopeOptions {
  /** How far `createdAt` may lie ahead of `now` (clock skew between nodes). Default 5 minutes. */
  maxFutureSkewMs?: number;
}

/**
 * Verifies a received envelope. Never throws for bad input: every refusal is a typed reason. There is
 * deliberately no maximum age: an envelope may wait in an outbox for days; freshness and replay are
 * the HTTP signature's job (http-signature.ts) and duplicates the inbox's (idempotency key).
 */
export async function verifyEnvelope(
  input: unknown,
  resolveKey: ResolveKey,
  now: Date,
  options: VerifyEnvelopeOptions = {},
): Promise<EnvelopeVerification> {
  let envelope: Envelope;
  let signedText: string;
  try {
    if (!isSafeJson(input)) return { ok: false, reason: 'malformed', detail: 'too deep or __proto__' };
    const parsed = envelopeSchema.safeParse(input);
    if (!parsed.success) return { ok: false, reason: 'malformed', detail: parsed.error.issues[0]?.message };
    envelope = parsed.data;
    // Canonicalise what arrived, not the parser's copy: the signature covers the received value.
    const { signature: _ignored, ...unsigned } = input as Envelope;
    signedText = canonicalJson(unsigned);
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const jws = parseDetached(envelope.signature, 'comity-envelope+jws');
  if (!jws) return { ok: false, reason: 'malformed', detail: 'signature is not a detached EdDSA JWS' };

  const createdAt = Date.parse(envelope.createdAt);
  if (createdAt - now.getTime() > (options.maxFutureSkewMs ?? 300_000)) {
    return { ok: false, reason: 'created-in-the-future' };
  }
  const key = await resolveKey(envelope.sender.node, jws.kid);
  if (!key) return { ok: false, reason: 'unknown-key' };
  if (createdAt < key.validFrom.getTime() || (key.expiredAt && createdAt >= key.expiredAt.getTime())) {
    return { ok: false, reason: 'key-not-valid-at-creation' };
  }
  if (!verifyDetached(jws, Buffer.from(signedText, 'utf8'), key.publicKey))
    return { ok: false, reason: 'bad-signature' };
  return { ok: true, envelope, keyId: jws.kid, canonical: signedText };
}
