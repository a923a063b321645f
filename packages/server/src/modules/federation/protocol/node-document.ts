/**
 * The node document served at `GET /.well-known/comity/node`: who a node is, which agencies it hosts,
 * and its public keys, signed by its current signing key.
 *
 * Trust starts out of band: two administrators compare the fingerprint of the current signing key
 * (SHA-256 over the RFC 8785 form of its public JWK, which equals the RFC 7638 JWK thumbprint input
 * for an OKP key). After that, a rotated key is accepted without a new comparison only through a
 * chain of key transitions, each signed by the key it replaces (docs/federation.md §4).
 */
import { createHash } from 'node:crypto';
import { CountryCode } from '@comity/contracts';
import { z } from 'zod';
import { canonicalBytes } from './canonical.ts';
import { parseDetached, type SigningKey, signDetached, verifyDetached } from './detached-jws.ts';
import { opaqueIdSchema, type ResolvedKey, type ResolveKey, utcMillisSchema } from './envelope.ts';
import { importPublicJwk, keyIdOf, keyIdSchema, type OkpPublicJwk, okpPublicJwkSchema } from './keys.ts';
import type { RecipientKey } from './payload-crypto.ts';

export const NODE_DOCUMENT_PATH = '/.well-known/comity/node';
export const NODE_DOCUMENT_VERSION = 1;

export const nodeKeySchema = z
  .strictObject({
    kid: keyIdSchema,
    use: z.enum(['sig', 'enc']),
    alg: z.enum(['EdDSA', 'ECDH-ES+A256KW']),
    publicJwk: okpPublicJwkSchema,
    createdAt: utcMillisSchema,
    /** Planned end of use: a reminder to rotate, not enforced by verifiers. */
    validUntil: utcMillisSchema.optional(),
    /** When the key was retired: signatures and encryption made at or after it are refused. */
    expiredAt: utcMillisSchema.optional(),
  })
  .superRefine((k, ctx) => {
    const expected = k.use === 'sig' ? ['EdDSA', 'Ed25519'] : ['ECDH-ES+A256KW', 'X25519'];
    if (k.alg !== expected[0] || k.publicJwk.crv !== expected[1]) {
      ctx.addIssue({
        code: 'custom',
        message: `a "${k.use}" key is ${expected.join(' over ')}`,
        path: ['alg'],
      });
    }
    if (k.kid !== keyIdOf(k.publicJwk)) {
      ctx.addIssue({ code: 'custom', message: 'kid does not match the public key', path: ['kid'] });
    }
    if (k.expiredAt && k.expiredAt < k.createdAt) {
      ctx.addIssue({ code: 'custom', message: 'expiredAt precedes createdAt', path: ['expiredAt'] });
    }
  });

export const keyTransitionSchema = z.strictObject({
  from: keyIdSchema,
  to: keyIdSchema,
  at: utcMillisSchema,
  /** Detached JWS (typ comity-key-transition+jws) by `from` over the transition statement. */
  signature: z.string(),
});

const agencySchema = z.strictObject({
  id: opaqueIdSchema,
  name: z.string().min(1).max(200),
  /** Agency kind as the hosting node names it (court, prosecution, police, central-authority…). */
  kind: z.string().min(1).max(64),
  jurisdiction: CountryCode,
});

const documentFields = z.strictObject({
  v: z.literal(NODE_DOCUMENT_VERSION),
  nodeId: opaqueIdSchema,
  name: z.string().min(1).max(200),
  baseUrl: z.url({ protocol: /^https?$/ }).max(2048),
  jurisdictions: z.array(CountryCode).min(1).max(300),
  agencies: z.array(agencySchema).max(10_000),
  keys: z.array(nodeKeySchema).min(1).max(100),
  transitions: z.array(keyTransitionSchema).max(100).optional(),
  /** Newer documents replace older ones; a partner keeps the newest it has verified. */
  issuedAt: utcMillisSchema,
  fingerprint: z.string().regex(/^[0-9A-F]{4}(:[0-9A-F]{4}){15}$/),
  signature: z.string(),
});

export const nodeDocumentSchema = documentFields;
export type NodeDocument = z.infer<typeof nodeDocumentSchema>;
export type NodeKey = z.infer<typeof nodeKeySchema>;
export type KeyTransition = z.infer<typeof keyTransitionSchema>;
export type UnsignedNodeDocument = Omit<NodeDocument, 'fingerprint' | 'signature'>;

/**
 * SHA-256 over the RFC 8785 form of a public JWK, as 16 colon-separated groups of 4 uppercase hex
 * digits — what two administrators read to each other to confirm a partner.
 */
export function fingerprintOf(publicJwk: OkpPublicJwk): string {
  const hex = createHash('sha256').update(canonicalBytes(publicJwk)).digest('hex').toUpperCase();
  return hex.match(/.{4}/g)!.join(':');
}

/** Compares fingerprints as people type them: case, spaces and colons do not matter. */
export function sameFingerprint(a: string, b: string): boolean {
  const norm = (s: string) => s.replace(/[\s:]/g, '').toUpperCase();
  return norm(a).length === 64 && norm(a) === norm(b);
}

/** The one signing key without `expiredAt`; undefined when there is none or more than one. */
export function currentSigningKey(doc: Pick<NodeDocument, 'keys'>): NodeKey | undefined {
  const current = doc.keys.filter((k) => k.use === 'sig' && !k.expiredAt);
  return current.length === 1 ? current[0] : undefined;
}

/** The newest encryption key without `expiredAt`, to encrypt payloads to this node. */
export function currentEncryptionKey(doc: Pick<NodeDocument, 'keys'>): RecipientKey | undefined {
  const key = doc.keys
    .filter((k) => k.use === 'enc' && !k.expiredAt)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
    .at(-1);
  return key && { kid: key.kid, publicKey: importPublicJwk(key.publicJwk) };
}

