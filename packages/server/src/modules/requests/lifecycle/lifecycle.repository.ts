import type { Queryable } from '../../../platform/db/database.ts';
import { HotInsert, runHot } from '../../../platform/db/hot-query.ts';
import type { Tables } from '../../../platform/db/schema.ts';
import './lifecycle.tables.ts';
import '../tasks/tasks.tables.ts';

export type LifecycleRow = Tables['request_lifecycle'];
export type TransitionRow = Tables['request_transition'];
export type DeliveryRow = Tables['request_delivery'];
export type ReceiptRow = Tables['delivery_receipt'];
export type IncomingRow = Tables['request_incoming'];

// The statements every transition runs, compiled once per engine (see hot-query.ts).
const INSERT_TRANSITION = new HotInsert('request_transition', [
  'id',
  'request_id',
  'version',
  'action',
  'from_state',
  'to_state',
  'side',
  'actor_user_id',
  'actor_agency_id',
  'payload',
  'at',
]);
/** A new transmission to the same agency replaces what it had received. */
const INSERT_INCOMING = new HotInsert(
  'request_incoming',
  ['request_id', 'agency_id', 'version', 'content_hash', 'delivered_at', 'retrieved_at', 'retrieved_by'],
  { columns: ['request_id', 'agency_id'], update: ['version', 'content_hash', 'delivered_at'] },
);
const INSERT_DELIVERY = new HotInsert(
  'request_delivery',
  [
    'id',
    'request_id',
    'type',
    'action',
    'carrier',
    'sender_agency_id',
    'recipient_agency_id',
    'recipient_node',
    'version',
    'content_hash',
    'envelope_id',
    'idempotency_key',
    'created_at',
  ],
  { columns: ['idempotency_key'] },
);
const INSERT_RECEIPTS = new HotInsert('delivery_receipt', ['delivery_id', 'kind', 'at', 'by_user_id'], {
  columns: ['delivery_id', 'kind'],
});

