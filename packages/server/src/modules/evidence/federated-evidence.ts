/**
 * Evidence that crosses nodes under a request (docs/federation.md §9a, §14a).
 *
 * Executing node: the officer names evidence items; `prepareOffer` checks them (gate, holding
 * agency, the dissemination rules for the requesting agency) and says what the `evidence.offer`
 * carries; `recordOffer` remembers, in the transition's transaction, which file goes to which
 * partner; `blobSource` is what the federation's blob transfer serves from: the decrypted bytes of
 * an offered file, to that partner only, while its labels still allow it, with a custody
 * `transferred` once the last byte has gone out.
 *
 * Requesting node: `receive` pulls an offered file into the encrypted store and makes it an
 * evidence item of the requesting agency, linked to the request, with the labels that came with the
 * offer and a custody chain that starts `received` (from whom, on what authority), then
 * `hash-verified`. Plaintext never touches the disk: the pull is staged in encrypted parts (so an
 * interrupted pull resumes from the last whole part) and then streamed into one blob.
 */
import { once } from 'node:events';
import fs from 'node:fs/promises';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { Labels } from '@comity/contracts';
import type { IngestedBlob } from '../../platform/blobs/blob-store.ts';
import { isBlobError } from '../../platform/blobs/blob-store.ts';
import { toBool } from '../../platform/db/schema.ts';
import { inTransaction, type UnitOfWork } from '../../platform/db/unit-of-work.ts';
import type { DomainEvents } from '../../platform/events/domain-events.ts';
import { AppError, conflict, notFound } from '../../platform/http/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { AccessGate } from '../access/access-gate.ts';
import { type Actor, type RequestMeta, systemMeta } from '../access/actor.ts';
import { canForward } from '../dissemination/handling.ts';
import { refusal } from '../dissemination/refusal.ts';
import type { ItemRow } from './evidence.repository.ts';
import type { EvidenceService } from './evidence.service.ts';
import type { Blobs } from './lazy-blobs.ts';

/** One file of an offer, as it travels in the `evidence.offer` payload. */
export interface OfferedFile {
  itemId: string;
  fileId: string;
  sha256: string;
  size: number;
  name: string;
  mediaType: string;
  exhibitNumber: string;
  description: string;
  labels: Labels;
}

/** What the requesting node knows of a file offered to it. */
export interface IncomingEvidence {
  requestId: string;
  /** Reference of the request (shown in the custody record's authority). */
  reference?: string | null | undefined;
  /** The agency of this node that made the request: it holds the item. */
  holderAgencyId: string;
  /** The request was drafted in an exercise: what it brings back is exercise data too. */
  exercise: boolean;
  fromNode: string;
  fromAgencyId: string;
  fromAgencyName?: string | null | undefined;
  envelopeId: string;
  sha256: string;
  size: number;
  name?: string | null | undefined;
  mediaType?: string | null | undefined;
  exhibitNumber?: string | null | undefined;
  description?: string | null | undefined;
  /** Labels the offer carried (validated here; the envelope's TLP when they are missing). */
  labels?: unknown;
  fallbackTlp?: string | undefined;
}

/** A sink as the federation's blob transfer writes to (structurally its BlobSink). */
export interface PullSink {
  length(): Promise<number>;
  append(chunk: Uint8Array): Promise<void>;
  readAll(): AsyncIterable<Uint8Array>;
}

/** Staged parts are this large: an interrupted pull loses at most one part. */
const PART_BYTES = 16 * 1024 * 1024;

const isIntegrityError = (e: unknown) => (e as Error | undefined)?.name === 'BlobIntegrityError';

export class FederatedEvidence {
  /** Size of the staged parts of a pull (tests use small ones to exercise resumption). */
  partBytes = PART_BYTES;

  constructor(
    private readonly ev: EvidenceService,
    private readonly gate: AccessGate,
    private readonly events: DomainEvents,
    private readonly wrapKey: () => string,
    private readonly stagingDir: string,
  ) {}

