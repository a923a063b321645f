import { type Selectable, sql } from 'kysely';
import type { Queryable } from '../../../platform/db/database.ts';
import { HotInsert, runHot } from '../../../platform/db/hot-query.ts';
import type { Tables } from '../../../platform/db/schema.ts';
import type { RequestRow } from '../requests.repository.ts';
import './lifecycle.tables.ts';
import '../tasks/tasks.tables.ts';

export type LifecycleRow = Tables['request_lifecycle'];
export type TransitionRow = Tables['request_transition'];
export type DeliveryRow = Tables['request_delivery'];
export type ReceiptRow = Tables['delivery_receipt'];
export type IncomingRow = Tables['request_incoming'];
type TaskStatus = Tables['execution_task']['status'];

/** Every column of request_lifecycle (the compiler checks that none is missing). */
const LIFECYCLE_COLUMNS = [
  'request_id',
  'state',
  'version',
  'requesting_agency_id',
  'recipient_agency_id',
  'recipient_node',
  'validator_agency_id',
  'validation_required',
  'parent_request_id',
  'submitted_by',
  'submitted_at',
  'approved_by',
  'approved_at',
  'approved_version',
  'approved_hash',
  'validated_by',
  'validated_at',
  'transmitted_by',
  'transmitted_at',
  'transmitted_version',
  'transmitted_hash',
  'resume_state',
  'information_questions',
  'information_requested_at',
  'postponed_until',
  'postpone_reason',
  'refusal',
  'returned_by',
  'returned_at',
  'return_comments',
  'consent',
  'arrested_at',
  'production_requested_at',
  'closed_at',
  'created_at',
  'updated_at',
  'updated_by',
] as const satisfies readonly (keyof LifecycleRow)[];
const allLifecycleColumns: Exclude<keyof LifecycleRow, (typeof LIFECYCLE_COLUMNS)[number]> extends never
  ? true
  : never = true;
/** Every column of mla_request (checked the same way). */
const REQUEST_COLUMNS = [
  'id',
  'agency_id',
  'case_id',
  'status',
  'kind',
  'title',
  'instrument_id',
  'requesting_state',
  'requested_state',
  'reference',
  'urgent',
  'classification',
  'person_count',
  'current_version',
  'exercise',
  'created_by',
  'updated_by',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof RequestRow)[];
const allRequestColumns: Exclude<keyof RequestRow, (typeof REQUEST_COLUMNS)[number]> extends never
  ? true
  : never = true;
void allLifecycleColumns;
void allRequestColumns;
/** The lifecycle's columns beside the request's in one row: `life_<column>`. */
const LIFE_ALIAS = LIFECYCLE_COLUMNS.map((c) => [c, `life_${c}`] as const);

/** A request, its current version and its lifecycle, as a transition or a view reads them. */
export interface RequestWithLifecycle {
  request: RequestRow;
  content: string;
  contentHash: string;
  /** Undefined for a draft that never moved (no lifecycle row yet). */
  life: LifecycleRow | undefined;
}

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
  /**
   * The request, the content of its current version and its lifecycle in one statement (a
   * transition reads them in its transaction, a view outside of one).
   */
  withLifecycle: async (db: Queryable, requestId: string): Promise<RequestWithLifecycle | undefined> => {
    const query = () =>
      db
        .selectFrom('mla_request as r')
        .innerJoin('mla_request_version as v', (j) =>
          j.onRef('v.request_id', '=', 'r.id').onRef('v.version', '=', 'r.current_version'),
        )
        .leftJoin('request_lifecycle as l', 'l.request_id', 'r.id')
        .select(REQUEST_COLUMNS.map((c) => sql.ref(`r.${c}`).as(c)))
        .select(['v.content as content', 'v.content_hash as content_hash'])
        .select(LIFE_ALIAS.map(([c, alias]) => sql.ref(`l.${c}`).as(alias)))
        .where('r.id', '=', requestId);
    const row = (await runHot<Record<string, unknown>>(db, 'lifecycle.withLifecycle', [requestId], query))
      .rows[0];
    if (!row) return undefined;
    const life: Record<string, unknown> = {};
    for (const [c, alias] of LIFE_ALIAS) life[c] = row[alias];
    const request: Record<string, unknown> = {};
    for (const c of REQUEST_COLUMNS) request[c] = row[c];
    return {
      request: request as unknown as RequestRow,
      content: row.content as string,
      contentHash: row.content_hash as string,
      life: life.request_id == null ? undefined : (life as unknown as LifecycleRow),
    };
  },
  /**
   * Who drafted the request (whoever created it or saved a version of it: four eyes) and its
   * execution tasks, in one statement. Drafters are told apart here: a DISTINCT costs SQLite a
   * temporary index, several times the lookup of a request's few versions.
   */
  draftersAndTasks: async (db: Queryable, requestId: string) => {
    const rows = (
      await runHot<{ drafter: string | null; agency: string | null; status: TaskStatus | null }>(
        db,
        'lifecycle.draftersAndTasks',
        [requestId, requestId],
        () =>
          db
            .selectFrom('mla_request_version')
            .select((eb) => [
              eb.ref('created_by').$castTo<string | null>().as('drafter'),
              sql<string | null>`null`.as('agency'),
              sql<TaskStatus | null>`null`.as('status'),
            ])
            .where('request_id', '=', requestId)
            .unionAll(
              db
                .selectFrom('execution_task')
                .select((eb) => [
                  sql<string | null>`null`.as('drafter'),
                  eb.ref('owner_agency_id').$castTo<string | null>().as('agency'),
                  eb.ref('status').$castTo<TaskStatus | null>().as('status'),
                ])
                .where('request_id', '=', requestId),
            ),
      )
    ).rows;
    const drafters = new Set<string>();
    const tasks: { owner_agency_id: string; status: TaskStatus }[] = [];
    for (const r of rows)
      if (r.drafter !== null) drafters.add(r.drafter);
      else tasks.push({ owner_agency_id: r.agency!, status: r.status! });
    return { drafters: [...drafters], tasks };
  },
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
  /** Looked up for every receipt a partner sends (most are not for a request): compiled once per engine. */
  deliveryByEnvelope: async (db: Queryable, envelopeId: string) =>
    (
      await runHot<Selectable<DeliveryRow>>(db, 'lifecycle.deliveryByEnvelope', [envelopeId], () =>
        db.selectFrom('request_delivery').selectAll().where('envelope_id', '=', envelopeId),
      )
    ).rows[0],
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
