import { type ProblemCode, problemCodes } from '@comity/contracts';
import type { Clock } from '../../platform/clock.ts';
import { Batcher } from '../../platform/db/batcher.ts';
import type { Database, Queryable } from '../../platform/db/database.ts';
import { isUniqueViolation } from '../../platform/db/unique-violation.ts';
import { inTransaction } from '../../platform/db/unit-of-work.ts';
import { illFormedTextPath } from '../../platform/http/well-formed-text.ts';
import type { RequestMeta } from '../access/actor.ts';
import type { AuditLog } from '../audit/audit.service.ts';
import type { AuditInput } from '../audit/audit-event.ts';
import { nonceSeen, useNonce } from './db-nonce-store.ts';
import type { EnvelopeHandlers } from './envelope-handlers.ts';
import { type ClashRow, type InboxRow, inboxRepository as repo } from './inbox.repository.ts';
import type { NodeIdentity } from './node-identity.ts';
import { NotReadyError, type PartnerEntry, type PartnersService } from './partners.service.ts';
import type { PlaintextCache } from './plaintext-cache.ts';
import type { JsonValue } from './protocol/canonical.ts';
import { type Envelope, verifyEnvelope, withSignature } from './protocol/envelope.ts';
import type { NonceStore, NonceUse } from './protocol/nonce-store.ts';
import { decryptPayload } from './protocol/payload-crypto.ts';
import {
  MAX_BATCH_BYTES,
  MAX_BATCH_ENVELOPES,
  MAX_ENVELOPE_BYTES,
  problemForDecryption,
  problemForEnvelope,
} from './protocol/problems.ts';
import { digestOfCanonical } from './protocol/receipts.ts';
import { RECEIPT_TYPE } from './receipts.service.ts';
import { authenticatePartner, type IncomingRequest } from './request-auth.ts';

/** A partner's document is refetched for an unlisted sender agency at most this often. */
const AGENCY_REFRESH_MS = 5_000;

export type InboxAnswer =
  | { ok: true; status: 200 | 202; body: { envelopeId: string; envelopeDigest: string; duplicate: boolean } }
  | { ok: false; code: ProblemCode; detail?: string };

/** One envelope's result in a batch answer (docs/federation.md §8a), in the order of the request. */
export type BatchEntryResult =
  | { status: 200 | 202; envelopeId: string; envelopeDigest: string; duplicate: boolean }
  | { status: number; code: ProblemCode; detail?: string; retryAfter?: number };

/** A batch is refused as a whole (request signature, partner, body) or answered per envelope. */
export type InboxBatchAnswer =
  | { ok: true; results: BatchEntryResult[] }
  | { ok: false; code: ProblemCode; detail?: string };

type Refuse = (
  code: ProblemCode,
  ctx: { partner?: string | undefined; envelopeId?: string; type?: string; detail?: string },
) => Promise<{ ok: false; code: ProblemCode; detail?: string }>;

/** An envelope that passed every check but storage (§8), with what storing it needs. */
type Checked =
  | { ok: true; item: StoreItem; plaintext: JsonValue | undefined }
  | { ok: false; answer: { ok: false; code: ProblemCode; detail?: string } };

/**
 * `POST /api/federation/inbox`: checks everything a node can check about an incoming envelope
 * (docs/federation.md §8, §6, §7) and stores it, exactly once per (sender node, idempotency key),
 * before answering 2xx. Anything refused is audited and never stored, so never processed.
 */
export class InboxService {
  constructor(
    private readonly database: Database,
    private readonly identity: NodeIdentity,
    private readonly partners: PartnersService,
    private readonly handlers: EnvelopeHandlers,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly wakeProcessor: () => void,
    private readonly plaintexts: PlaintextCache,
  ) {}

  /** Document refetches for agencies a partner's stored document does not list (one in flight per partner). */
  private readonly docRefresh = new Map<string, Promise<unknown>>();
  private readonly lastDocRefresh = new Map<string, number>();

