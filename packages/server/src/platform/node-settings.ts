import type { Queryable } from './db/database.ts';
import { newId } from './ids.ts';

export async function getSetting(db: Queryable, key: string): Promise<string | undefined> {
  const row = await db.selectFrom('node_setting').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value;
}

export async function setSetting(db: Queryable, key: string, value: string, at: string): Promise<void> {
  await db
    .insertInto('node_setting')
    .values({ key, value, updated_at: at })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: at }))
    .execute();
}

export async function deleteSetting(db: Queryable, key: string): Promise<void> {
  await db.deleteFrom('node_setting').where('key', '=', key).execute();
}

/** The node's id is made once, at first start, and never changes. */
export async function ensureNodeId(db: Queryable, at: string): Promise<string> {
  const existing = await getSetting(db, 'node.id');
  if (existing) return existing;
  const id = newId();
  await setSetting(db, 'node.id', id, at);
  return id;
}
