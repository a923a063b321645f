import type { Clock } from '../../platform/clock.ts';
import type { NodeKeys, TransitionSigner } from '../../platform/crypto/node-keys.ts';
import type { SigningKey } from './protocol/detached-jws.ts';
import type { HttpSigningKey } from './protocol/http-signature.ts';
import {
  fingerprintOf,
  type NodeDocument,
  type NodeKey,
  signKeyTransition,
  signNodeDocument,
} from './protocol/node-document.ts';

/** The agencies this node hosts, as the identity module knows them (wired by the composition root). */
export interface HostedDirectory {
  agencies(): Promise<Array<{ id: string; name: string; kind: string; jurisdiction: string }>>;
  jurisdictions(): Promise<string[]>;
}

const DOCUMENT_TTL_MS = 30_000;
const MAX_PUBLISHED_KEYS = 100;

/**
 * Who this node is to its partners: id, base URL, keys, hosted agencies, in the signed node document
 * served at /.well-known/comity/node (docs/federation.md §3). The document is rebuilt when the keys
 * change (a rotation, here or by the CLI) and at most every 30 s otherwise, so new agencies show up.
 */
export class NodeIdentity {
  private cached: { doc: NodeDocument; keysVersion: number; builtAt: number } | undefined;
  readonly baseUrl: string;

  constructor(
    readonly nodeId: string,
    readonly name: string,
    baseUrl: string,
    private readonly keys: NodeKeys,
    private readonly directory: HostedDirectory,
    private readonly clock: Clock,
  ) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  /** The absolute URL of a path on this node, as partners address it (RFC 9421 @target-uri). */
  url(pathAndQuery: string): string {
    return `${this.baseUrl}${pathAndQuery}`;
  }

  signingKey(): SigningKey {
    return this.keys.signingKey();
  }

  httpKey(): HttpSigningKey {
    return { nodeId: this.nodeId, ...this.keys.signingKey() };
  }

  fingerprint(): string {
    return fingerprintOf({ kty: 'OKP', crv: 'Ed25519', x: this.keys.current().publicKey });
  }

  encryptionKeyId(): string {
    return this.keys.encryptionKey().id;
  }

  decryptionKey = (kid: string) => this.keys.decryptionKey(kid);

  /** Signs key transitions at rotation (set on NodeKeys so the CLI's rotation signs them too). */
  transitionSigner(): TransitionSigner {
    return ({ from, to, at, outgoing }) => signKeyTransition(this.nodeId, { from, to, at }, outgoing);
  }

  async document(): Promise<NodeDocument> {
    await this.keys.refresh();
    const now = this.clock.now().getTime();
    const c = this.cached;
    // A new agency is published at once: partners accept an envelope only from agencies listed here.
    if (
      c &&
      c.keysVersion === this.keys.version &&
      now - c.builtAt < DOCUMENT_TTL_MS &&
      sameIds(c.doc.agencies, await this.directory.agencies())
    )
      return c.doc;
    const keysVersion = this.keys.version;
    const doc = await this.build();
    this.cached = { doc, keysVersion, builtAt: now };
    return doc;
  }

  private async build(): Promise<NodeDocument> {
    const agencies = await this.directory.agencies();
    const jurisdictions = [
      ...new Set([...agencies.map((a) => a.jurisdiction), ...(await this.directory.jurisdictions())]),
    ].sort();
    if (jurisdictions.length === 0) {
      throw new Error('The node hosts no jurisdiction yet: create an agency before federating');
    }
    const all = this.keys.allKeys();
    // Every signing key (old envelopes verify against retired ones) and the current encryption key.
    const published = all
      .filter((k) => k.algorithm === 'Ed25519' || !k.expiredAt)
      .slice(-MAX_PUBLISHED_KEYS)
      .map(
        (k): NodeKey => ({
          kid: k.id,
          use: k.algorithm === 'Ed25519' ? 'sig' : 'enc',
          alg: k.algorithm === 'Ed25519' ? 'EdDSA' : 'ECDH-ES+A256KW',
          publicJwk: { kty: 'OKP', crv: k.algorithm, x: k.publicKey },
          createdAt: k.createdAt,
          ...(k.validUntil ? { validUntil: k.validUntil } : {}),
          ...(k.expiredAt ? { expiredAt: k.expiredAt } : {}),
        }),
      );
    const kids = new Set(published.map((k) => k.kid));
    const transitions = this.keys
      .transitions()
      .filter((t) => kids.has(t.from) && kids.has(t.to))
      .slice(-100);
    return signNodeDocument(
      {
        v: 1,
        nodeId: this.nodeId,
        name: this.name,
        baseUrl: this.baseUrl,
        jurisdictions,
        agencies: agencies.map((a) => ({
          id: a.id,
          name: a.name.slice(0, 200),
          kind: a.kind.slice(0, 64),
          jurisdiction: a.jurisdiction,
        })),
        keys: published,
        ...(transitions.length ? { transitions } : {}),
        issuedAt: this.clock.now().toISOString(),
      },
      this.signingKey(),
    );
  }
}

function sameIds(a: readonly { id: string }[], b: readonly { id: string }[]): boolean {
  const ids = new Set(a.map((x) => x.id));
  return a.length === b.length && b.every((x) => ids.has(x.id));
}