  // ── Executing node ────────────────────────────────────────────────────────────────────────────

  /**
   * Checks the items an officer returns to `toAgencyId` and lists their files. Outside any
   * transaction (the gate reads the database). Unknown or unreadable items are `not-found`; labels
   * that forbid the hand-over are refused with the dissemination rule (and audited).
   */
  async prepareOffer(
    actor: Actor,
    meta: RequestMeta,
    itemIds: readonly string[],
    toAgencyId: string,
  ): Promise<OfferedFile[]> {
    const ids = [...new Set(itemIds)];
    if (!ids.length) return [];
    await this.gate.require(actor, 'evidence.transfer', ids);
    const items = await this.ev.loadItems(ids);
    if (items.length !== ids.length) throw notFound();
    const out: OfferedFile[] = [];
    for (const item of items) {
      if (item.agencyId !== actor.agencyId)
        throw new AppError('forbidden', 'Only the holding agency returns its evidence.');
      if (!item.files.length) throw conflict(`Exhibit ${item.exhibitNumber} has no file to return.`);
      // The officer chose to return it: an H3 restriction is acknowledged and travels in the labels.
      const decision = canForward(item.labels, actor.agencyId, toAgencyId, { acknowledgeRestriction: true });
      if (!decision.allowed) {
        await this.ev.audit.record(
          { actor, meta },
          {
            action: 'evidence.offer.refused',
            outcome: 'denied',
            objectType: 'evidence',
            objectId: item.id,
            details: { rule: decision.rule, toAgencyId },
          },
        );
        throw refusal(decision);
      }
      for (const f of item.files)
        out.push({
          itemId: item.id,
          fileId: f.id,
          sha256: f.sha256,
          size: f.size,
          name: f.name,
          mediaType: f.contentType,
          exhibitNumber: item.exhibitNumber,
          description: item.description,
          labels: item.labels,
        });
    }
    // One file per hash: the partner pulls by SHA-256.
    return [...new Map(out.map((f) => [f.sha256, f])).values()];
  }

  /** In the transition's transaction: these files may now be served to `partnerNode`. */
  async recordOffer(
    uow: UnitOfWork,
    who: { actor: Actor | null; meta: RequestMeta },
    files: readonly OfferedFile[],
    to: { requestId: string; partnerNode: string; partnerAgencyId: string; envelopeId: string },
  ): Promise<void> {
    const at = this.ev.now();
    for (const f of files) {
      await uow.tx
        .insertInto('evidence_remote')
        .values({
          id: newId(),
          direction: 'out',
          item_id: f.itemId,
          file_id: f.fileId,
          request_id: to.requestId,
          partner_node: to.partnerNode,
          partner_agency_id: to.partnerAgencyId,
          sha256: f.sha256,
          size: f.size,
          envelope_id: to.envelopeId,
          at,
          transferred_at: null,
        })
        .onConflict((oc) => oc.columns(['direction', 'request_id', 'partner_node', 'sha256']).doNothing())
        .execute();
      await this.ev.audit.append(uow, who, {
        action: 'evidence.offered',
        objectType: 'evidence',
        objectId: f.itemId,
        details: {
          fileId: f.fileId,
          sha256: f.sha256,
          requestId: to.requestId,
          partner: to.partnerNode,
          toAgencyId: to.partnerAgencyId,
          envelopeId: to.envelopeId,
        },
      });
    }
  }

  /** What the federation's blob transfer serves from (node.ts plugs it in). */
  blobSource() {
    return {
      size: async (sha256: string, partnerNode: string) => (await this.servable(sha256, partnerNode))?.size,
      read: (sha256: string, start: number, end: number, partnerNode: string) =>
        this.serve(sha256, start, end, partnerNode),
    };
  }

