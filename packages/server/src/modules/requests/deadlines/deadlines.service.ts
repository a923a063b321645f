import type { TransitionAction } from '@comity/contracts';
import type { Logger } from 'pino';
import type { Clock } from '../../../platform/clock.ts';
import type { Queryable } from '../../../platform/db/database.ts';
import { fromBool, toBool } from '../../../platform/db/schema.ts';
import type { UnitOfWork } from '../../../platform/db/unit-of-work.ts';
import { AppError, validationFailed } from '../../../platform/http/errors.ts';
import { newId } from '../../../platform/ids.ts';
import type { DueScan, JobQueue, JobSpec } from '../../../platform/jobs/job-queue.ts';
import type { DeadlineRule, Instrument } from '../../legal/index.ts';
import {
  CALENDAR_NOTE,
  CLOCK_EFFECTS,
  dueTimes,
  endOfDay,
  PRODUCED_EVENTS,
  REQUESTING_SIDE_ACTIONS,
  type RequestFacts,
  reminderAt,
  rulesFor,
  whyNotApplicable,
} from './deadline-clock.ts';
import { type DeadlineRow, type PendingAlert, deadlinesRepository as repo } from './deadlines.repository.ts';
import type { AlertKind } from './deadlines.tables.ts';

export interface ClockScope {
  requestId: string;
  instrument: Instrument | undefined;
  facts: RequestFacts;
  /** Null where the requesting side's clocks are not kept (a request received from a partner node). */
  requestingAgencyId: string | null;
  requestedAgencyId: string | null;
  /** The requesting side's own date (urgency.deadline), YYYY-MM-DD. */
  requestedDate: string | null;
}

export interface ClockOptions {
  /** When the trigger happened, if not now (arrest, consent). */
  startAt?: Date | undefined;
  /** Measures a production request names (e-evidence preservation → production). */
  measures?: readonly string[] | undefined;
}

/** Called by the alert scan for a running clock whose reminder or escalation is due. */
export type DueListener = (uow: UnitOfWork, deadline: DeadlineRow, kind: AlertKind) => Promise<void>;

/** A running clock's first alert: the reminder, some time before it is due (reminderAt). */
const firstAlert = (
  row: Pick<DeadlineRow, 'started_at' | 'base_due_at' | 'due_at'>,
): Pick<DeadlineRow, 'alert_at' | 'alert_kind'> => ({
  alert_at: reminderAt(
    new Date(row.started_at),
    new Date(row.base_due_at),
    new Date(row.due_at),
  ).toISOString(),
  alert_kind: 'reminder',
});
const NO_ALERT = { alert_at: null, alert_kind: null } as const;
/** How long an alert whose delivery failed waits before it is tried again. */
const ALERT_RETRY_MS = 15 * 60_000;

/**
 * Law-driven deadlines. A transition's trigger event starts the clocks its instrument defines (each a
 * copy of its rule, with citation and verified mark); asking for information or postponing pauses
 * the requested side's clocks, and resuming adds the paused time; decisions and execution meet them;
 * refusal, closure and withdrawal stop them. A running clock keeps its next alert — the reminder, then
 * the escalation — in its own row, indexed while pending, and the alert scan delivers each once.
 */
export class Deadlines {
  constructor(
    private readonly jobs: JobQueue,
    private readonly clock: Clock,
  ) {}

  /**
   * The scan that delivers due alerts (registered with the job queue, which runs it with the due
   * jobs). Each alert is delivered in a transaction of its own that moves the clock on to its next
   * alert, so it is delivered once, also across restarts and by several instances at once; one that
   * fails is tried again 15 minutes later (the others due are not held back). A reminder found only once its clock is due
   * (the node was down) is not sent late: the escalation is.
   */
  alertScan(
    onDue: DueListener,
    inTx: <T>(fn: (uow: UnitOfWork) => Promise<T>) => Promise<T>,
    db: () => Queryable,
    log: Logger,
  ): DueScan {
    const deliver = (alert: PendingAlert, now: string) =>
      inTx(async (uow) => {
        const row = await repo.byId(uow.tx, alert.id);
        if (row?.status !== 'running') return false;
        const kind: AlertKind =
          alert.alert_kind === 'reminder' && row.due_at > now ? 'reminder' : 'escalation';
        const next =
          kind === 'reminder' ? { alert_at: row.due_at, alert_kind: 'escalation' as const } : NO_ALERT;
        if (!(await repo.advanceAlert(uow.tx, alert, next))) return false;
        await onDue(uow, row, kind);
        return true;
      });
    return {
      name: 'deadline.alerts',
      run: async (limit) => {
        const now = this.clock.now().toISOString();
        let delivered = 0;
        for (const alert of await repo.alertsDue(db(), now, limit)) {
          try {
            if (await deliver(alert, now)) delivered++;
          } catch (err) {
            log.warn({ err, deadlineId: alert.id, kind: alert.alert_kind }, 'deadline alert failed');
            // Tried again later, not at every run: an alert that keeps failing would otherwise come
            // first each time and hold back every other one due.
            const later = new Date(Date.parse(now) + ALERT_RETRY_MS).toISOString();
            await inTx((uow) =>
              repo.advanceAlert(uow.tx, alert, { alert_at: later, alert_kind: alert.alert_kind }),
            ).catch((e: unknown) =>
              log.warn({ err: e, deadlineId: alert.id }, 'deadline alert not postponed'),
            );
          }
        }
        return delivered;
      },
    };
  }

