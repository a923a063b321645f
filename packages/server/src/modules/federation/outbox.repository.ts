import { sql } from 'kysely';
import type { Engine, Queryable } from '../../platform/db/database.ts';
import { HotInsert, runHot } from '../../platform/db/hot-query.ts';
import type { Tables } from '../../platform/db/schema.ts';

export type OutboxRow = Tables['federation_outbox'];

/** Every column but the envelope itself (its payload is encrypted and operational). */
const OUTBOX_METADATA = [
  'id',
  'recipient_node',
  'type',
  'conversation_id',
  'sequence',
  'idempotency_key',
  'digest',
  'status',
  'attempts',
  'next_attempt_at',
  'locked_by',
  'locked_until',
  'last_status',
  'last_error',
  'created_at',
  'completed_at',
] as const satisfies readonly (keyof OutboxRow)[];
export type OutboxMetadata = Omit<OutboxRow, 'envelope'>;

const OUTBOX_COLUMNS = ['envelope', ...OUTBOX_METADATA] as const satisfies readonly (keyof OutboxRow)[];
// Every queued envelope runs these (a receipt per processed envelope too): SQL compiled once per engine.
const INSERT = new HotInsert('federation_outbox', OUTBOX_COLUMNS);
/** Rows per multi-row INSERT: one compiled shape (hot-query.ts caches up to 16 rows). */
const INSERT_CHUNK = 16;

