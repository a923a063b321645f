import type { Kysely } from 'kysely';
import { atomically } from '../migrator.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the untyped schema
type AnyDb = Kysely<any>;

/**
 * A new kind of notification, `task-done` (a task one assigned is finished): e-mailed to those who
 * have e-mails for tasks, as the default does, rather than to nobody who ever saved preferences.
 * And my notifications are listed by when they happened: an index to read them in that order.
 */
export function up(database: AnyDb): Promise<void> {
  return atomically(database, async (db) => {
    const rows = (await db
      .selectFrom('notification_preference')
      .select(['user_id', 'email_kinds'])
      .execute()) as { user_id: string; email_kinds: string }[];
    for (const r of rows) {
      const kinds = JSON.parse(r.email_kinds) as string[];
      if (!kinds.includes('task') || kinds.includes('task-done')) continue;
      await db
        .updateTable('notification_preference')
        .set({ email_kinds: JSON.stringify([...kinds, 'task-done']) })
        .where('user_id', '=', r.user_id)
        .execute();
    }
    await db.schema
      .createIndex('notification_user_created')
      .on('notification')
      .columns(['user_id', 'created_at', 'id'])
      .execute();
  });
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('notification_user_created').execute();
}
