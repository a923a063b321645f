import { type Selectable, sql } from 'kysely';
import type { Logger } from 'pino';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { GroupCommit } from '../db/group-commit.ts';
import { HotInsert } from '../db/hot-query.ts';
import type { Tables } from '../db/schema.ts';
import type { UnitOfWork } from '../db/unit-of-work.ts';
import { newId } from '../ids.ts';
import { EVENT_CHANNEL, noticeOf, type RelayTarget } from './pg-event-relay.ts';

export interface DomainEvent {
  id: string;
  type: string;
  payload: Record<string, unknown>;
  /** Agencies whose members may be told (the notification fan-out filters on this). */
  agencyIds: string[];
  /** The person whose action it records; null for the node's own doing or a partner node's move. */
  actorUserId: string | null;
  createdAt: string;
}

/** Every change writes one: its SQL is compiled once per engine (hot-query.ts). */
const INSERT_EVENT = new HotInsert('domain_event', [
  'id',
  'type',
  'payload',
  'agency_ids',
  'actor_user_id',
  'created_at',
]);

type EventRow = Omit<Selectable<Tables['domain_event']>, 'seq'>;
const eventOf = (r: EventRow): DomainEvent => ({
  id: r.id,
  type: r.type,
  payload: JSON.parse(r.payload) as Record<string, unknown>,
  agencyIds: JSON.parse(r.agency_ids) as string[],
  actorUserId: r.actor_user_id,
  createdAt: r.created_at,
});

/** Most events a reconnecting stream is sent; when it missed more, it is told to reload instead. */
export const REPLAY_LIMIT = 500;
/**
 * How far back a replay on PostgreSQL looks for events that committed late (see `since`): written
 * at most this long before the last event the browser saw, and among the rows numbered just before
 * it. Transactions here last milliseconds; an event whose transaction stayed open longer than this
 * (a stalled instance) reaches a browser that was connected when it committed, not a replay.
 */
export const LATE_COMMIT_MS = 60_000;
export const LATE_COMMIT_ROWS = 1_000;

export type DomainEventListener = (event: DomainEvent) => void | Promise<void>;

/**
 * Domain events are rows written in the transaction of the change — the node's durable log of what
 * happened — and handed to in-process listeners (the notification stream) once that transaction has
 * committed, from memory: a change's listeners are told in commit order without reading the log
 * back. A listener that was not connected when an event was dispatched (a browser reconnecting,
 * after a restart too) catches up from the log with `since`. Listeners must not carry duties that
 * need exactly-once; those are durable jobs enqueued in the same transaction.
 *
 * On PostgreSQL several instances may share the database: once committed, each event is also
 * announced to the others (pg-event-relay.ts), which tell their own listeners.
 */
export class DomainEvents implements RelayTarget {
  private readonly listeners = new Set<DomainEventListener>();
  private readonly resyncListeners = new Set<() => void>();
  /** Tells this process's announcements from other instances' (pg-event-relay.ts). */
  readonly instanceId = newId();
  /**
   * Notices of committed events, sent in batches outside any business transaction, in commit order
   * (the rows of `unnest` are projected, and their NOTIFYs queued, in array order). No cap is needed
   * while the database is out of reach: then nothing commits, so nothing is announced.
   */
  private readonly announcements = new GroupCommit<string>(
    async (notices) => {
      await sql`select pg_notify(${EVENT_CHANNEL}, notice) from unnest(${notices}::text[]) as notice`.execute(
        this.database.db,
      );
    },
    1,
    500,
  );

  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /** `by`: the person whose action this is (their own stream tells them it is theirs), or null. */
  async emit(
    uow: UnitOfWork,
    type: string,
    payload: Record<string, unknown>,
    agencyIds: readonly string[],
    by: string | null,
  ): Promise<void> {
    const event: DomainEvent = {
      id: newId(),
      type,
      payload,
      agencyIds: [...new Set(agencyIds)],
      actorUserId: by,
      createdAt: this.clock.now().toISOString(),
    };
    await INSERT_EVENT.run(uow.tx, [
      {
        id: event.id,
        type,
        payload: JSON.stringify(payload),
        agency_ids: JSON.stringify(event.agencyIds),
        actor_user_id: by,
        created_at: event.createdAt,
      },
    ]);
    uow.afterCommit(() => {
      this.dispatch(event);
      if (this.database.engine === 'postgres') this.announce(event.id);
    });
  }