export const lifecycleRepository = {
  byId: async (db: Queryable, requestId: string): Promise<LifecycleRow | undefined> =>
    (
      await runHot<LifecycleRow>(db, 'lifecycle.byId', [requestId], () =>
        db.selectFrom('request_lifecycle').selectAll().where('request_id', '=', requestId),
      )
    ).rows[0],
  byIds: (db: Queryable, ids: readonly string[]) =>
    ids.length
      ? db
          .selectFrom('request_lifecycle')
          .selectAll()
          .where('request_id', 'in', [...ids])
          .execute()
      : Promise.resolve([]),
  /** Creates the lifecycle of a draft that has none yet; a concurrent creator's row wins. */
  insertIfMissing: (db: Queryable, row: LifecycleRow) =>
    db
      .insertInto('request_lifecycle')
      .values(row)
      .onConflict((oc) => oc.column('request_id').doNothing())
      .execute(),
  /** Moves to the next version if still at `from`; false when someone else moved it first. */
  advance: async (db: Queryable, requestId: string, from: number, set: Partial<LifecycleRow>) => {
    const values: Partial<LifecycleRow> = {};
    for (const [k, v] of Object.entries(set))
      if (v !== undefined && k !== 'version') Object.assign(values, { [k]: v });
    const columns = Object.keys(values);
    const r = await runHot(
      db,
      `lifecycle.advance ${columns.join(',')}`,
      [...Object.values(values), from + 1, requestId, from],
      () =>
        db
          .updateTable('request_lifecycle')
          .set({ ...values, version: from + 1 })
          .where('request_id', '=', requestId)
          .where('version', '=', from),
    );
    return Number(r.numAffectedRows) === 1;
  },
  /**
   * Mirrors the state on the request row, only while its content is still at the version the
   * transition read (PostgreSQL: a concurrent save that committed first makes this a no-op → false).
   */
  setRequestStatus: async (
    db: Queryable,
    requestId: string,
    o: { state: LifecycleRow['state']; contentVersion: number; at: string; by: string },
  ) => {
    const r = await runHot(
      db,
      'lifecycle.setRequestStatus',
      [o.state, o.at, o.by, requestId, o.contentVersion],
      () =>
        db
          .updateTable('mla_request')
          .set({ status: o.state, updated_at: o.at, updated_by: o.by })
          .where('id', '=', requestId)
          .where('current_version', '=', o.contentVersion),
    );
    return Number(r.numAffectedRows) === 1;
  },
  /** The partner node hosting the recipient (set when the transmission leaves through federation). */
  setRecipientNode: (db: Queryable, requestId: string, node: string) =>
    db
      .updateTable('request_lifecycle')
      .set({ recipient_node: node })
      .where('request_id', '=', requestId)
      .execute(),
  /** The state mirrored on the request row for a move made on a partner node (no local user). */
  setRequestState: (db: Queryable, requestId: string, state: LifecycleRow['state'], at: string) =>
    db
      .updateTable('mla_request')
      .set({ status: state, updated_at: at })
      .where('id', '=', requestId)
      .execute(),
  insertTransition: (db: Queryable, row: TransitionRow) => INSERT_TRANSITION.run(db, [row]),
  transitions: (db: Queryable, requestId: string) =>
    db
      .selectFrom('request_transition')
      .selectAll()
      .where('request_id', '=', requestId)
      .orderBy('version')
      .execute(),
  /** Whoever created the request or saved a version of it (four eyes). */
  drafters: async (db: Queryable, requestId: string): Promise<string[]> => {
    const rows = await runHot<{ created_by: string }>(db, 'lifecycle.drafters', [requestId], () =>
      db
        .selectFrom('mla_request_version')
        .select('created_by')
        .distinct()
        .where('request_id', '=', requestId),
    );
    return rows.rows.map((r) => r.created_by);
  },
  tasks: async (db: Queryable, requestId: string) =>
    (
      await runHot<{ owner_agency_id: string; status: Tables['execution_task']['status'] }>(
        db,
        'lifecycle.tasks',
        [requestId],
        () =>
          db
            .selectFrom('execution_task')
            .select(['owner_agency_id', 'status'])
            .where('request_id', '=', requestId),
      )
    ).rows,
  openTaskCount: async (db: Queryable, requestId: string): Promise<number> => {
    const r = await db
      .selectFrom('execution_task')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('request_id', '=', requestId)
      .where('status', 'in', ['open', 'in-progress'])
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  },
  /** Agencies with execution tasks on the request. */
  taskAgencies: async (db: Queryable, requestId: string): Promise<string[]> =>
    (
      await db
        .selectFrom('execution_task')
        .select('owner_agency_id')
        .distinct()
        .where('request_id', '=', requestId)
        .execute()
    ).map((r) => r.owner_agency_id),

  insertIncoming: (db: Queryable, row: IncomingRow) => INSERT_INCOMING.run(db, [row]),
  incoming: (db: Queryable, requestId: string, agencyId: string) =>
    db
      .selectFrom('request_incoming')
      .selectAll()
      .where('request_id', '=', requestId)
      .where('agency_id', '=', agencyId)
      .executeTakeFirst(),
  markIncomingRetrieved: (db: Queryable, requestId: string, agencyId: string, at: string, by: string) =>
    db
      .updateTable('request_incoming')
      .set({ retrieved_at: at, retrieved_by: by })
      .where('request_id', '=', requestId)
      .where('agency_id', '=', agencyId)
      .where('retrieved_at', 'is', null)
      .execute(),

  insertDelivery: (db: Queryable, row: DeliveryRow) => INSERT_DELIVERY.run(db, [row]),
  insertReceipts: (db: Queryable, rows: ReceiptRow[]) => INSERT_RECEIPTS.run(db, rows),
  deliveryByEnvelope: (db: Queryable, envelopeId: string) =>
    db.selectFrom('request_delivery').selectAll().where('envelope_id', '=', envelopeId).executeTakeFirst(),
  deliveries: (db: Queryable, requestId: string) =>
    db
      .selectFrom('request_delivery')
      .selectAll()
      .where('request_id', '=', requestId)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
  /** Receipts in time order; at the same instant, in the e-CODEX order. */
  receipts: async (db: Queryable, deliveryIds: readonly string[]) => {
    const rows = deliveryIds.length
      ? await db
          .selectFrom('delivery_receipt')
          .selectAll()
          .where('delivery_id', 'in', [...deliveryIds])
          .execute()
      : [];
    const rank = { submitted: 0, delivered: 1, retrieved: 2 };
    return rows.sort((a, b) => (a.at === b.at ? rank[a.kind] - rank[b.kind] : a.at < b.at ? -1 : 1));
  },
  /** Deliveries addressed to an agency that nobody there has opened yet. */
  unretrievedFor: async (db: Queryable, requestId: string, agencyId: string): Promise<string[]> =>
    (
      await db
        .selectFrom('request_delivery as d')
        .select('d.id')
        .where('d.request_id', '=', requestId)
        .where('d.recipient_agency_id', '=', agencyId)
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('delivery_receipt as r')
                .select('r.delivery_id')
                .whereRef('r.delivery_id', '=', 'd.id')
                .where('r.kind', '=', 'retrieved'),
            ),
          ),
        )
        .execute()
    ).map((r) => r.id),
};
