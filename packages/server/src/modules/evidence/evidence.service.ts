import type { Readable } from 'node:stream';
import type { CreateEvidence, EvidenceItem, Labels } from '@comity/contracts';
import type { IngestedBlob } from '../../platform/blobs/blob-store.ts';
import { isBlobError, MAX_FILE_BYTES } from '../../platform/blobs/blob-store.ts';
import type { Clock } from '../../platform/clock.ts';
import type { NodeKeys } from '../../platform/crypto/node-keys.ts';
import type { Database, Queryable } from '../../platform/db/database.ts';
import { fromBool, toBool } from '../../platform/db/schema.ts';
import { insertUnlessTaken } from '../../platform/db/unique-violation.ts';
import { inTransaction, type UnitOfWork } from '../../platform/db/unit-of-work.ts';
import type { DomainEvents } from '../../platform/events/domain-events.ts';
import { AppError, conflict, notFound, validationFailed } from '../../platform/http/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { AccessGate } from '../access/access-gate.ts';
import type { Actor, RequestMeta } from '../access/actor.ts';
import { worldRefusal } from '../access/exercise-world.ts';
import { type RequestReaders, requireReadableLinks } from '../access/linked-objects.ts';
import type { AuditLog } from '../audit/audit.service.ts';
import { canForward, type Decision, labelsFrom } from '../dissemination/handling.ts';
import { refusal } from '../dissemination/refusal.ts';
import { canonicalJson, verifyCustodyChain } from './custody-chain.ts';
import {
  type CustodyInput,
  type ItemRow,
  evidenceRepository as repo,
  toItem,
} from './evidence.repository.ts';
import type { Blobs } from './lazy-blobs.ts';

export { MAX_FILE_BYTES };

/** File names are labels only (stored blobs use generated ids), but path-like names are refused. */
export function checkFileName(name: string): void {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  if (!name || name.length > 255 || /[/\\\u0000-\u001f\u007f]/.test(name) || name === '.' || name === '..')
    throw validationFailed([
      { path: 'name', message: 'A plain file name, without path separators or control characters.' },
    ]);
}

type Who = { actor: Actor | null; meta: RequestMeta };

export class EvidenceService {
  constructor(
    readonly database: Database,
    private readonly gate: AccessGate,
    readonly audit: AuditLog,
    private readonly events: DomainEvents,
    readonly clock: Clock,
    readonly blobs: Blobs,
    readonly keys: NodeKeys,
    private readonly wrapKey: () => string,
    readonly nodeId: string,
    /** Requests the actor may read (what an item may be seized for). */
    private readonly requests: RequestReaders,
  ) {}

  now = () => this.clock.now().toISOString();

  /** Serialises custody appends per item on PostgreSQL (SQLite has one writer). */
  async lock(tx: Queryable, itemId: string): Promise<void> {
    if (this.database.engine === 'postgres')
      await tx.selectFrom('evidence_item').select('id').where('id', '=', itemId).forUpdate().execute();
  }

  /** Appends a custody record and its audit event in the caller's transaction. */
  async custodyEvent(
    uow: UnitOfWork,
    who: Who,
    itemId: string,
    input: Omit<CustodyInput, 'at' | 'actorId' | 'actorAgencyId'>,
  ) {
    await this.lock(uow.tx, itemId);
    const record = await repo.appendCustody(uow.tx, itemId, {
      ...input,
      at: this.now(),
      actorId: who.actor?.userId ?? null,
      actorAgencyId: who.actor?.agencyId ?? null,
    });
    await this.audit.append(uow, who, {
      action: `evidence.custody.${input.event}`,
      objectType: 'evidence',
      objectId: itemId,
      details: { seq: record.seq, hash: record.hash, ...(input.details ?? {}) },
    });
    return record;
  }

  async loadItems(ids: readonly string[]): Promise<EvidenceItem[]> {
    const rows = await repo.items(this.database.db, ids);
    const files = await repo.files(
      this.database.db,
      rows.map((r) => r.id),
    );
    return rows.map((r) => toItem(r, files));
  }

  /** The item if the actor may read it (gate and labels), otherwise 404 — audited either way. */
  async readable(
    actor: Actor,
    _meta: RequestMeta,
    id: string,
    permission: 'evidence.read' | 'evidence.export' = 'evidence.read',
  ) {
    await this.gate.require(actor, permission, [id]);
    const [item] = await this.loadItems([id]);
    if (!item) throw notFound();
    return item;
  }

