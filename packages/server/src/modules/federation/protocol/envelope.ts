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
import { parseDetached, type SigningKey, signDetached, verifyDetachedOffThread } from './detached-jws.ts';

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
const OPAQUE_ID = /^[A-Za-z0-9][A-Za-z0-9._~:-]{0,127}$/;
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ENVELOPE_TYPE = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;
const COMPACT_JWE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const MAX_JWE_CHARS = 16 * 1024 * 1024;

export const opaqueIdSchema = z.string().regex(OPAQUE_ID, 'not a valid id');
/** UUIDv7 in lowercase (RFC 9562 §5.7). */
export const uuidV7Schema = z.string().regex(UUID_V7, 'not a lowercase UUIDv7');
/** `YYYY-MM-DDTHH:mm:ss.sssZ`, exactly what `Date.prototype.toISOString` produces. */
export const utcMillisSchema = z.iso.datetime({ precision: 3 });
/** A compact JWE: five base64url parts. */
export const compactJweSchema = z.string().max(MAX_JWE_CHARS).regex(COMPACT_JWE, 'not a compact JWE');

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
  type: z.string().max(64).regex(ENVELOPE_TYPE, 'not an envelope type'),
  sender: partySchema,
  recipient: partySchema,
  createdAt: utcMillisSchema,
  idempotencyKey: z.string().regex(IDEMPOTENCY_KEY, 'visible ASCII, 1–200 characters'),
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
  const candidate = {
    ...fields,
    v: ENVELOPE_VERSION,
    id: fields.id ?? newId(),
    createdAt: now.toISOString(),
  };
  // Every envelope the outbox queues comes through here: the plain checks below accept only what
  // the schema accepts; anything they do not accept goes to the schema, which decides (and says why).
  return plainUnsignedEnvelope(candidate) ?? unsignedEnvelopeSchema.parse(candidate);
}

const UNSIGNED_MEMBERS = new Set(Object.keys(envelopeFields.shape).filter((k) => k !== 'signature'));
const UTC_MILLIS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const TLP = new Set<string>(TLP_LABELS);

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null &&
  typeof v === 'object' &&
  (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);
const isId = (v: unknown): v is string => typeof v === 'string' && OPAQUE_ID.test(v);
const isOptionalString = (v: unknown, min: number, max: number, re?: RegExp) =>
  v === undefined || (typeof v === 'string' && v.length >= min && v.length <= max && (!re || re.test(v)));

/** A copy of a party, or undefined if it is not exactly `{node, agency?}` with valid ids. */
function plainParty(v: unknown): EnvelopeParty | undefined {
  if (!isPlainObject(v) || !isId(v.node) || !isOptionalString(v.agency, 1, 128, OPAQUE_ID)) return undefined;
  if (Object.keys(v).some((k) => k !== 'node' && k !== 'agency')) return undefined;
  return v.agency === undefined ? { node: v.node } : { node: v.node, agency: v.agency as string };
}

/** A copy of a JSON value made only of plain objects, arrays, strings, finite numbers, booleans and null. */
function plainJson(v: unknown, depth: number): { ok: true; value: unknown } | undefined {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return { ok: true, value: v };
  if (typeof v === 'number') return Number.isFinite(v) ? { ok: true, value: v } : undefined;
  if (depth >= MAX_JSON_DEPTH) return undefined;
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    for (const item of v) {
      const c = plainJson(item, depth + 1);
      if (!c) return undefined;
      out.push(c.value);
    }
    return { ok: true, value: out };
  }
  if (!isPlainObject(v)) return undefined;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(v)) {
    // `__proto__` would become a prototype on assignment: the schema and isSafeJson judge it.
    if (key === '__proto__') return undefined;
    const c = plainJson(v[key], depth + 1);
    if (!c) return undefined;
    out[key] = c.value;
  }
  return { ok: true, value: out };
}

/**
 * The schema's checks of an unsigned envelope written out for the common case (plain objects,
 * every member valid): a copy of the envelope, as `unsignedEnvelopeSchema.parse` would return it,
 * or undefined for anything else, which is then left to the schema. Zod's generic machinery costs
 * about as much per envelope as the Ed25519 signature that follows; these checks a fraction.
 */
