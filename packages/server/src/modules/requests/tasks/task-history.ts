import type { TaskTimelineAction } from '@comity/contracts';
import type { Queryable } from '../../../platform/db/database.ts';
import type { Actor } from '../../access/actor.ts';

/** A change to one execution task, as a request's timeline lists it. */
export interface TaskEvent {
  at: string;
  action: TaskTimelineAction;
  byUserId: string | null;
  byAgencyId: string | null;
  taskId: string;
  title: string;
  ownerAgencyId: string;
  /** What a `task-changed` changed (due date, officer, result); empty for the other actions. */
  fields: string[];
}

const BY_STATUS: Record<string, TaskTimelineAction> = {
  'in-progress': 'task-started',
  done: 'task-done',
  cancelled: 'task-cancelled',
  open: 'task-reopened',
};

/**
 * What happened to the execution tasks of a request that `actor` may see (the receiving central
 * authority all of them, an executing agency its own: as the task list), read from the audit events
 * the tasks service writes in the transaction of each change. A task cancelled by the transition
 * that ended its request is that transition's entry (tasksCancelled in its audit event).
 */
export async function taskHistory(
  db: Queryable,
  actor: Actor,
  requestId: string,
  recipientAgencyId: string | null,
): Promise<TaskEvent[]> {
  let tasks = db
    .selectFrom('execution_task')
    .select(['id', 'title', 'owner_agency_id'])
    .where('request_id', '=', requestId);
  if (recipientAgencyId !== actor.agencyId) tasks = tasks.where('owner_agency_id', '=', actor.agencyId);
  const visible = new Map((await tasks.execute()).map((t) => [t.id, t]));
  if (visible.size === 0) return [];
  const events = await db
    .selectFrom('audit_event')
    .select(['occurred_at', 'action', 'actor_user_id', 'actor_agency_id', 'details'])
    .where('object_type', '=', 'request')
    .where('object_id', '=', requestId)
    .where('action', 'in', ['task.create', 'task.update'])
    .where('outcome', '=', 'success')
    .orderBy('seq')
    .execute();
  const out: TaskEvent[] = [];
  for (const e of events) {
    const d = JSON.parse(e.details) as { taskId?: string; status?: string; fields?: string[] };
    const task = d.taskId ? visible.get(d.taskId) : undefined;
    if (!task) continue;
    const fields = d.fields ?? [];
    const action =
      e.action === 'task.create'
        ? 'task-assigned'
        : fields.includes('status') && d.status
          ? (BY_STATUS[d.status] ?? 'task-changed')
          : 'task-changed';
    // A new status says what happened (a result comes with "done"); only a change says what it changed.
    const changed =
      action === 'task-changed' ? fields.filter((f) => f !== 'status' && f !== 'expectedVersion') : [];
    // An update that changed nothing (the task sent back as it was) is no event.
    if (action === 'task-changed' && changed.length === 0) continue;
    out.push({
      at: e.occurred_at,
      action,
      byUserId: e.actor_user_id,
      byAgencyId: e.actor_agency_id,
      taskId: task.id,
      title: task.title,
      ownerAgencyId: task.owner_agency_id,
      fields: changed,
    });
  }
  return out;
}

type Named = { id: string; name: string } | null;

/** A task event as a timeline entry (kind `task`), people and agencies named by the caller. */
export const taskTimelineEntry = (
  e: TaskEvent,
  person: (id: string | null) => Named,
  agency: (id: string | null) => Named,
) => ({
  at: e.at,
  kind: 'task' as const,
  action: e.action as string,
  from: null,
  to: null,
  by: person(e.byUserId),
  agency: agency(e.byAgencyId),
  details: {
    taskId: e.taskId,
    task: e.title,
    ownerAgency: agency(e.ownerAgencyId)?.name ?? '',
    ...(e.fields.length ? { fields: e.fields } : {}),
  } as Record<string, unknown>,
});
