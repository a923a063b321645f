import type { NotificationKind } from '@comity/contracts';
import type { Logger } from 'pino';
import type { Clock } from '../../platform/clock.ts';
import type { Database, Queryable } from '../../platform/db/database.ts';
import { fromBool, type Tables, toBool } from '../../platform/db/schema.ts';
import { inTransaction, type UnitOfWork } from '../../platform/db/unit-of-work.ts';
import type { DomainEvents } from '../../platform/events/domain-events.ts';
import { notFound } from '../../platform/http/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { JobQueue } from '../../platform/jobs/job-queue.ts';
import type { Actor, RequestMeta } from '../access/actor.ts';
import type { AuditLog } from '../audit/audit.service.ts';
import type { Mailer } from './mail/mailer.ts';
import { mailFor } from './mail/templates.ts';
import './notifications.tables.ts';

export type Notification = Tables['notification'];
export const MAIL_JOB = 'mail.send';

export interface Preferences {
  email: boolean;
  emailKinds: NotificationKind[];
  digest: 'off' | 'daily';
}
export const DEFAULT_PREFERENCES: Preferences = {
  email: true,
  emailKinds: ['action-needed', 'reminder', 'escalation', 'task', 'task-done', 'digest'],
  digest: 'daily',
};

export interface Recipient {
  id: string;
  agencyId: string;
}

export interface NotifyInput {
  users: readonly Recipient[];
  kind: NotificationKind;
  requestId: string | null;
  /** Neutral reference (REQ-…). */
  reference: string;
  /** Unique per occurrence; with the user id it makes each notification (and its e-mail) happen once. */
  key: string;
  link?: string | undefined;
}

interface MailJob {
  notificationId: string;
}

export interface NotificationsDeps {
  database: Database;
  jobs: JobQueue;
  events: DomainEvents;
  audit: AuditLog;
  clock: Clock;
  log: Logger;
  /** Where people reach this node (publicOrigin): links point there. */
  publicUrl: string;
  mailer: Mailer | undefined;
  /** E-mail address of a user (identity module), inside the caller's transaction. */
  emailOf: (db: Queryable, userId: string) => Promise<string | undefined>;
}

const toDto = (n: Notification) => ({
  id: n.id,
  kind: n.kind,
  requestId: n.request_id,
  reference: n.reference,
  link: n.link,
  createdAt: n.created_at,
  readAt: n.read_at,
});

/**
 * Notifications to people: an in-app row per user (pushed live over the agency's event stream) and,
 * where the user's preferences say so, an e-mail carrying only a link and a neutral reference.
 * Rows and mail jobs are written in the caller's transaction under a dedupe key, so a job that runs
 * twice (crash, restart) notifies once.
 */
export class NotificationsService {
  constructor(private readonly d: NotificationsDeps) {
    d.jobs.register<MailJob>({ name: MAIL_JOB, maxAttempts: 10, handle: (p) => this.sendMail(p) });
  }

  link(requestId: string | null): string {
    const base = this.d.publicUrl.replace(/\/$/, '');
    return requestId ? `${base}/requests/${requestId}` : `${base}/inbox`;
  }

  async preferencesOf(db: Queryable, userIds: readonly string[]): Promise<Map<string, Preferences>> {
    const rows = userIds.length
      ? await db
          .selectFrom('notification_preference')
          .selectAll()
          .where('user_id', 'in', [...userIds])
          .execute()
      : [];
    const out = new Map<string, Preferences>(userIds.map((id) => [id, DEFAULT_PREFERENCES]));
    for (const r of rows)
      out.set(r.user_id, {
        email: fromBool(r.email),
        emailKinds: JSON.parse(r.email_kinds),
        digest: r.digest,
      });
    return out;
  }

