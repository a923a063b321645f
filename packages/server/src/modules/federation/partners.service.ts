import type { Logger } from 'pino';
import type { Clock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/database.ts';
import { insertUnlessTaken } from '../../platform/db/unique-violation.ts';
import { inTransaction } from '../../platform/db/unit-of-work.ts';
import { AppError, conflict, notFound, validationFailed } from '../../platform/http/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { Actor, RequestMeta } from '../access/actor.ts';
import { systemMeta } from '../access/actor.ts';
import type { AuditLog } from '../audit/audit.service.ts';
import type { NodeIdentity } from './node-identity.ts';
import { NetworkError, type PartnerHttp } from './partner-http.ts';
import { type PartnerRow, partnersRepository as repo } from './partners.repository.ts';
import type { ResolvedKey } from './protocol/envelope.ts';
import { importPublicJwk } from './protocol/keys.ts';
import {
  checkKeyContinuity,
  currentEncryptionKey,
  currentSigningKey,
  NODE_DOCUMENT_PATH,
  type NodeDocument,
  sameFingerprint,
  verifyNodeDocument,
} from './protocol/node-document.ts';
import type { RecipientKey } from './protocol/payload-crypto.ts';

/** The receiver cannot check a request now (document refresh failed or rate-limited): answer 503. */
export class NotReadyError extends Error {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

export interface PartnerEntry {
  row: PartnerRow;
  doc: NodeDocument;
  /** Signing keys by kid, retired ones included. */
  keys: Map<string, ResolvedKey>;
  encryptionKey: RecipientKey | undefined;
  pendingDoc: NodeDocument | undefined;
}

/** A refetch triggered by an unknown key id happens at most this often per partner. */
const UNKNOWN_KID_REFRESH_MS = 10_000;
/** Documents of confirmed partners are refetched this often (new agencies, rotations). */
const PERIODIC_REFRESH_MS = 60 * 60_000;
const MAX_DOCUMENT_BYTES = 1024 * 1024;

/**
 * Partner nodes: added from their published document, trusted only once an administrator has
 * confirmed the key fingerprint out of band, suspended and resumed. Keeps an in-memory view of every
 * partner (documents parsed, keys imported) for the hot paths: resolving a key for a signature,
 * encrypting to a partner, checking its status. Other instances' changes are picked up by `reload()`.
 */
export class PartnersService {
  private byNode = new Map<string, PartnerEntry>();
  private lastRefresh = new Map<string, number>();
  private lastFullReload = 0;
  private readonly refreshing = new Map<string, Promise<unknown>>();

  constructor(
    private readonly database: Database,
    private readonly identity: NodeIdentity,
    private readonly http: PartnerHttp,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly timeoutMs: number,
  ) {}

  async reload(): Promise<void> {
    const rows = await repo.all(this.database.db);
    const next = new Map<string, PartnerEntry>();
    for (const row of rows) {
      try {
        next.set(row.node_id, toEntry(row));
      } catch (e) {
        this.log.error({ err: e, partner: row.node_id }, 'stored partner document is unreadable');
      }
    }
    this.byNode = next;
  }

  /** `reload()`, at most once a second (unknown callers must not make every request a table scan). */
  async reloadThrottled(): Promise<void> {
    const now = Date.now();
    if (now - this.lastFullReload < 1000) return;
    this.lastFullReload = now;
    await this.reload();
  }

  private async reloadOne(nodeId: string): Promise<PartnerEntry | undefined> {
    const row = await repo.byNodeId(this.database.db, nodeId);
    if (!row) {
      this.byNode.delete(nodeId);
      return undefined;
    }
    const entry = toEntry(row);
    this.byNode.set(nodeId, entry);
    return entry;
  }

  get(nodeId: string): PartnerEntry | undefined {
    return this.byNode.get(nodeId);
  }

  entries(): PartnerEntry[] {
    return [...this.byNode.values()];
  }

  /**
   * The partner whose node document lists the agency, when exactly one confirmed partner (active or
   * suspended) lists it. Each node chooses its agencies' ids and every node's list is public, so a
   * partner could list another node's agency to receive what is sent to it: an id that two partners
   * list reaches neither (fail closed), and a suspended partner's agencies do not pass to another.
   * Ids of this node's own agencies are never a partner's (the local carrier comes first, and the
   * inbox refuses a partner speaking for one).
   */
  hostOf(agencyId: string): PartnerEntry | undefined {
    let host: PartnerEntry | undefined;
    for (const p of this.byNode.values()) {
      if (p.row.status === 'pending' || !p.doc.agencies.some((a) => a.id === agencyId)) continue;
      if (host) {
        this.warnConflict(agencyId, [host.row.node_id, p.row.node_id]);
        return undefined;
      }
      host = p;
    }
    return host;
  }

  private readonly conflictsWarned = new Set<string>();

  /** Once per agency and process: administrators must find out which partner claims falsely. */
  private warnConflict(agencyId: string, nodes: string[]): void {
    if (this.conflictsWarned.has(agencyId)) return;
    this.conflictsWarned.add(agencyId);
    this.log.warn(
      { agency: agencyId, partners: nodes },
      'partners list the same agency id: it reaches neither until one stops listing it',
    );
  }

  /** The agency as the active partner hosting it (see `hostOf`) describes it in its node document. */
  partnerAgency(
    agencyId: string,
  ): { id: string; name: string; kind: string; jurisdiction: string; node: string } | undefined {
    const p = this.hostOf(agencyId);
    if (p?.row.status !== 'active') return undefined;
    const a = p.doc.agencies.find((x) => x.id === agencyId)!;
    return { id: a.id, name: a.name, kind: a.kind, jurisdiction: a.jurisdiction, node: p.row.node_id };
  }

  /** The active partner node hosting an agency (see `hostOf`). */
  nodeForAgency(agencyId: string): string | undefined {
    const p = this.hostOf(agencyId);
    return p?.row.status === 'active' ? p.row.node_id : undefined;
  }

  /**
   * The signing key `kid` of partner `nodeId` (confirmed partners only, suspended included: their
   * requests are verified, then refused as suspended). An unknown kid of a confirmed partner triggers
   * one refetch of its document (it may have rotated), rate-limited; when that cannot be done now the
   * caller answers 503 and the sender retries.
   */
  resolveKey = async (nodeId: string, kid: string): Promise<ResolvedKey | undefined> => {
    let entry = this.byNode.get(nodeId) ?? (await this.reloadOne(nodeId));
    if (!entry || entry.row.status === 'pending') return undefined;
    const known = entry.keys.get(kid);
    if (known) return known;
    // A refetch already under way (other requests after the same rotation): wait for it.
    const inFlight = this.refreshing.get(nodeId);
    if (!inFlight) {
      const now = this.clock.now().getTime();
      const last = this.lastRefresh.get(nodeId) ?? 0;
      if (now - last < UNKNOWN_KID_REFRESH_MS) {
        throw new NotReadyError(
          `Key ${kid} of ${nodeId} is unknown; its document was fetched moments ago`,
          Math.max(1, Math.ceil((UNKNOWN_KID_REFRESH_MS - (now - last)) / 1000)),
        );
      }
    }
    const refresh =
      inFlight ??
      this.refresh(nodeId).finally(() => {
        this.refreshing.delete(nodeId);
      });
    if (!inFlight) this.refreshing.set(nodeId, refresh);
    try {
      await refresh;
    } catch (e) {
      throw new NotReadyError(`Could not refetch the document of ${nodeId}: ${(e as Error).message}`, 30);
    }
    entry = this.byNode.get(nodeId);
    return entry?.keys.get(kid);
  };

  /** GET {baseUrl}/.well-known/comity/node and verify it (self-signature, one current key, fingerprint). */
  async fetchDocument(baseUrl: string): Promise<NodeDocument> {
    const url = `${baseUrl.replace(/\/+$/, '')}${NODE_DOCUMENT_PATH}`;
    let answer: Awaited<ReturnType<PartnerHttp['request']>>;
    try {
      answer = await this.http.request({
        method: 'GET',
        url,
        headers: { accept: 'application/json' },
        timeoutMs: this.timeoutMs,
        maxBodyBytes: MAX_DOCUMENT_BYTES,
      });
    } catch (e) {
      throw new AppError(
        'federation-partner-unreachable',
        `${url}: ${e instanceof NetworkError ? e.message : 'request failed'}`,
      );
    }
    if (answer.status !== 200) {
      throw new AppError('federation-partner-unreachable', `${url} answered ${answer.status}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(answer.body.toString('utf8'));
    } catch {
      throw new AppError('federation-partner-unreachable', `${url} did not answer JSON`);
    }
    const verified = verifyNodeDocument(json);
    if (!verified.ok) {
      throw new AppError('federation-partner-unreachable', `${url}: the node document is ${verified.reason}`);
    }
    return verified.document;
  }

  /** Step 1 of partnering: fetch the document and store the partner as pending, showing its fingerprint. */
  async add(actor: Actor | null, meta: RequestMeta, baseUrl: string): Promise<PartnerRow> {
    const doc = await this.fetchDocument(baseUrl);
    if (doc.nodeId === this.identity.nodeId) {
      throw validationFailed([{ path: 'body.baseUrl', message: 'This is this node’s own address.' }]);
    }
    const now = this.clock.now().toISOString();
    const row = await inTransaction(this.database, async (uow) => {
      const existing = await repo.byNodeId(uow.tx, doc.nodeId);
      if (existing && existing.status !== 'pending') {
        throw conflict(`Node ${doc.nodeId} is already a partner (${existing.status}).`);
      }
      const fields = documentFields(doc, now);
      let stored: PartnerRow;
      if (existing) {
        await repo.update(uow.tx, existing.id, fields);
        stored = { ...existing, ...fields };
      } else {
        stored = {
          id: newId(),
          ...fields,
          status: 'pending',
          pending_document: null,
          created_at: now,
          confirmed_at: null,
          confirmed_by: null,
          suspended_at: null,
          last_success_at: null,
          failing_since: null,
        };
        // Added at the same moment by another administrator (PostgreSQL: both passed the check).
        await insertUnlessTaken(repo.insert(uow.tx, stored), () =>
          conflict(`Node ${doc.nodeId} is already a partner (pending).`),
        );
      }
      await this.audit.append(
        uow,
        { actor, meta },
        {
          action: 'federation.partner.add',
          objectType: 'federation-partner',
          objectId: stored.id,
          details: { nodeId: doc.nodeId, baseUrl: doc.baseUrl, fingerprint: stored.fingerprint },
        },
      );
      return stored;
    });
    await this.reloadOne(row.node_id);
    return row;
  }

  /**
   * Step 2: the administrator types the fingerprint the partner's administrator read out. Also
   * confirms a key change that could not be chained to the trusted key (`keyChangePending`).
   */
  async confirm(
    actor: Actor | null,
    meta: RequestMeta,
    id: string,
    fingerprint: string,
  ): Promise<PartnerRow> {
    const now = this.clock.now().toISOString();
    const row = await inTransaction(this.database, async (uow) => {
      const row = await repo.byId(uow.tx, id);
      if (!row) throw notFound();
      const candidate = row.pending_document
        ? (JSON.parse(row.pending_document) as NodeDocument)
        : row.status === 'pending'
          ? (JSON.parse(row.document) as NodeDocument)
          : undefined;
      if (!candidate) throw conflict('This partner is already confirmed and has no key change to confirm.');
      if (!sameFingerprint(fingerprint, candidate.fingerprint)) {
        await this.audit.append(
          uow,
          { actor, meta },
          {
            action: 'federation.partner.confirm',
            objectType: 'federation-partner',
            objectId: id,
            outcome: 'failure',
            details: { nodeId: row.node_id, reason: 'fingerprint-mismatch' },
          },
        );
        return undefined;
      }
      const set: Partial<PartnerRow> = {
        ...documentFields(candidate, now),
        pending_document: null,
        status: row.status === 'pending' ? 'active' : row.status,
        confirmed_at: now,
        confirmed_by: actor?.userId ?? null,
      };
      await repo.update(uow.tx, id, set);
      await this.audit.append(
        uow,
        { actor, meta },
        {
          action: 'federation.partner.confirm',
          objectType: 'federation-partner',
          objectId: id,
          details: { nodeId: row.node_id, fingerprint: candidate.fingerprint },
        },
      );
      return { ...row, ...set };
    });
    if (!row) {
      throw new AppError(
        'federation-fingerprint-mismatch',
        'Compare the fingerprint again with the partner’s administrator, by an independent channel.',
      );
    }
    await this.reloadOne(row.node_id);
    return row;
  }

  async setSuspended(
    actor: Actor | null,
    meta: RequestMeta,
    id: string,
    suspended: boolean,
  ): Promise<PartnerRow> {
    const now = this.clock.now().toISOString();
    const row = await inTransaction(this.database, async (uow) => {
      const row = await repo.byId(uow.tx, id);
      if (!row) throw notFound();
      if (row.status === 'pending') throw conflict('Confirm the partner first.');
      const set: Partial<PartnerRow> = suspended
        ? { status: 'suspended', suspended_at: now, updated_at: now }
        : { status: 'active', suspended_at: null, updated_at: now };
      await repo.update(uow.tx, id, set);
      await this.audit.append(
        uow,
        { actor, meta },
        {
          action: suspended ? 'federation.partner.suspend' : 'federation.partner.resume',
          objectType: 'federation-partner',
          objectId: id,
          details: { nodeId: row.node_id },
        },
      );
      return { ...row, ...set };
    });
    await this.reloadOne(row.node_id);
    return row;
  }

  /**
   * Partners a node with a document obtained by other trusted means (the federated demo's launcher
   * and the test harness read each node's document locally): add and confirm in one step.
   */
  async trust(doc: NodeDocument, confirmedBy: string): Promise<PartnerRow> {
    const verified = verifyNodeDocument(doc);
    if (!verified.ok) throw new Error(`Not a valid node document: ${verified.reason}`);
    const now = this.clock.now().toISOString();
    const row = await inTransaction(this.database, async (uow) => {
      const existing = await repo.byNodeId(uow.tx, doc.nodeId);
      const fields = {
        ...documentFields(doc, now),
        pending_document: null,
        status: 'active' as const,
        confirmed_at: now,
        confirmed_by: null,
      };
      const stored: PartnerRow = existing
        ? { ...existing, ...fields, suspended_at: null }
        : {
            id: newId(),
            ...fields,
            created_at: now,
            suspended_at: null,
            last_success_at: null,
            failing_since: null,
          };
      if (existing) await repo.update(uow.tx, existing.id, stored);
      else await repo.insert(uow.tx, stored);
      await this.audit.append(
        uow,
        { actor: null, meta: systemMeta },
        {
          action: 'federation.partner.trust',
          objectType: 'federation-partner',
          objectId: stored.id,
          details: { nodeId: doc.nodeId, fingerprint: doc.fingerprint, by: confirmedBy },
        },
      );
      return stored;
    });
    await this.reloadOne(row.node_id);
    return row;
  }

  /**
   * Refetches a confirmed partner's document. A newer document is taken when its signing key is the
   * trusted one or descends from it through signed transitions (§4); otherwise it is kept aside as a
   * key change waiting for a new out-of-band confirmation, and the old document stays in force.
   */
  async refresh(nodeId: string): Promise<'unchanged' | 'updated' | 'key-change-pending'> {
    const entry = this.byNode.get(nodeId) ?? (await this.reloadOne(nodeId));
    if (!entry) throw new Error(`Unknown partner ${nodeId}`);
    this.lastRefresh.set(nodeId, this.clock.now().getTime());
    const doc = await this.fetchDocument(entry.row.base_url);
    const now = this.clock.now().toISOString();
    if (doc.nodeId !== nodeId) throw new Error(`${entry.row.base_url} now serves node ${doc.nodeId}`);
    if (doc.issuedAt <= entry.doc.issuedAt) {
      await repo.update(this.database.db, entry.row.id, { document_fetched_at: now });
      return 'unchanged';
    }
    const current = currentSigningKey(doc);
    const chained =
      current?.kid === entry.row.trusted_kid || checkKeyContinuity(doc, entry.row.trusted_kid).ok;
    if (entry.row.status === 'pending' || chained) {
      await inTransaction(this.database, async (uow) => {
        await repo.update(uow.tx, entry.row.id, {
          ...documentFields(doc, now),
          ...(entry.row.status === 'pending' ? {} : { pending_document: null }),
        });
        if (current?.kid !== entry.row.trusted_kid && entry.row.status !== 'pending') {
          await this.audit.append(
            uow,
            { actor: null, meta: systemMeta },
            {
              action: 'federation.partner.key-rotated',
              objectType: 'federation-partner',
              objectId: entry.row.id,
              details: { nodeId, from: entry.row.trusted_kid, to: current?.kid ?? null },
            },
          );
        }
      });
      await this.reloadOne(nodeId);
      return 'updated';
    }
    await inTransaction(this.database, async (uow) => {
      await repo.update(uow.tx, entry.row.id, {
        pending_document: JSON.stringify(doc),
        document_fetched_at: now,
        updated_at: now,
      });
      await this.audit.append(
        uow,
        { actor: null, meta: systemMeta },
        {
          action: 'federation.partner.key-change-unconfirmed',
          objectType: 'federation-partner',
          objectId: entry.row.id,
          outcome: 'failure',
          details: { nodeId, trusted: entry.row.trusted_kid, offered: current?.kid ?? null },
        },
      );
    });
    await this.reloadOne(nodeId);
    return 'key-change-pending';
  }

  /** Hourly refetch of every confirmed partner's document; failures are logged, never fatal. */
  async refreshStale(): Promise<void> {
    const now = this.clock.now().getTime();
    for (const entry of this.byNode.values()) {
      if (entry.row.status === 'pending') continue;
      if (now - Date.parse(entry.row.document_fetched_at) < PERIODIC_REFRESH_MS) continue;
      try {
        await this.refresh(entry.row.node_id);
      } catch (e) {
        this.log.warn({ err: e, partner: entry.row.node_id }, 'partner document refresh failed');
      }
    }
  }
}

function documentFields(doc: NodeDocument, now: string) {
  return {
    node_id: doc.nodeId,
    name: doc.name,
    base_url: doc.baseUrl,
    document: JSON.stringify(doc),
    fingerprint: doc.fingerprint,
    trusted_kid: currentSigningKey(doc)?.kid ?? '',
    document_fetched_at: now,
    updated_at: now,
  };
}

function toEntry(row: PartnerRow): PartnerEntry {
  const doc = JSON.parse(row.document) as NodeDocument;
  const keys = new Map<string, ResolvedKey>();
  for (const k of doc.keys) {
    if (k.use !== 'sig') continue;
    keys.set(k.kid, {
      publicKey: importPublicJwk(k.publicJwk),
      validFrom: new Date(k.createdAt),
      expiredAt: k.expiredAt ? new Date(k.expiredAt) : null,
    });
  }
  return {
    row,
    doc,
    keys,
    encryptionKey: currentEncryptionKey(doc),
    pendingDoc: row.pending_document ? (JSON.parse(row.pending_document) as NodeDocument) : undefined,
  };
}
