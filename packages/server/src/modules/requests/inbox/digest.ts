import type { Clock } from '../../../platform/clock.ts';
import type { Database, Queryable } from '../../../platform/db/database.ts';
import { inTransaction } from '../../../platform/db/unit-of-work.ts';
import type { JobQueue } from '../../../platform/jobs/job-queue.ts';
import type { NotificationsService } from '../../notifications/notifications.service.ts';
import { deadlinesRepository } from '../deadlines/deadlines.repository.ts';
import type { People } from '../lifecycle/people.ts';
import { TASKS_WORKABLE } from '../tasks/tasks.service.ts';

export const DIGEST_JOB = 'notifications.digest';
/** The digest goes out at 06:00 UTC. */
const HOUR_UTC = 6;
const DAY_MS = 86_400_000;

/**
 * The daily digest of due items: each morning every officer of an agency with clocks or open
 * execution tasks due within a week (or overdue) gets one notification — by e-mail when their preferences ask for the digest —
 * saying only that there are items and linking to the inbox. One job per day, keyed by date; each
 * run schedules the next, so the chain survives restarts and never doubles.
 */
export class DailyDigest {
  constructor(
    private readonly database: Database,
    private readonly jobs: JobQueue,
    private readonly clock: Clock,
    private readonly people: People,
    private readonly notifications: NotificationsService,
  ) {
    jobs.register<{ date: string }>({
      name: DIGEST_JOB,
      handle: async (p) => {
        await this.run(p.date);
      },
    });
  }

  /** Next 06:00 UTC at or after `from`. */
  static nextRun(from: Date): Date {
    const d = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate(), HOUR_UTC));
    return d < from ? new Date(d.getTime() + DAY_MS) : d;
  }

  async schedule(db: Queryable = this.database.db, from: Date = this.clock.now()): Promise<string> {
    const at = DailyDigest.nextRun(from);
    const date = at.toISOString().slice(0, 10);
    await this.jobs.enqueue(db, DIGEST_JOB, { date }, { runAt: at, idempotencyKey: `digest:${date}` });
    return date;
  }

  async run(date: string): Promise<number> {
    return inTransaction(this.database, async (uow) => {
      const now = this.clock.now();
      const week = new Date(now.getTime() + 7 * DAY_MS).toISOString();
      const due = await uow.tx
        .selectFrom('request_deadline')
        .select('owner_agency_id')
        .distinct()
        .where('status', '=', 'running')
        .where('due_at', '<', week)
        .execute();
      // An executing agency keeps no clock of the law: what falls due there are its open tasks, on
      // requests of this node and on requests received from partner nodes alike.
      const openTasks = uow.tx
        .selectFrom('execution_task as t')
        .select('t.owner_agency_id')
        .where('t.status', 'in', ['open', 'in-progress'])
        .where('t.due_at', '<', week);
      const tasks = [
        ...(await openTasks
          .innerJoin('request_lifecycle as l', 'l.request_id', 't.request_id')
          .where('l.state', 'in', TASKS_WORKABLE)
          .execute()),
        ...(await openTasks
          .innerJoin('request_received as r', 'r.request_id', 't.request_id')
          .where('r.state', 'in', TASKS_WORKABLE)
          .execute()),
      ];
      const counts = new Map<string, number>();
      for (const c of await deadlinesRepository.runningDueBefore(
        uow.tx,
        due.map((r) => r.owner_agency_id),
        week,
      ))
        counts.set(c.owner_agency_id, (counts.get(c.owner_agency_id) ?? 0) + 1);
      for (const t of tasks) counts.set(t.owner_agency_id, (counts.get(t.owner_agency_id) ?? 0) + 1);
      const agencies = [...counts.keys()];
      const users = (await this.people.usersOf(uow.tx, agencies)).filter(
        (u) => u.active && u.roles.length > 0,
      );
      const prefs = await this.notifications.preferencesOf(
        uow.tx,
        users.map((u) => u.id),
      );
      const wanted = users.filter(
        (u) => prefs.get(u.id)?.digest === 'daily' && (counts.get(u.agencyId) ?? 0) > 0,
      );
      const sent = await this.notifications.notify(uow, {
        users: wanted.map((u) => ({ id: u.id, agencyId: u.agencyId })),
        kind: 'digest',
        requestId: null,
        reference: `DIGEST-${date}`,
        key: `digest:${date}`,
        link: `${this.notifications.link(null)}?view=due-this-week`,
      });
      await this.schedule(
        uow.tx,
        new Date(Date.parse(`${date}T${String(HOUR_UTC).padStart(2, '0')}:00:00.000Z`) + 1),
      );
      return sent;
    });
  }
}
