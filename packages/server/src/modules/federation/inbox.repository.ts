import { sql } from 'kysely';
import type { Queryable } from '../../platform/db/database.ts';
import { HotInsert, runHot } from '../../platform/db/hot-query.ts';
import type { Tables } from '../../platform/db/schema.ts';

export type InboxRow = Tables['federation_inbox'];

/** What identifies an incoming envelope for the checks of §9. */
export interface ClashProbe {
  id: string;
  senderNode: string;
  idempotencyKey: string;
  conversationId: string;
  sequence: number;
}
export type ClashRow = Pick<
  InboxRow,
  'id' | 'digest' | 'sender_node' | 'idempotency_key' | 'conversation_id' | 'sequence'
>;

function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** Every column but the envelope itself (its payload is encrypted and operational). */
const INBOX_METADATA = [
  'id',
  'sender_node',
  'idempotency_key',
  'conversation_id',
  'sequence',
  'type',
  'digest',
  'status',
  'attempts',
  'next_attempt_at',
  'last_error',
  'received_at',
  'processed_at',
] as const satisfies readonly (keyof InboxRow)[];
export type InboxMetadata = Omit<InboxRow, 'envelope'>;

const INBOX_COLUMNS = ['envelope', ...INBOX_METADATA] as const satisfies readonly (keyof InboxRow)[];
// Every stored envelope (a receipt too) runs the statements marked hot: SQL compiled once per engine.
const INSERT = new HotInsert('federation_inbox', INBOX_COLUMNS);