  async create(actor: Actor, meta: RequestMeta, input: CreateEvidence) {
    // A seizure that has happened: not in the future (a day-and-month swap typed into the date
    // shows up so), nor before any record this node could hold.
    if (input.seizedAt) {
      const at = Date.parse(input.seizedAt);
      if (at > this.clock.now().getTime() + 5 * 60_000 || at < Date.UTC(1900, 0, 1))
        throw validationFailed([{ path: 'body.seizedAt', message: 'A seizure date that has passed.' }]);
    }
    await requireReadableLinks(
      { gate: this.gate, requests: this.requests, db: this.database.db },
      actor,
      input,
    );
    const now = this.now();
    const labels = labelsFrom(input.labels, actor.agencyId);
    // The recipients named in the labels may read the item: only agencies of its world.
    await this.refuseOtherWorld(actor.exercise, labels.recipients, 'body.labels.recipients');
    const row: ItemRow = {
      id: newId(),
      agency_id: actor.agencyId,
      exhibit_number: input.exhibitNumber,
      description: input.description,
      source: input.source,
      seized_at: input.seizedAt ?? null,
      seized_place: input.seizedPlace ?? null,
      seized_by: input.seizedBy ?? null,
      legal_basis: input.legalBasis ?? null,
      request_id: input.requestId ?? null,
      case_id: input.caseId ?? null,
      task_ids: JSON.stringify(input.taskIds ?? []),
      labels: JSON.stringify(labels),
      wrapped_key: this.wrapKey(),
      status: 'open',
      exercise: toBool(actor.exercise),
      created_by: actor.userId,
      created_at: now,
      updated_at: now,
    };
    await inTransaction(this.database, async (uow) => {
      const taken = await uow.tx
        .selectFrom('evidence_item')
        .select('id')
        .where('agency_id', '=', actor.agencyId)
        .where('exhibit_number', '=', input.exhibitNumber)
        .executeTakeFirst();
      const exhibitTaken = () => conflict(`Your agency already has exhibit ${input.exhibitNumber}.`);
      if (taken) throw exhibitTaken();
      await insertUnlessTaken(uow.tx.insertInto('evidence_item').values(row).execute(), exhibitTaken);
      await this.custodyEvent(uow, { actor, meta }, row.id, {
        event: 'created',
        place: input.seizedPlace ?? null,
        details: { exhibitNumber: row.exhibit_number, labels },
      });
      await this.events.emit(
        uow,
        'evidence.created',
        { itemId: row.id },
        [actor.agencyId, ...labels.recipients],
        actor.userId,
      );
    });
    return toItem(row, []);
  }

  /**
   * Refuses (422 naming `path`) when an agency of this node among `agencyIds` is not of the data's
   * world (access/exercise-world.ts). Agencies this node does not host have no officers here.
   */
  private async refuseOtherWorld(
    exercise: boolean,
    agencyIds: readonly string[],
    path: string,
    db: Queryable = this.database.db,
  ): Promise<void> {
    if (agencyIds.length === 0) return;
    const agencies = await db
      .selectFrom('agency')
      .select('exercise')
      .where('id', 'in', [...agencyIds])
      .execute();
    for (const a of agencies) {
      const mixes = worldRefusal({ exercise }, { exercise: fromBool(a.exercise) });
      if (mixes) throw validationFailed([{ path, message: mixes }]);
    }
  }

  async list(actor: Actor, meta: RequestMeta, limit = 500) {
    const candidates = await repo.itemIdsVisibleTo(this.database.db, actor.agencyId, limit);
    const allowed = await this.gate.filter(actor, 'evidence.read', candidates);
    const items = await this.loadItems([...allowed]);
    await this.audit.record(
      { actor, meta },
      { action: 'evidence.list', objectType: 'evidence', details: { count: items.length } },
    );
    return items.sort((a, b) => (a.id < b.id ? 1 : -1));
  }

  async get(actor: Actor, meta: RequestMeta, id: string) {
    const item = await this.readable(actor, meta, id);
    await inTransaction(this.database, (uow) =>
      this.custodyEvent(uow, { actor, meta }, id, { event: 'viewed', reason: meta.purpose }),
    );
    return item;
  }