export function plainUnsignedEnvelope(e: Record<string, unknown>): UnsignedEnvelope | undefined {
  if (Object.keys(e).some((k) => !UNSIGNED_MEMBERS.has(k))) return undefined;
  if (e.v !== ENVELOPE_VERSION || typeof e.id !== 'string' || !UUID_V7.test(e.id)) return undefined;
  if (typeof e.type !== 'string' || e.type.length > 64 || !ENVELOPE_TYPE.test(e.type)) return undefined;
  const sender = plainParty(e.sender);
  const recipient = plainParty(e.recipient);
  if (!sender || !recipient) return undefined;
  // What toISOString gives for years 0000–9999: a date that exists, milliseconds, UTC.
  if (typeof e.createdAt !== 'string' || !UTC_MILLIS.test(e.createdAt)) return undefined;
  const created = new Date(e.createdAt);
  if (Number.isNaN(created.getTime()) || created.toISOString() !== e.createdAt) return undefined;
  if (typeof e.idempotencyKey !== 'string' || !IDEMPOTENCY_KEY.test(e.idempotencyKey)) return undefined;
  if (!isId(e.conversationId)) return undefined;
  const sequence = e.sequence;
  if (typeof sequence !== 'number' || !Number.isSafeInteger(sequence) || sequence < 1) return undefined;
  const refs = e.refs;
  if (
    refs !== undefined &&
    !(
      Array.isArray(refs) &&
      refs.length <= 100 &&
      refs.every((r) => typeof r === 'string' && r.length >= 1 && r.length <= 200)
    )
  )
    return undefined;
  const labels = e.labels;
  if (
    !isPlainObject(labels) ||
    typeof labels.tlp !== 'string' ||
    !TLP.has(labels.tlp) ||
    !isOptionalString(labels.handlingCode, 1, 64) ||
    !isOptionalString(labels.originatorAgency, 1, 128, OPAQUE_ID)
  )
    return undefined;
  // Other label members are opaque (the schema passes them through): plain JSON only, copied.
  const labelsCopy = plainJson(labels, 1);
  if (!labelsCopy) return undefined;
  if ((e.payload === undefined) === (e.encryptedPayload === undefined)) return undefined;
  let payload: { ok: true; value: unknown } | undefined;
  if (e.payload !== undefined) {
    payload = plainJson(e.payload, 1);
    if (!payload) return undefined;
  } else if (
    typeof e.encryptedPayload !== 'string' ||
    e.encryptedPayload.length > MAX_JWE_CHARS ||
    !COMPACT_JWE.test(e.encryptedPayload)
  )
    return undefined;
  return {
    v: ENVELOPE_VERSION,
    id: e.id,
    type: e.type,
    sender,
    recipient,
    createdAt: e.createdAt,
    idempotencyKey: e.idempotencyKey,
    conversationId: e.conversationId,
    sequence,
    ...(refs !== undefined ? { refs: [...(refs as string[])] } : {}),
    labels: labelsCopy.value as UnsignedEnvelope['labels'],
    ...(payload ? { payload: payload.value as UnsignedEnvelope['payload'] } : {}),
    ...(e.encryptedPayload !== undefined ? { encryptedPayload: e.encryptedPayload as string } : {}),
  };
}

/**
 * `plainUnsignedEnvelope` for a received, signed envelope: a copy of it as `envelopeSchema.parse`
 * would return it, or undefined for anything the plain checks do not accept (then left to the
 * schema). The inbox checks every envelope it receives; the schema's generic machinery costs
 * several times what these checks do.
 */
export function plainEnvelope(e: unknown): Envelope | undefined {
  if (!isPlainObject(e) || typeof e.signature !== 'string') return undefined;
  const { signature, ...unsigned } = e;
  const copy = plainUnsignedEnvelope(unsigned);
  return copy && { ...copy, signature };
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
    // The plain checks take the common case; anything they do not accept, the schema judges.
    const plain = plainEnvelope(input);
    if (plain) envelope = plain;
    else {
      const parsed = envelopeSchema.safeParse(input);
      if (!parsed.success) return { ok: false, reason: 'malformed', detail: parsed.error.issues[0]?.message };
      envelope = parsed.data;
    }
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
  if (!(await verifyDetachedOffThread(jws, Buffer.from(signedText, 'utf8'), key.publicKey)))
    return { ok: false, reason: 'bad-signature' };
  return { ok: true, envelope, keyId: jws.kid, canonical: signedText };
}
