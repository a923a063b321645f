import { type Selectable, sql } from 'kysely';
import type { Queryable } from '../../platform/db/database.ts';
import { HotInsert } from '../../platform/db/hot-query.ts';
import type { Tables } from '../../platform/db/schema.ts';
import type { AuditRow } from './audit-event.ts';

export type StoredAuditEvent = Selectable<Tables['audit_event']>;
export type CheckpointRow = Selectable<Tables['audit_checkpoint']>;

export interface AuditFilter {
  actorUserId?: string | undefined;
  actorAgencyIds?: readonly string[] | undefined;
  objectType?: string | undefined;
  objectId?: string | undefined;
  action?: string | undefined;
  outcome?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  before?: string | undefined;
  limit: number;
}

/**
 * Gives every committed, unsequenced event the next leaf index, in commit-sequence order, in one
 * statement (same SQL on both engines; the SQLite audit writer thread runs it too). Caller holds
 * the sequencing lock.
 */
export const SEQUENCE_SQL = `
  UPDATE audit_event SET leaf_index = s.next_index
  FROM (
    SELECT seq, (SELECT COALESCE(MAX(leaf_index), -1) FROM audit_event) + ROW_NUMBER() OVER (ORDER BY seq) AS next_index
    FROM audit_event WHERE leaf_index IS NULL
  ) AS s
  WHERE audit_event.seq = s.seq`;

export const AUDIT_COLUMNS = [
  'id',
  'leaf_index',
  'occurred_at',
  'node_id',
  'actor_user_id',
  'actor_agency_id',
  'action',
  'object_type',
  'object_id',
  'outcome',
  'ip',
  'session_id',
  'request_id',
  'purpose',
  'details',
  'leaf_hash',
] as const satisfies readonly (keyof AuditRow)[];

// 17 columns a row: 400 rows stay well under SQLite's bound-parameter limit.
const INSERT_CHUNK = 400;
/** A transaction's own event is the hot case: its SQL is compiled once (hot-query.ts). */
const INSERT = new HotInsert('audit_event', AUDIT_COLUMNS);

export const auditRepository = {
  async insert(db: Queryable, rows: readonly AuditRow[]): Promise<void> {
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) await INSERT.run(db, rows.slice(i, i + INSERT_CHUNK));
  },

  /** Runs SEQUENCE_SQL; the caller holds the sequencing lock. */
  async sequence(db: Queryable): Promise<number> {
    const result = await sql.raw(SEQUENCE_SQL).execute(db);
    return Number(result.numAffectedRows ?? 0);
  },

  async treeSize(db: Queryable): Promise<number> {
    const r = await db
      .selectFrom('audit_event')
      .select((eb) => eb.fn.max('leaf_index').as('max'))
      .executeTakeFirst();
    return r?.max == null ? 0 : Number(r.max) + 1;
  },

  async leafHashesFrom(
    db: Queryable,
    fromIndex: number,
    toExclusive: number,
  ): Promise<{ leaf_index: number; leaf_hash: string }[]> {
    return db
      .selectFrom('audit_event')
      .select(['leaf_index', 'leaf_hash'])
      .where('leaf_index', '>=', fromIndex)
      .where('leaf_index', '<', toExclusive)
      .orderBy('leaf_index')
      .execute() as Promise<{ leaf_index: number; leaf_hash: string }[]>;
  },

  /** Sequenced events in leaf order, a page at a time (for verification). */
  async sequencedPage(db: Queryable, fromIndex: number, limit: number): Promise<StoredAuditEvent[]> {
    return db
      .selectFrom('audit_event')
      .selectAll()
      .where('leaf_index', '>=', fromIndex)
      .orderBy('leaf_index')
      .limit(limit)
      .execute();
  },

  async countUnsequenced(db: Queryable): Promise<number> {
    const r = await db
      .selectFrom('audit_event')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('leaf_index', 'is', null)
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  },

  async byId(db: Queryable, id: string): Promise<StoredAuditEvent | undefined> {
    return db.selectFrom('audit_event').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async list(db: Queryable, f: AuditFilter): Promise<StoredAuditEvent[]> {
    let q = db.selectFrom('audit_event').selectAll();
    if (f.actorAgencyIds)
      q = q.where('actor_agency_id', 'in', f.actorAgencyIds.length ? [...f.actorAgencyIds] : ['']);
    if (f.actorUserId) q = q.where('actor_user_id', '=', f.actorUserId);
    if (f.objectType) q = q.where('object_type', '=', f.objectType);
    if (f.objectId) q = q.where('object_id', '=', f.objectId);
    if (f.action) q = q.where('action', '=', f.action);
    if (f.outcome) q = q.where('outcome', '=', f.outcome as StoredAuditEvent['outcome']);
    if (f.from) q = q.where('occurred_at', '>=', f.from);
    if (f.to) q = q.where('occurred_at', '<', f.to);
    if (f.before) q = q.where('id', '<', f.before);
    return q.orderBy('id', 'desc').limit(f.limit).execute();
  },

  async latestCheckpoint(db: Queryable): Promise<CheckpointRow | undefined> {
    return db
      .selectFrom('audit_checkpoint')
      .selectAll()
      .orderBy('tree_size', 'desc')
      .limit(1)
      .executeTakeFirst();
  },

  async checkpoints(db: Queryable): Promise<CheckpointRow[]> {
    return db.selectFrom('audit_checkpoint').selectAll().orderBy('tree_size').execute();
  },

  async checkpointAtLeast(db: Queryable, size: number): Promise<CheckpointRow | undefined> {
    return db
      .selectFrom('audit_checkpoint')
      .selectAll()
      .where('tree_size', '>=', size)
      .orderBy('tree_size')
      .limit(1)
      .executeTakeFirst();
  },

  async insertCheckpoint(db: Queryable, row: CheckpointRow): Promise<void> {
    await db
      .insertInto('audit_checkpoint')
      .values(row)
      .onConflict((oc) => oc.column('tree_size').doNothing())
      .execute();
  },
};
