import type { RequestKind } from '@comity/contracts';
import type { Logger } from 'pino';
import type { Database, Queryable } from '../../../platform/db/database.ts';
import { fromBool } from '../../../platform/db/schema.ts';
import { inTransaction, type UnitOfWork } from '../../../platform/db/unit-of-work.ts';
import type { DomainEvents } from '../../../platform/events/domain-events.ts';
import type { JobQueue } from '../../../platform/jobs/job-queue.ts';
import { systemMeta } from '../../access/actor.ts';
import { type Permission, permissionsFor } from '../../access/permissions.ts';
import type { AuditLog } from '../../audit/audit.service.ts';
import type { NotificationsService } from '../../notifications/notifications.service.ts';
import type { DeadlineRow } from '../deadlines/deadlines.repository.ts';
import type { Deadlines } from '../deadlines/deadlines.service.ts';
import { type LifecycleRow, lifecycleRepository as repo } from './lifecycle.repository.ts';
import { NOTIFY_JOB } from './lifecycle.service.ts';
import { requestReference } from './lifecycle-context.ts';
import type { People, UserInfo } from './people.ts';
import { type LifecycleContext, permissionsToAct, type Side, TURN } from './request-lifecycle.ts';
import { NOTIFY_RECEIVED_JOB, type ReceivedRequests } from './transmission/received-requests.ts';

export interface NotifyDeps {
  database: Database;
  jobs: JobQueue;
  events: DomainEvents;
  audit: AuditLog;
  people: People;
  notifications: NotificationsService;
  deadlines: Deadlines;
  log: Logger;
  /** Requests received from partner nodes (when this node federates): their clocks are kept here too. */
  received?: Pick<ReceivedRequests, 'has'> | undefined;
}

function ctxOf(life: LifecycleRow, kind: string, instrumentId: string | null): LifecycleContext {
  return {
    state: life.state,
    kind: kind as RequestKind,
    instrumentId,
    resumeState: life.resume_state,
    validationRequired: fromBool(life.validation_required),
    drafters: [],
    submittedBy: life.submitted_by,
    openTasks: 0,
    consentRecorded: life.consent !== null,
  };
}

const agencyOf = (life: LifecycleRow, side: Side): string | null =>
  side === 'requesting'
    ? life.requesting_agency_id
    : side === 'requested'
      ? life.recipient_agency_id
      : life.validator_agency_id;

/** Active users of the agency whose roles grant one of the permissions. */
async function ableUsers(
  people: People,
  db: Queryable,
  agencyId: string,
  perms: readonly Permission[],
): Promise<UserInfo[]> {
  const users = await people.usersOf(db, [agencyId]);
  return users.filter((u) => {
    if (!u.active) return false;
    const mine = permissionsFor(u.roles);
    return perms.some((p) => mine.has(p));
  });
}

/**
 * Who is told what, as durable jobs: after each transition, the people whose move it now is
 * (`action-needed`) and the request's author when the other side acted (`transition`); before a
 * clock is due, those who can act (`reminder`); once it is overdue, the owning agency's supervisors
 * (`escalation`). Notifications are keyed, so each is delivered once, also across restarts.
 */
