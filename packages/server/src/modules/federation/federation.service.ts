import type { FederationEnvelope, FederationPartner, FederationStatus } from '@comity/contracts';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Clock } from '../../platform/clock.ts';
import { type Config, publicOrigin } from '../../platform/config.ts';
import type { NodeKeys } from '../../platform/crypto/node-keys.ts';
import type { Database } from '../../platform/db/database.ts';
import { inTransaction, type UnitOfWork } from '../../platform/db/unit-of-work.ts';
import { conflict, notFound } from '../../platform/http/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { Actor, RequestMeta } from '../access/actor.ts';
import type { AuditLog } from '../audit/audit.service.ts';
import { BlobTransfer } from './blob-transfer.ts';
import { DbNonceStore } from './db-nonce-store.ts';
import { DeliveryWorker } from './delivery-worker.ts';
import { type EnvelopeHandler, EnvelopeHandlers } from './envelope-handlers.ts';
import { type InboxRow, inboxRepository } from './inbox.repository.ts';
import { InboxService } from './inbox.service.ts';
import { InboxProcessor } from './inbox-processor.ts';
import { type HostedDirectory, NodeIdentity } from './node-identity.ts';
import { type OutboxRow, outboxRepository } from './outbox.repository.ts';
import { type EnvelopeDraft, Outbox, type QueuedEnvelope } from './outbox.ts';
import { PartnerHttp } from './partner-http.ts';
import { type PartnerRow, partnersRepository } from './partners.repository.ts';
import { PartnersService } from './partners.service.ts';
import { PING_TYPE, pingHandler } from './ping.ts';
import { PlaintextCache } from './plaintext-cache.ts';
import { currentSigningKey, type NodeDocument } from './protocol/node-document.ts';
import { ReceiptsService, type StoredReceipt } from './receipts.service.ts';
import type { RemoteCarrier } from './remote-carrier.ts';

import './federation.tables.ts';

type PartnerDto = z.infer<typeof FederationPartner>;
type EnvelopeDto = z.infer<typeof FederationEnvelope>;
type StatusDto = z.infer<typeof FederationStatus>;

export interface FederationDeps {
  database: Database;
  nodeId: string;
  keys: NodeKeys;
  audit: AuditLog;
  clock: Clock;
  log: Logger;
  config: Config;
  /** The agencies this node hosts (the identity module's data, wired by the composition root). */
  directory: HostedDirectory;
}

/**
 * The federation module's face: partners, the outbox other modules write to, handlers per envelope
 * type, the delivery worker and the inbox processor, and the operations view. Workers run only in
 * the server process (`start()`); the CLI opens the same object without them.
 */
export class Federation {
  readonly identity: NodeIdentity;
  readonly partners: PartnersService;
  readonly outbox: Outbox;
  readonly receipts: ReceiptsService;
  readonly handlers = new EnvelopeHandlers();
  readonly inbox: InboxService;
  readonly processor: InboxProcessor;
  readonly delivery: DeliveryWorker;
  readonly blobs: BlobTransfer;
  readonly carrier: RemoteCarrier;
  private readonly http: PartnerHttp;
  private readonly nonceStore: DbNonceStore;
  private readonly database: Database;
  private readonly auditLog: AuditLog;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly options: Config['federation'];
  private timer: NodeJS.Timeout | undefined;
  private started = false;