  async custody(actor: Actor, meta: RequestMeta, id: string) {
    const item = await this.readable(actor, meta, id);
    const records = await repo.custody(this.database.db, id);
    await this.audit.record(
      { actor, meta },
      { action: 'evidence.custody.read', objectType: 'evidence', objectId: id },
    );
    return { items: records, intact: verifyCustodyChain(records).length === 0, labels: item.labels };
  }

  /**
   * Stores one file of an item: streams it through the blob store (hash checked against the
   * uploader's, encrypted under the item's key), then makes it visible together with its custody
   * records in one transaction. A wrong hash, an empty or oversized file leaves nothing visible.
   */
  async addFile(
    who: { actor: Actor; meta: RequestMeta },
    itemId: string,
    file: { name: string; sha256: string; maxBytes?: number },
    source: Readable | AsyncIterable<Uint8Array>,
    /** Runs after the blob is stored and checked, before the file becomes visible (tus: drop the upload). */
    beforeVisible?: () => Promise<void>,
  ) {
    checkFileName(file.name);
    const item = await this.readable(who.actor, who.meta, itemId);
    if (item.agencyId !== who.actor.agencyId)
      throw new AppError('forbidden', 'Only the holding agency adds files.');
    if (item.status === 'sealed') throw conflict('The item is sealed.');
    const [row] = await repo.items(this.database.db, [itemId]);
    let blob: IngestedBlob;
    try {
      blob = await this.blobs.ingest(source, {
        maxBytes: file.maxBytes ?? MAX_FILE_BYTES,
        expectedSha256: file.sha256,
        wrappedKey: row!.wrapped_key,
      });
    } catch (err) {
      await this.audit.record(who, {
        action: 'evidence.upload.rejected',
        outcome: 'failure',
        objectType: 'evidence',
        objectId: itemId,
        details: { reason: isBlobError(err) ? err.code : 'error', name: file.name },
      });
      throw blobProblem(err);
    }
    const fileId = newId();
    try {
      await beforeVisible?.();
      await inTransaction(this.database, async (uow) => {
        // Checked again under the item's lock: a seal or a transfer committed while the file was
        // being stored comes first, and the file is refused (the seal lists the files it sealed).
        await this.requireOpenHeldBy(uow.tx, itemId, who.actor.agencyId);
        await uow.tx
          .insertInto('evidence_file')
          .values({
            id: fileId,
            item_id: itemId,
            blob_id: blob.blobId,
            name: file.name,
            size: blob.size,
            sha256: blob.sha256,
            content_type: blob.contentType,
            created_by: who.actor.userId,
            created_at: this.now(),
          })
          .execute();
        await this.custodyEvent(uow, who, itemId, {
          event: 'uploaded',
          details: { fileId, name: file.name, size: blob.size, contentType: blob.contentType },
        });
        await this.custodyEvent(uow, who, itemId, {
          event: 'hash-verified',
          details: { fileId, sha256: blob.sha256, declared: file.sha256.toLowerCase(), outcome: 'match' },
        });
        await uow.tx
          .updateTable('evidence_item')
          .set({ updated_at: this.now() })
          .where('id', '=', itemId)
          .execute();
      });
    } catch (err) {
      await this.blobs.remove(blob.blobId).catch(() => undefined);
      throw err;
    }
    return (await this.loadItems([itemId]))[0]!;
  }

  async download(
    actor: Actor,
    meta: RequestMeta,
    itemId: string,
    fileId: string,
    range?: { start: number; end?: number } | { suffix: number },
  ) {
    const item = await this.readable(actor, meta, itemId);
    const [row] = await repo.items(this.database.db, [itemId]);
    const file = (await repo.files(this.database.db, [itemId])).find((f) => f.id === fileId);
    if (!file) throw notFound();
    const size = Number(file.size);
    // `bytes=-N`: the last N bytes (RFC 9110 §14.1.2), all of a shorter file.
    const suffix = range && 'suffix' in range ? range.suffix : undefined;
    const end = range && 'end' in range && range.end !== undefined ? Math.min(range.end + 1, size) : size;
    const start =
      suffix !== undefined ? Math.max(0, size - suffix) : range && 'start' in range ? range.start : 0;
    if (start >= size || start >= end || suffix === 0)
      throw new AppError('range-not-satisfiable', undefined, undefined, {
        'content-range': `bytes */${size}`,
      });
    const stream = await this.blobs
      .open(file.blob_id, row!.wrapped_key, range ? { start, end } : undefined)
      .catch((e) => {
        throw blobProblem(e);
      });
    await inTransaction(this.database, (uow) =>
      this.custodyEvent(uow, { actor, meta }, itemId, {
        event: 'downloaded',
        reason: meta.purpose,
        details: { fileId, sha256: file.sha256, ...(range ? { range: [start, end] } : {}) },
      }),
    );
    return { item, file, stream, start, end, size };
  }

