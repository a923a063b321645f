import pg from 'pg';
import type { Logger } from 'pino';
import type { DomainEvent } from './domain-events.ts';

/** The PostgreSQL channel on which instances sharing one database announce their domain events. */
export const EVENT_CHANNEL = 'comity_domain_event';
const RECONNECT_MS = 2_000;
/** A listening connection that a firewall dropped silently is found out by a query this often. */
const HEARTBEAT_MS = 30_000;
/** How long connecting, or the heartbeat's query, may take before the link counts as lost. */
const LINK_TIMEOUT_MS = 10_000;
/** Notices gathered while a read is under way are read together, up to this many per query. */
const READ_BATCH = 500;
/** How the listening connection shows in `pg_stat_activity`. */
export const RELAY_APPLICATION_NAME = 'comity-event-relay';

/**
 * What an instance announces once an event has committed: who it is and the event's id, nothing of
 * the event itself (any role that may connect to the database may LISTEN; the log has grants).
 */
export interface EventNotice {
  origin: string;
  id: string;
}

export const noticeOf = (origin: string, id: string): string =>
  JSON.stringify({ origin, id } satisfies EventNotice);

export interface RelayTarget {
  /** This instance's id: its own notices are skipped (it told its listeners from memory). */
  readonly instanceId: string;
  /** Tells this instance's listeners of an event another instance committed. */
  deliver(event: DomainEvent): void;
  /** Reads events from the log (those it holds, in any order). */
  byIds(ids: readonly string[]): Promise<DomainEvent[]>;
  /** Whether anything here listens (with no open stream, another instance's event is not read). */
  hasListeners(): boolean;
  /** Tells this instance's listeners that events may have been missed: they reload what they show. */
  resync(): void;
}

/**
 * Several instances of one node share its PostgreSQL database, and a user's event stream is held by
 * whichever instance the browser reached: a change committed by another instance must reach it too.
 * Each instance announces its events once they have committed (`DomainEvents` sends the NOTIFY
 * after the commit, never inside the business transaction, which would then queue behind the
 * server-wide lock PostgreSQL takes to commit a NOTIFY); each instance LISTENs on a connection of
 * its own, reads the others' events from the log by id and hands them to its listeners, in the
 * order the notices arrive (notices that arrive while a read is under way are read in one query). When that connection is lost it is reopened every two seconds and the
 * listeners are told to resync, since notices sent meanwhile are gone.
 *
 * LISTEN needs a session of its own: behind a pooler, this connection must use session pooling.
 */
export class PgEventRelay {
  private client: pg.Client | undefined;
  /** The client being connected, ended by `stop()` rather than waited for. */
  private opening: pg.Client | undefined;
  private stopped = false;
  private connecting: Promise<void> | undefined;
  private retry: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  /** Set while notices may have gone unheard: not yet listening, or the link was lost. */
  private missed = false;
  /** Ids of other instances' events not yet read, in the order their notices arrived. */
  private pending: string[] = [];
  /** The read under way, if any: reads run one after another, so no event overtakes an earlier one. */
  private reading: Promise<void> | undefined;

  constructor(
    private readonly connectionString: string,
    private readonly target: RelayTarget,
    private readonly log: Logger,
  ) {}

  /** Resolves once this instance is listening (or has failed to, and keeps trying). */
  async start(): Promise<void> {
    this.connecting = this.connect();
    await this.connecting;
  }

  /** Stops listening; resolves once no connection is open or opening and no notice is in hand. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    clearInterval(this.heartbeat);
    await this.opening?.end().catch(() => undefined);
    await this.connecting;
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
    await this.reading;
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({
      connectionString: this.connectionString,
      application_name: RELAY_APPLICATION_NAME,
      connectionTimeoutMillis: LINK_TIMEOUT_MS,
      query_timeout: LINK_TIMEOUT_MS,
      keepAlive: true,
      keepAliveInitialDelayMillis: LINK_TIMEOUT_MS,
    });
    this.opening = client;
    client.on('notification', (n) => {
      if (n.channel !== EVENT_CHANNEL || !n.payload) return;
      this.onNotice(n.payload);
    });
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${EVENT_CHANNEL}`);
    } catch (err) {
      this.opening = undefined;
      this.missed = true;
      if (this.stopped) return;
      this.log.warn({ err }, 'domain event relay could not listen; retrying');
      await client.end().catch(() => undefined);
      this.later();
      return;
    }
    this.opening = undefined;
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    clearInterval(this.heartbeat);
    // The query times out (LINK_TIMEOUT_MS) well before the next beat: beats never overlap.
    this.heartbeat = setInterval(() => {
      client.query('SELECT 1').catch((err: unknown) => this.lost(client, err));
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
    // Notices sent while this instance was not listening are gone: its listeners reload instead.
    if (this.missed) this.target.resync();
    this.missed = false;
  }

  private lost(client: pg.Client, err?: unknown): void {
    if (this.client !== client) return;
    this.client = undefined;
    this.missed = true;
    clearInterval(this.heartbeat);
    this.log.warn({ err }, 'domain event relay disconnected; reconnecting');
    client.end().catch(() => undefined);
    this.later();
  }

  private later(): void {
    if (this.stopped) return;
    clearTimeout(this.retry);
    this.retry = setTimeout(() => {
      this.connecting = this.connect();
    }, RECONNECT_MS);
  }

  private onNotice(payload: string): void {
    if (this.stopped) return;
    try {
      const notice = JSON.parse(payload) as Partial<EventNotice>;
      if (typeof notice.id !== 'string' || notice.origin === this.target.instanceId) return;
      this.pending.push(notice.id);
    } catch (err) {
      this.log.warn({ err }, 'domain event notice could not be read');
      return;
    }
    // Started once the notices that came in the same packet have all been queued: one read for them.
    this.reading ??= Promise.resolve()
      .then(() => this.readPending())
      .finally(() => {
        this.reading = undefined;
      });
  }

  private async readPending(): Promise<void> {
    while (this.pending.length > 0 && !this.stopped) {
      const ids = this.pending.splice(0, READ_BATCH);
      // With no open stream here, nobody would be told: nothing is read.
      if (!this.target.hasListeners()) continue;
      try {
        const byId = new Map((await this.target.byIds(ids)).map((e) => [e.id, e]));
        for (const id of ids) {
          const event = byId.get(id);
          if (event && !this.stopped) this.target.deliver(event);
        }
      } catch (err) {
        // Those events are not handed over: the streams reload what they show instead.
        this.log.warn({ err }, 'domain events could not be relayed');
        this.target.resync();
      }
    }
  }
}
