import type { Database, Queryable } from '../../platform/db/database.ts';
import { GroupCommit } from '../../platform/db/group-commit.ts';
import type { NonceStore, NonceUse } from './protocol/nonce-store.ts';

/**
 * Records a nonce in the given transaction: false when it is already recorded and unexpired (a
 * replay). An expired row is taken over by the same statement.
 */
export async function useNonce(db: Queryable, use: NonceUse): Promise<boolean> {
  const { scope, nonce, expiresAt, now } = use;
  const result = await db
    .insertInto('federation_nonce')
    .values({ scope, nonce, expires_at: expiresAt.toISOString() })
    .onConflict((oc) =>
      oc
        .columns(['scope', 'nonce'])
        .doUpdateSet({ expires_at: expiresAt.toISOString() })
        .where('federation_nonce.expires_at', '<=', now.toISOString()),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/**
 * Whether a nonce is already recorded and unexpired: a read, for refusing a replayed batch as a
 * whole before checking its envelopes. Recording stays `useNonce`'s job (atomic, at storage).
 */
export async function nonceSeen(db: Queryable, use: NonceUse): Promise<boolean> {
  const row = await db
    .selectFrom('federation_nonce')
    .select('nonce')
    .where('scope', '=', use.scope)
    .where('nonce', '=', use.nonce)
    .where('expires_at', '>', use.now.toISOString())
    .executeTakeFirst();
  return row !== undefined;
}

interface Pending {
  use: NonceUse;
  fresh: boolean;
}

/**
 * RFC 9421 replay protection that survives restarts and is shared by every instance on one database:
 * each (sender node, nonce) is a row with a unique key, accepted once while a replay could still
 * pass the time window. An expired row may be taken again (an upsert guarded by the expiry), so the
 * table needs no purge for correctness; `purge()` only keeps it small.
 *
 * Concurrent requests share one transaction (group commit): one fsync for many nonces.
 */
export class DbNonceStore implements NonceStore {
  private readonly batcher: GroupCommit<Pending>;

  constructor(private readonly database: Database) {
    this.batcher = new GroupCommit<Pending>(
      (items) =>
        database.db.transaction().execute(async (tx) => {
          for (const item of items) item.fresh = await useNonce(tx, item.use);
        }),
      1,
      500,
    );
  }

  async useOnce(use: NonceUse): Promise<boolean> {
    const item: Pending = { use, fresh: false };
    await this.batcher.submit(item);
    return item.fresh;
  }

  /** Forgets nonces whose window has passed. */
  async purge(now: Date): Promise<number> {
    const result = await this.database.db
      .deleteFrom('federation_nonce')
      .where('expires_at', '<', now.toISOString())
      .executeTakeFirst();
    return Number(result.numDeletedRows ?? 0);
  }

  drain(): Promise<void> {
    return this.batcher.drain();
  }
}
