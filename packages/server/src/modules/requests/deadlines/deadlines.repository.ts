import type { Queryable } from '../../../platform/db/database.ts';
import { HotInsert, runHot } from '../../../platform/db/hot-query.ts';
import type { Tables } from '../../../platform/db/schema.ts';
import './deadlines.tables.ts';

export type DeadlineRow = Tables['request_deadline'];
/** What a request's view shows of its next deadline. */
export type NextClock = Pick<DeadlineRow, 'id' | 'action' | 'due_at' | 'citation' | 'verified'>;

const LIVE = ['running', 'paused'] as const;

const INSERT = new HotInsert('request_deadline', [
  'id',
  'request_id',
  'rule_id',
  'instrument_id',
  'basis',
  'owner_side',
  'owner_agency_id',
  'event',
  'action',
  'duration',
  'day_kind',
  'citation',
  'verified',
  'note',
  'ext_duration',
  'ext_condition',
  'ext_citation',
  'ext_verified',
  'ext_applied',
  'ext_reasons',
  'started_at',
  'base_due_at',
  'due_at',
  'paused_ms',
  'paused_at',
  'pause_reason',
  'status',
  'ended_at',
  'ended_reason',
  'created_at',
  'alert_at',
  'alert_kind',
]);

/** A clock's pending alert, as the scan finds it. */
export interface PendingAlert {
  id: string;
  alert_at: string;
  alert_kind: NonNullable<DeadlineRow['alert_kind']>;
}

export const deadlinesRepository = {
  insert: (db: Queryable, rows: DeadlineRow[]) => INSERT.run(db, rows),
  byId: (db: Queryable, id: string) =>
    db.selectFrom('request_deadline').selectAll().where('id', '=', id).executeTakeFirst(),
  forRequest: (db: Queryable, requestId: string) =>
    db
      .selectFrom('request_deadline')
      .selectAll()
      .where('request_id', '=', requestId)
      .orderBy('started_at')
      .orderBy('id')
      .execute(),
  live: (db: Queryable, requestId: string) =>
    db
      .selectFrom('request_deadline')
      .selectAll()
      .where('request_id', '=', requestId)
      .where('status', 'in', [...LIVE])
      .execute(),
  update: (db: Queryable, id: string, set: Partial<DeadlineRow>) =>
    db.updateTable('request_deadline').set(set).where('id', '=', id).execute(),
  /** Ends every live clock of the request whose action is in the list (or all, when no list). */
  end: (
    db: Queryable,
    requestId: string,
    o: { status: 'met' | 'stopped'; at: string; reason: string; actions?: readonly string[] },
  ) => {
    let q = db
      .updateTable('request_deadline')
      .set({ status: o.status, ended_at: o.at, ended_reason: o.reason, alert_at: null, alert_kind: null })
      .where('request_id', '=', requestId)
      .where('status', 'in', [...LIVE]);
    if (o.actions) q = q.where('action', 'in', o.actions.length ? [...o.actions] : ['']);
    return q.execute();
  },
  /** Live clocks of many requests, for lists (next due, overdue). */
  /** Which of these requests have clocks at all (in any state). */
  withClocks: async (db: Queryable, requestIds: readonly string[]): Promise<Set<string>> => {
    if (requestIds.length === 0) return new Set();
    const rows = await db
      .selectFrom('request_deadline')
      .select('request_id')
      .distinct()
      .where('request_id', 'in', [...requestIds])
      .execute();
    return new Set(rows.map((r) => r.request_id));
  },
  liveFor: async (db: Queryable, requestIds: readonly string[]): Promise<DeadlineRow[]> => {
    if (requestIds.length === 0) return [];
    const q = () =>
      db
        .selectFrom('request_deadline')
        .selectAll()
        .where('request_id', 'in', [...requestIds])
        .where('status', 'in', [...LIVE])
        // Two clocks due at the same moment: the same one first on both engines (as nextRunning).
        .orderBy('due_at')
        .orderBy('id');
    // One request (a request's view) is the hot case; lists vary in length.
    return requestIds.length === 1
      ? (await runHot<DeadlineRow>(db, 'deadlines.liveFor 1', [requestIds[0], ...LIVE], q)).rows
      : q().execute();
  },
  /**
   * The request's running clock due first: what a request's view shows as its next deadline. A
   * request has a few clocks: the earliest is picked here rather than sorted by the database (an
   * ORDER BY costs SQLite a sorter, several times the lookup itself).
   */
  nextRunning: async (db: Queryable, requestId: string): Promise<NextClock | undefined> => {
    const rows = (
      await runHot<NextClock>(db, 'deadlines.running', [requestId, 'running'], () =>
        db
          .selectFrom('request_deadline')
          .select(['id', 'action', 'due_at', 'citation', 'verified'])
          .where('request_id', '=', requestId)
          .where('status', '=', 'running'),
      )
    ).rows;
    let next: NextClock | undefined;
    for (const r of rows)
      if (!next || r.due_at < next.due_at || (r.due_at === next.due_at && r.id < next.id)) next = r;
    return next;
  },
  /** Alerts due by `now`, the earliest first (the partial index of pending alerts). */
  alertsDue: (db: Queryable, now: string, limit: number): Promise<PendingAlert[]> =>
    db
      .selectFrom('request_deadline')
      .select(['id', 'alert_at', 'alert_kind'])
      .where('alert_at', 'is not', null)
      .where('alert_at', '<=', now)
      .orderBy('alert_at')
      .limit(limit)
      .execute() as Promise<PendingAlert[]>,
  /**
   * Moves a clock from the alert it had to the next one, if it still had it: false when another
   * scan delivered it first, or the clock changed since (met, paused, extended).
   */
  advanceAlert: async (
    db: Queryable,
    from: PendingAlert,
    next: Pick<DeadlineRow, 'alert_at' | 'alert_kind'>,
  ): Promise<boolean> => {
    const r = await db
      .updateTable('request_deadline')
      .set(next)
      .where('id', '=', from.id)
      .where('alert_at', '=', from.alert_at)
      .where('alert_kind', '=', from.alert_kind)
      .where('status', '=', 'running')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
  /** Running clocks owned by agencies, due before a time (digest, inbox). */
  runningDueBefore: (db: Queryable, agencyIds: readonly string[], before: string) =>
    agencyIds.length
      ? db
          .selectFrom('request_deadline')
          .selectAll()
          .where('owner_agency_id', 'in', [...agencyIds])
          .where('status', '=', 'running')
          .where('due_at', '<', before)
          .execute()
      : Promise.resolve([]),
};
