import type { Labels } from '@comity/contracts';
import type { Queryable } from '../../platform/db/database.ts';

/** Where the labels of each kind of labelled object live (both tables hold them as JSON text). */
const tables = { message: 'message', evidence: 'evidence_item' } as const;
export type LabelledType = keyof typeof tables;

/**
 * The object's labels. `forUpdate` (PostgreSQL only; SQLite has one writer and no such clause) locks
 * the row until the transaction ends: labels read to be changed and written back must not be read by
 * another writer meanwhile, whose write would replace this one's.
 */
export async function readLabels(
  db: Queryable,
  type: LabelledType,
  id: string,
  o: { forUpdate?: boolean } = {},
): Promise<Labels | undefined> {
  const q = db.selectFrom(tables[type]).select('labels').where('id', '=', id);
  const row = await (o.forUpdate ? q.forUpdate() : q).executeTakeFirst();
  return row ? (JSON.parse(row.labels) as Labels) : undefined;
}

export async function writeLabels(
  db: Queryable,
  type: LabelledType,
  id: string,
  labels: Labels,
): Promise<void> {
  await db
    .updateTable(tables[type])
    .set({ labels: JSON.stringify(labels) })
    .where('id', '=', id)
    .execute();
}
