import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import { atomically } from '../migrator.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the untyped schema
type AnyDb = Kysely<any>;

const REMIND = 'deadline.remind';
const ESCALATE = 'deadline.escalate';
const DAY_MS = 86_400_000;

interface Clock {
  id: string;
  started_at: string;
  base_due_at: string;
  due_at: string;
}

/** The reminder time as clocks had it when this was written: a quarter of the period, at most two days. */
const reminderAt = (c: Clock) => {
  const lead = Math.min(2 * DAY_MS, Math.max(0, Date.parse(c.base_due_at) - Date.parse(c.started_at)) / 4);
  return new Date(Date.parse(c.due_at) - lead).toISOString();
};

/**
 * A running clock keeps its next alert in its own row (`alert_at`, `alert_kind`), indexed while one
 * is pending, instead of a reminder job and then an escalation job per clock. The jobs waiting are
 * carried over: a clock whose escalation is queued (or whose reminder has run) waits for its
 * escalation; one whose escalation has run has none left; any other running clock waits for its
 * reminder. The waiting jobs are then removed (no handler runs them any more).
 */
export function up(database: AnyDb): Promise<void> {
  return atomically(database, async (db) => {
    await db.schema.alterTable('request_deadline').addColumn('alert_at', 'text').execute();
    await db.schema.alterTable('request_deadline').addColumn('alert_kind', 'text').execute();
    const jobs = (await db
      .selectFrom('job')
      .select(['name', 'status', 'payload'])
      .where('name', 'in', [REMIND, ESCALATE])
      .execute()) as { name: string; status: string; payload: string }[];
    const seen = new Map<string, Set<string>>();
    for (const j of jobs) {
      const p = JSON.parse(j.payload) as { deadlineId: string; dueAt: string };
      const key = `${p.deadlineId} ${p.dueAt}`;
      seen.set(key, (seen.get(key) ?? new Set()).add(`${j.name} ${j.status}`));
    }
    const running = (await db
      .selectFrom('request_deadline')
      .select(['id', 'started_at', 'base_due_at', 'due_at'])
      .where('status', '=', 'running')
      .execute()) as Clock[];
    for (const c of running) {
      const had = seen.get(`${c.id} ${c.due_at}`) ?? new Set<string>();
      const escalated = had.has(`${ESCALATE} done`) || had.has(`${ESCALATE} failed`);
      const reminded = [...had].some((x) => x.startsWith(ESCALATE)) || had.has(`${REMIND} done`);
      const set = escalated
        ? { alert_at: null, alert_kind: null }
        : reminded
          ? { alert_at: c.due_at, alert_kind: 'escalation' }
          : { alert_at: reminderAt(c), alert_kind: 'reminder' };
      await db.updateTable('request_deadline').set(set).where('id', '=', c.id).execute();
    }
    await db
      .deleteFrom('job')
      .where('name', 'in', [REMIND, ESCALATE])
      .where('status', 'in', ['queued', 'running'])
      .execute();
    await db.schema
      .createIndex('request_deadline_alert')
      .on('request_deadline')
      .column('alert_at')
      .where('alert_at', 'is not', null)
      .execute();
  });
}

/** Back to jobs: each running clock's pending alert becomes its job again, then the columns go. */
export function down(database: AnyDb): Promise<void> {
  return atomically(database, async (db) => {
    const pending = (await db
      .selectFrom('request_deadline')
      .select(['id', 'due_at', 'alert_at', 'alert_kind'])
      .where('status', '=', 'running')
      .where('alert_at', 'is not', null)
      .execute()) as { id: string; due_at: string; alert_at: string; alert_kind: string }[];
    const now = new Date().toISOString();
    for (const c of pending) {
      const name = c.alert_kind === 'reminder' ? REMIND : ESCALATE;
      const step = c.alert_kind === 'reminder' ? 'remind' : 'escalate';
      await db
        .insertInto('job')
        .values({
          id: crypto.randomUUID(),
          name,
          payload: JSON.stringify({ deadlineId: c.id, dueAt: c.due_at }),
          status: 'queued',
          run_at: c.alert_at,
          attempts: 0,
          max_attempts: 8,
          idempotency_key: `deadline:${c.id}:${step}:${c.due_at}`,
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) => oc.column('idempotency_key').doNothing())
        .execute();
    }
    await db.schema.dropIndex('request_deadline_alert').execute();
    await db.schema.alterTable('request_deadline').dropColumn('alert_kind').execute();
    await db.schema.alterTable('request_deadline').dropColumn('alert_at').execute();
  });
}