  private clockFrom(scope: ClockScope, rule: DeadlineRule, startedAt: Date, now: string): DeadlineRow | null {
    const requesting = REQUESTING_SIDE_ACTIONS.includes(rule.action);
    const owner = requesting ? scope.requestingAgencyId : scope.requestedAgencyId;
    if (!owner) return null;
    const { baseDueAt, dueAt } = dueTimes({
      startedAt,
      duration: rule.duration,
      dayKind: rule.dayKind,
      pausedMs: 0,
    });
    return {
      id: newId(),
      request_id: scope.requestId,
      rule_id: rule.id,
      instrument_id: scope.instrument?.id ?? null,
      basis: 'law',
      owner_side: requesting ? 'requesting' : 'requested',
      owner_agency_id: owner,
      event: rule.event,
      action: rule.action,
      duration: rule.duration,
      day_kind: rule.dayKind,
      citation: rule.citation,
      verified: toBool(rule.verified),
      note: rule.note ?? null,
      ext_duration: rule.extension?.duration ?? null,
      ext_condition: rule.extension?.condition ?? null,
      ext_citation: rule.extension?.citation ?? null,
      ext_verified: rule.extension ? toBool(rule.extension.verified) : null,
      ext_applied: 0,
      ext_reasons: null,
      started_at: startedAt.toISOString(),
      base_due_at: baseDueAt.toISOString(),
      due_at: dueAt.toISOString(),
      paused_ms: 0,
      paused_at: null,
      pause_reason: null,
      status: 'running',
      ended_at: null,
      ended_reason: null,
      created_at: now,
      ...firstAlert({
        started_at: startedAt.toISOString(),
        base_due_at: baseDueAt.toISOString(),
        due_at: dueAt.toISOString(),
      }),
    };
  }

  /**
   * What `action` does to the request's clocks. Runs in the transition's transaction. `alsoEnqueue`:
   * the transition's own jobs, written in the same statement as the clocks' jobs.
   */
  async apply(
    uow: UnitOfWork,
    action: TransitionAction,
    scope: ClockScope,
    o: ClockOptions = {},
    alsoEnqueue: readonly JobSpec[] = [],
  ): Promise<void> {
    const effect = CLOCK_EFFECTS[action];
    if (!effect) return this.jobs.enqueueMany(uow.tx, alsoEnqueue);
    const db = uow.tx;
    const nowDate = this.clock.now();
    const now = nowDate.toISOString();
    if (effect.meet)
      await repo.end(db, scope.requestId, { status: 'met', at: now, reason: action, actions: effect.meet });
    if (effect.stopAll) await repo.end(db, scope.requestId, { status: 'stopped', at: now, reason: action });
    if (effect.pause) {
      for (const c of await repo.live(db, scope.requestId)) {
        if (c.status !== 'running' || c.owner_side !== 'requested') continue;
        await repo.update(db, c.id, {
          status: 'paused',
          paused_at: now,
          pause_reason: effect.pause,
          ...NO_ALERT,
        });
      }
    }
    if (effect.resume) {
      for (const c of await repo.live(db, scope.requestId)) {
        if (c.status !== 'paused' || c.pause_reason !== effect.resume || !c.paused_at) continue;
        const pausedMs = c.paused_ms + (nowDate.getTime() - new Date(c.paused_at).getTime());
        const dueAt = new Date(new Date(c.base_due_at).getTime() + pausedMs).toISOString();
        await repo.update(db, c.id, {
          status: 'running',
          paused_at: null,
          pause_reason: null,
          paused_ms: pausedMs,
          due_at: dueAt,
          ...firstAlert({ ...c, due_at: dueAt }),
        });
      }
    }
    const rows: DeadlineRow[] = [];
    if (effect.start && scope.instrument) {
      const facts = o.measures ? { ...scope.facts, measures: o.measures } : scope.facts;
      for (const event of effect.start) {
        for (const rule of rulesFor(scope.instrument, event, facts).start) {
          const row = this.clockFrom(scope, rule, o.startAt ?? nowDate, now);
          if (row) rows.push(row);
        }
      }
    }
    if (effect.requestedDate && scope.requestedDate && scope.requestedAgencyId) {
      const due = endOfDay(scope.requestedDate).toISOString();
      const pace = scope.instrument?.executionPace ?? scope.instrument?.urgencyRule;
      rows.push({
        ...this.clockFrom(
          scope,
          {
            id: 'requested-date',
            event: 'receipt',
            action: 'execute-by-requested-date',
            duration: 'P0D',
            dayKind: 'calendar',
            citation: '',
            verified: false,
          },
          nowDate,
          now,
        )!,
        basis: 'requested-date',
        duration: null,
        citation: pace?.citation ?? 'Date set by the requesting authority',
        verified: toBool(pace?.verified ?? false),
        note: 'The requesting side’s own date: to be respected as far as possible.',
        base_due_at: due,
        due_at: due,
        ...firstAlert({ started_at: now, base_due_at: due, due_at: due }),
      });
    }
    await repo.insert(db, rows);
    await this.jobs.enqueueMany(db, alsoEnqueue);
  }