export function registerLifecycleJobs(d: NotifyDeps): void {
  const inTx = <T>(fn: (uow: UnitOfWork) => Promise<T>) => inTransaction(d.database, fn);

  d.jobs.register<{ requestId: string; version: number }>({
    name: NOTIFY_JOB,
    handle: (p) =>
      inTx(async (uow) => {
        const { tx } = uow;
        const life = await repo.byId(tx, p.requestId);
        const t = (await repo.transitions(tx, p.requestId)).find((x) => x.version === p.version);
        const req = await tx
          .selectFrom('mla_request')
          .selectAll()
          .where('id', '=', p.requestId)
          .executeTakeFirst();
        if (!life || !t || !req) return;
        const reference = requestReference(req.id);
        const side = TURN[t.to_state];
        const agency = side ? agencyOf(life, side) : null;
        if (side && agency && life.state === t.to_state) {
          const perms = permissionsToAct(ctxOf(life, req.kind, req.instrument_id), side);
          const users = (await ableUsers(d.people, tx, agency, perms)).filter(
            (u) => u.id !== t.actor_user_id,
          );
          await d.notifications.notify(uow, {
            users,
            kind: 'action-needed',
            requestId: req.id,
            reference,
            key: `transition:${req.id}:${p.version}`,
          });
        }
        if (t.actor_agency_id !== req.agency_id && req.created_by !== t.actor_user_id)
          await d.notifications.notify(uow, {
            users: [{ id: req.created_by, agencyId: req.agency_id }],
            kind: 'transition',
            requestId: req.id,
            reference,
            key: `transition-info:${req.id}:${p.version}`,
          });
      }),
  });

  // A request received from a partner node: its recipient agency's caseworkers, when it is their move.
  d.jobs.register<{ requestId: string; version: number }>({
    name: NOTIFY_RECEIVED_JOB,
    handle: (p) =>
      inTx(async (uow) => {
        const row = await uow.tx
          .selectFrom('request_received')
          .selectAll()
          .where('request_id', '=', p.requestId)
          .executeTakeFirst();
        // Moved on meanwhile: the job of the later version tells what is current.
        if (!row || row.version !== p.version || TURN[row.state] !== 'requested') return;
        const users = (
          await ableUsers(d.people, uow.tx, row.recipient_agency_id, ['request.receive'])
        ).filter((u) => u.id !== row.updated_by);
        await d.notifications.notify(uow, {
          users,
          kind: 'action-needed',
          requestId: row.request_id,
          reference: requestReference(row.request_id),
          key: `transition:${row.request_id}:${p.version}`,
        });
      }),
  });

  const onDue = async (uow: UnitOfWork, c: DeadlineRow, kind: 'reminder' | 'escalation') => {
    const { tx } = uow;
    const life = await repo.byId(tx, c.request_id);
    const req = await tx
      .selectFrom('mla_request')
      .selectAll()
      .where('id', '=', c.request_id)
      .executeTakeFirst();
    let perms: Permission[];
    if (life && req) perms = permissionsToAct(ctxOf(life, req.kind, req.instrument_id), c.owner_side);
    // A request received from a partner node: its clocks here are the receiving agency's.
    else if (await d.received?.has(tx, c.request_id)) perms = [];
    else return;
    const able = await ableUsers(d.people, tx, c.owner_agency_id, perms.length ? perms : ['request.receive']);
    let users = able;
    if (kind === 'escalation') {
      const supervisors = (await d.people.usersOf(tx, [c.owner_agency_id])).filter(
        (u) => u.active && u.roles.includes('supervisor'),
      );
      users = supervisors.length ? supervisors : able;
    }
    const key = `deadline:${c.id}:${kind}:${c.due_at}`;
    const sent = await d.notifications.notify(uow, {
      users,
      kind,
      requestId: c.request_id,
      reference: requestReference(c.request_id),
      key,
    });
    if (sent === 0) return;
    await d.audit.append(
      uow,
      { actor: null, meta: systemMeta },
      {
        action: kind === 'reminder' ? 'deadline.reminder' : 'deadline.escalation',
        objectType: 'request',
        objectId: c.request_id,
        details: { deadlineId: c.id, ruleId: c.rule_id, dueAt: c.due_at, recipients: users.length },
      },
    );
    await d.events.emit(
      uow,
      kind === 'reminder' ? 'deadline.reminder' : 'deadline.overdue',
      { requestId: c.request_id, deadlineId: c.id, dueAt: c.due_at, citation: c.citation },
      [c.owner_agency_id],
      null,
    );
  };
  d.jobs.registerScan(d.deadlines.alertScan(onDue, inTx, () => d.database.db, d.log));
}