  constructor(deps: FederationDeps) {
    const { database, keys, audit, clock, log, config } = deps;
    this.database = database;
    this.auditLog = audit;
    this.clock = clock;
    this.log = log;
    this.options = config.federation;
    this.identity = new NodeIdentity(
      deps.nodeId,
      config.nodeName,
      publicOrigin(config),
      keys,
      deps.directory,
      clock,
    );
    // Every rotation, by the server or by `comity keys rotate`, signs its key transition.
    keys.setTransitionSigner(this.identity.transitionSigner());
    this.http = new PartnerHttp({
      maxSockets: this.options.concurrency + 4,
      caFile: this.options.caFile,
      clientCert: this.options.clientCert,
    });
    this.nonceStore = new DbNonceStore(database);
    this.partners = new PartnersService(
      database,
      this.identity,
      this.http,
      audit,
      clock,
      log,
      this.options.timeoutMs,
    );
    this.delivery = new DeliveryWorker(
      database,
      this.identity,
      keys,
      this.partners,
      this.http,
      audit,
      clock,
      log,
      this.options,
    );
    this.outbox = new Outbox(this.identity, this.partners, audit, clock, this.delivery.wake);
    this.receipts = new ReceiptsService(this.outbox, clock, audit);
    const plaintexts = new PlaintextCache();
    this.processor = new InboxProcessor(
      database,
      this.identity,
      this.handlers,
      this.receipts,
      audit,
      clock,
      log,
      plaintexts,
    );
    this.inbox = new InboxService(
      database,
      this.identity,
      this.partners,
      this.handlers,
      audit,
      clock,
      this.processor.wake,
      plaintexts,
    );
    this.blobs = new BlobTransfer(
      database,
      this.identity,
      this.partners,
      this.nonceStore,
      this.http,
      audit,
      clock,
      this.options.timeoutMs,
    );
    this.handlers.register(PING_TYPE, pingHandler);
    this.carrier = {
      transmit: (uow, m) => this.outbox.enqueue(uow, { ...m, encrypt: true }),
      onReceived: (type, handler) => this.onEnvelope(type, handler),
      onReceipt: (listener) => this.receipts.onReceipt(listener),
      nodeForAgency: (agencyId) => this.partners.nodeForAgency(agencyId),
      markRetrieved: (uow, envelopeId) => this.receipts.markRetrieved(uow, envelopeId),
      receipts: async (envelopeId) =>
        (await this.receipts.list(database.db, [envelopeId])).get(envelopeId) ?? [],
      partnerAgency: (agencyId) => this.partners.partnerAgency(agencyId),
      pull: (nodeId, blob, sink) => this.blobs.pull(nodeId, blob, sink),
    };
  }

  /** Registers the handler of one envelope type (startup fails on a duplicate). */
  onEnvelope(type: string, handler: EnvelopeHandler): void {
    this.handlers.register(type, handler);
  }

  /** Queues an envelope in the caller's transaction (see Outbox.enqueue). */
  enqueue(uow: UnitOfWork, draft: EnvelopeDraft): Promise<QueuedEnvelope> {
    return this.outbox.enqueue(uow, draft);
  }

  /** Loads partners; used by the server (with workers) and by tools that enqueue without them. */
  async load(): Promise<void> {
    await this.partners.reload();
  }

  /** Starts delivery, processing and housekeeping (server process only). */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.partners.reload();
    await this.delivery.start();
    this.processor.start();
    let ticks = 0;
    const housekeeping = async () => {
      ticks++;
      try {
        await this.partners.reload();
        if (ticks % 6 === 0) await this.nonceStore.purge(this.clock.now());
        if (ticks % 6 === 1) await this.partners.refreshStale();
      } catch (e) {
        this.log.warn({ err: e }, 'federation housekeeping failed');
      }
      if (this.started) {
        this.timer = setTimeout(() => void housekeeping(), 10_000);
        this.timer.unref();
      }
    };
    this.timer = setTimeout(() => void housekeeping(), 10_000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.started = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.delivery.stop();
    await this.processor.stop();
    await this.nonceStore.drain();
    this.http.close();
  }

  // ── Operations ────────────────────────────────────────────────────────────────────────────────

  async listPartners(): Promise<PartnerDto[]> {
    const rows = await partnersRepository.all(this.database.db);
    const queues = await this.queueCounts();
    return rows.map((r) => this.partnerDto(r, queues.get(r.node_id)));
  }

