import type { Kysely } from 'kysely';
import { atomically } from '../migrator.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the untyped schema
type AnyDb = Kysely<any>;

/**
 * Domain events are handed to listeners from memory after commit, and a reconnecting listener
 * reads what it missed from the log by `seq` (platform/events/domain-events.ts): no row is marked
 * dispatched any more, so the marker column and its index go.
 */
export function up(database: AnyDb): Promise<void> {
  return atomically(database, async (db) => {
    await db.schema.dropIndex('domain_event_pending').execute();
    await db.schema.alterTable('domain_event').dropColumn('dispatched_at').execute();
  });
}

export function down(database: AnyDb): Promise<void> {
  return atomically(database, async (db) => {
    await db.schema.alterTable('domain_event').addColumn('dispatched_at', 'text').execute();
    await db.updateTable('domain_event').set({ dispatched_at: new Date().toISOString() }).execute();
    await db.schema
      .createIndex('domain_event_pending')
      .on('domain_event')
      .columns(['dispatched_at', 'seq'])
      .execute();
  });
}
