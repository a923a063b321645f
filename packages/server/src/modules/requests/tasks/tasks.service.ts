import type { RequestState } from '@comity/contracts';
import { sql } from 'kysely';
import type { Clock } from '../../../platform/clock.ts';
import type { Database, Queryable } from '../../../platform/db/database.ts';
import type { Tables } from '../../../platform/db/schema.ts';
import { inTransaction } from '../../../platform/db/unit-of-work.ts';
import type { DomainEvents } from '../../../platform/events/domain-events.ts';
import { AppError, notFound, StaleVersion, validationFailed } from '../../../platform/http/errors.ts';
import { newId } from '../../../platform/ids.ts';
import type { AccessGate } from '../../access/access-gate.ts';
import type { Actor, RequestMeta } from '../../access/actor.ts';
import { worldRefusal } from '../../access/exercise-world.ts';
import type { AuditLog } from '../../audit/audit.service.ts';
import type { NotificationsService } from '../../notifications/notifications.service.ts';
import { lifecycleRepository } from '../lifecycle/lifecycle.repository.ts';
import { requestReference } from '../lifecycle/lifecycle-context.ts';
import type { AgencyInfo, People } from '../lifecycle/people.ts';
import './tasks.tables.ts';

type TaskRow = Tables['execution_task'];
type Status = TaskRow['status'];

export interface CreateTaskInput {
  title: string;
  description?: string | undefined;
  measure?: string | undefined;
  ownerAgencyId: string;
  ownerUserId?: string | undefined;
  dueAt?: string | undefined;
}
export interface UpdateTaskInput {
  expectedVersion: number;
  status?: Status | undefined;
  result?: string | null | undefined;
  ownerUserId?: string | null | undefined;
  dueAt?: string | null | undefined;
}

/** The requested side of a request, as its tasks need it: whose it is, where it stands. */
export interface RequestedSide {
  recipient_agency_id: string | null;
  state: RequestState;
}

/**
 * Requests received from partner nodes (ReceivedRequests), whose requested side is on this node:
 * their central authority assigns tasks on them as on a request of this node.
 */
export interface ReceivedForTasks {
  /** The received request's requested side, if the actor may read it. */
  requestedSide(actor: Actor, requestId: string): Promise<RequestedSide | undefined>;
}

/** Tasks on one task board, at most. */
export const BOARD_PAGE = 500;
/** Batches of BOARD_PAGE tasks a board reads, at most, looking for tasks its reader may see. */
const BOARD_SCAN_BATCHES = 20;

const ASSIGNABLE: readonly RequestState[] = [
  'under-assessment',
  'accepted',
  'postponed',
  'in-execution',
  'partially-executed',
];

/** States of a request in which its execution tasks are worked on (executed: their results noted). */
export const TASKS_WORKABLE: readonly RequestState[] = [...ASSIGNABLE, 'executed'];

/** States a request does not leave for one where its tasks are worked on again: they end with it. */
const TASKS_END: readonly RequestState[] = ['refused', 'withdrawn', 'cancelled', 'closed'];

/**
 * In the transaction of a transition into a state that ends them (a refusal, a withdrawal, the
 * closure), the request's open tasks are cancelled: otherwise they stayed open, past due and
 * unchangeable on the executing agency's board and in its worklist. How many were.
 */
