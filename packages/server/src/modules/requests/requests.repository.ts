import type { RequestDraft } from '@comity/contracts';
import type { ExpressionBuilder } from 'kysely';
import type { Queryable } from '../../platform/db/database.ts';
import { runHot } from '../../platform/db/hot-query.ts';
import { fromBool, type Tables } from '../../platform/db/schema.ts';
import './requests.tables.ts';
import './lifecycle/lifecycle.tables.ts';
import './tasks/tasks.tables.ts';

export type RequestRow = Tables['mla_request'];

/**
 * The request is addressed to the agency in some role other than drafter: received by it (incoming
 * view), awaiting or past its validation, or with execution tasks for it.
 */
function partyOtherThanDrafter(eb: ExpressionBuilder<Tables, 'mla_request'>, agencyId: string) {
  return eb.or([
    eb.exists(
      eb
        .selectFrom('request_incoming as i')
        .select('i.request_id')
        .whereRef('i.request_id', '=', 'mla_request.id')
        .where('i.agency_id', '=', agencyId),
    ),
    eb.exists(
      eb
        .selectFrom('request_lifecycle as l')
        .select('l.request_id')
        .whereRef('l.request_id', '=', 'mla_request.id')
        .where('l.validator_agency_id', '=', agencyId)
        .where('l.state', '!=', 'draft'),
    ),
    eb.exists(
      eb
        .selectFrom('execution_task as t')
        .select('t.request_id')
        .whereRef('t.request_id', '=', 'mla_request.id')
        .where('t.owner_agency_id', '=', agencyId),
    ),
  ]);
}
export type RequestVersionRow = Tables['mla_request_version'];

export const toRequestSummary = (r: RequestRow) => ({
  id: r.id,
  version: r.current_version,
  status: r.status,
  kind: r.kind as RequestDraft['kind'],
  title: r.title,
  instrumentId: r.instrument_id as NonNullable<RequestDraft['instrumentId']> | null,
  requestingState: r.requesting_state,
  requestedState: r.requested_state,
  reference: r.reference,
  urgent: fromBool(r.urgent),
  classification: r.classification,
  caseId: r.case_id,
  agencyId: r.agency_id,
  createdBy: r.created_by,
  updatedBy: r.updated_by,
  personCount: r.person_count,
  exercise: fromBool(r.exercise),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
export type RequestSummary = ReturnType<typeof toRequestSummary>;

/** The columns of the request row that mirror its current draft. */
export type DraftColumns = Pick<
  RequestRow,
  | 'kind'
  | 'title'
  | 'instrument_id'
  | 'requesting_state'
  | 'requested_state'
  | 'reference'
  | 'urgent'
  | 'classification'
  | 'case_id'
  | 'person_count'
>;

export const requestsRepository = {
  byId: (db: Queryable, id: string) =>
    db.selectFrom('mla_request').selectAll().where('id', '=', id).executeTakeFirst(),
  byIds: (db: Queryable, ids: readonly string[]) =>
    db
      .selectFrom('mla_request')
      .selectAll()
      .where('id', 'in', [...ids])
      .orderBy('id', 'desc')
      .execute(),
  /**
   * Ids of the given requests an agency is party to, at or below a classification: drafted by it,
   * received by it (incoming view), awaiting or past its validation, or with execution tasks for it.
   */
  readableIds: async (db: Queryable, ids: readonly string[], agencyId: string, clearance: number) => {
    const q = () =>
      db
        .selectFrom('mla_request')
        .select('id')
        .where('id', 'in', [...ids])
        .where('classification', '<=', clearance)
        .where((eb) => eb.or([eb('agency_id', '=', agencyId), partyOtherThanDrafter(eb, agencyId)]));
    // One request (every read and transition of it passes here) is the hot case.
    const rows =
      ids.length === 1
        ? (
            await runHot<{ id: string }>(
              db,
              'requests.readableIds 1',
              [ids[0], clearance, agencyId, agencyId, agencyId, 'draft', agencyId],
              q,
            )
          ).rows
        : await q().execute();
    return rows.map((r) => r.id);
  },
  /**
   * Candidate ids for a list, newest first (the gate re-checks them): requests my agency drafted
   * (`outgoing`), requests it is another party to (`incoming`: received, to validate, to execute),
   * or both; at or below my clearance.
   */
  visibleIds: async (
    db: Queryable,
    o: {
      agencyId: string;
      clearance: number;
      direction: 'all' | 'outgoing' | 'incoming';
      createdBy?: string | undefined;
      limit: number;
    },
  ) => {
    let q = db
      .selectFrom('mla_request')
      .select('id')
      .where('classification', '<=', o.clearance)
      .where((eb) =>
        o.direction === 'outgoing'
          ? eb('agency_id', '=', o.agencyId)
          : o.direction === 'incoming'
            ? eb.and([eb('agency_id', '!=', o.agencyId), partyOtherThanDrafter(eb, o.agencyId)])
            : eb.or([eb('agency_id', '=', o.agencyId), partyOtherThanDrafter(eb, o.agencyId)]),
      );
    if (o.createdBy) q = q.where('created_by', '=', o.createdBy);
    return (await q.orderBy('id', 'desc').limit(o.limit).execute()).map((r) => r.id);
  },
  /**
   * The one version another party to the request may read: what was sent (recipient and executing
   * agencies) or what was approved (the validator). Undefined for the drafting agency (any version).
   */
  versionSeenBy: async (db: Queryable, id: string, agencyId: string): Promise<number | undefined> => {
    const row = await db
      .selectFrom('mla_request as r')
      .leftJoin('request_lifecycle as l', 'l.request_id', 'r.id')
      .leftJoin('request_incoming as i', (j) =>
        j.onRef('i.request_id', '=', 'r.id').on('i.agency_id', '=', agencyId),
      )
      .select(['r.agency_id', 'i.version as received', 'l.transmitted_version', 'l.approved_version'])
      .where('r.id', '=', id)
      .executeTakeFirst();
    if (!row || row.agency_id === agencyId) return undefined;
    return row.received ?? row.transmitted_version ?? row.approved_version ?? 0;
  },
  /** As readableIds, and still a draft (only drafts are edited here). */
  editableIds: async (db: Queryable, ids: readonly string[], agencyId: string, clearance: number) =>
    (
      await db
        .selectFrom('mla_request')
        .select('id')
        .where('id', 'in', [...ids])
        .where('agency_id', '=', agencyId)
        .where('classification', '<=', clearance)
        .where('status', '=', 'draft')
        .execute()
    ).map((r) => r.id),
  insert: (db: Queryable, row: RequestRow) => db.insertInto('mla_request').values(row).execute(),
  /** Moves the request to the next version if it is still at `from`; false when someone saved first. */
  advance: async (
    db: Queryable,
    id: string,
    from: number,
    set: DraftColumns & { updated_by: string; updated_at: string },
  ) => {
    const r = await db
      .updateTable('mla_request')
      .set({ ...set, current_version: from + 1 })
      .where('id', '=', id)
      .where('current_version', '=', from)
      .where('status', '=', 'draft')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
  insertVersion: (db: Queryable, row: RequestVersionRow) =>
    db.insertInto('mla_request_version').values(row).execute(),
  version: (db: Queryable, id: string, version: number) =>
    db
      .selectFrom('mla_request_version')
      .selectAll()
      .where('request_id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst(),
  versions: (db: Queryable, id: string) =>
    db
      .selectFrom('mla_request_version')
      .select(['version', 'content_hash', 'created_at', 'created_by'])
      .where('request_id', '=', id)
      .orderBy('version', 'desc')
      .execute(),
};
