import type { Logger } from 'pino';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { HotInsert } from '../db/hot-query.ts';
import type { UnitOfWork } from '../db/unit-of-work.ts';
import { newId } from '../ids.ts';

export interface DomainEvent {
  id: string;
  type: string;
  payload: Record<string, unknown>;
  /** Agencies whose members may be told (the notification fan-out filters on this). */
  agencyIds: string[];
  createdAt: string;
}

/** Every change writes one: its SQL is compiled once per engine (hot-query.ts). */
const INSERT_EVENT = new HotInsert('domain_event', [
  'id',
  'type',
  'payload',
  'agency_ids',
  'created_at',
  'dispatched_at',
]);

export type DomainEventListener = (event: DomainEvent) => void | Promise<void>;

/**
 * Domain events are rows written in the transaction of the change and dispatched to in-process
 * listeners after commit. A crash between commit and dispatch loses nothing: undispatched rows
 * are dispatched at the next start. Listeners must not carry duties that need exactly-once; those
 * are durable jobs enqueued in the same transaction.
 */
export class DomainEvents {
  private readonly listeners = new Set<DomainEventListener>();
  private dispatching: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  async emit(
    uow: UnitOfWork,
    type: string,
    payload: Record<string, unknown>,
    agencyIds: readonly string[],
  ): Promise<void> {
    await INSERT_EVENT.run(uow.tx, [
      {
        id: newId(),
        type,
        payload: JSON.stringify(payload),
        agency_ids: JSON.stringify([...new Set(agencyIds)]),
        created_at: this.clock.now().toISOString(),
        dispatched_at: null,
      },
    ]);
    uow.afterCommit(() => void this.dispatchPending());
  }

  subscribe(listener: DomainEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dispatchPending(): Promise<void> {
    if (this.dispatching) {
      this.again = true;
      return this.dispatching;
    }
    // Dispatch runs after commit, detached from any request: a failure (the database closing under
    // it at shutdown, say) is logged, and the undispatched rows are dispatched at the next start.
    this.dispatching = this.drain()
      .catch((e) =>
        this.log.warn({ err: e }, 'domain event dispatch stopped; pending events wait for the next start'),
      )
      .finally(() => {
        this.dispatching = undefined;
        if (this.again) {
          this.again = false;
          void this.dispatchPending();
        }
      });
    return this.dispatching;
  }

  private async drain(): Promise<void> {
    for (;;) {
      const rows = await this.database.db
        .selectFrom('domain_event')
        .selectAll()
        .where('dispatched_at', 'is', null)
        .orderBy('seq')
        .limit(200)
        .execute();
      if (rows.length === 0) return;
      for (const r of rows) {
        const event: DomainEvent = {
          id: r.id,
          type: r.type,
          payload: JSON.parse(r.payload),
          agencyIds: JSON.parse(r.agency_ids),
          createdAt: r.created_at,
        };
        for (const l of this.listeners) {
          try {
            await l(event);
          } catch (e) {
            this.log.warn({ err: e, type: r.type }, 'domain event listener failed');
          }
        }
      }
      await this.database.db
        .updateTable('domain_event')
        .set({ dispatched_at: this.clock.now().toISOString() })
        .where(
          'id',
          'in',
          rows.map((r) => r.id),
        )
        .execute();
    }
  }
}