  // Groups, not envelopes: the envelopes of one request share its nonce and one transaction.
  private readonly storeBatch = new Batcher<StoreGroup, StoreOutcome[]>(
    (groups) => this.storeMany(groups),
    1,
    32,
  );

  /** Audits a refusal (never the payload) and returns it. */
  private refuser(meta: RequestMeta): Refuse {
    return async (code, ctx) => {
      await this.audit.record(
        { actor: null, meta },
        {
          action: 'federation.envelope.refused',
          objectType: 'federation-envelope',
          objectId: ctx.envelopeId ?? null,
          outcome:
            code === 'federation-unknown-partner' || code.startsWith('federation-signature')
              ? 'denied'
              : 'failure',
          details: { code, partner: ctx.partner ?? null, type: ctx.type ?? null },
        },
      );
      return { ok: false, code, ...(ctx.detail ? { detail: ctx.detail } : {}) };
    };
  }

  async receive(request: IncomingRequest, meta: RequestMeta): Promise<InboxAnswer> {
    const refuse = this.refuser(meta);
    if (request.body.byteLength > MAX_ENVELOPE_BYTES) {
      return refuse('federation-envelope-too-large', {
        partner: claimedSender(request.headers),
        detail: `at most ${MAX_ENVELOPE_BYTES} bytes`,
      });
    }
    const auth = await this.authenticate(request);
    if (!auth.ok) return refuse(auth.code, { partner: auth.nodeId });
    const partner = auth.partner.row.node_id;
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(request.body));
    } catch {
      return refuse('federation-envelope-malformed', { partner, detail: 'the body is not UTF-8 JSON' });
    }
    const checked = await this.check(json, Buffer.from(request.body).toString('utf8'), partner, meta, refuse);
    if (!checked.ok) return checked.answer;
    const [outcome] = await this.storeBatch.submit({ items: [checked.item], nonce: auth.nonce });
    return this.settle(checked, outcome!, refuse);
  }

  /**
   * `POST /api/federation/inbox/batch` (docs/federation.md §8a): several envelopes under one request
   * signature. The request is checked as a whole (signature, nonce, partner, body); each envelope is
   * then checked exactly as a single delivery would be, and those that pass are stored together, in
   * one transaction, before the answer. The answer lists one result per envelope, in request order.
   */
  async receiveBatch(request: IncomingRequest, meta: RequestMeta): Promise<InboxBatchAnswer> {
    const refuse = this.refuser(meta);
    if (request.body.byteLength > MAX_BATCH_BYTES) {
      return refuse('federation-envelope-too-large', {
        partner: claimedSender(request.headers),
        detail: `a batch is at most ${MAX_BATCH_BYTES} bytes`,
      });
    }
    const auth = await this.authenticate(request);
    if (!auth.ok) return refuse(auth.code, { partner: auth.nodeId });
    const partner = auth.partner.row.node_id;
    let list: unknown[];
    try {
      const json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(request.body)) as unknown;
      const envelopes = (json as { envelopes?: unknown } | null)?.envelopes;
      if (
        typeof json !== 'object' ||
        json === null ||
        Array.isArray(json) ||
        Object.keys(json).length !== 1 ||
        !Array.isArray(envelopes) ||
        envelopes.length === 0 ||
        envelopes.length > MAX_BATCH_ENVELOPES
      )
        throw new TypeError();
      list = envelopes;
    } catch {
      return refuse('federation-envelope-malformed', {
        partner,
        detail: `the body is not UTF-8 JSON {"envelopes": [1 to ${MAX_BATCH_ENVELOPES} envelopes]}`,
      });
    }
    // A replayed request is refused as a whole, before its envelopes are checked (and audited) again.
    if (auth.nonce && (await nonceSeen(this.database.db, auth.nonce))) {
      return refuse('federation-nonce-replayed', { partner });
    }
    const results: BatchEntryResult[] = new Array(list.length);
    const passed: { index: number; checked: Extract<Checked, { ok: true }> }[] = [];
    // The envelopes are checked side by side (their signatures are verified on the thread pool);
    // results keep request order whatever order the checks end in.
    const settled = await Promise.allSettled(
      list.map((element) => this.checkInBatch(element, partner, meta, refuse)),
    );
    // An unexpected failure fails the request, once every check has ended (none runs on after it).
    const failed = settled.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    const checks = settled.map((r) => (r as PromiseFulfilledResult<Checked | BatchEntryResult>).value);
    for (const [index, checked] of checks.entries()) {
      if ('ok' in checked && checked.ok) passed.push({ index, checked });
      else results[index] = 'ok' in checked ? entryOf(checked.answer) : checked;
    }
    if (passed.length > 0) {
      const outcomes = await this.storeBatch.submit({
        items: passed.map((p) => p.checked.item),
        nonce: auth.nonce,
      });
      // The nonce was recorded by a concurrent copy of this request meanwhile: refused as a whole.
      if (outcomes[0]?.kind === 'refuse' && outcomes[0].code === 'federation-nonce-replayed') {
        return refuse('federation-nonce-replayed', { partner });
      }
      for (const [i, { index, checked }] of passed.entries()) {
        results[index] = entryOf(await this.settle(checked, outcomes[i]!, refuse));
      }
    }
    return { ok: true, results };
  }

  /** One envelope of a batch: checked as if it had come alone, or its entry when it cannot be now. */
  private async checkInBatch(
    element: unknown,
    partner: string,
    meta: RequestMeta,
    refuse: Refuse,
  ): Promise<Checked | BatchEntryResult> {
    const text = JSON.stringify(element);
    // Each element within the limit of a single delivery, as if it had come alone (§8a).
    if (Buffer.byteLength(text, 'utf8') > MAX_ENVELOPE_BYTES) {
      return entryOf(
        await refuse('federation-envelope-too-large', {
          partner,
          detail: `at most ${MAX_ENVELOPE_BYTES} bytes`,
        }),
      );
    }
    try {
      return await this.check(element, text, partner, meta, refuse);
    } catch (e) {
      // This envelope cannot be checked now (a partner document to refetch): retried on its own.
      if (!(e instanceof NotReadyError)) throw e;
      return { status: 503, code: 'not-ready', detail: e.message, retryAfter: e.retryAfterSeconds };
    }
  }

  /**
   * The request signature (§8). The nonce is recorded in the transaction that stores the envelopes
   * (one commit, not two): the check only notes it here; a replay is refused at storage, atomically.
   */
  private async authenticate(
    request: IncomingRequest,
  ): Promise<
    | { ok: true; partner: PartnerEntry; nonce: NonceUse | undefined }
    | { ok: false; code: ProblemCode; nodeId: string | undefined }
  > {
    const deferred = new DeferredNonce();
    const auth = await authenticatePartner(
      { identity: this.identity, partners: this.partners, nonceStore: deferred, clock: this.clock },
      request,
    );
    if (!auth.ok) return auth;
    return { ok: true, partner: auth.partner, nonce: deferred.use };
  }

  /** Every check of §8 and §6 (and trial decryption, §7) on one envelope of an authenticated request. */
  private async check(
    json: unknown,
    text: string,
    partner: string,
    meta: RequestMeta,
    refuse: Refuse,
  ): Promise<Checked> {
    const refused = async (...args: Parameters<Refuse>): Promise<Checked> => ({
      ok: false,
      answer: await refuse(...args),
    });
    const now = this.clock.now();
    const verified = await verifyEnvelope(json, this.partners.resolveKey, now);
    if (!verified.ok) {
      return refused(problemForEnvelope(verified.reason), { partner, detail: verified.reason });
    }
    const env = verified.envelope;
    const ctx = { partner, envelopeId: env.id, type: env.type };
    if (env.sender.node !== partner) return refused('federation-sender-mismatch', ctx);
    if (env.recipient.node !== this.identity.nodeId) return refused('federation-wrong-recipient', ctx);
    // A node speaks only for the agencies its signed node document lists (§14a).
    if (
      env.sender.agency !== undefined &&
      !(await this.hostsAgency(partner, env.sender.agency, env.createdAt))
    )
      return refused('federation-sender-mismatch', {
        ...ctx,
        detail: `sender.agency ${env.sender.agency} is not hosted by ${partner} according to its node document`,
      });
    if (env.type !== RECEIPT_TYPE && !this.handlers.has(env.type)) {
      return refused('federation-unsupported-type', {
        ...ctx,
        detail: `this node does not process ${env.type}`,
      });
    }
    let plaintext: JsonValue | undefined;
    if (env.encryptedPayload !== undefined) {
      // Trial decryption: an envelope this node could never open is refused now, not accepted and lost.
      const opened = await decryptPayload(env.encryptedPayload, this.identity.decryptionKey, {
        envelopeId: env.id,
        senderNode: env.sender.node,
        recipientNode: env.recipient.node,
      });
      if (!opened.ok) return refused(problemForDecryption(opened.reason), { ...ctx, detail: opened.reason });
      plaintext = opened.payload;
    }
    // Text a person could not have sent through this node's own API (a U+0000, which PostgreSQL
    // cannot store; another control character) is refused now: stored, it would fail its handler
    // on one engine only and hold back the rest of its conversation.
    const badText = illFormedTextPath(plaintext ?? env.payload, 'payload');
    if (badText)
      return refused('federation-envelope-malformed', {
        ...ctx,
        detail: `${badText.path}: ${badText.message}`,
      });
    // The digest covers the whole received envelope: the verified text with its signature put back.
    const digest = digestOfCanonical(withSignature(verified.canonical, json as Envelope));
    return { ok: true, item: { env, text, digest, meta }, plaintext };
  }

  /** The answer for one stored (or refused-at-storage) envelope. */
  private async settle(
    checked: Extract<Checked, { ok: true }>,
    outcome: StoreOutcome,
    refuse: Refuse,
  ): Promise<InboxAnswer> {
    const { env } = checked.item;
    if (outcome.kind === 'refuse') {
      return refuse(outcome.code, { partner: env.sender.node, envelopeId: env.id, type: env.type });
    }
    const answer = outcome.answer;
    if (answer.ok && !answer.body.duplicate) {
      // The processor needs the clear payload only: the ciphertext (up to 2 MiB) is not kept.
      const { encryptedPayload: _ciphertext, ...envelope } = env;
      this.plaintexts.set(env.id, {
        envelope: envelope as Envelope,
        payload: checked.plaintext ?? (env.payload as JsonValue),
      });
    }
    return answer;
  }

  /** Partner agency ids seen not to be this node's (ids are made here, never taken from input). */
  private readonly notLocal = new Set<string>();

  private async isLocalAgency(agencyId: string): Promise<boolean> {
    if (this.notLocal.has(agencyId)) return false;
    const row = await this.database.db
      .selectFrom('agency')
      .select('id')
      .where('id', '=', agencyId)
      .executeTakeFirst();
    if (row) return true;
    if (this.notLocal.size >= 10_000) this.notLocal.clear();
    this.notLocal.add(agencyId);
    return false;
  }

  /**
   * Whether `agencyId` is hosted by partner `nodeId` according to its signed node document (and no
   * other partner's, and is not an agency of this node). A
   * document issued before the envelope was created may predate a new agency: it is refetched (at
   * most every few seconds per partner); while the freshest document still predates the envelope the
   * answer is "not now" (503, the sender retries), and once a document issued after the envelope's
   * creation does not list the agency it is "no" (a permanent refusal). An agency another partner
   * lists as well is "not now" too: one partner's false claim must not lose another's envelopes.
   */
  private async hostsAgency(nodeId: string, agencyId: string, createdAt: string): Promise<boolean> {
    // One of this node's own agencies is never a partner's to speak for.
    if (await this.isLocalAgency(agencyId)) return false;
    const listed = () => {
      const doc = this.partners.get(nodeId)?.doc;
      if (doc?.agencies.some((a) => a.id === agencyId)) {
        if (this.partners.hostOf(agencyId)?.row.node_id === nodeId) return true;
        // Another partner lists it too (PartnersService.hostOf): not now rather than never, so that
        // a rival's false claim holds this partner's envelopes back, in order, without losing them.
        throw new NotReadyError(
          `Agency ${agencyId} is listed by more than one partner of this node; its envelopes wait until only one does`,
          300,
        );
      }
      return doc && doc.issuedAt >= createdAt ? false : undefined;
    };
    const known = listed();
    if (known !== undefined) return known;
    let refresh = this.docRefresh.get(nodeId);
    if (!refresh) {
      const now = this.clock.now().getTime();
      const last = this.lastDocRefresh.get(nodeId) ?? 0;
      if (now - last < AGENCY_REFRESH_MS)
        throw new NotReadyError(
          `Agency ${agencyId} is not in the document of ${nodeId}, fetched moments ago`,
          Math.max(1, Math.ceil((AGENCY_REFRESH_MS - (now - last)) / 1000)),
        );
      this.lastDocRefresh.set(nodeId, now);
      refresh = this.partners.refresh(nodeId).finally(() => this.docRefresh.delete(nodeId));
      this.docRefresh.set(nodeId, refresh);
    }
    try {
      await refresh;
    } catch (e) {
      throw new NotReadyError(`Could not refetch the document of ${nodeId}: ${(e as Error).message}`, 30);
    }
    const after = listed();
    if (after !== undefined) return after;
    throw new NotReadyError(
      `The document of ${nodeId} predates this envelope and does not list agency ${agencyId} yet`,
      Math.ceil(AGENCY_REFRESH_MS / 1000),
    );
  }

  /**
   * Stores groups of verified envelopes (one group per request) in one transaction: concurrent
   * deliveries share one fsync. Each group's nonce is recorded first; a replayed nonce refuses its
   * whole group. If the transaction fails (a unique key raced with another instance), each group is
   * stored on its own, and a group of several envelopes one envelope per transaction.
   */
  private async storeMany(groups: StoreGroup[]): Promise<StoreOutcome[][]> {
    try {
      return await inTransaction(this.database, async (uow) => {
        const out = groups.map((g) => new Array<StoreOutcome>(g.items.length));
        const live: { item: StoreItem; g: number; i: number }[] = [];
        for (const [g, group] of groups.entries()) {
          if (group.nonce && !(await useNonce(uow.tx, group.nonce))) {
            out[g]!.fill({ kind: 'refuse', code: 'federation-nonce-replayed' });
            continue;
          }
          for (const [i, item] of group.items.entries()) live.push({ item, g, i });
        }
        // Rows are locked in one global order (sender, conversation, sequence) — the processor's
        // too — so concurrent transactions on PostgreSQL never deadlock on the receipt cursors.
        live.sort((a, b) => compareSlots(a.item.env, b.item.env));
        // What already holds their keys, slots or ids, read in a few statements; the envelopes
        // stored here join it as they are taken, so two copies in one transaction clash as well.
        const taken = new Taken(
          await repo.takenBy(
            uow.tx,
            live.map(({ item: { env } }) => ({
              id: env.id,
              senderNode: env.sender.node,
              idempotencyKey: env.idempotencyKey,
              conversationId: env.conversationId,
              sequence: env.sequence,
            })),
          ),
        );
        // Audit events per request (its meta), written with multi-row INSERTs after the envelopes.
        const events = new Map<RequestMeta, AuditInput[]>();
        const rows: InboxRow[] = [];
        const at = this.clock.now().toISOString();
        for (const { item, g, i } of live) {
          const known = taken.answer(item);
          if (known) {
            out[g]![i] = known;
            continue;
          }
          const row = this.rowOf(item, at);
          rows.push(row);
          taken.add(row);
          const inputs = events.get(item.meta) ?? [];
          inputs.push(receivedEvent(item.env));
          events.set(item.meta, inputs);
          out[g]![i] = {
            kind: 'answer',
            answer: {
              ok: true,
              status: 202,
              body: { envelopeId: item.env.id, envelopeDigest: item.digest, duplicate: false },
            },
          };
        }
        const cursors = new Map<string, number>();
        await repo.insertMany(uow.tx, rows, cursors);
        // No `accepted` receipt here: processed at once, the envelope gets `delivered`, which implies
        // acceptance (docs/federation.md §10); one that waits (a predecessor missing, a handler
        // failing) gets `accepted` from the processor's sweep after a few seconds.
        if (rows.some((r) => cursors.get(`${r.sender_node}\n${r.conversation_id}`) === r.sequence))
          uow.afterCommit(this.wakeProcessor);
        for (const [meta, inputs] of events) await this.audit.appendMany(uow, { actor: null, meta }, inputs);
        return out;
      });
    } catch (e) {
      if (groups.length > 1) {
        const out: StoreOutcome[][] = [];
        for (const group of groups) out.push(...(await this.storeMany([group])));
        return out;
      }
      const group = groups[0]!;
      if (group.items.length > 1) {
        // The request's nonce goes with its first envelope: a replay is still refused as a whole.
        const out: StoreOutcome[] = [];
        for (const [i, item] of group.items.entries()) {
          const [[one]] = (await this.storeMany([
            { items: [item], nonce: i === 0 ? group.nonce : undefined },
          ])) as [[StoreOutcome]];
          if (i === 0 && one.kind === 'refuse' && one.code === 'federation-nonce-replayed') {
            return [group.items.map(() => one)];
          }
          out.push(one);
        }
        return [out];
      }
      // Two copies raced (a duplicating proxy, a sender retrying after a timeout): one won.
      if (!isUniqueViolation(e)) throw e;
      const again = await this.existing(this.database.db, group.items[0]!);
      if (again) return [[again]];
      throw e;
    }
  }

  /** The answer for an envelope whose idempotency key, slot or id is already taken; else undefined. */
  private async existing(db: Queryable, item: StoreItem): Promise<StoreOutcome | undefined> {
    const { env, digest } = item;
    const clashes = await repo.clashes(db, {
      id: env.id,
      senderNode: env.sender.node,
      idempotencyKey: env.idempotencyKey,
      conversationId: env.conversationId,
      sequence: env.sequence,
    });
    if (clashes.length === 0) return undefined;
    const sender = env.sender.node;
    const byKey = clashes.find((c) => c.sender_node === sender && c.idempotency_key === env.idempotencyKey);
    if (byKey) {
      return sameKeyOutcome(byKey, digest);
    }
    const bySlot = clashes.some(
      (c) =>
        c.sender_node === sender &&
        c.conversation_id === env.conversationId &&
        Number(c.sequence) === env.sequence,
    );
    // Otherwise the envelope id itself is taken (by another key or another sender).
    return {
      kind: 'refuse',
      code: bySlot ? 'federation-sequence-conflict' : 'federation-idempotency-conflict',
    };
  }

  private rowOf({ env, text, digest }: StoreItem, at: string): InboxRow {
    return {
      id: env.id,
      sender_node: env.sender.node,
      idempotency_key: env.idempotencyKey,
      conversation_id: env.conversationId,
      sequence: env.sequence,
      type: env.type,
      envelope: text,
      digest,
      status: 'waiting',
      attempts: 0,
      next_attempt_at: at,
      last_error: null,
      received_at: at,
      processed_at: null,
    };
  }
}