  /**
   * Records that the holding agency hands the item to another agency on a stated authority; the
   * receipt is signed by the node key. Only the holding agency records a transfer (recipients may
   * see the item, not hand it on). The labels are re-read and the rules re-judged inside the
   * transaction, under the item's lock, and the recipient is added to what is there then: a
   * permission granted or another transfer committed meanwhile is kept, never overwritten.
   */
  async transfer(
    actor: Actor,
    meta: RequestMeta,
    id: string,
    input: { toAgencyId: string; authority: string; reason?: string; place?: string },
  ) {
    const seen = await this.readable(actor, meta, id);
    if (seen.agencyId !== actor.agencyId)
      throw new AppError('forbidden', 'Only the holding agency records a custody transfer.');
    const refused = async (decision: Extract<Decision, { allowed: false }>) => {
      await this.audit.record(
        { actor, meta },
        {
          action: 'evidence.transfer.refused',
          outcome: 'denied',
          objectType: 'evidence',
          objectId: id,
          details: { rule: decision.rule },
        },
      );
      return refusal(decision);
    };
    // To another agency there is: a receipt naming an unknown one, or the holder itself, would put a
    // handover that never happened into the chain of custody.
    if (input.toAgencyId === actor.agencyId)
      throw validationFailed([{ path: 'body.toAgencyId', message: 'Your agency already holds it.' }]);
    const recipient = await this.database.db
      .selectFrom('agency')
      .select('id')
      .where('id', '=', input.toAgencyId)
      .executeTakeFirst();
    if (!recipient) throw validationFailed([{ path: 'body.toAgencyId', message: 'No such agency.' }]);
    const judge = (labels: Labels) =>
      canForward(labels, actor.agencyId, input.toAgencyId, { acknowledgeRestriction: true });
    const early = judge(seen.labels);
    if (!early.allowed) throw await refused(early);
    const outcome = await inTransaction(this.database, async (uow) => {
      await this.lock(uow.tx, id);
      const row = await uow.tx
        .selectFrom('evidence_item')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      if (!row) throw notFound();
      const files = await uow.tx
        .selectFrom('evidence_file')
        .selectAll()
        .where('item_id', '=', id)
        .orderBy('id')
        .execute();
      const item = toItem(row, files);
      if (item.agencyId !== actor.agencyId)
        throw new AppError('forbidden', 'Only the holding agency records a custody transfer.');
      const decision = judge(item.labels);
      if (!decision.allowed) return { ok: false as const, refused: decision };
      await this.refuseOtherWorld(fromBool(row.exercise), [input.toAgencyId], 'body.toAgencyId', uow.tx);
      // Once per handover: a second click, or a retry, while the first awaits its acknowledgement.
      if ((await this.awaitingAcknowledgement(uow.tx, id)).includes(input.toAgencyId))
        throw new AppError(
          'conflict',
          'A custody transfer of this item to that agency already awaits its acknowledgement.',
        );
      const labels: Labels = {
        ...item.labels,
        recipients: [...new Set([...item.labels.recipients, input.toAgencyId])],
      };
      const receiptBody = {
        itemId: id,
        exhibitNumber: item.exhibitNumber,
        from: actor.agencyId,
        to: input.toAgencyId,
        by: actor.userId,
        authority: input.authority,
        at: this.now(),
        files: item.files.map((f) => ({ id: f.id, sha256: f.sha256 })),
      };
      const signed = this.keys.sign(Buffer.from(canonicalJson(receiptBody)));
      const receipt = { ...receiptBody, keyId: signed.keyId, signature: signed.signature };
      await uow.tx
        .updateTable('evidence_item')
        .set({ labels: JSON.stringify(labels), updated_at: this.now() })
        .where('id', '=', id)
        .execute();
      await this.custodyEvent(uow, { actor, meta }, id, {
        event: 'transferred',
        place: input.place ?? null,
        reason: input.reason ?? null,
        details: { receipt },
      });
      await this.events.emit(
        uow,
        'evidence.transferred',
        { itemId: id },
        [actor.agencyId, input.toAgencyId],
        actor.userId,
      );
      return { ok: true as const, receipt };
    });
    if (!outcome.ok) throw await refused(outcome.refused);
    return outcome.receipt;
  }