export const inboxRepository = {
  byId: (db: Queryable, id: string) =>
    db.selectFrom('federation_inbox').selectAll().where('id', '=', id).executeTakeFirst(),

  byIdempotencyKey: (db: Queryable, senderNode: string, key: string) =>
    db
      .selectFrom('federation_inbox')
      .select(['id', 'digest'])
      .where('sender_node', '=', senderNode)
      .where('idempotency_key', '=', key)
      .executeTakeFirst(),

  slotTaken: async (db: Queryable, senderNode: string, conversationId: string, sequence: number) =>
    Boolean(
      await db
        .selectFrom('federation_inbox')
        .select('id')
        .where('sender_node', '=', senderNode)
        .where('conversation_id', '=', conversationId)
        .where('sequence', '=', sequence)
        .executeTakeFirst(),
    ),

  /**
   * What already holds this envelope's idempotency key, ordering slot or id (one query: the three
   * checks of docs/federation.md §9).
   */
  clashes: async (
    db: Queryable,
    e: { id: string; senderNode: string; idempotencyKey: string; conversationId: string; sequence: number },
  ) =>
    (
      await runHot<
        Pick<InboxRow, 'id' | 'digest' | 'sender_node' | 'idempotency_key' | 'conversation_id' | 'sequence'>
      >(
        db,
        'inbox.clashes',
        [e.senderNode, e.idempotencyKey, e.senderNode, e.conversationId, e.sequence, e.id],
        () =>
          db
            .selectFrom('federation_inbox')
            .select(['id', 'digest', 'sender_node', 'idempotency_key', 'conversation_id', 'sequence'])
            .where((eb) =>
              eb.or([
                eb.and([eb('sender_node', '=', e.senderNode), eb('idempotency_key', '=', e.idempotencyKey)]),
                eb.and([
                  eb('sender_node', '=', e.senderNode),
                  eb('conversation_id', '=', e.conversationId),
                  eb('sequence', '=', e.sequence),
                ]),
                eb('id', '=', e.id),
              ]),
            ),
      )
    ).rows,

  /**
   * What already holds the idempotency keys, ordering slots or ids of `items` (the three checks of
   * docs/federation.md §9 for many envelopes): a few statements per store transaction, not one per
   * envelope. Keys and slots are looked up per sender (and conversation), ids all together.
   */
  async takenBy(db: Queryable, items: readonly ClashProbe[]): Promise<ClashRow[]> {
    const out: ClashRow[] = [];
    const select = () =>
      db
        .selectFrom('federation_inbox')
        .select(['id', 'digest', 'sender_node', 'idempotency_key', 'conversation_id', 'sequence']);
    const keys = new Map<string, string[]>();
    const slots = new Map<string, { sender: string; conversation: string; sequences: number[] }>();
    for (const e of items) {
      keys.set(e.senderNode, [...(keys.get(e.senderNode) ?? []), e.idempotencyKey]);
      const slot = `${e.senderNode}\n${e.conversationId}`;
      const s = slots.get(slot) ?? { sender: e.senderNode, conversation: e.conversationId, sequences: [] };
      s.sequences.push(e.sequence);
      slots.set(slot, s);
    }
    for (const part of chunks(
      items.map((e) => e.id),
      100,
    )) {
      out.push(
        ...(
          await runHot<ClashRow>(db, `inbox.taken.id.${part.length}`, part, () =>
            select().where('id', 'in', part),
          )
        ).rows,
      );
    }
    for (const [sender, all] of keys) {
      for (const part of chunks(all, 100)) {
        out.push(
          ...(
            await runHot<ClashRow>(db, `inbox.taken.key.${part.length}`, [sender, ...part], () =>
              select().where('sender_node', '=', sender).where('idempotency_key', 'in', part),
            )
          ).rows,
        );
      }
    }
    for (const { sender, conversation, sequences } of slots.values()) {
      for (const part of chunks(sequences, 100)) {
        out.push(
          ...(
            await runHot<ClashRow>(
              db,
              `inbox.taken.slot.${part.length}`,
              [sender, conversation, ...part],
              () =>
                select()
                  .where('sender_node', '=', sender)
                  .where('conversation_id', '=', conversation)
                  .where('sequence', 'in', part),
            )
          ).rows,
        );
      }
    }
    return out;
  },

  /**
   * Stores envelopes with multi-row INSERTs (16 rows per compiled shape), then makes sure each of
   * their conversations has a cursor; `cursors` (one per transaction) receives the sequence each
   * conversation waits for next (see `insert`).
   */
  async insertMany(db: Queryable, rows: readonly InboxRow[], cursors: Map<string, number>): Promise<void> {
    for (const part of chunks(rows, 16)) await INSERT.run(db, part);
    for (const row of rows) {
      if (!cursors.has(`${row.sender_node}\n${row.conversation_id}`))
        await inboxRepository.cursor(db, row, cursors);
    }
  },

  /**
   * Stores the envelope; returns the sequence its conversation waits for next. `cursors` (one per
   * transaction) keeps what the cursor upsert returned: the upsert locks the cursor row until the
   * transaction ends (on SQLite the writer is held anyway), so the value cannot change meanwhile and
   * the next envelopes of the same conversation need not run it again.
   */
  async insert(db: Queryable, row: InboxRow, cursors?: Map<string, number>): Promise<number> {
    await INSERT.run(db, [row]);
    return inboxRepository.cursor(db, row, cursors);
  },

  /** The conversation's cursor, created at 1 if new: the sequence it waits for next. */
  async cursor(
    db: Queryable,
    row: Pick<InboxRow, 'sender_node' | 'conversation_id'>,
    cursors?: Map<string, number>,
  ): Promise<number> {
    const key = `${row.sender_node}\n${row.conversation_id}`;
    const known = cursors?.get(key);
    if (known !== undefined) return known;
    // A no-op update on conflict, so the current cursor comes back in the same statement.
    const cursor = await runHot<{ next_sequence: number }>(
      db,
      'inbox.cursor',
      [row.sender_node, row.conversation_id, 1],
      () =>
        db
          .insertInto('federation_in_cursor')
          .values({ sender_node: row.sender_node, conversation_id: row.conversation_id, next_sequence: 1 })
          .onConflict((oc) =>
            oc
              .columns(['sender_node', 'conversation_id'])
              .doUpdateSet({ next_sequence: sql`federation_in_cursor.next_sequence` }),
          )
          .returning('next_sequence'),
    );
    const next = cursor.rows[0];
    if (!next) throw new Error('The inbox cursor upsert returned no row');
    cursors?.set(key, Number(next.next_sequence));
    return Number(next.next_sequence);
  },

  /**
   * Envelopes whose turn has come: waiting, due, and the next in their conversation. Each is the head
   * of its conversation, so processing them in any order keeps every conversation in order.
   */
  ready: (db: Queryable, now: string, limit: number) =>
    db
      .selectFrom('federation_inbox as i')
      .innerJoin('federation_in_cursor as c', (join) =>
        join
          .onRef('c.sender_node', '=', 'i.sender_node')
          .onRef('c.conversation_id', '=', 'i.conversation_id')
          .onRef('c.next_sequence', '=', 'i.sequence'),
      )
      .selectAll('i')
      .where('i.status', '=', 'waiting')
      .where('i.next_attempt_at', '<=', now)
      .orderBy('i.received_at')
      .orderBy('i.id')
      .limit(limit)
      .execute(),

  /**
   * The waiting envelopes after `row` in its conversation, in sequence order (up to `limit`): the
   * processor walks them while they are consecutive, one query instead of one per envelope.
   */
  followers: async (
    db: Queryable,
    row: Pick<InboxRow, 'sender_node' | 'conversation_id' | 'sequence'>,
    limit: number,
  ) =>
    (
      await runHot<InboxRow>(
        db,
        'inbox.followers',
        [row.sender_node, row.conversation_id, row.sequence, 'waiting', limit],
        () =>
          db
            .selectFrom('federation_inbox')
            .selectAll()
            .where('sender_node', '=', row.sender_node)
            .where('conversation_id', '=', row.conversation_id)
            .where('sequence', '>', row.sequence)
            .where('status', '=', 'waiting')
            .orderBy('sequence')
            .limit(limit),
      )
    ).rows,

  /** The stored successor of an envelope, if it has arrived and waits. */
  successor: async (db: Queryable, row: Pick<InboxRow, 'sender_node' | 'conversation_id' | 'sequence'>) =>
    (
      await runHot<InboxRow>(
        db,
        'inbox.successor',
        [row.sender_node, row.conversation_id, row.sequence + 1, 'waiting'],
        () =>
          db
            .selectFrom('federation_inbox')
            .selectAll()
            .where('sender_node', '=', row.sender_node)
            .where('conversation_id', '=', row.conversation_id)
            .where('sequence', '=', row.sequence + 1)
            .where('status', '=', 'waiting'),
      )
    ).rows[0],

  /**
   * Moves the conversation's cursor past `sequence` (and the `count` - 1 envelopes after it), only
   * if it points at it. Zero rows means another worker processed it first (the row lock on
   * PostgreSQL serialises the two).
   */
  async advanceCursor(
    db: Queryable,
    row: Pick<InboxRow, 'sender_node' | 'conversation_id' | 'sequence'>,
    count = 1,
  ) {
    const next = Number(row.sequence) + count;
    const r = await runHot(
      db,
      'inbox.advanceCursor',
      [next, row.sender_node, row.conversation_id, row.sequence],
      () =>
        db
          .updateTable('federation_in_cursor')
          .set({ next_sequence: next })
          .where('sender_node', '=', row.sender_node)
          .where('conversation_id', '=', row.conversation_id)
          .where('next_sequence', '=', row.sequence),
    );
    return Number(r.numAffectedRows ?? 0) === 1;
  },

  /** Envelopes stored before `receivedBefore`, still waiting, with no `accepted` receipt issued yet. */
  waitingUnreceipted: (db: Queryable, receivedBefore: string, limit: number) =>
    db
      .selectFrom('federation_inbox as i')
      .selectAll('i')
      .where('i.status', '=', 'waiting')
      .where('i.received_at', '<', receivedBefore)
      .where('i.type', '<>', 'receipt')
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('federation_receipt as r')
              .select('r.id')
              .whereRef('r.envelope_id', '=', 'i.id')
              .where('r.direction', '=', 'issued')
              .where('r.kind', '=', 'accepted'),
          ),
        ),
      )
      .orderBy('i.received_at')
      .limit(limit)
      .execute(),

  markProcessed: (db: Queryable, id: string, at: string) =>
    runHot(db, 'inbox.markProcessed', ['processed', at, null, id], () =>
      db
        .updateTable('federation_inbox')
        .set({ status: 'processed', processed_at: at, attempts: sql`attempts + 1`, last_error: null })
        .where('id', '=', id),
    ),

  /**
   * Marks the envelopes of a processing batch processed, in statements of up to 100 ids (one
   * compiled shape per count), at the end of the transaction that processed them.
   */
  async markProcessedMany(db: Queryable, ids: readonly string[], at: string): Promise<void> {
    for (let i = 0; i < ids.length; i += 100) {
      const chunk = ids.slice(i, i + 100);
      await runHot(db, `inbox.markProcessed.${chunk.length}`, ['processed', at, null, ...chunk], () =>
        db
          .updateTable('federation_inbox')
          .set({ status: 'processed', processed_at: at, attempts: sql`attempts + 1`, last_error: null })
          .where('id', 'in', chunk),
      );
    }
  },

  markAttemptFailed: (
    db: Queryable,
    id: string,
    set: Pick<InboxRow, 'status' | 'next_attempt_at' | 'last_error'>,
  ) =>
    db
      .updateTable('federation_inbox')
      .set({ ...set, attempts: sql`attempts + 1` })
      .where('id', '=', id)
      .where('status', '=', 'waiting')
      .execute(),

  counts: (db: Queryable) =>
    db
      .selectFrom('federation_inbox')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('status')
      .execute(),

  /**
   * A page of the inbox, newest first (received_at, then id), for the operations API. Metadata
   * only: the stored envelope (with its encrypted payload) is never selected.
   */
  page: (
    db: Queryable,
    f: {
      partner?: string | undefined;
      status?: 'stored' | 'processed' | 'failed' | undefined;
      type?: string | undefined;
      before?: { at: string; id: string } | undefined;
      limit: number;
    },
  ) => {
    let q = db.selectFrom('federation_inbox').select(INBOX_METADATA);
    if (f.partner) q = q.where('sender_node', '=', f.partner);
    if (f.type) q = q.where('type', '=', f.type);
    if (f.status) q = q.where('status', '=', f.status === 'stored' ? 'waiting' : f.status);
    const before = f.before;
    if (before) {
      q = q.where((eb) =>
        eb.or([
          eb('received_at', '<', before.at),
          eb.and([eb('received_at', '=', before.at), eb('id', '<', before.id)]),
        ]),
      );
    }
    return q.orderBy('received_at', 'desc').orderBy('id', 'desc').limit(f.limit).execute();
  },

  requeue: (db: Queryable, id: string, now: string) =>
    db
      .updateTable('federation_inbox')
      .set({ status: 'waiting', next_attempt_at: now, attempts: 0 })
      .where('id', '=', id)
      .where('status', '=', 'failed')
      .executeTakeFirst(),
};
