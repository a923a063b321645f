import type { InboxFilters, InboxViewName, RequestKind, RequestState } from '@comity/contracts';
import type { z } from 'zod';
import type { Clock } from '../../../platform/clock.ts';
import type { Database } from '../../../platform/db/database.ts';
import { fromBool } from '../../../platform/db/schema.ts';
import { inTransaction } from '../../../platform/db/unit-of-work.ts';
import { forbidden, notFound, validationFailed } from '../../../platform/http/errors.ts';
import { newId } from '../../../platform/ids.ts';
import type { AccessGate } from '../../access/access-gate.ts';
import type { Actor, RequestMeta } from '../../access/actor.ts';
import type { AuditLog } from '../../audit/audit.service.ts';
import { deadlinesRepository } from '../deadlines/deadlines.repository.ts';
import { lifecycleRepository } from '../lifecycle/lifecycle.repository.ts';
import {
  initialLifecycle,
  later,
  mainSide,
  requestReference,
  sidesOf,
} from '../lifecycle/lifecycle-context.ts';
import type { People } from '../lifecycle/people.ts';
import { allowedActions, OPTIONAL_ACTIONS, TURN } from '../lifecycle/request-lifecycle.ts';
import { TASKS_WORKABLE } from '../tasks/tasks.service.ts';
import { inboxRepository as repo } from './inbox.repository.ts';

type Filters = z.infer<typeof InboxFilters>;

/** The received requests of partner nodes (ReceivedRequests.worklist), structurally. */
export interface ReceivedWorklist {
  worklist(actor: Actor): Promise<
    {
      row: {
        request_id: string;
        title: string | null;
        kind: string;
        instrument_id: string | null;
        reference: string | null;
        state: string;
        urgent: number;
        requesting_agency_id: string;
        requesting_agency_name: string;
        received_at: string;
        updated_at: string;
      };
      /** The recipient agency's side, or an executing agency's (tasks on it). */
      side: 'requested' | 'executing';
      actions: string[];
      turn: 'requesting' | 'validating' | 'requested' | null;
      requestedBy: string | null;
    }[]
  >;
}
const VIEWS: readonly InboxViewName[] = ['needs-my-action', 'waiting-on-partner', 'overdue', 'due-this-week'];
const WEEK_MS = 7 * 86_400_000;
/** Shown where a clock shows its article: a task's due date is set by whoever assigned the task. */
const taskDue = (title: string) => `Task “${title}”: due date set by the authority that assigned it`;

/** A running clock as a worklist's next due item. */
const dueOf = (c: { id: string; action: string; due_at: string; citation: string }, nowIso: string) => ({
  deadlineId: c.id,
  action: c.action,
  dueAt: c.due_at,
  citation: c.citation,
  overdue: c.due_at < nowIso,
});

type TaskRow = Awaited<ReturnType<typeof repo.tasks>>[number];

/**
 * The execution tasks of one request as a worklist counts them: `mine`, my agency's open ones (in
 * the personal scope those of mine or of nobody in particular), while the request is one whose tasks
 * are worked on — tasks left open on a request refused or withdrawn before they were cancelled with
 * it are nobody's move any more; how many are open (`open`), how many of them are my agency's
 * (`ours`); and my due dates, soonest first. An executing agency keeps no clock of the law: its due
 * dates are those of its tasks.
 */
function tasksOf(
  tasks: readonly TaskRow[],
  requestId: string,
  state: RequestState,
  actor: Actor,
  f: Pick<Filters, 'scope'>,
) {
  const open = tasks.filter(
    (t) => t.request_id === requestId && (t.status === 'open' || t.status === 'in-progress'),
  );
  const ours = open.filter((t) => t.owner_agency_id === actor.agencyId);
  const mine = TASKS_WORKABLE.includes(state)
    ? ours.filter((t) => f.scope === 'agency' || t.owner_user_id === null || t.owner_user_id === actor.userId)
    : [];
  const dues = mine
    .filter((t): t is TaskRow & { due_at: string } => t.due_at !== null)
    .sort((a, b) => a.due_at.localeCompare(b.due_at));
  return { mine, open: open.length, ours: ours.length, dues };
}

