import type { Labels } from '@comity/contracts';
import type { Queryable } from '../../platform/db/database.ts';

/** Where the labels of each kind of labelled object live (both tables hold them as JSON text). */
const tables = { message: 'message', evidence: 'evidence_item' } as const;
export type LabelledType = keyof typeof tables;

export async function readLabels(db: Queryable, type: LabelledType, id: string): Promise<Labels | undefined> {
  const row = await db.selectFrom(tables[type]).select('labels').where('id', '=', id).executeTakeFirst();
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
