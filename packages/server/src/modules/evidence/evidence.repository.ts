import type { EvidenceItem, Labels } from '@comity/contracts';
import type { Queryable } from '../../platform/db/database.ts';
import type { Tables } from '../../platform/db/schema.ts';
import { newId } from '../../platform/ids.ts';
import { type CustodyEvent, type CustodyRecord, custodyHash, GENESIS_HASH } from './custody-chain.ts';
import './evidence.tables.ts';

export type ItemRow = Tables['evidence_item'];
export type FileRow = Tables['evidence_file'];
type CustodyRow = Tables['evidence_custody'];

export const toFile = (f: FileRow) => ({
  id: f.id,
  name: f.name,
  size: Number(f.size),
  sha256: f.sha256,
  contentType: f.content_type,
  createdBy: f.created_by,
  createdAt: f.created_at,
});

export function toItem(r: ItemRow, files: FileRow[]): EvidenceItem {
  return {
    id: r.id,
    agencyId: r.agency_id,
    exhibitNumber: r.exhibit_number,
    description: r.description,
    source: r.source,
    seizedAt: r.seized_at,
    seizedPlace: r.seized_place,
    seizedBy: r.seized_by,
    legalBasis: r.legal_basis,
    requestId: r.request_id,
    caseId: r.case_id,
    taskIds: JSON.parse(r.task_ids) as string[],
    labels: JSON.parse(r.labels) as Labels,
    status: r.status,
    files: files.filter((f) => f.item_id === r.id).map(toFile),
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export const toCustody = (r: CustodyRow): CustodyRecord => ({
  id: r.id,
  itemId: r.item_id,
  seq: r.seq,
  event: r.event as CustodyEvent,
  actorId: r.actor_id,
  actorAgencyId: r.actor_agency_id,
  at: r.at,
  place: r.place,
  reason: r.reason,
  details: JSON.parse(r.details) as Record<string, unknown>,
  prevHash: r.prev_hash,
  hash: r.hash,
});

export interface CustodyInput {
  event: CustodyEvent;
  actorId: string | null;
  actorAgencyId: string | null;
  at: string;
  place?: string | null;
  reason?: string | null;
  details?: Record<string, unknown>;
}

export const evidenceRepository = {
  async items(db: Queryable, ids: readonly string[]) {
    if (!ids.length) return [];
    return db.selectFrom('evidence_item').selectAll().where('id', 'in', ids).orderBy('id').execute();
  },
  async itemIdsVisibleTo(db: Queryable, agencyId: string, limit: number) {
    // Candidates: held by the agency or naming it in the labels; the gate and labels decide.
    const rows = await db
      .selectFrom('evidence_item')
      .select('id')
      .where((eb) => eb.or([eb('agency_id', '=', agencyId), eb('labels', 'like', `%${agencyId}%`)]))
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  },
  async files(db: Queryable, itemIds: readonly string[]) {
    if (!itemIds.length) return [];
    return db.selectFrom('evidence_file').selectAll().where('item_id', 'in', itemIds).orderBy('id').execute();
  },
  async allFiles(db: Queryable, afterId: string, limit: number) {
    return db
      .selectFrom('evidence_file')
      .selectAll()
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(limit)
      .execute();
  },
  async custody(db: Queryable, itemId: string) {
    const rows = await db
      .selectFrom('evidence_custody')
      .selectAll()
      .where('item_id', '=', itemId)
      .orderBy('seq')
      .execute();
    return rows.map(toCustody);
  },
  /** Appends one record to the item's chain (call inside the write transaction). */
  async appendCustody(db: Queryable, itemId: string, input: CustodyInput): Promise<CustodyRecord> {
    const last = await db
      .selectFrom('evidence_custody')
      .select(['seq', 'hash'])
      .where('item_id', '=', itemId)
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    const base = {
      id: newId(),
      itemId,
      seq: (last?.seq ?? 0) + 1,
      event: input.event,
      actorId: input.actorId,
      actorAgencyId: input.actorAgencyId,
      at: input.at,
      place: input.place ?? null,
      reason: input.reason ?? null,
      details: input.details ?? {},
      prevHash: last?.hash ?? GENESIS_HASH,
    };
    const record = { ...base, hash: custodyHash(base) };
    await db
      .insertInto('evidence_custody')
      .values({
        id: record.id,
        item_id: itemId,
        seq: record.seq,
        event: record.event,
        actor_id: record.actorId,
        actor_agency_id: record.actorAgencyId,
        at: record.at,
        place: record.place,
        reason: record.reason,
        details: JSON.stringify(record.details),
        prev_hash: record.prevHash,
        hash: record.hash,
      })
      .execute();
    return record;
  },
};