  /** The offered file for this partner, if its labels still let it go there (checked on every range). */
  private async servable(sha256: string, partnerNode: string) {
    const db = this.ev.database.db;
    const offer = await db
      .selectFrom('evidence_remote')
      .selectAll()
      .where('direction', '=', 'out')
      .where('partner_node', '=', partnerNode)
      .where('sha256', '=', sha256)
      .orderBy('at')
      .executeTakeFirst();
    if (!offer) return undefined;
    const item = await db
      .selectFrom('evidence_item')
      .selectAll()
      .where('id', '=', offer.item_id)
      .executeTakeFirst();
    const file = await db
      .selectFrom('evidence_file')
      .selectAll()
      .where('id', '=', offer.file_id)
      .executeTakeFirst();
    if (!item || !file) return undefined;
    // Labels may have changed since the offer (e.g. re-labelled RED): the dissemination rules decide now.
    const decision = canForward(JSON.parse(item.labels) as Labels, item.agency_id, offer.partner_agency_id, {
      acknowledgeRestriction: true,
    });
    if (!decision.allowed) {
      await this.ev.audit.record(
        { actor: null, meta: systemMeta },
        {
          action: 'evidence.transfer.refused',
          outcome: 'denied',
          objectType: 'evidence',
          objectId: item.id,
          details: { rule: decision.rule, partner: partnerNode, sha256, requestId: offer.request_id },
        },
      );
      return undefined;
    }
    return { offer, item, file, size: Number(file.size) };
  }

  private async *serve(sha256: string, start: number, end: number, partnerNode: string) {
    const s = await this.servable(sha256, partnerNode);
    if (!s) throw notFound();
    // Decrypted and authenticated segment by segment; only the segments covering the range are read.
    const stream = await this.ev.blobs.open(s.file.blob_id, s.item.wrapped_key, { start, end: end + 1 });
    for await (const chunk of stream) yield chunk as Uint8Array;
    // The last byte went out: the hand-over to the partner is the custody `transferred` (once per
    // file and request, however many times a resumed pull asks for the tail).
    if (end + 1 === s.size && !s.offer.transferred_at) await this.transferred(s.offer, s.item);
  }