/** A task's due date as a worklist's next due item. */
const taskDueOf = (t: TaskRow & { due_at: string }, nowIso: string) => ({
  deadlineId: t.id,
  action: 'execute',
  dueAt: t.due_at,
  citation: taskDue(t.title),
  overdue: t.due_at < nowIso,
});

/**
 * Worklists per user and per agency: what needs my action, what waits on the partner, what is
 * overdue or due this week, with filters, sorting and a count per view; and saved views.
 */
export class InboxService {
  constructor(
    private readonly database: Database,
    private readonly gate: AccessGate,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly people: People,
    /** Requests received from partner nodes: in the worklists like local incoming ones. */
    private readonly received?: ReceivedWorklist | undefined,
  ) {}

  async inbox(actor: Actor, meta: RequestMeta, view: InboxViewName, f: Filters) {
    const db = this.database.db;
    const candidates = await repo.candidateIds(db, actor.agencyId, 2000);
    const ids = [...(await this.gate.filter(actor, 'request.read', candidates))];
    const [requests, lives, clocks, drafters, tasks] = [
      await repo.requests(db, ids),
      new Map((await lifecycleRepository.byIds(db, ids)).map((l) => [l.request_id, l])),
      await deadlinesRepository.liveFor(db, ids),
      await repo.drafters(db, ids),
      await repo.tasks(db, ids),
    ];
    const now = this.clock.now();
    const nowIso = now.toISOString();
    const weekIso = new Date(now.getTime() + WEEK_MS).toISOString();
    const partners = await this.people.agencies(
      db,
      [...lives.values()].flatMap((l) => [l.requesting_agency_id, l.recipient_agency_id ?? '']),
    );
    const q = f.q?.toLowerCase();
    const items = requests
      .map((r) => {
        const life = lives.get(r.id) ?? initialLifecycle(r);
        const side = mainSide(actor, life);
        const running = clocks.filter((c) => c.request_id === r.id && c.status === 'running');
        const mine = running.filter((c) => c.owner_agency_id === actor.agencyId);
        const {
          mine: myTasks,
          open: openTasks,
          ours,
          dues: taskDues,
        } = tasksOf(tasks, r.id, life.state, actor, f);
        const dues = [...mine.map((c) => c.due_at), ...taskDues.map((t) => t.due_at)];
        // My next clock, else my next task, else the other side's clock: by when the move I wait for is due.
        const next = mine[0]
          ? dueOf(mine[0], nowIso)
          : taskDues[0]
            ? taskDueOf(taskDues[0], nowIso)
            : running[0]
              ? dueOf(running[0], nowIso)
              : null;
        const ctx = {
          state: life.state,
          kind: r.kind as RequestKind,
          instrumentId: r.instrument_id,
          resumeState: life.resume_state,
          validationRequired: fromBool(life.validation_required),
          drafters: [r.created_by, ...(drafters.get(r.id) ?? [])],
          submittedBy: life.submitted_by,
          openTasks,
          consentRecorded: life.consent !== null,
        };
        const actions = allowedActions(ctx, {
          userId: actor.userId,
          sides: sidesOf(actor, life),
          permissions: actor.permissions,
        });
        const turn = TURN[life.state];
        const sides = sidesOf(actor, life);
        const myTurn = turn !== null && sides.has(turn);
        const primary = actions.filter((a) => !OPTIONAL_ACTIONS.has(a));
        const needsMe =
          myTasks.length > 0 ||
          (myTurn &&
            (f.scope === 'agency' ||
              (primary.length > 0 && (life.state !== 'draft' || r.created_by === actor.userId))));
        const partnerId = side === 'requesting' ? life.recipient_agency_id : life.requesting_agency_id;
        const partner = partnerId && partnerId !== actor.agencyId ? partners.get(partnerId) : undefined;
        return {
          item: {
            requestId: r.id,
            reference: requestReference(r.id),
            title: r.title,
            kind: r.kind as RequestKind,
            instrumentId: r.instrument_id as never,
            state: life.state,
            side,
            turn,
            partnerAgency: partner ? { id: partner.id, name: partner.name } : null,
            requestedState: r.requested_state,
            urgent: fromBool(r.urgent),
            allowedActions: actions,
            nextDue: next,
            // An executing agency counts its own tasks; the central authority that assigns them, all.
            openTasks: side === 'executing' ? ours : openTasks,
            updatedAt: later(life.updated_at, r.updated_at),
            createdAt: r.created_at,
          },
          in: {
            'needs-my-action': needsMe,
            // The other side's move, or (for what I drafted) a colleague's: an approval, say.
            'waiting-on-partner':
              turn !== null &&
              sides.size > 0 &&
              (!sides.has(turn) || (f.scope !== 'agency' && !needsMe && r.created_by === actor.userId)),
            overdue:
              dues.some((d) => d < nowIso) &&
              (f.scope === 'agency' || needsMe || r.created_by === actor.userId),
            'due-this-week': dues.some((d) => d >= nowIso && d < weekIso),
          } as Record<InboxViewName, boolean>,
          match:
            (!f.kind || r.kind === f.kind) &&
            (!f.instrument || r.instrument_id === f.instrument) &&
            (!f.state || life.state === f.state) &&
            (!f.side || (f.side === 'outgoing') === (side === 'requesting')) &&
            (!f.urgent || fromBool(r.urgent) === (f.urgent === 'true')) &&
            (!q ||
              (r.title ?? '').toLowerCase().includes(q) ||
              requestReference(r.id).toLowerCase().includes(q) ||
              (r.reference ?? '').toLowerCase().includes(q)),
        };
      })
      .concat(await this.receivedEntries(actor, f, nowIso, weekIso))
      .filter((x) => x.match);
    const counts = Object.fromEntries(VIEWS.map((v) => [v, items.filter((x) => x.in[v]).length])) as Record<
      InboxViewName,
      number
    >;
    const sorted = items
      .filter((x) => x.in[view])
      .map((x) => x.item)
      .sort(sorter(f.sort));
    await this.audit.record(
      { actor, meta },
      { action: 'inbox.read', details: { view, scope: f.scope, count: sorted.length } },
    );
    return { view, scope: f.scope, counts, items: sorted.slice(0, f.limit) };
  }