  /** Applies a rule's extension once, with reasons (EIO Art. 12(5), EAW Art. 17(4), e-evidence Art. 11(1)). */
  async extend(
    uow: UnitOfWork,
    requestId: string,
    deadlineId: string,
    reasons: string,
    side: 'requesting' | 'requested',
  ): Promise<DeadlineRow> {
    const c = await repo.byId(uow.tx, deadlineId);
    // The request was found: an unknown clock is a wrong field, not a missing request.
    if (!c || c.request_id !== requestId)
      throw validationFailed([{ path: 'body.deadlineId', message: 'No such deadline on this request.' }]);
    if (c.owner_side !== side) throw new AppError('conflict', 'This deadline is the other side’s to extend.');
    if (c.status !== 'running' && c.status !== 'paused')
      throw new AppError('conflict', `The deadline is ${c.status}; only a running clock is extended.`);
    if (!c.ext_duration || !c.duration)
      throw new AppError('conflict', `${c.citation} provides no extension.`);
    if (fromBool(c.ext_applied)) throw new AppError('conflict', 'This deadline was already extended.');
    const { baseDueAt, dueAt } = dueTimes({
      startedAt: new Date(c.started_at),
      duration: c.duration,
      dayKind: c.day_kind,
      extension: c.ext_duration,
      pausedMs: c.paused_ms,
    });
    const set = {
      ext_applied: 1 as const,
      ext_reasons: reasons,
      base_due_at: baseDueAt.toISOString(),
      due_at: dueAt.toISOString(),
    };
    // A running clock is reminded again before its new due time; a paused one, once it resumes.
    const alert = c.status === 'running' ? firstAlert({ ...c, ...set }) : NO_ALERT;
    await repo.update(uow.tx, c.id, { ...set, ...alert });
    return { ...c, ...set, ...alert };
  }

  /** The clocks of a request, and the instrument's rules that have none, with why. */
  async list(
    db: Queryable,
    requestId: string,
    instrument: Instrument | undefined,
    facts: RequestFacts,
    o: { keptByPartner?: 'requesting' } = {},
  ) {
    const rows = await repo.forRequest(db, requestId);
    const now = this.clock.now().toISOString();
    const have = new Set(rows.map((r) => r.rule_id));
    const untracked = (instrument?.deadlineRules ?? [])
      .filter((r) => !have.has(r.id))
      .map((r) => ({
        ruleId: r.id,
        event: r.event,
        citation: r.citation,
        verified: r.verified,
        reason:
          o.keptByPartner === 'requesting' && REQUESTING_SIDE_ACTIONS.includes(r.action)
            ? 'The requesting side’s deadline: kept on the requesting node.'
            : !(PRODUCED_EVENTS as readonly string[]).includes(r.event)
              ? `The lifecycle does not record the trigger event "${r.event}".`
              : (whyNotApplicable(r, facts) ?? `Starts on ${r.event}, if it happens.`),
      }));
    return { items: rows.map((r) => toDeadline(r, now)), untracked, calendarNote: CALENDAR_NOTE };
  }
}

export function toDeadline(r: DeadlineRow, now: string) {
  return {
    id: r.id,
    ruleId: r.rule_id,
    basis: r.basis,
    event: r.event,
    action: r.action,
    owner: r.owner_side,
    duration: r.duration,
    dayKind: r.day_kind,
    startedAt: r.started_at,
    baseDueAt: r.base_due_at,
    dueAt: r.due_at,
    pausedMs: r.paused_ms,
    pausedSince: r.paused_at,
    pauseReason: r.pause_reason,
    status: r.status,
    endedAt: r.ended_at,
    endedReason: r.ended_reason,
    overdue: r.status === 'running' && r.due_at < now,
    extension: r.ext_duration
      ? {
          duration: r.ext_duration,
          condition: r.ext_condition ?? '',
          applied: fromBool(r.ext_applied),
          reasons: r.ext_reasons,
          citation: r.ext_citation ?? '',
          verified: fromBool(r.ext_verified),
        }
      : null,
    citation: r.citation,
    verified: fromBool(r.verified),
    note: r.note,
  };
}
