import type { Queryable } from '../../platform/db/database.ts';
import { fromBool, type Tables } from '../../platform/db/schema.ts';

export type CaseRow = Tables['case_file'];

export const toCase = (r: CaseRow) => ({
  id: r.id,
  reference: r.reference,
  title: r.title,
  agencyId: r.agency_id,
  classification: r.classification,
  status: r.status,
  exercise: fromBool(r.exercise),
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export const casesRepository = {
  byId: (db: Queryable, id: string) =>
    db.selectFrom('case_file').selectAll().where('id', '=', id).executeTakeFirst(),
  byIds: (db: Queryable, ids: readonly string[]) =>
    db
      .selectFrom('case_file')
      .selectAll()
      .where('id', 'in', [...ids])
      .orderBy('id', 'desc')
      .execute(),
  /** Ids of the given cases held by one agency at or below a classification. */
  readableIds: async (db: Queryable, ids: readonly string[], agencyId: string, clearance: number) =>
    (
      await db
        .selectFrom('case_file')
        .select('id')
        .where('id', 'in', [...ids])
        .where('agency_id', '=', agencyId)
        .where('classification', '<=', clearance)
        .execute()
    ).map((r) => r.id),
  /** Candidate ids for a list: the agency's cases the clearance allows (the gate re-checks). */
  idsForAgency: async (db: Queryable, agencyId: string, clearance: number, limit: number) =>
    (
      await db
        .selectFrom('case_file')
        .select('id')
        .where('agency_id', '=', agencyId)
        .where('classification', '<=', clearance)
        .orderBy('id', 'desc')
        .limit(limit)
        .execute()
    ).map((r) => r.id),
  referenceTaken: async (db: Queryable, agencyId: string, reference: string) =>
    Boolean(
      await db
        .selectFrom('case_file')
        .select('id')
        .where('agency_id', '=', agencyId)
        .where('reference', '=', reference)
        .executeTakeFirst(),
    ),
  insert: (db: Queryable, row: CaseRow) => db.insertInto('case_file').values(row).execute(),
};