  async partner(id: string): Promise<PartnerDto> {
    const row = await partnersRepository.byId(this.database.db, id);
    if (!row) throw notFound();
    return this.partnerDto(row, (await this.queueCounts()).get(row.node_id));
  }

  private async queueCounts(): Promise<Map<string, { pending: number; failed: number }>> {
    const out = new Map<string, { pending: number; failed: number }>();
    for (const c of await outboxRepository.counts(this.database.db)) {
      const q = out.get(c.recipient_node) ?? { pending: 0, failed: 0 };
      if (c.status === 'pending') q.pending += Number(c.n);
      if (c.status === 'failed') q.failed += Number(c.n);
      out.set(c.recipient_node, q);
    }
    return out;
  }

  partnerDto(row: PartnerRow, queue = { pending: 0, failed: 0 }): PartnerDto {
    const doc = JSON.parse(row.document) as NodeDocument;
    const pending = row.pending_document ? (JSON.parse(row.pending_document) as NodeDocument) : undefined;
    const now = this.clock.now().getTime();
    const availability = !row.failing_since
      ? 'available'
      : now - Date.parse(row.failing_since) >= this.options.unavailableAfterMs
        ? 'unavailable'
        : 'degraded';
    return {
      id: row.id,
      nodeId: row.node_id,
      name: row.name,
      baseUrl: row.base_url,
      status: row.status,
      fingerprint: row.status === 'pending' ? doc.fingerprint : row.fingerprint,
      signingKeyId: currentSigningKey(doc)?.kid ?? row.trusted_kid,
      jurisdictions: doc.jurisdictions,
      agencies: doc.agencies,
      availability,
      circuit: this.delivery.breakerState(row.node_id),
      queue,
      keyChangePending: Boolean(pending),
      pendingFingerprint: pending?.fingerprint ?? null,
      createdAt: row.created_at,
      confirmedAt: row.confirmed_at,
      suspendedAt: row.suspended_at,
      lastSuccessAt: row.last_success_at,
      failingSince: row.failing_since,
      documentIssuedAt: doc.issuedAt,
    };
  }

  async status(): Promise<StatusDto> {
    const db = this.database.db;
    const outbox = { pending: 0, delivered: 0, failed: 0 };
    for (const c of await outboxRepository.counts(db)) outbox[c.status] += Number(c.n);
    const inbox = { waiting: 0, processed: 0, failed: 0 };
    for (const c of await inboxRepository.counts(db)) inbox[c.status] += Number(c.n);
    const failed = await outboxRepository.failed(db, 100);
    const receipts = await this.receipts.list(
      db,
      failed.map((f) => f.id),
    );
    return {
      node: {
        nodeId: this.identity.nodeId,
        name: this.identity.name,
        baseUrl: this.identity.baseUrl,
        fingerprint: this.identity.fingerprint(),
        signingKeyId: this.identity.signingKey().keyId,
        encryptionKeyId: this.identity.encryptionKeyId(),
      },
      partners: await this.listPartners(),
      outbox,
      inbox,
      failedDeliveries: failed.map((r) => outgoingDto(r, receipts.get(r.id) ?? [])),
    };
  }

  async envelope(id: string): Promise<EnvelopeDto> {
    const db = this.database.db;
    const receipts = (await this.receipts.list(db, [id])).get(id) ?? [];
    const out = await outboxRepository.byId(db, id);
    if (out) return outgoingDto(out, receipts);
    const inRow = await inboxRepository.byId(db, id);
    if (inRow) return incomingDto(inRow, receipts);
    throw notFound();
  }

