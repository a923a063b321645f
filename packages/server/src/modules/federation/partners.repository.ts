import type { Queryable } from '../../platform/db/database.ts';
import type { Tables } from '../../platform/db/schema.ts';

export type PartnerRow = Tables['federation_partner'];

export const partnersRepository = {
  all: (db: Queryable) => db.selectFrom('federation_partner').selectAll().orderBy('created_at').execute(),
  byId: (db: Queryable, id: string) =>
    db.selectFrom('federation_partner').selectAll().where('id', '=', id).executeTakeFirst(),
  byNodeId: (db: Queryable, nodeId: string) =>
    db.selectFrom('federation_partner').selectAll().where('node_id', '=', nodeId).executeTakeFirst(),
  /** Deletes a partner only while it is pending (never confirmed: nothing references it yet). */
  deletePending: (db: Queryable, id: string) =>
    db
      .deleteFrom('federation_partner')
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .executeTakeFirst(),
  insert: (db: Queryable, row: PartnerRow) => db.insertInto('federation_partner').values(row).execute(),
  update: (db: Queryable, id: string, set: Partial<PartnerRow>) =>
    db.updateTable('federation_partner').set(set).where('id', '=', id).execute(),
  /** Availability bookkeeping from the delivery worker (one statement per partner). */
  markSuccess: (db: Queryable, nodeId: string, at: string) =>
    db
      .updateTable('federation_partner')
      .set({ last_success_at: at, failing_since: null })
      .where('node_id', '=', nodeId)
      .execute(),
  markFailing: (db: Queryable, nodeId: string, at: string) =>
    db
      .updateTable('federation_partner')
      .set({ failing_since: at })
      .where('node_id', '=', nodeId)
      .where('failing_since', 'is', null)
      .execute(),
};
