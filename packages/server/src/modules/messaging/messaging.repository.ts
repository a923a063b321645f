import type { Labels } from '@comity/contracts';
import { sql } from 'kysely';
import type { Engine, Queryable } from '../../platform/db/database.ts';
import type { Tables } from '../../platform/db/schema.ts';
import './messaging.tables.ts';

export type ThreadRow = Tables['thread'];
export type MessageRow = Tables['message'];

export const toThread = (r: ThreadRow, participants: string[]) => ({
  id: r.id,
  subject: r.subject,
  requestId: r.request_id,
  caseId: r.case_id,
  agencyId: r.agency_id,
  participants,
  labels: JSON.parse(r.labels) as Labels,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export const toMessage = (r: MessageRow, reads: Tables['message_read'][] = []) => ({
  id: r.id,
  threadId: r.thread_id,
  kind: r.kind as 'text',
  body: r.body,
  mentions: JSON.parse(r.mentions) as string[],
  attachments: JSON.parse(r.attachments) as string[],
  labels: JSON.parse(r.labels) as Labels,
  forwardedFrom: r.forwarded_from,
  authorId: r.author_id,
  authorAgencyId: r.author_agency_id,
  revision: r.revision,
  createdAt: r.created_at,
  editedAt: r.edited_at,
  readBy: reads.filter((x) => x.message_id === r.id).map((x) => ({ userId: x.user_id, readAt: x.read_at })),
});
export type MessageView = ReturnType<typeof toMessage>;

export const messagingRepository = {
  async participants(db: Queryable, threadIds: readonly string[]) {
    if (!threadIds.length) return new Map<string, string[]>();
    const rows = await db
      .selectFrom('thread_participant')
      .selectAll()
      .where('thread_id', 'in', threadIds)
      .execute();
    const out = new Map<string, string[]>();
    for (const r of rows) out.set(r.thread_id, [...(out.get(r.thread_id) ?? []), r.agency_id]);
    return out;
  },
  async threadIdsOf(db: Queryable, agencyId: string, ids?: readonly string[]) {
    let q = db.selectFrom('thread_participant').select('thread_id').where('agency_id', '=', agencyId);
    if (ids) {
      if (!ids.length) return [];
      q = q.where('thread_id', 'in', ids);
    }
    return (await q.orderBy('thread_id', 'desc').limit(1000).execute()).map((r) => r.thread_id);
  },
  async threads(db: Queryable, ids: readonly string[]) {
    if (!ids.length) return [];
    return db.selectFrom('thread').selectAll().where('id', 'in', ids).orderBy('updated_at', 'desc').execute();
  },
  async messages(db: Queryable, threadId: string) {
    return db
      .selectFrom('message')
      .selectAll()
      .where('thread_id', '=', threadId)
      .orderBy('id')
      .limit(2000)
      .execute();
  },
  async messagesByIds(db: Queryable, ids: readonly string[]) {
    if (!ids.length) return [];
    return db.selectFrom('message').selectAll().where('id', 'in', ids).orderBy('id').execute();
  },
  async reads(db: Queryable, messageIds: readonly string[]) {
    if (!messageIds.length) return [];
    return db.selectFrom('message_read').selectAll().where('message_id', 'in', messageIds).execute();
  },
  /** Keeps the SQLite FTS5 index in step (PostgreSQL indexes the column itself). */
  async index(db: Queryable, engine: Engine, messageId: string, search: string) {
    if (engine === 'postgres') return;
    await sql`DELETE FROM message_fts WHERE message_id = ${messageId}`.execute(db);
    await sql`INSERT INTO message_fts (search, message_id) VALUES (${search}, ${messageId})`.execute(db);
  },
  /** Message ids matching every (normalised) term as a word prefix. */
  async search(db: Queryable, engine: Engine, terms: readonly string[], limit = 500): Promise<string[]> {
    if (!terms.length) return [];
    if (engine === 'postgres') {
      const query = terms.map((t) => `${t}:*`).join(' & ');
      const rows = await db
        .selectFrom('message')
        .select('id')
        .where(sql<boolean>`to_tsvector('simple', search) @@ to_tsquery('simple', ${query})`)
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => r.id);
    }
    const match = terms.map((t) => `"${t}"*`).join(' ');
    const { rows } = await sql<{
      message_id: string;
    }>`SELECT message_id FROM message_fts WHERE message_fts MATCH ${match} ORDER BY message_id DESC LIMIT ${limit}`.execute(
      db,
    );
    return rows.map((r) => r.message_id);
  },
};