export async function cancelTasksEndedBy(
  tx: Queryable,
  requestId: string,
  to: RequestState,
  by: string,
  at: string,
): Promise<number> {
  if (!TASKS_END.includes(to)) return 0;
  const r = await tx
    .updateTable('execution_task')
    .set((eb) => ({
      status: 'cancelled',
      version: eb('version', '+', 1),
      updated_at: at,
      updated_by: by,
    }))
    .where('request_id', '=', requestId)
    .where('status', 'in', ['open', 'in-progress'])
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** The task's columns an update may change, by the update's field names. */
const UPDATE_COLUMNS = {
  status: 'status',
  result: 'result',
  ownerUserId: 'owner_user_id',
  dueAt: 'due_at',
} as const;

/**
 * What an update changes: the fields it gives with another value than the task had (a client
 * sending the whole task back changes only what differs). The timeline says what changed by them.
 */
function changedFields(input: UpdateTaskInput, row: TaskRow): string[] {
  return (Object.keys(UPDATE_COLUMNS) as (keyof typeof UPDATE_COLUMNS)[])
    .filter((f) => input[f] !== undefined && input[f] !== row[UPDATE_COLUMNS[f]])
    .sort();
}

/**
 * Execution tasks: the receiving authority splits an incoming request into tasks for executing
 * agencies (hear witness X, obtain records from bank Y), each with an owner, a due date, a status and
 * a result. The owner agency's officers update their tasks; partial results can be returned while
 * other tasks continue (transition `return-results`). A request received from a partner node is
 * split the same way on this node, by the same rules.
 */
export class TasksService {
  constructor(
    private readonly database: Database,
    private readonly gate: AccessGate,
    private readonly audit: AuditLog,
    private readonly events: DomainEvents,
    private readonly clock: Clock,
    private readonly people: People,
    private readonly notifications: NotificationsService,
    /** Which requests the actor may read, this node's and received ones (RequestsService.readableIds). */
    private readonly readable: (actor: Actor, ids: readonly string[]) => Promise<Set<string>>,
    /** Requests received from partner nodes (absent without federation). */
    private readonly received?: ReceivedForTasks | undefined,
  ) {}

  /**
   * The requested side of a request the actor may read: one of this node's (`request.read`; none
   * while it has no lifecycle yet), or one received from a partner node (its recipient agency, or
   * an executing agency with tasks on it). Not-found when the actor may read neither.
   */
  private async sideOf(actor: Actor, requestId: string): Promise<RequestedSide | undefined> {
    if ((await this.gate.filter(actor, 'request.read', [requestId])).has(requestId))
      return lifecycleRepository.byId(this.database.db, requestId);
    const received = await this.received?.requestedSide(actor, requestId);
    if (!received) throw notFound();
    return received;
  }

  /**
   * The request's state read again in the transaction that assigns a task, with a share lock on
   * PostgreSQL: a transition that ends the request (refusal, withdrawal, closure) either committed
   * before, and is seen here, or waits for the task to commit and then cancels it with the others.
   * (On SQLite the writes are one after the other anyway.)
   */
  private async stateToAssign(tx: Queryable, requestId: string): Promise<RequestState | undefined> {
    const pg = this.database.engine === 'postgres';
    const local = tx.selectFrom('request_lifecycle').select('state').where('request_id', '=', requestId);
    const life = await (pg ? local.forShare() : local).executeTakeFirst();
    if (life) return life.state;
    const received = tx.selectFrom('request_received').select('state').where('request_id', '=', requestId);
    return (await (pg ? received.forShare() : received).executeTakeFirst())?.state;
  }

  private dto(r: TaskRow, agencies: Map<string, AgencyInfo>, actor: Actor) {
    return {
      data: {
        id: r.id,
        requestId: r.request_id,
        reference: requestReference(r.request_id),
        title: r.title,
        description: r.description,
        measure: r.measure as never,
        ownerAgency: { id: r.owner_agency_id, name: agencies.get(r.owner_agency_id)?.name ?? '' },
        ownerUserId: r.owner_user_id,
        dueAt: r.due_at,
        status: r.status,
        result: r.result,
        completedAt: r.completed_at,
        version: r.version,
        createdBy: r.created_by,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
      },
      policies: { read: true, update: this.mayUpdate(actor, r, null) },
    };
  }

  /** A task is given a due date still to come: one already past would be overdue from the start. */
  private requireFutureDue(dueAt: string | null | undefined): void {
    if (dueAt && Date.parse(dueAt) <= this.clock.now().getTime())
      throw validationFailed([{ path: 'body.dueAt', message: 'A due date is still to come.' }]);
  }

  /** A task is handed only to an officer of its owner agency (none: the agency as a whole). */
  private async requireOfficerOf(db: Queryable, agencyId: string, userId: string | null | undefined) {
    if (!userId) return;
    if ((await this.people.users(db, [userId])).get(userId)?.agencyId !== agencyId)
      throw validationFailed([{ path: 'body.ownerUserId', message: 'Not an officer of the owner agency.' }]);
  }

  private mayUpdate(actor: Actor, r: TaskRow, recipientAgencyId: string | null): boolean {
    if (r.owner_agency_id === actor.agencyId) return actor.permissions.has('task.update');
    return recipientAgencyId === actor.agencyId && actor.permissions.has('request.receive');
  }

  private async withAgencies(db: Queryable, rows: TaskRow[], actor: Actor) {
    const agencies = await this.people.agencies(
      db,
      rows.map((r) => r.owner_agency_id),
    );
    return rows.map((r) => this.dto(r, agencies, actor));
  }

  /** The requested side sees every task; an executing agency its own. */
  async list(actor: Actor, meta: RequestMeta, requestId: string) {
    const life = await this.sideOf(actor, requestId);
    const db = this.database.db;
    let q = db.selectFrom('execution_task').selectAll().where('request_id', '=', requestId);
    if (life?.recipient_agency_id !== actor.agencyId) q = q.where('owner_agency_id', '=', actor.agencyId);
    const rows = await q.orderBy('created_at').orderBy('id').execute();
    if (life?.recipient_agency_id !== actor.agencyId && rows.length === 0) throw notFound();
    await this.audit.record(
      { actor, meta },
      { action: 'task.list', objectType: 'request', objectId: requestId, details: { count: rows.length } },
    );
    return (await this.withAgencies(db, rows, actor)).map((t) => ({
      ...t,
      policies: {
        read: true,
        update: this.mayUpdate(
          actor,
          rows.find((r) => r.id === t.data.id)!,
          life?.recipient_agency_id ?? null,
        ),
      },
    }));
  }

  /**
   * My agency's tasks (or mine), for the task board of an executing agency: the first
   * BOARD_PAGE tasks, by due date, whose request the actor may read.
   */
  async board(actor: Actor, meta: RequestMeta, o: { status?: Status | undefined; mine: boolean }) {
    const db = this.database.db;
    let q = db.selectFrom('execution_task').selectAll().where('owner_agency_id', '=', actor.agencyId);
    if (o.mine) q = q.where('owner_user_id', '=', actor.userId);
    if (o.status) q = q.where('status', '=', o.status);
    // Undated tasks last, on both engines (SQLite sorts NULL first, PostgreSQL last).
    q = q.orderBy(sql`due_at is null`).orderBy('due_at').orderBy('id');
    // Owning a task is not reading its request: an officer below the request's classification
    // sees none of its tasks (the access gate decides, as for the request itself). The gate filters
    // after the query, so the board reads on, batch after batch, until its page is full of tasks
    // the actor may see or no task is left: hidden ones never leave it short.
    const rows = new Map<string, TaskRow>();
    for (let b = 0, offset = 0; rows.size < BOARD_PAGE && b < BOARD_SCAN_BATCHES; b++, offset += BOARD_PAGE) {
      const batch = await q.limit(BOARD_PAGE).offset(offset).execute();
      const readable = await this.readable(
        actor,
        batch.map((r) => r.request_id),
      );
      // A task shifted by a concurrent change between batches is listed once.
      for (const r of batch) if (readable.has(r.request_id) && rows.size < BOARD_PAGE) rows.set(r.id, r);
      if (batch.length < BOARD_PAGE) break;
    }
    await this.audit.record({ actor, meta }, { action: 'task.board', details: { count: rows.size } });
    return this.withAgencies(db, [...rows.values()], actor);
  }

  async create(actor: Actor, meta: RequestMeta, requestId: string, input: CreateTaskInput) {
    const life = await this.sideOf(actor, requestId);
    const db = this.database.db;
    if (!life || life.recipient_agency_id !== actor.agencyId || !actor.permissions.has('request.receive'))
      throw notFound();
    if (!ASSIGNABLE.includes(life.state))
      throw new AppError(
        'conflict',
        `Tasks are assigned once the request is acknowledged and until it is executed (now ${life.state}).`,
      );
    this.requireFutureDue(input.dueAt);
    const agencies = await this.people.agencies(db, [input.ownerAgencyId, actor.agencyId]);
    const owner = agencies.get(input.ownerAgencyId);
    if (!owner)
      throw validationFailed([{ path: 'body.ownerAgencyId', message: 'No such agency on this node.' }]);
    if (owner.jurisdiction !== agencies.get(actor.agencyId)?.jurisdiction)
      throw validationFailed([
        { path: 'body.ownerAgencyId', message: 'Executing agencies are in the requested state.' },
      ]);
    // The request reached this agency only within its world (exercise or operational): so do its tasks.
    const mixes = worldRefusal(actor, owner);
    if (mixes) throw validationFailed([{ path: 'body.ownerAgencyId', message: mixes }]);
    await this.requireOfficerOf(db, owner.id, input.ownerUserId);
    const now = this.clock.now().toISOString();
    const row: TaskRow = {
      id: newId(),
      request_id: requestId,
      owner_agency_id: owner.id,
      owner_user_id: input.ownerUserId ?? null,
      title: input.title,
      description: input.description ?? null,
      measure: input.measure ?? null,
      due_at: input.dueAt ?? null,
      status: 'open',
      result: null,
      completed_at: null,
      version: 1,
      created_by: actor.userId,
      updated_by: actor.userId,
      created_at: now,
      updated_at: now,
    };
    await inTransaction(this.database, async (uow) => {
      const state = await this.stateToAssign(uow.tx, requestId);
      if (!state || !ASSIGNABLE.includes(state))
        throw new AppError(
          'conflict',
          `The request moved on meanwhile (now ${state ?? 'gone'}): no task is assigned.`,
        );
      await uow.tx.insertInto('execution_task').values(row).execute();
      await this.audit.append(
        uow,
        { actor, meta },
        {
          action: 'task.create',
          objectType: 'request',
          objectId: requestId,
          details: { taskId: row.id, ownerAgencyId: owner.id, measure: row.measure },
        },
      );
      await this.events.emit(
        uow,
        'task.assigned',
        { requestId, taskId: row.id },
        [owner.id, actor.agencyId],
        actor.userId,
      );
      const users = row.owner_user_id
        ? [{ id: row.owner_user_id, agencyId: owner.id }]
        : (await this.people.usersOf(uow.tx, [owner.id])).filter((u) => u.active && u.roles.length > 0);
      await this.notifications.notify(uow, {
        users: users.map((u) => ({ id: u.id, agencyId: owner.id })),
        kind: 'task',
        requestId,
        reference: requestReference(requestId),
        key: `task:${row.id}`,
      });
    });
    return this.dto(row, agencies, actor);
  }

  async update(actor: Actor, meta: RequestMeta, taskId: string, input: UpdateTaskInput) {
    const db = this.database.db;
    const row = await db.selectFrom('execution_task').selectAll().where('id', '=', taskId).executeTakeFirst();
    if (!row) throw notFound();
    const life = await this.sideOf(actor, row.request_id);
    if (!this.mayUpdate(actor, row, life?.recipient_agency_id ?? null)) throw notFound();
    if (input.status === 'done' && !(input.result ?? row.result))
      throw validationFailed([{ path: 'body.result', message: 'A finished task states its result.' }]);
    if (life && !TASKS_WORKABLE.includes(life.state))
      throw new AppError('conflict', `The request is ${life.state}: its tasks are closed.`);
    // Executed means every task finished: one is not reopened behind the request's back.
    if (life?.state === 'executed' && (input.status === 'open' || input.status === 'in-progress'))
      throw new AppError('conflict', 'The request is executed: its tasks are not reopened.');
    // A cancelled task is closed for good (the confirmation before cancelling says so).
    if (row.status === 'cancelled' && input.status !== undefined && input.status !== 'cancelled')
      throw new AppError('conflict', 'The task is cancelled: it is not reopened. Assign a new one.');
    await this.requireOfficerOf(db, row.owner_agency_id, input.ownerUserId);
    // A due date sent back unchanged (a client returning the whole task) is not a new one.
    if (input.dueAt !== row.due_at) this.requireFutureDue(input.dueAt);
    const now = this.clock.now().toISOString();
    const set: Partial<TaskRow> = {
      ...(input.status ? { status: input.status, completed_at: input.status === 'done' ? now : null } : {}),
      ...(input.result !== undefined ? { result: input.result } : {}),
      ...(input.ownerUserId !== undefined ? { owner_user_id: input.ownerUserId } : {}),
      ...(input.dueAt !== undefined ? { due_at: input.dueAt } : {}),
      // From the version the caller saw: the update below applies only to that one.
      version: input.expectedVersion + 1,
      updated_at: now,
      updated_by: actor.userId,
    };
    const ok = await inTransaction(this.database, async (uow) => {
      const r = await uow.tx
        .updateTable('execution_task')
        .set(set)
        .where('id', '=', taskId)
        .where('version', '=', input.expectedVersion)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) return false;
      await this.audit.append(
        uow,
        { actor, meta },
        {
          action: 'task.update',
          objectType: 'request',
          objectId: row.request_id,
          details: {
            taskId,
            status: set.status ?? row.status,
            version: set.version,
            fields: changedFields(input, row),
          },
        },
      );
      await this.events.emit(
        uow,
        'task.updated',
        { requestId: row.request_id, taskId, status: set.status ?? row.status },
        [row.owner_agency_id, ...(life?.recipient_agency_id ? [life.recipient_agency_id] : [])],
        actor.userId,
      );
      // Whoever assigned the task learns it is done (its result is for the answer to the request).
      if (set.status === 'done' && row.status !== 'done' && row.created_by !== actor.userId && life)
        await this.notifications.notify(uow, {
          users: [{ id: row.created_by, agencyId: life.recipient_agency_id ?? actor.agencyId }],
          kind: 'task-done',
          requestId: row.request_id,
          reference: requestReference(row.request_id),
          key: `task-done:${taskId}`,
        });
      return true;
    });
    if (!ok) {
      const now = await db
        .selectFrom('execution_task')
        .selectAll()
        .where('id', '=', taskId)
        .executeTakeFirstOrThrow();
      const current = this.dto(now, await this.people.agencies(db, [now.owner_agency_id]), actor);
      throw new StaleVersion(`The task is at version ${now.version}, not ${input.expectedVersion}.`, {
        ...current,
        policies: { read: true, update: this.mayUpdate(actor, now, life?.recipient_agency_id ?? null) },
      });
    }
    const agencies = await this.people.agencies(db, [row.owner_agency_id]);
    const dto = this.dto({ ...row, ...set }, agencies, actor);
    return {
      ...dto,
      policies: { read: true, update: this.mayUpdate(actor, row, life?.recipient_agency_id ?? null) },
    };
  }
}