  /**
   * The receiving agency acknowledges a custody transfer. Only an agency that a transfer named as
   * its recipient, and that has not acknowledged that transfer yet, can: anyone else who may read
   * the item would otherwise write a false link into the chain of custody.
   */
  async receive(actor: Actor, meta: RequestMeta, id: string) {
    await this.readable(actor, meta, id);
    await inTransaction(this.database, async (uow) => {
      await this.lock(uow.tx, id);
      if (!(await this.awaitingAcknowledgement(uow.tx, id)).includes(actor.agencyId))
        throw new AppError('conflict', 'No custody transfer to your agency awaits acknowledgement.');
      await this.custodyEvent(uow, { actor, meta }, id, { event: 'received' });
    });
  }

  /** Agencies a transfer of the item named that have not acknowledged it yet, in chain order. */
  private async awaitingAcknowledgement(tx: Queryable, id: string): Promise<string[]> {
    const chain = await tx
      .selectFrom('evidence_custody')
      .select(['seq', 'event', 'actor_agency_id', 'details'])
      .where('item_id', '=', id)
      .where('event', 'in', ['transferred', 'received'])
      .orderBy('seq')
      .execute();
    const owed: string[] = [];
    for (const r of chain) {
      if (r.event === 'transferred') {
        const to = (JSON.parse(r.details) as { receipt?: { to?: string } }).receipt?.to;
        if (to) owed.push(to);
      } else {
        const i = owed.indexOf(r.actor_agency_id ?? '');
        if (i >= 0) owed.splice(i, 1);
      }
    }
    return owed;
  }

  async seal(actor: Actor, meta: RequestMeta, id: string, reason?: string) {
    const item = await this.readable(actor, meta, id);
    if (item.agencyId !== actor.agencyId) throw new AppError('forbidden', 'Only the holding agency seals.');
    await inTransaction(this.database, async (uow) => {
      await this.requireOpenHeldBy(uow.tx, id, actor.agencyId);
      await uow.tx
        .updateTable('evidence_item')
        .set({ status: 'sealed', updated_at: this.now() })
        .where('id', '=', id)
        .execute();
      // The files as this transaction sees them, the item locked: none is added after the seal.
      const files = await repo.files(uow.tx, [id]);
      await this.custodyEvent(uow, { actor, meta }, id, {
        event: 'sealed',
        reason: reason ?? null,
        details: { files: files.map((f) => f.sha256) },
      });
    });
  }

  /** The item, locked (PostgreSQL), still open and held by the agency; 409 or 403 otherwise. */
  private async requireOpenHeldBy(tx: Queryable, itemId: string, agencyId: string): Promise<void> {
    await this.lock(tx, itemId);
    const now = await tx
      .selectFrom('evidence_item')
      .select(['status', 'agency_id'])
      .where('id', '=', itemId)
      .executeTakeFirst();
    if (now?.status === 'sealed') throw conflict('The item is sealed.');
    if (now?.agency_id !== agencyId)
      throw new AppError('forbidden', 'Only the holding agency changes the item.');
  }
}

export function blobProblem(err: unknown): unknown {
  if (!isBlobError(err)) return err;
  switch (err.code) {
    case 'hash-mismatch':
      return validationFailed(
        [{ path: 'sha256', message: 'The content does not match the declared SHA-256.' }],
        'Hash mismatch: the file was rejected.',
      );
    case 'too-large':
      return new AppError('payload-too-large', 'The file is larger than allowed.');
    case 'empty':
      return validationFailed([{ path: 'file', message: 'Evidence files are never empty.' }]);
    case 'disk-full':
      return new AppError('insufficient-storage', 'The node is out of disk space; nothing was stored.');
    case 'range-not-satisfiable':
      return new AppError('range-not-satisfiable');
    case 'not-found':
      return notFound();
    default:
      return new AppError('internal', `Stored file failed its check (${err.code}).`);
  }
}