const receivedEvent = (env: Envelope): AuditInput => ({
  action: 'federation.envelope.received',
  objectType: 'federation-envelope',
  objectId: env.id,
  details: {
    type: env.type,
    partner: env.sender.node,
    conversationId: env.conversationId,
    sequence: env.sequence,
    encrypted: env.encryptedPayload !== undefined,
  },
});

/**
 * The envelopes that hold idempotency keys, ordering slots and ids (stored before, or earlier in the
 * same transaction), and the answer §9 gives an envelope that clashes with one of them.
 */
class Taken {
  private readonly byKey = new Map<string, ClashRow>();
  private readonly bySlot = new Set<string>();
  private readonly byId = new Set<string>();

  constructor(rows: readonly ClashRow[]) {
    for (const r of rows) this.add(r);
  }

  add(r: ClashRow): void {
    this.byKey.set(`${r.sender_node}\n${r.idempotency_key}`, r);
    this.bySlot.add(`${r.sender_node}\n${r.conversation_id}\n${Number(r.sequence)}`);
    this.byId.add(r.id);
  }

  /** As `InboxService.existing`: a duplicate, a conflict, or undefined when nothing clashes. */
  answer({ env, digest }: StoreItem): StoreOutcome | undefined {
    const byKey = this.byKey.get(`${env.sender.node}\n${env.idempotencyKey}`);
    if (byKey) {
      return sameKeyOutcome(byKey, digest);
    }
    if (this.bySlot.has(`${env.sender.node}\n${env.conversationId}\n${env.sequence}`))
      return { kind: 'refuse', code: 'federation-sequence-conflict' };
    // Otherwise the envelope id itself may be taken (by another key or another sender).
    if (this.byId.has(env.id)) return { kind: 'refuse', code: 'federation-idempotency-conflict' };
    return undefined;
  }
}

