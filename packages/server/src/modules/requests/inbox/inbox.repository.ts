import type { Queryable } from '../../../platform/db/database.ts';
import '../lifecycle/lifecycle.tables.ts';
import '../tasks/tasks.tables.ts';
import './inbox.tables.ts';

export const inboxRepository = {
  /** Requests an agency is party to: drafted, received, to validate, or with tasks for it. */
  candidateIds: async (db: Queryable, agencyId: string, limit: number): Promise<string[]> => {
    const rows = await db
      .selectFrom('mla_request as r')
      .leftJoin('request_lifecycle as l', 'l.request_id', 'r.id')
      .select('r.id')
      .where((eb) =>
        eb.or([
          eb('r.agency_id', '=', agencyId),
          eb('l.recipient_agency_id', '=', agencyId),
          eb('l.validator_agency_id', '=', agencyId),
          eb.exists(
            eb
              .selectFrom('execution_task as t')
              .select('t.id')
              .whereRef('t.request_id', '=', 'r.id')
              .where('t.owner_agency_id', '=', agencyId),
          ),
        ]),
      )
      .orderBy('r.id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  },
  requests: (db: Queryable, ids: readonly string[]) =>
    ids.length
      ? db
          .selectFrom('mla_request')
          .selectAll()
          .where('id', 'in', [...ids])
          .execute()
      : Promise.resolve([]),
  drafters: async (db: Queryable, ids: readonly string[]) => {
    const rows = ids.length
      ? await db
          .selectFrom('mla_request_version')
          .select(['request_id', 'created_by'])
          .distinct()
          .where('request_id', 'in', [...ids])
          .execute()
      : [];
    const out = new Map<string, string[]>();
    for (const r of rows) out.set(r.request_id, [...(out.get(r.request_id) ?? []), r.created_by]);
    return out;
  },
  tasks: (db: Queryable, ids: readonly string[]) =>
    ids.length
      ? db
          .selectFrom('execution_task')
          .select(['id', 'request_id', 'owner_agency_id', 'owner_user_id', 'status', 'due_at', 'title'])
          .where('request_id', 'in', [...ids])
          .execute()
      : Promise.resolve([]),
  views: (db: Queryable, userId: string) =>
    db.selectFrom('inbox_view').selectAll().where('user_id', '=', userId).orderBy('name').execute(),
  /** Saves a view; false when the person already has one of that name (the unique index holds it). */
  insertView: async (
    db: Queryable,
    row: import('../../../platform/db/schema.ts').Tables['inbox_view'],
  ): Promise<boolean> => {
    // DO NOTHING rather than a caught error: on PostgreSQL an error would end the transaction.
    const r = await db
      .insertInto('inbox_view')
      .values(row)
      .onConflict((oc) => oc.columns(['user_id', 'name']).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
  },
  deleteView: async (db: Queryable, userId: string, id: string) =>
    Number(
      (
        await db
          .deleteFrom('inbox_view')
          .where('id', '=', id)
          .where('user_id', '=', userId)
          .executeTakeFirst()
      ).numDeletedRows,
    ),
};
