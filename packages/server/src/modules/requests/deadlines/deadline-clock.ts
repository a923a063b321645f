import type { TransitionAction } from '@comity/contracts';
import type { DeadlineRule, Instrument } from '../../legal/index.ts';

// Clocks from the law, pure: which of an instrument's deadline rules a lifecycle event starts, and
// when each is due. Days are calendar days unless the rule says working days; working days skip
// Saturdays and Sundays; public holidays are not modelled (no holiday calendar per state yet).

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export const CALENDAR_NOTE =
  'Calendar days unless a rule says working days. Working days skip Saturdays and Sundays; public holidays are not modelled. Time spent paused (more information awaited, postponement) is added to the due time when the clock resumes.';

interface Parsed {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

const DURATION =
  /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

export function parseDuration(iso: string): Parsed {
  const m = DURATION.exec(iso);
  if (!m) throw new Error(`Not an ISO 8601 duration: ${iso}`);
  const n = (i: number) => Number(m[i] ?? 0);
  return { years: n(1), months: n(2), weeks: n(3), days: n(4), hours: n(5), minutes: n(6), seconds: n(7) };
}

const isWeekend = (d: Date) => d.getUTCDay() === 0 || d.getUTCDay() === 6;

/** Adds `n` working days (Mon–Fri), keeping the time of day. */
export function addWorkingDays(start: Date, n: number): Date {
  const d = new Date(start);
  let left = n;
  while (left > 0) {
    d.setTime(d.getTime() + DAY_MS);
    if (!isWeekend(d)) left--;
  }
  return d;
}

/** start + duration, in calendar or working days (hours, minutes and seconds are always elapsed time). */
export function addDuration(start: Date, iso: string, dayKind: 'calendar' | 'working'): Date {
  const p = parseDuration(iso);
  let d = new Date(start);
  if (p.years || p.months) {
    d = new Date(d);
    d.setUTCMonth(d.getUTCMonth() + p.years * 12 + p.months);
  }
  if (dayKind === 'working') d = addWorkingDays(d, p.weeks * 5 + p.days);
  else d = new Date(d.getTime() + (p.weeks * 7 + p.days) * DAY_MS);
  return new Date(d.getTime() + p.hours * HOUR_MS + p.minutes * 60_000 + p.seconds * 1000);
}

export interface ClockTimes {
  startedAt: Date;
  duration: string;
  dayKind: 'calendar' | 'working';
  extension?: string | null | undefined;
  pausedMs: number;
}

/** Base due (start + duration + any extension) and due (base + time paused). */
export function dueTimes(c: ClockTimes): { baseDueAt: Date; dueAt: Date } {
  let base = addDuration(c.startedAt, c.duration, c.dayKind);
  if (c.extension) base = addDuration(base, c.extension, c.dayKind);
  return { baseDueAt: base, dueAt: new Date(base.getTime() + c.pausedMs) };
}

/** The reminder goes out a quarter of the period before due, at most two days before. */
export function reminderAt(startedAt: Date, baseDueAt: Date, dueAt: Date): Date {
  const lead = Math.min(2 * DAY_MS, Math.max(0, baseDueAt.getTime() - startedAt.getTime()) / 4);
  return new Date(dueAt.getTime() - lead);
}

/** Lifecycle events that start clocks, and the rule events they are. */
export type ClockEvent = 'receipt' | 'decision' | 'final-decision' | 'consent' | 'arrest';
export const PRODUCED_EVENTS: readonly ClockEvent[] = [
  'receipt',
  'decision',
  'final-decision',
  'consent',
  'arrest',
];

/** What each transition does to the clocks. */
export interface ClockEffect {
  start?: readonly ClockEvent[];
  /** Rule actions whose clocks are met (done in time or late). */
  meet?: readonly string[];
  pause?: string;
  resume?: string;
  /** Every clock still running or paused stops (refusal, closure, withdrawal). */
  stopAll?: boolean;
  /** The requesting side's own date (urgency.deadline) starts a clock too. */
  requestedDate?: boolean;
}

export const CLOCK_EFFECTS: Partial<Record<TransitionAction, ClockEffect>> = {
  transmit: { start: ['receipt'], requestedDate: true },
  acknowledge: { meet: ['acknowledge'] },
  'request-information': { pause: 'information-requested' },
  'provide-information': { resume: 'information-requested' },
  postpone: { pause: 'postponement' },
  resume: { resume: 'postponement' },
  consent: { start: ['consent'] },
  'no-consent': { start: ['arrest'] },
  accept: { meet: ['decide', 'decide-provisional-measure'], start: ['decision', 'final-decision'] },
  refuse: { meet: ['acknowledge', 'decide', 'decide-provisional-measure'], stopAll: true },
  complete: { meet: ['execute', 'surrender', 'produce', 'execute-by-requested-date'] },
  'request-production': { meet: ['preserve'], start: ['receipt'] },
  close: { stopAll: true },
  withdraw: { stopAll: true },
};

/** Rule actions the requesting side must take (the others are the requested side's). */
export const REQUESTING_SIDE_ACTIONS: readonly string[] = ['preserve'];

export interface RequestFacts {
  urgent: boolean;
  measures: readonly string[];
}

/** The facts of a request's content that choose among its instrument's rules. */
export const factsOf = (draft: {
  urgency?: { urgent?: boolean | undefined } | undefined;
  measures?: readonly { id: string }[] | undefined;
}): RequestFacts => ({
  urgent: draft.urgency?.urgent === true,
  measures: (draft.measures ?? []).map((m) => m.id),
});

export interface RuleChoice {
  start: DeadlineRule[];
  /** Rules of this event that do not start, with the reason. */
  skipped: { rule: DeadlineRule; reason: string }[];
}

/** Why a rule does not apply to these facts, or null when it does. */
export function whyNotApplicable(rule: DeadlineRule, facts: RequestFacts): string | null {
  const w = rule.appliesWhen;
  if (!w) return null;
  if (w.urgent !== undefined && w.urgent !== facts.urgent)
    return w.urgent ? 'applies to urgent requests only' : 'applies to non-urgent requests only';
  if (w.measures && !w.measures.some((m) => facts.measures.includes(m)))
    return `applies only to the measures ${w.measures.join(', ')}`;
  return null;
}

/**
 * The rules an event starts. Two rules with the same action and duration (e-evidence Art. 10(2) and
 * 10(3)) are one clock: the first is kept, the other reported as the same period.
 */
export function rulesFor(instrument: Instrument, event: ClockEvent, facts: RequestFacts): RuleChoice {
  const start: DeadlineRule[] = [];
  const skipped: RuleChoice['skipped'] = [];
  for (const rule of instrument.deadlineRules) {
    if (rule.event !== event) continue;
    const why = whyNotApplicable(rule, facts);
    if (why) {
      skipped.push({ rule, reason: why });
      continue;
    }
    const twin = start.find((r) => r.action === rule.action && r.duration === rule.duration);
    if (twin) {
      skipped.push({ rule, reason: `same period as ${twin.id} (${twin.citation})` });
      continue;
    }
    start.push(rule);
  }
  return { start, skipped };
}

/** End of the requested date (UTC), as a due time. */
export const endOfDay = (isoDate: string): Date => new Date(`${isoDate}T23:59:59.999Z`);