  private async transferred(
    offer: {
      id: string;
      request_id: string;
      partner_node: string;
      partner_agency_id: string;
      file_id: string;
      sha256: string;
      size: number | string;
      envelope_id: string | null;
    },
    item: ItemRow,
  ) {
    await inTransaction(this.ev.database, async (uow) => {
      const r = await uow.tx
        .updateTable('evidence_remote')
        .set({ transferred_at: this.ev.now() })
        .where('id', '=', offer.id)
        .where('transferred_at', 'is', null)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) return;
      await this.ev.custodyEvent(uow, { actor: null, meta: systemMeta }, item.id, {
        event: 'transferred',
        reason: `Returned under request ${offer.request_id}`,
        details: {
          to: { node: offer.partner_node, agencyId: offer.partner_agency_id },
          from: { agencyId: item.agency_id },
          authority: { requestId: offer.request_id },
          channel: 'federation',
          envelopeId: offer.envelope_id,
          fileId: offer.file_id,
          sha256: offer.sha256,
          size: Number(offer.size),
        },
      });
      await this.events.emit(uow, 'evidence.transferred', { itemId: item.id }, [item.agency_id], null);
    });
  }

  // ── Requesting node ───────────────────────────────────────────────────────────────────────────

  /**
   * Pulls an offered file (through `pull`, which writes to the sink it is given and checks the
   * hash) into the encrypted store and records it as an evidence item of the requesting agency.
   * `alsoInTransaction` runs in the transaction that makes the item visible (the lifecycle marks
   * the offer pulled there). Idempotent per (request, partner, SHA-256): a retried job finds the item.
   */
  async receive(
    input: IncomingEvidence,
    pull: (sink: PullSink) => Promise<unknown>,
    alsoInTransaction?: (uow: UnitOfWork, r: { itemId: string; fileId: string }) => Promise<void>,
  ): Promise<{ itemId: string; fileId: string; duplicate: boolean }> {
    const db = this.ev.database.db;
    const known = await this.alreadyReceived(db, input);
    if (known) return { ...known, duplicate: true };
    if (input.size < 1) throw new AppError('validation-failed', 'Evidence files are never empty.');
    // Both name the staging file: a partner's offer must never make them a path.
    if (!/^[0-9a-f]{64}$/.test(input.sha256) || !/^[A-Za-z0-9_-]{1,100}$/.test(input.requestId))
      throw new AppError('validation-failed', 'The offered SHA-256 or request id is malformed.');
    const stage = await StagedPull.open(
      path.join(this.stagingDir, `${input.requestId}.${input.sha256}.json`),
      this.wrapKey,
      this.ev.blobs,
      input.size,
      this.partBytes,
    );
    try {
      await pull(stage);
    } catch (e) {
      await stage.abortOpenPart();
      // Bytes that do not hash to the offer are discarded; an interrupted pull keeps its whole parts.
      if (isIntegrityError(e)) await stage.discard();
      throw e;
    }
    let blob: IngestedBlob;
    try {
      // One more streamed pass: the parts become one blob under the item's key, hash checked again.
      blob = await this.ev.blobs.ingest(stage.readAll(), {
        maxBytes: input.size,
        expectedSha256: input.sha256,
        wrappedKey: stage.wrappedKey,
      });
    } catch (e) {
      if (isBlobError(e) && e.code === 'hash-mismatch') await stage.discard();
      throw e;
    }
    const labels = await this.labelsOf(input);
    const itemId = newId();
    const fileId = newId();
    try {
      await inTransaction(this.ev.database, async (uow) => {
        const now = this.ev.now();
        const row: ItemRow = {
          id: itemId,
          agency_id: input.holderAgencyId,
          exhibit_number: await this.freeExhibit(uow, input),
          description: (input.description ?? input.name ?? 'Evidence returned by a partner').slice(0, 2000),
          source: `Returned by ${input.fromAgencyName ?? input.fromAgencyId} (node ${input.fromNode}) under request ${input.reference ?? input.requestId}`,
          seized_at: null,
          seized_place: null,
          seized_by: null,
          legal_basis: null,
          request_id: input.requestId,
          case_id: null,
          task_ids: '[]',
          labels: JSON.stringify(labels),
          wrapped_key: stage.wrappedKey,
          status: 'open',
          exercise: toBool(input.exercise),
          // The officer who sent it is on the other node: their agency stands for them here.
          created_by: input.fromAgencyId,
          created_at: now,
          updated_at: now,
        };
        await uow.tx.insertInto('evidence_item').values(row).execute();
        await uow.tx
          .insertInto('evidence_file')
          .values({
            id: fileId,
            item_id: itemId,
            blob_id: blob.blobId,
            name: safeName(input.name, input.sha256),
            size: blob.size,
            sha256: blob.sha256,
            content_type: input.mediaType ?? blob.contentType,
            created_by: input.fromAgencyId,
            created_at: now,
          })
          .execute();
        await uow.tx
          .insertInto('evidence_remote')
          .values({
            id: newId(),
            direction: 'in',
            item_id: itemId,
            file_id: fileId,
            request_id: input.requestId,
            partner_node: input.fromNode,
            partner_agency_id: input.fromAgencyId,
            sha256: input.sha256,
            size: blob.size,
            envelope_id: input.envelopeId,
            at: now,
            transferred_at: now,
          })
          .execute();
        const who = { actor: null, meta: systemMeta };
        await this.ev.custodyEvent(uow, who, itemId, {
          event: 'received',
          reason: `Returned under request ${input.reference ?? input.requestId}`,
          details: {
            from: {
              node: input.fromNode,
              agencyId: input.fromAgencyId,
              agencyName: input.fromAgencyName ?? null,
              exhibitNumber: input.exhibitNumber ?? null,
            },
            to: { agencyId: input.holderAgencyId },
            authority: { requestId: input.requestId, reference: input.reference ?? null },
            channel: 'federation',
            envelopeId: input.envelopeId,
            fileId,
            name: safeName(input.name, input.sha256),
            size: blob.size,
            labels,
          },
        });
        await this.ev.custodyEvent(uow, who, itemId, {
          event: 'hash-verified',
          details: { fileId, sha256: blob.sha256, declared: input.sha256, outcome: 'match' },
        });
        await alsoInTransaction?.(uow, { itemId, fileId });
        await this.events.emit(uow, 'evidence.created', { itemId }, [input.holderAgencyId], null);
      });
    } catch (e) {
      await this.ev.blobs.remove(blob.blobId).catch(() => undefined);
      throw e;
    }
    await stage.discard();
    return { itemId, fileId, duplicate: false };
  }

  private async alreadyReceived(db: typeof this.ev.database.db, input: IncomingEvidence) {
    const row = await db
      .selectFrom('evidence_remote')
      .select(['item_id', 'file_id'])
      .where('direction', '=', 'in')
      .where('request_id', '=', input.requestId)
      .where('partner_node', '=', input.fromNode)
      .where('sha256', '=', input.sha256)
      .executeTakeFirst();
    return row ? { itemId: row.item_id, fileId: row.file_id } : undefined;
  }

  /**
   * The offer's labels, kept as the originator set them (TLP, handling code, use limitations); the
   * requesting agency is added to the recipients, since the hand-over to it was allowed by the
   * sender's dissemination rules. Who on this node reads the item is this node's to decide, not the
   * partner's (agency ids are public): other agencies of this node named as recipients, originator or
   * holders of a permission are left out, the sending agency standing in as originator. Without
   * valid labels: the envelope's TLP, H2.
   */
  private async labelsOf(input: IncomingEvidence): Promise<Labels> {
    const parsed = Labels.safeParse(input.labels);
    const base: Labels = parsed.success
      ? parsed.data
      : Labels.parse({
          tlp: tlpOf(input.fallbackTlp),
          handlingCode: 'H2',
          originatorAgencyId: input.fromAgencyId,
        });
    const named = [
      ...new Set([base.originatorAgencyId, ...base.recipients, ...base.permissions.map((p) => p.agencyId)]),
    ];
    const local = new Set<string>();
    // In slices: a partner's labels may name any number of agencies (bound-parameter limits).
    for (let i = 0; i < named.length; i += 500) {
      const rows = await this.ev.database.db
        .selectFrom('agency')
        .select('id')
        .where('id', 'in', named.slice(i, i + 500))
        .where('id', '!=', input.holderAgencyId)
        .execute();
      for (const a of rows) local.add(a.id);
    }
    return {
      ...base,
      originatorAgencyId: local.has(base.originatorAgencyId) ? input.fromAgencyId : base.originatorAgencyId,
      recipients: [...new Set([...base.recipients.filter((id) => !local.has(id)), input.holderAgencyId])],
      permissions: base.permissions.filter((p) => !local.has(p.agencyId)),
    };
  }

  /** The sender's exhibit number, made unique within the holding agency. */
  private async freeExhibit(uow: UnitOfWork, input: IncomingEvidence): Promise<string> {
    const base = (input.exhibitNumber ?? input.sha256.slice(0, 12)).slice(0, 60);
    for (const candidate of [base, `${base}/${input.sha256.slice(0, 8)}`, `${base}/${newId().slice(-12)}`]) {
      const taken = await uow.tx
        .selectFrom('evidence_item')
        .select('id')
        .where('agency_id', '=', input.holderAgencyId)
        .where('exhibit_number', '=', candidate)
        .executeTakeFirst();
      if (!taken) return candidate;
    }
    throw conflict('No free exhibit number.');
  }
}

