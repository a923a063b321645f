import type { Database, Tx } from './database.ts';

/**
 * One database transaction plus work to do once it has committed (dispatching domain events,
 * waking the audit sequencer). Services receive it so their writes, the audit event and the
 * outbox rows land together or not at all.
 */
export interface UnitOfWork {
  tx: Tx;
  afterCommit(fn: () => void): void;
}

export async function inTransaction<T>(database: Database, fn: (uow: UnitOfWork) => Promise<T>): Promise<T> {
  const hooks: (() => void)[] = [];
  const work = (tx: Tx) => fn({ tx, afterCommit: (h) => hooks.push(h) });
  // On SQLite concurrent units share one commit; a unit's hooks run only once it is durable.
  const result = await (database.writeGroup
    ? database.writeGroup.run(work)
    : database.db.transaction().execute(work));
  for (const hook of hooks) {
    try {
      hook();
    } catch {
      // After-commit work is best effort by design: anything that must happen is a durable job.
    }
  }
  return result;
}