const documentBytes = (doc: UnsignedNodeDocument & { fingerprint: string }): Buffer => {
  const { signature: _ignored, ...rest } = doc as NodeDocument;
  return canonicalBytes(rest);
};

/** Computes the fingerprint and signs. `key` must be the document's current signing key. */
export async function signNodeDocument(doc: UnsignedNodeDocument, key: SigningKey): Promise<NodeDocument> {
  const current = currentSigningKey(doc);
  if (!current) throw new Error('A node document needs exactly one current signing key');
  if (current.kid !== key.keyId) throw new Error('The document must be signed by its current signing key');
  const withFingerprint = { ...doc, fingerprint: fingerprintOf(current.publicJwk) };
  documentFields.omit({ signature: true }).parse(withFingerprint);
  const signature = await signDetached(documentBytes(withFingerprint), key, 'comity-node+jws');
  return { ...withFingerprint, signature };
}

export type NodeDocumentRefusal =
  | 'malformed'
  | 'no-current-signing-key'
  | 'fingerprint-mismatch'
  | 'bad-signature'
  | 'not-the-expected-key';

export type NodeDocumentVerification =
  | { ok: true; document: NodeDocument; fingerprint: string; signingKid: string }
  | { ok: false; reason: NodeDocumentRefusal };

/**
 * Checks a fetched node document: schema, one current signing key, fingerprint field, self-signature
 * by that key, and — when given — that its fingerprint is the one confirmed out of band.
 */
export function verifyNodeDocument(
  input: unknown,
  options: { expectedFingerprint?: string } = {},
): NodeDocumentVerification {
  const parsed = nodeDocumentSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: 'malformed' };
  const doc = parsed.data;
  if (new Set(doc.keys.map((k) => k.kid)).size !== doc.keys.length) return { ok: false, reason: 'malformed' };
  const current = currentSigningKey(doc);
  if (!current) return { ok: false, reason: 'no-current-signing-key' };
  const fingerprint = fingerprintOf(current.publicJwk);
  if (doc.fingerprint !== fingerprint) return { ok: false, reason: 'fingerprint-mismatch' };
  const jws = parseDetached(doc.signature, 'comity-node+jws');
  if (!jws) return { ok: false, reason: 'malformed' };
  let bytes: Buffer;
  try {
    bytes = documentBytes(input as NodeDocument);
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (jws.kid !== current.kid || !verifyDetached(jws, bytes, importPublicJwk(current.publicJwk))) {
    return { ok: false, reason: 'bad-signature' };
  }
  if (
    options.expectedFingerprint !== undefined &&
    !sameFingerprint(options.expectedFingerprint, fingerprint)
  ) {
    return { ok: false, reason: 'not-the-expected-key' };
  }
  return { ok: true, document: doc, fingerprint, signingKid: current.kid };
}

const transitionBytes = (nodeId: string, t: Omit<KeyTransition, 'signature'>): Buffer =>
  canonicalBytes({ type: 'comity-key-transition', nodeId, from: t.from, to: t.to, at: t.at });

/** At rotation, the outgoing key vouches for its successor. */
export async function signKeyTransition(
  nodeId: string,
  transition: Omit<KeyTransition, 'signature'>,
  outgoingKey: SigningKey,
): Promise<KeyTransition> {
  if (outgoingKey.keyId !== transition.from) throw new Error('A transition is signed by the key it replaces');
  const signature = await signDetached(
    transitionBytes(nodeId, transition),
    outgoingKey,
    'comity-key-transition+jws',
  );
  return { ...transition, signature };
}

/**
 * Whether a verified document's current signing key descends from `trustedKid` (the key a partner
 * already trusts) through signed transitions. Returns the chain of kids walked.
 */
export function checkKeyContinuity(
  doc: NodeDocument,
  trustedKid: string,
): { ok: true; chain: string[] } | { ok: false } {
  const current = currentSigningKey(doc);
  if (!current) return { ok: false };
  const chain = [trustedKid];
  let at = trustedKid;
  while (at !== current.kid) {
    if (chain.length > doc.keys.length) return { ok: false };
    const fromKey = doc.keys.find((k) => k.kid === at && k.use === 'sig');
    const step = doc.transitions?.find((t) => t.from === at);
    if (!fromKey || !step || !doc.keys.some((k) => k.kid === step.to && k.use === 'sig'))
      return { ok: false };
    const jws = parseDetached(step.signature, 'comity-key-transition+jws');
    if (
      !jws ||
      jws.kid !== at ||
      !verifyDetached(jws, transitionBytes(doc.nodeId, step), importPublicJwk(fromKey.publicJwk))
    ) {
      return { ok: false };
    }
    at = step.to;
    chain.push(at);
  }
  return { ok: true, chain };
}

/** A key resolver over verified partner documents: the `sig` keys of each node, retired ones included. */
export function keyResolverFor(documents: Iterable<NodeDocument>): ResolveKey {
  const byNode = new Map<string, Map<string, ResolvedKey>>();
  for (const doc of documents) {
    const keys = new Map<string, ResolvedKey>();
    for (const k of doc.keys) {
      if (k.use !== 'sig') continue;
      keys.set(k.kid, {
        publicKey: importPublicJwk(k.publicJwk),
        validFrom: new Date(k.createdAt),
        expiredAt: k.expiredAt ? new Date(k.expiredAt) : null,
      });
    }
    byNode.set(doc.nodeId, keys);
  }
  return (nodeId, kid) => byNode.get(nodeId)?.get(kid);
}
