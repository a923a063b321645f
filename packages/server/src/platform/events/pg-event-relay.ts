import pg from 'pg';
import type { Logger } from 'pino';
import type { DomainEvent } from './domain-events.ts';

/** The PostgreSQL channel on which instances sharing one database announce their domain events. */
export const EVENT_CHANNEL = 'comity_domain_event';
/** PostgreSQL refuses a NOTIFY payload of 8000 bytes or more: a larger event travels by id. */
const MAX_NOTIFY_BYTES = 7900;
const RECONNECT_MS = 2_000;

/** What an instance announces: the event itself, or only its id when it is too large. */
export interface EventNotice {
  origin: string;
  event?: DomainEvent;
  id?: string;
}

/** The NOTIFY payload of `event`, emitted by instance `origin`. */
export function noticeOf(origin: string, event: DomainEvent): string {
  const whole = JSON.stringify({ origin, event } satisfies EventNotice);
  return Buffer.byteLength(whole, 'utf8') < MAX_NOTIFY_BYTES
    ? whole
    : JSON.stringify({ origin, id: event.id } satisfies EventNotice);
}

export interface RelayTarget {
  /** This instance's id: its own notices are skipped (it told its listeners from memory). */
  readonly instanceId: string;
  /** Tells this instance's listeners of an event another instance committed. */
  deliver(event: DomainEvent): void;
  /** Reads an event from the log (a notice that carried only the id). */
  byId(id: string): Promise<DomainEvent | undefined>;
}

/**
 * Several instances of one node share its PostgreSQL database, and a user's event stream is held by
 * whichever instance the browser reached: a change committed by another instance must reach it too.
 * Each event is announced with NOTIFY in the transaction that writes it — PostgreSQL delivers it only
 * if that transaction commits, and to every listener in commit order — and each instance LISTENs on
 * a connection of its own and hands other instances' events to its listeners. While that connection
 * is down (it is reopened every two seconds) events are missed here, as a browser's own dropped
 * connection misses them: a stream that reconnects replays from the log (`DomainEvents.since`).
 */
export class PgEventRelay {
  private client: pg.Client | undefined;
  private stopped = false;
  private retry: NodeJS.Timeout | undefined;
  /** Notices are handled one after another: one read back by id must not let later ones overtake it. */
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly connectionString: string,
    private readonly target: RelayTarget,
    private readonly log: Logger,
  ) {}

  /** Resolves once this instance is listening (or has failed to, and keeps trying). */
  async start(): Promise<void> {
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({ connectionString: this.connectionString });
    client.on('notification', (n) => {
      if (n.channel !== EVENT_CHANNEL || !n.payload) return;
      const payload = n.payload;
      this.chain = this.chain.then(() => this.onNotice(payload));
    });
    const lost = (err?: unknown) => {
      if (this.client !== client) return;
      this.client = undefined;
      this.log.warn({ err }, 'domain event relay disconnected; reconnecting');
      client.end().catch(() => undefined);
      this.later();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    try {
      await client.connect();
      await client.query(`LISTEN ${EVENT_CHANNEL}`);
      if (this.stopped) {
        await client.end();
        return;
      }
      this.client = client;
    } catch (err) {
      this.log.warn({ err }, 'domain event relay could not listen; retrying');
      client.end().catch(() => undefined);
      this.later();
    }
  }

  private later(): void {
    if (this.stopped) return;
    clearTimeout(this.retry);
    this.retry = setTimeout(() => void this.connect(), RECONNECT_MS);
  }

  private async onNotice(payload: string): Promise<void> {
    try {
      const notice = JSON.parse(payload) as EventNotice;
      if (notice.origin === this.target.instanceId) return;
      const event = notice.event ?? (notice.id ? await this.target.byId(notice.id) : undefined);
      if (event) this.target.deliver(event);
    } catch (err) {
      this.log.warn({ err }, 'domain event notice could not be relayed');
    }
  }
}