  /** Sends a failed delivery again (the same signed bytes), or re-offers a failed incoming envelope. */
  async retry(actor: Actor, meta: RequestMeta, id: string): Promise<EnvelopeDto> {
    const now = this.clock.now().toISOString();
    await inTransaction(this.database, async (uow) => {
      const out = await outboxRepository.requeue(uow.tx, id, now);
      const requeued =
        Number(out.numUpdatedRows) > 0 ||
        Number((await inboxRepository.requeue(uow.tx, id, now)).numUpdatedRows) > 0;
      if (!requeued) {
        if ((await outboxRepository.byId(uow.tx, id)) || (await inboxRepository.byId(uow.tx, id))) {
          throw conflict('Only failed envelopes can be retried.');
        }
        throw notFound();
      }
      await this.audit(uow, actor, meta, 'federation.envelope.retry', id);
    });
    this.delivery.wake();
    this.processor.wake();
    return this.envelope(id);
  }

  /** Queues `count` test envelopes to a partner in one conversation (operations, tests, the fault harness). */
  async ping(
    actor: Actor | null,
    meta: RequestMeta,
    partnerId: string,
    input: { count: number; conversationId?: string | undefined; text?: string | undefined },
  ): Promise<{ conversationId: string; envelopeIds: string[] }> {
    const row = await partnersRepository.byId(this.database.db, partnerId);
    if (!row) throw notFound();
    if (row.status === 'pending') throw conflict('Confirm the partner first.');
    const conversationId = input.conversationId ?? `ping-${newId()}`;
    const drafts = Array.from({ length: input.count }, (_, i) => ({
      recipientNode: row.node_id,
      type: PING_TYPE,
      conversationId,
      payload: { text: input.text ?? 'ping', n: i + 1 },
      labels: { tlp: 'TLP:CLEAR' as const },
      idempotencyKey: `ping:${newId()}`,
    }));
    // Encrypted and signed before the transaction: it then holds the writer only to store them.
    const prepared = await this.outbox.prepareBatch(this.database.db, drafts);
    const envelopeIds = await inTransaction(this.database, async (uow) => {
      const queued = await this.outbox.enqueuePrepared(uow, prepared);
      await this.audit(uow, actor, meta, 'federation.ping', row.id, {
        partner: row.node_id,
        conversationId,
        count: input.count,
      });
      return queued.map((q) => q.envelopeId);
    });
    return { conversationId, envelopeIds };
  }

  private async audit(
    uow: UnitOfWork,
    actor: Actor | null,
    meta: RequestMeta,
    action: string,
    objectId: string,
    details: Record<string, unknown> = {},
  ): Promise<void> {
    await this.auditLog.append(
      uow,
      { actor, meta },
      { action, objectType: 'federation-envelope', objectId, details },
    );
  }
}

export function outgoingDto(r: Omit<OutboxRow, 'envelope'>, receipts: StoredReceipt[]): EnvelopeDto {
  return {
    id: r.id,
    direction: 'out',
    type: r.type,
    partnerNodeId: r.recipient_node,
    conversationId: r.conversation_id,
    sequence: r.sequence,
    createdAt: r.created_at,
    status: r.status,
    attempts: r.attempts,
    lastStatus: r.last_status,
    lastError: r.last_error,
    nextAttemptAt: r.status === 'pending' ? r.next_attempt_at : null,
    completedAt: r.completed_at,
    receipts: receipts.map(receiptDto),
  };
}

export function incomingDto(r: Omit<InboxRow, 'envelope'>, receipts: StoredReceipt[]): EnvelopeDto {
  return {
    id: r.id,
    direction: 'in',
    type: r.type,
    partnerNodeId: r.sender_node,
    conversationId: r.conversation_id,
    sequence: r.sequence,
    createdAt: r.received_at,
    status: r.status,
    attempts: r.attempts,
    lastStatus: null,
    lastError: r.last_error,
    nextAttemptAt: r.status === 'waiting' ? r.next_attempt_at : null,
    completedAt: r.processed_at,
    receipts: receipts.map(receiptDto),
  };
}

const receiptDto = (r: StoredReceipt) => ({
  envelopeId: r.envelopeId,
  kind: r.kind,
  at: r.at,
  direction: r.direction,
  receiptEnvelopeId: r.receiptEnvelopeId,
  digestMatches: r.digestMatches,
  problem: r.problem,
});