  async notify(uow: UnitOfWork, n: NotifyInput): Promise<number> {
    const users = [...new Map(n.users.map((u) => [u.id, u])).values()];
    if (users.length === 0) return 0;
    const now = this.d.clock.now().toISOString();
    const link = n.link ?? this.link(n.requestId);
    const rows: Notification[] = users.map((u) => ({
      id: newId(),
      user_id: u.id,
      agency_id: u.agencyId,
      request_id: n.requestId,
      kind: n.kind,
      reference: n.reference,
      link,
      dedupe_key: `${n.key}:${u.id}`,
      created_at: now,
      read_at: null,
    }));
    const inserted = await uow.tx
      .insertInto('notification')
      .values(rows)
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .returning(['id', 'user_id', 'dedupe_key'])
      .execute();
    if (inserted.length === 0) return 0;
    const prefs = await this.preferencesOf(
      uow.tx,
      inserted.map((r) => r.user_id),
    );
    for (const r of inserted) {
      const p = prefs.get(r.user_id) ?? DEFAULT_PREFERENCES;
      if (p.email && p.emailKinds.includes(n.kind))
        await this.d.jobs.enqueue(uow.tx, MAIL_JOB, { notificationId: r.id } satisfies MailJob, {
          idempotencyKey: `mail:${r.dedupe_key}`,
        });
    }
    const byAgency = new Map<string, string[]>();
    for (const u of users) byAgency.set(u.agencyId, [...(byAgency.get(u.agencyId) ?? []), u.id]);
    for (const [agencyId, userIds] of byAgency)
      await this.d.events.emit(
        uow,
        'notification',
        { kind: n.kind, requestId: n.requestId, reference: n.reference, userIds },
        [agencyId],
        null,
      );
    return inserted.length;
  }

  private async sendMail(p: MailJob): Promise<void> {
    const db = this.d.database.db;
    const n = await db
      .selectFrom('notification')
      .selectAll()
      .where('id', '=', p.notificationId)
      .executeTakeFirst();
    if (!n) return;
    if (!this.d.mailer) {
      this.d.log.info({ kind: n.kind }, 'no SMTP configured (COMITY_SMTP_URL): e-mail not sent');
      return;
    }
    const to = await this.d.emailOf(db, n.user_id);
    if (!to) return;
    await this.d.mailer.send({ to, dedupeKey: n.dedupe_key, ...mailFor(n) });
  }

  async list(actor: Actor, meta: RequestMeta, o: { unreadOnly: boolean; limit: number }) {
    const db = this.d.database.db;
    let q = db.selectFrom('notification').selectAll().where('user_id', '=', actor.userId);
    if (o.unreadOnly) q = q.where('read_at', 'is', null);
    // By when it happened: a notification may be stored after the fact (the demo's time machine).
    const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(o.limit).execute();
    const unread = await db
      .selectFrom('notification')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', actor.userId)
      .where('read_at', 'is', null)
      .executeTakeFirst();
    await this.d.audit.record(
      { actor, meta },
      { action: 'notification.list', details: { count: rows.length } },
    );
    return { unread: Number(unread?.n ?? 0), items: rows.map(toDto) };
  }

  /** Marks one of my notifications read, audited with the change (another's is not found: no write). */
  async markRead(actor: Actor, meta: RequestMeta, id: string) {
    await inTransaction(this.d.database, async (uow) => {
      const r = await uow.tx
        .updateTable('notification')
        .set({ read_at: this.d.clock.now().toISOString() })
        .where('id', '=', id)
        .where('user_id', '=', actor.userId)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) throw notFound();
      await this.d.audit.append(
        uow,
        { actor, meta },
        { action: 'notification.read', objectType: 'notification', objectId: id },
      );
    });
  }

  async getPreferences(actor: Actor): Promise<Preferences> {
    return (
      (await this.preferencesOf(this.d.database.db, [actor.userId])).get(actor.userId) ?? DEFAULT_PREFERENCES
    );
  }

  async setPreferences(actor: Actor, meta: RequestMeta, p: Preferences): Promise<Preferences> {
    const row = {
      user_id: actor.userId,
      email: toBool(p.email),
      email_kinds: JSON.stringify([...new Set(p.emailKinds)]),
      digest: p.digest,
      updated_at: this.d.clock.now().toISOString(),
    };
    await inTransaction(this.d.database, async (uow) => {
      await uow.tx
        .insertInto('notification_preference')
        .values(row)
        .onConflict((oc) => oc.column('user_id').doUpdateSet({ ...row }))
        .execute();
      await this.d.audit.append(
        uow,
        { actor, meta },
        { action: 'notification.preferences', objectType: 'user', objectId: actor.userId, details: { ...p } },
      );
    });
    return this.getPreferences(actor);
  }
}