const TLPS = new Set(['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED']);
/** An envelope's `TLP:AMBER` as the labels' `AMBER` (unknown: AMBER+STRICT, the safe side). */
function tlpOf(t: string | undefined): Labels['tlp'] {
  const v = (t ?? '').replace(/^TLP:/, '');
  return (TLPS.has(v) ? v : 'AMBER+STRICT') as Labels['tlp'];
}

/** The offered name if it is a plain file name, otherwise one made from the hash. */
function safeName(name: string | null | undefined, sha256: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (name && name.length <= 255 && !/[/\\\u0000-\u001f\u007f]/.test(name) && name !== '.' && name !== '..')
    return name;
  return `${sha256.slice(0, 16)}.bin`;
}

/**
 * A pull staged in encrypted parts (16 MiB by default), each one blob of the store (under the key the item
 * will have), listed in a small manifest (blob ids and sizes, the wrapped key). `length()` is what
 * whole parts hold, so a resumed pull asks from the end of the last whole part.
 */
class StagedPull implements PullSink {
  private part: { input: PassThrough; done: Promise<IngestedBlob>; bytes: number } | undefined;

  private constructor(
    private readonly file: string,
    private readonly manifest: { wrappedKey: string; parts: { blobId: string; size: number }[] },
    private readonly blobs: Blobs,
    private readonly total: number,
    private readonly partBytes: number,
  ) {}