/** (sender node, conversation, sequence) order. */
export function compareSlots(
  a: { sender: { node: string }; conversationId: string; sequence: number },
  b: { sender: { node: string }; conversationId: string; sequence: number },
): number {
  if (a.sender.node !== b.sender.node) return a.sender.node < b.sender.node ? -1 : 1;
  if (a.conversationId !== b.conversationId) return a.conversationId < b.conversationId ? -1 : 1;
  return a.sequence - b.sequence;
}

interface StoreItem {
  env: Envelope;
  text: string;
  digest: string;
  meta: RequestMeta;
}

/** The envelopes of one request and the nonce of its signature. */
interface StoreGroup {
  items: StoreItem[];
  nonce: NonceUse | undefined;
}

/** A batch entry for a single-envelope answer. */
function entryOf(answer: InboxAnswer): BatchEntryResult {
  if (answer.ok) return { status: answer.status, ...answer.body };
  return {
    status: problemCodes[answer.code].status,
    code: answer.code,
    ...(answer.detail ? { detail: answer.detail } : {}),
  };
}

/** Notes the nonce a verified signature used, for the storing transaction to record. */
class DeferredNonce implements NonceStore {
  use: NonceUse | undefined;
  async useOnce(use: NonceUse): Promise<boolean> {
    this.use = use;
    return true;
  }
}

type StoreOutcome = { kind: 'answer'; answer: InboxAnswer } | { kind: 'refuse'; code: ProblemCode };

/** The sender node named in a request's signature, for audit lines about requests refused early. */
export function claimedSender(headers: IncomingRequest['headers']): string | undefined {
  const input = headers['signature-input'];
  const text = Array.isArray(input) ? input[0] : input;
  return text ? /;keyid="([^"#]*)#/.exec(text)?.[1] : undefined;
}

/**
 * An envelope whose (sender, idempotency key) is already stored: the same bytes again are a
 * duplicate, answered as the first time; other bytes under the same key are a conflict.
 */
function sameKeyOutcome(stored: { id: string; digest: string }, digest: string): StoreOutcome {
  return stored.digest === digest
    ? {
        kind: 'answer',
        answer: {
          ok: true,
          status: 200,
          body: { envelopeId: stored.id, envelopeDigest: digest, duplicate: true },
        },
      }
    : { kind: 'refuse', code: 'federation-idempotency-conflict' };
}