  subscribe(listener: DomainEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The events after the one with id `afterId` that name `agencyId`, oldest first: at most
   * `REPLAY_LIMIT` of them (`complete` false when there may be more), none when `afterId` is not in
   * the log.
   * The log's order is `seq`. On PostgreSQL a sequence number is taken at insert, not at commit: an
   * event numbered before `afterId` may have committed after it (after the browser lost its stream).
   * So there the replay also holds the events numbered just before it and written at most
   * `LATE_COMMIT_MS` earlier; the browser drops those it already has (by id).
   */
  async since(afterId: string, agencyId: string): Promise<{ events: DomainEvent[]; complete: boolean }> {
    const db = this.database.db;
    const from = await db
      .selectFrom('domain_event')
      .select(['seq', 'created_at'])
      .where('id', '=', afterId)
      .executeTakeFirst();
    if (!from) return { events: [], complete: true };
    // agency_ids is a JSON array of ids: the id in quotes matches that element only.
    const ofAgency = `%${JSON.stringify(agencyId)}%`;
    const after = await db
      .selectFrom('domain_event')
      .selectAll()
      .where('seq', '>', from.seq)
      .where('agency_ids', 'like', ofAgency)
      .orderBy('seq')
      .limit(REPLAY_LIMIT)
      .execute();
    // Looked up apart, so that events the browser most likely has count neither against the
    // replay's limit nor towards telling it to reload.
    const late =
      this.database.engine === 'postgres'
        ? await db
            .selectFrom('domain_event')
            .selectAll()
            .where('seq', '>', from.seq - LATE_COMMIT_ROWS)
            .where('seq', '<', from.seq)
            .where('created_at', '>=', new Date(Date.parse(from.created_at) - LATE_COMMIT_MS).toISOString())
            .where('agency_ids', 'like', ofAgency)
            .orderBy('seq')
            .execute()
        : [];
    const events = [...late, ...after].map(eventOf).filter((e) => e.agencyIds.includes(agencyId));
    return { events, complete: after.length < REPLAY_LIMIT };
  }

  /**
   * Tells the other instances sharing this PostgreSQL database that an event committed (its id only).
   * Best effort, as the dispatch from memory is: a lost notice costs a live update, never data.
   */
  private announce(id: string): void {
    this.announcements.submit(noticeOf(this.instanceId, id)).catch((err: unknown) => {
      this.log.warn({ err }, 'domain events could not be announced to other instances');
    });
  }

  /** Waits (at most `timeoutMs`) for the announcements made so far to be sent, before the database closes. */
  async drain(timeoutMs = 5_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.announcements.drain(), new Promise((r) => (timer = setTimeout(r, timeoutMs)))]);
    clearTimeout(timer);
  }

  /** `listener` runs when events may have been missed (see pg-event-relay.ts): reload what is shown. */
  onResync(listener: () => void): () => void {
    this.resyncListeners.add(listener);
    return () => this.resyncListeners.delete(listener);
  }

  resync(): void {
    for (const listener of this.resyncListeners) {
      try {
        listener();
      } catch (e) {
        this.warn(e, 'resync');
      }
    }
  }

  /** The events with these ids that the log holds, in no particular order. */
  async byIds(ids: readonly string[]): Promise<DomainEvent[]> {
    if (ids.length === 0) return [];
    const rows = await this.database.db
      .selectFrom('domain_event')
      .selectAll()
      .where('id', 'in', ids)
      .execute();
    return rows.map(eventOf);
  }

  /** An event another instance committed, for this instance's listeners (pg-event-relay.ts). */
  deliver(event: DomainEvent): void {
    this.dispatch(event);
  }

  hasListeners(): boolean {
    return this.listeners.size > 0;
  }

  private dispatch(event: DomainEvent): void {
    for (const listener of this.listeners) {
      try {
        const pending = listener(event);
        if (pending) pending.catch((e) => this.warn(e, event.type));
      } catch (e) {
        this.warn(e, event.type);
      }
    }
  }

  private warn(err: unknown, type: string): void {
    this.log.warn({ err, type }, 'domain event listener failed');
  }
}