export const outboxRepository = {
  byId: (db: Queryable, id: string) =>
    db.selectFrom('federation_outbox').selectAll().where('id', '=', id).executeTakeFirst(),

  byIdempotencyKey: async (db: Queryable, key: string) =>
    (
      await runHot<Pick<OutboxRow, 'id' | 'sequence' | 'recipient_node' | 'type' | 'conversation_id'>>(
        db,
        'outbox.byIdempotencyKey',
        [key],
        () =>
          db
            .selectFrom('federation_outbox')
            .select(['id', 'sequence', 'recipient_node', 'type', 'conversation_id'])
            .where('idempotency_key', '=', key),
      )
    ).rows[0],

  /** Which of `keys` are already queued (one statement for a batch). */
  takenIdempotencyKeys: async (db: Queryable, keys: readonly string[]): Promise<Set<string>> => {
    if (keys.length === 0) return new Set();
    const rows = await db
      .selectFrom('federation_outbox')
      .select('idempotency_key')
      .where('idempotency_key', 'in', [...keys])
      .execute();
    return new Set(rows.map((r) => r.idempotency_key));
  },

  /** The last sequence handed out in a conversation towards one node (0: none yet). No lock taken. */
  lastSequence: async (db: Queryable, recipientNode: string, conversationId: string): Promise<number> => {
    const r = await runHot<{ last_sequence: number }>(
      db,
      'outbox.lastSequence',
      [recipientNode, conversationId],
      () =>
        db
          .selectFrom('federation_out_cursor')
          .select('last_sequence')
          .where('recipient_node', '=', recipientNode)
          .where('conversation_id', '=', conversationId),
    );
    return Number(r.rows[0]?.last_sequence ?? 0);
  },

  /** Next sequence number of a conversation towards one recipient node (1, 2, 3… gap-free). */
  nextSequence: (db: Queryable, recipientNode: string, conversationId: string): Promise<number> =>
    outboxRepository.reserveSequences(db, recipientNode, conversationId, 1),

  /**
   * Takes the next `count` sequence numbers of a conversation at once and returns the last of them
   * (the first is last - count + 1). Inside the transaction that stores the envelopes, so a rollback
   * gives the numbers back: no gaps.
   */
  async reserveSequences(
    db: Queryable,
    recipientNode: string,
    conversationId: string,
    count: number,
  ): Promise<number> {
    const r = await runHot<{ last_sequence: number }>(
      db,
      'outbox.reserveSequences',
      [recipientNode, conversationId, count, count],
      () =>
        db
          .insertInto('federation_out_cursor')
          .values({ recipient_node: recipientNode, conversation_id: conversationId, last_sequence: count })
          .onConflict((oc) =>
            oc
              .columns(['recipient_node', 'conversation_id'])
              .doUpdateSet({ last_sequence: sql`federation_out_cursor.last_sequence + ${count}` }),
          )
          .returning('last_sequence'),
    );
    const row = r.rows[0];
    if (!row) throw new Error('The outbox cursor upsert returned no row');
    return Number(row.last_sequence);
  },

  insert: (db: Queryable, row: OutboxRow) => INSERT.run(db, [row]),

  /** Several envelopes in multi-row INSERTs, in the given order. */
  async insertMany(db: Queryable, rows: readonly OutboxRow[]): Promise<void> {
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) await INSERT.run(db, rows.slice(i, i + INSERT_CHUNK));
  },

  /**
   * Claims up to `limit` due envelopes for one partner with a lease. A worker that dies leaves its
   * lease to expire and the envelopes are sent again (the receiver deduplicates).
   */
  async claim(
    db: Queryable,
    engine: Engine,
    o: { recipientNode: string; workerId: string; now: string; leaseUntil: string; limit: number },
  ): Promise<OutboxRow[]> {
    const lock = engine === 'postgres' ? sql`FOR UPDATE SKIP LOCKED` : sql``;
    // SQLite (no statistics) would pick the due-time index and sort the whole backlog.
    const index = engine === 'sqlite' ? sql`INDEXED BY federation_outbox_claim` : sql``;
    const result = await sql<OutboxRow>`
      UPDATE federation_outbox SET locked_by = ${o.workerId}, locked_until = ${o.leaseUntil}
      WHERE id IN (
        SELECT id FROM federation_outbox ${index}
        WHERE status = 'pending' AND recipient_node = ${o.recipientNode} AND next_attempt_at <= ${o.now}
          AND (locked_until IS NULL OR locked_until < ${o.now})
        ORDER BY id LIMIT ${o.limit} ${lock}
      )
      RETURNING *`.execute(db);
    return result.rows.sort((a, b) => (a.id < b.id ? -1 : 1));
  },

  /**
   * SQLite: up to `limit` due envelopes for one partner that are not in `leased`, read without
   * writing. One process writes a SQLite database and runs its only delivery worker, whose leases
   * are released at every start anyway: it keeps them in memory (`leased`) instead of writing a
   * lease into every claimed row, which rewrote the row's page (it holds the envelope) and cost a
   * commit per claim.
   */
  async due(
    db: Queryable,
    o: { recipientNode: string; now: string; limit: number; leased: readonly string[] },
  ): Promise<OutboxRow[]> {
    // SQLite (no statistics) would pick the due-time index and sort the whole backlog.
    const result = await sql<OutboxRow>`
      SELECT * FROM federation_outbox INDEXED BY federation_outbox_claim
      WHERE status = 'pending' AND recipient_node = ${o.recipientNode} AND next_attempt_at <= ${o.now}
        AND (locked_until IS NULL OR locked_until < ${o.now})
        AND id NOT IN (SELECT value FROM json_each(${JSON.stringify(o.leased)}))
      ORDER BY id LIMIT ${o.limit}`.execute(db);
    return result.rows;
  },

  release: (db: Queryable, id: string, workerId: string) =>
    db
      .updateTable('federation_outbox')
      .set({ locked_by: null, locked_until: null })
      .where('id', '=', id)
      .where('locked_by', '=', workerId)
      .execute(),

  /** Leases of a single-process node are all stale at start (SQLite has one writer process). */
  releaseAll: (db: Queryable) =>
    db
      .updateTable('federation_outbox')
      .set({ locked_by: null, locked_until: null })
      .where('locked_by', 'is not', null)
      .execute(),

  /**
   * The result of one attempt, if the envelope is still leased by `workerId` in the table (null:
   * the worker keeps its leases in memory, see `due`; then the envelope must still be pending).
   */
  async recordAttempt(
    db: Queryable,
    id: string,
    workerId: string | null,
    set: Pick<OutboxRow, 'status' | 'next_attempt_at' | 'last_status' | 'last_error' | 'completed_at'>,
  ): Promise<boolean> {
    // Every delivered envelope runs this: its SQL is compiled once per engine (fixed column order).
    const values = {
      status: set.status,
      next_attempt_at: set.next_attempt_at,
      last_status: set.last_status,
      last_error: set.last_error,
      completed_at: set.completed_at,
    };
    const r = await runHot(
      db,
      `outbox.recordAttempt${workerId === null ? '.memoryLease' : ''}`,
      [...Object.values(values), null, null, id, workerId ?? 'pending'],
      () => {
        const q = db
          .updateTable('federation_outbox')
          .set({ ...values, attempts: sql`attempts + 1`, locked_by: null, locked_until: null })
          .where('id', '=', id);
        return workerId === null ? q.where('status', '=', 'pending') : q.where('locked_by', '=', workerId);
      },
    );
    return Number(r.numAffectedRows ?? 0) > 0;
  },

  /**
   * Records one delivered attempt for several envelopes at once (the envelopes of a batch request
   * share its answer time and mostly its status); returns the ids this worker still held, whose
   * results count (an expired lease may have let another attempt take one).
   */
  async recordDelivered(
    db: Queryable,
    ids: readonly string[],
    workerId: string | null,
    set: { last_status: number; completed_at: string },
  ): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    // As recordAttempt: a null worker keeps its leases in memory, and the envelopes must be pending.
    const r = await runHot<{ id: string }>(
      db,
      `outbox.recordDelivered${workerId === null ? '.memoryLease' : ''} ${ids.length}`,
      ['delivered', set.last_status, null, set.completed_at, null, null, workerId ?? 'pending', ...ids],
      () => {
        const q = db.updateTable('federation_outbox').set({
          status: 'delivered',
          last_status: set.last_status,
          last_error: null,
          completed_at: set.completed_at,
          attempts: sql`attempts + 1`,
          locked_by: null,
          locked_until: null,
        });
        return (workerId === null ? q.where('status', '=', 'pending') : q.where('locked_by', '=', workerId))
          .where('id', 'in', [...ids])
          .returning('id');
      },
    );
    return new Set(r.rows.map((row) => row.id));
  },

  /**
   * Earliest moment after `now` a pending, unleased envelope becomes due (a retry waiting for its
   * backoff), to sleep until then. Envelopes already due are not looked at: the index range starts
   * after them, so a long backlog (or the leased envelopes in flight at its head) is not walked on
   * every pass; what is due now and not claimed waits for a free request, whose end wakes the worker.
   */
  nextDue: async (db: Queryable, now: string): Promise<string | undefined> =>
    (
      await runHot<{ next_attempt_at: string }>(db, 'outbox.nextDue', ['pending', now, 1], () =>
        db
          .selectFrom('federation_outbox')
          .select('next_attempt_at')
          .where('status', '=', 'pending')
          .where('next_attempt_at', '>', now)
          .where('locked_by', 'is', null)
          .orderBy('next_attempt_at')
          .limit(1),
      )
    ).rows[0]?.next_attempt_at,

  counts: (db: Queryable) =>
    db
      .selectFrom('federation_outbox')
      .select(['recipient_node', 'status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy(['recipient_node', 'status'])
      .execute(),

  failed: (db: Queryable, limit: number) =>
    db
      .selectFrom('federation_outbox')
      .selectAll()
      .where('status', '=', 'failed')
      .orderBy('completed_at', 'desc')
      .limit(limit)
      .execute(),

  /**
   * A page of the outbox, newest first (created_at, then id), for the operations API. Metadata
   * only: the signed envelope (with its encrypted payload) is never selected.
   */
  page: (
    db: Queryable,
    f: {
      partner?: string | undefined;
      status?: 'queued' | 'retrying' | 'delivered' | 'failed' | undefined;
      type?: string | undefined;
      before?: { at: string; id: string } | undefined;
      limit: number;
    },
  ) => {
    let q = db.selectFrom('federation_outbox').select(OUTBOX_METADATA);
    if (f.partner) q = q.where('recipient_node', '=', f.partner);
    if (f.type) q = q.where('type', '=', f.type);
    if (f.status === 'queued') q = q.where('status', '=', 'pending').where('attempts', '=', 0);
    else if (f.status === 'retrying') q = q.where('status', '=', 'pending').where('attempts', '>', 0);
    else if (f.status) q = q.where('status', '=', f.status);
    const before = f.before;
    if (before) {
      q = q.where((eb) =>
        eb.or([
          eb('created_at', '<', before.at),
          eb.and([eb('created_at', '=', before.at), eb('id', '<', before.id)]),
        ]),
      );
    }
    return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(f.limit).execute();
  },

  requeue: (db: Queryable, id: string, now: string) =>
    db
      .updateTable('federation_outbox')
      .set({
        status: 'pending',
        next_attempt_at: now,
        completed_at: null,
        locked_by: null,
        locked_until: null,
      })
      .where('id', '=', id)
      .where('status', '=', 'failed')
      .executeTakeFirst(),
};