  static async open(file: string, wrapKey: () => string, blobs: Blobs, total: number, partBytes: number) {
    const manifest = await fs
      .readFile(file, 'utf8')
      .then((t) => JSON.parse(t) as { wrappedKey: string; parts: { blobId: string; size: number }[] })
      .catch(() => ({ wrappedKey: wrapKey(), parts: [] }));
    return new StagedPull(file, manifest, blobs, total, partBytes);
  }

  get wrappedKey() {
    return this.manifest.wrappedKey;
  }

  private get committed() {
    return this.manifest.parts.reduce((n, p) => n + p.size, 0);
  }

  async length() {
    return this.committed;
  }

  async append(chunk: Uint8Array) {
    let off = 0;
    while (off < chunk.length) {
      const part = this.part ?? this.startPart();
      const take = Math.min(chunk.length - off, this.partBytes - part.bytes);
      // A copy: the HTTP client may reuse its buffer while the part's ingest still holds this one.
      const piece = Buffer.from(chunk.subarray(off, off + take));
      off += take;
      part.bytes += take;
      if (!part.input.write(piece)) await Promise.race([once(part.input, 'drain'), part.done]);
      if (part.bytes === this.partBytes || this.committed + part.bytes >= this.total) await this.commitPart();
    }
  }

  private startPart() {
    const input = new PassThrough();
    const done = this.blobs.ingest(input, { maxBytes: this.partBytes, wrappedKey: this.manifest.wrappedKey });
    // Observed here so a failure while nobody awaits it is not an unhandled rejection; awaited later.
    done.catch(() => undefined);
    this.part = { input, done, bytes: 0 };
    return this.part;
  }

  private async commitPart() {
    const part = this.part!;
    this.part = undefined;
    part.input.end();
    const blob = await part.done;
    this.manifest.parts.push({ blobId: blob.blobId, size: blob.size });
    await fs.mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const tmp = `${this.file}.tmp`;
    await fs.writeFile(tmp, JSON.stringify(this.manifest), { mode: 0o600 });
    await fs.rename(tmp, this.file);
  }

  /** Drops a part the transfer did not finish (its ingest removes its temp file). */
  async abortOpenPart() {
    const part = this.part;
    this.part = undefined;
    if (!part) return;
    part.input.destroy(new Error('pull interrupted'));
    await part.done.catch(() => undefined);
  }

  async *readAll(): AsyncIterable<Uint8Array> {
    for (const p of this.manifest.parts) {
      const stream = await this.blobs.open(p.blobId, this.manifest.wrappedKey);
      for await (const chunk of stream) yield chunk as Uint8Array;
    }
  }

  async discard() {
    await this.abortOpenPart();
    for (const p of this.manifest.parts) await this.blobs.remove(p.blobId).catch(() => undefined);
    this.manifest.parts = [];
    await fs.rm(this.file, { force: true });
  }
}