  /**
   * Entries for requests received from partner nodes, by the same rules as local ones: the
   * requested side is this agency's, and so are the clocks kept for it here. A request received
   * before its clocks were kept here shows the date its issuing authority asked for.
   */
  private async receivedEntries(actor: Actor, f: Filters, nowIso: string, weekIso: string) {
    if (!this.received) return [];
    const q = f.q?.toLowerCase();
    const entries = await this.received.worklist(actor);
    const ids = entries.map((e) => e.row.request_id);
    const clocks = await deadlinesRepository.liveFor(this.database.db, ids);
    const kept = await deadlinesRepository.withClocks(this.database.db, ids);
    const tasks = await repo.tasks(this.database.db, ids);
    return entries.map(({ row, side, actions, turn, requestedBy }) => {
      const myTurn = side === 'requested' && turn === 'requested';
      const primary = actions.filter((a) => !OPTIONAL_ACTIONS.has(a as never));
      const t = tasksOf(tasks, row.request_id, row.state as RequestState, actor, f);
      // An executing agency's move is its tasks, as on a request of this node.
      const needsMe = t.mine.length > 0 || (myTurn && (f.scope === 'agency' || primary.length > 0));
      const running = clocks.filter((c) => c.request_id === row.request_id && c.status === 'running');
      const mine = running.filter((c) => c.owner_agency_id === actor.agencyId);
      // A deadline counts while the request waits on someone; closed requests have none left.
      const requested =
        side === 'requested' && turn !== null && !kept.has(row.request_id) ? requestedBy : null;
      // My next clock, else my next task, else the date asked for, else the central authority's clock.
      const next = mine[0]
        ? dueOf(mine[0], nowIso)
        : t.dues[0]
          ? taskDueOf(t.dues[0], nowIso)
          : requested
            ? {
                deadlineId: row.request_id,
                action: 'execute',
                dueAt: requested,
                citation: 'Date requested by the issuing authority',
                overdue: requested < nowIso,
              }
            : running[0]
              ? dueOf(running[0], nowIso)
              : null;
      const dues = [
        ...(mine.length ? mine.map((c) => c.due_at) : requested ? [requested] : []),
        ...t.dues.map((x) => x.due_at),
      ];
      return {
        item: {
          requestId: row.request_id,
          reference: requestReference(row.request_id),
          title: row.title,
          kind: row.kind as RequestKind,
          instrumentId: row.instrument_id as never,
          state: row.state as never,
          side,
          turn,
          partnerAgency: { id: row.requesting_agency_id, name: row.requesting_agency_name },
          requestedState: null,
          urgent: fromBool(row.urgent as never),
          allowedActions: actions as never,
          nextDue: next,
          // An executing agency counts its own tasks; the central authority that assigns them, all.
          openTasks: side === 'executing' ? t.ours : t.open,
          updatedAt: row.updated_at,
          createdAt: row.received_at,
        },
        in: {
          'needs-my-action': needsMe,
          'waiting-on-partner': side === 'requested' && turn !== null && !myTurn,
          overdue: dues.some((d) => d < nowIso) && (f.scope === 'agency' || needsMe),
          'due-this-week': dues.some((d) => d >= nowIso && d < weekIso),
        } as Record<InboxViewName, boolean>,
        match:
          (!f.kind || row.kind === f.kind) &&
          (!f.instrument || row.instrument_id === f.instrument) &&
          (!f.state || row.state === f.state) &&
          (!f.side || f.side === 'incoming') &&
          (!f.urgent || fromBool(row.urgent as never) === (f.urgent === 'true')) &&
          (!q ||
            (row.title ?? '').toLowerCase().includes(q) ||
            requestReference(row.request_id).toLowerCase().includes(q) ||
            (row.reference ?? '').toLowerCase().includes(q)),
      };
    });
  }

