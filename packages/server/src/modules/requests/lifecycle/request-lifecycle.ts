import {
  type RequestKind,
  type RequestState,
  TRANSITION_ACTIONS,
  type TransitionAction,
} from '@comity/contracts';
import type { Permission } from '../../access/permissions.ts';
import {
  type Guard,
  OPTIONAL_ACTIONS,
  type Side,
  TRANSITIONS,
  type TransitionRule,
} from './lifecycle-table.ts';

// The request lifecycle, pure: given what the service knows about a request and who asks, whether
// an action is allowed now and where it leads. The table itself is lifecycle-table.ts.

export {
  type Condition,
  type Guard,
  OPEN_STATES,
  OPTIONAL_ACTIONS,
  type Side,
  TRANSITIONS,
  type TransitionRule,
  TURN,
} from './lifecycle-table.ts';

/** What the service knows about the request when it asks. */
export interface LifecycleContext {
  state: RequestState;
  kind: RequestKind;
  instrumentId: string | null;
  /** State before a pause (information requested, postponement). */
  resumeState: RequestState | null;
  validationRequired: boolean;
  /** Users who created the request or saved a version of it. */
  drafters: readonly string[];
  submittedBy: string | null;
  /** False when the validator reports blocking findings; undefined when not computed. */
  submittable?: boolean | undefined;
  openTasks: number;
  consentRecorded: boolean;
}

export interface LifecycleActor {
  userId: string;
  /** The sides of this request the actor's agency is on. */
  sides: ReadonlySet<Side>;
  permissions: ReadonlySet<Permission>;
}

export type Refusal =
  | { reason: 'unknown-action' | 'not-your-side' | 'no-permission' | 'state'; detail: string }
  | { reason: 'guard'; guard: Guard; detail: string };

export type Decision = { ok: true; rule: TransitionRule; to: RequestState } | ({ ok: false } & Refusal);

const GUARD_DETAIL: Record<Guard, string> = {
  submittable: 'The draft has blocking findings: see GET /api/requests/{id}/findings.',
  'four-eyes': 'Four eyes: whoever drafted, edited or submitted the request may not approve or validate it.',
  'tasks-finished': 'Execution tasks are still open: finish or cancel them first.',
  'consent-recorded': 'Record consent or no-consent first (EAW Art. 13, 17).',
};

function applies(r: TransitionRule, ctx: LifecycleContext): boolean {
  if (r.kinds && !r.kinds.includes(ctx.kind)) return false;
  if (r.exceptKinds?.includes(ctx.kind)) return false;
  if (r.instruments && !r.instruments.includes(ctx.instrumentId ?? '')) return false;
  if (r.when === 'validation-required' && !ctx.validationRequired) return false;
  if (r.when === 'validation-not-required' && ctx.validationRequired) return false;
  return true;
}

function guardFails(g: Guard, ctx: LifecycleContext, actor: LifecycleActor): boolean {
  switch (g) {
    case 'submittable':
      return ctx.submittable === false;
    case 'four-eyes':
      return ctx.drafters.includes(actor.userId) || ctx.submittedBy === actor.userId;
    case 'tasks-finished':
      return ctx.openTasks > 0;
    case 'consent-recorded':
      return !ctx.consentRecorded;
  }
}

/**
 * Whether the actor may take `action` now, and where it leads. Refusals are ordered from the
 * least revealing: an action of the other side, or without the permission, reads as "not yours";
 * a right action at the wrong time is a state conflict; then the guards.
 */
export function decide(ctx: LifecycleContext, actor: LifecycleActor, action: string): Decision {
  if (!(TRANSITION_ACTIONS as readonly string[]).includes(action))
    return { ok: false, reason: 'unknown-action', detail: `No action "${action}".` };
  const rows = TRANSITIONS.filter((r) => r.action === action && applies(r, ctx));
  const mine = rows.filter((r) => actor.sides.has(r.side));
  if (mine.length === 0)
    return {
      ok: false,
      reason: 'not-your-side',
      detail: `"${action}" is not an action of your side of this request.`,
    };
  const permitted = mine.filter((r) => actor.permissions.has(r.permission));
  if (permitted.length === 0)
    return { ok: false, reason: 'no-permission', detail: `Your roles do not allow "${action}".` };
  const now = permitted.find((r) => r.from.includes(ctx.state));
  if (!now)
    return {
      ok: false,
      reason: 'state',
      detail: `"${action}" is not possible while the request is ${ctx.state}.`,
    };
  for (const g of now.guards ?? []) {
    if (guardFails(g, ctx, actor)) return { ok: false, reason: 'guard', guard: g, detail: GUARD_DETAIL[g] };
  }
  const to = now.to === 'same' ? ctx.state : now.to === 'previous' ? (ctx.resumeState ?? ctx.state) : now.to;
  return { ok: true, rule: now, to };
}

/**
 * The actions the actor may take now (for `policies` and the inbox). `decide` has the last word;
 * it is asked only about actions that have a row from this state for one of the actor's sides and
 * permissions (no other action can be allowed), not about every action of the table.
 */
export function allowedActions(ctx: LifecycleContext, actor: LifecycleActor): TransitionAction[] {
  const candidates = new Set<string>();
  for (const r of TRANSITIONS)
    if (r.from.includes(ctx.state) && actor.sides.has(r.side) && actor.permissions.has(r.permission))
      candidates.add(r.action);
  return TRANSITION_ACTIONS.filter((a) => candidates.has(a) && decide(ctx, actor, a).ok);
}

/** Policies sent with a request: `read` plus one boolean per action (`allowed`: allowedActions). */
export function policiesOf(
  ctx: LifecycleContext,
  actor: LifecycleActor,
  allowed: readonly TransitionAction[] = allowedActions(ctx, actor),
): Record<string, boolean> {
  const policies: Record<string, boolean> = { read: true };
  for (const a of TRANSITION_ACTIONS) policies[a] = allowed.includes(a);
  return policies;
}

/** Permissions that move the request on from its state, for a side (who is told it is their move). */
export function permissionsToAct(ctx: LifecycleContext, side: Side): Permission[] {
  return [
    ...new Set(
      TRANSITIONS.filter(
        (r) =>
          r.side === side && r.from.includes(ctx.state) && applies(r, ctx) && !OPTIONAL_ACTIONS.has(r.action),
      ).map((r) => r.permission),
    ),
  ];
}

export const isOpen = (s: RequestState): boolean => s !== 'closed' && s !== 'withdrawn' && s !== 'cancelled';