  async views(actor: Actor) {
    return (await repo.views(this.database.db, actor.userId)).map((v) => ({
      id: v.id,
      name: v.name,
      view: v.view as InboxViewName,
      filters: JSON.parse(v.filters) as Partial<Filters>,
      createdAt: v.created_at,
    }));
  }

  async saveView(actor: Actor, input: { name: string; view: InboxViewName; filters: Partial<Filters> }) {
    // Views of an inbox one may read (the route asks only for the write scope).
    if (!actor.permissions.has('request.read')) throw forbidden();
    const taken = () =>
      validationFailed([{ path: 'body.name', message: 'You already have a view of this name.' }]);
    const row = {
      id: newId(),
      user_id: actor.userId,
      name: input.name,
      view: input.view,
      filters: JSON.stringify(input.filters),
      created_at: this.clock.now().toISOString(),
    };
    await inTransaction(this.database, async (uow) => {
      // Counted and saved under a lock of the person's account row on PostgreSQL (SQLite has one
      // writer): two saves at once could otherwise both pass the cap.
      if (this.database.engine === 'postgres')
        await uow.tx
          .selectFrom('user_account')
          .select('id')
          .where('id', '=', actor.userId)
          .forUpdate()
          .execute();
      const mine = await repo.views(uow.tx, actor.userId);
      if (mine.some((v) => v.name === input.name)) throw taken();
      if (mine.length >= MAX_SAVED_VIEWS)
        throw validationFailed([
          { path: 'body.name', message: `At most ${MAX_SAVED_VIEWS} saved views: delete one first.` },
        ]);
      if (!(await repo.insertView(uow.tx, row))) throw taken();
    });
    return {
      id: row.id,
      name: row.name,
      view: input.view,
      filters: input.filters,
      createdAt: row.created_at,
    };
  }

  async deleteView(actor: Actor, id: string) {
    if (!actor.permissions.has('request.read')) throw forbidden();
    if ((await repo.deleteView(this.database.db, actor.userId, id)) === 0) throw notFound();
  }
}

/** Saved views are shortcuts, not storage: a list a person can still read. */
const MAX_SAVED_VIEWS = 50;

type Item = { nextDue: { dueAt: string } | null; updatedAt: string; createdAt: string };
function sorter(sort: Filters['sort']): (a: Item, b: Item) => number {
  const desc = sort.startsWith('-');
  const key = sort.replace(/^-/, '');
  const val = (x: Item) =>
    key === 'due' ? (x.nextDue?.dueAt ?? '9999') : key === 'updated' ? x.updatedAt : x.createdAt;
  return (a, b) => {
    const c = val(a) < val(b) ? -1 : val(a) > val(b) ? 1 : 0;
    return desc ? -c : c;
  };
}
