import { k } from '../../../i18n/index.ts';

/** States from which the server's `withdraw` only cancels: nothing was sent, nobody outside is told. */
const NOT_SENT = new Set(['draft', 'submitted', 'awaiting-validation', 'approved']);

/**
 * The label and help of an action the server allows (`allowedActions`) in the request's state.
 * `withdraw` before transmission cancels the request (lifecycle table: → cancelled, nothing is
 * communicated): on a draft it is offered as discarding the draft, before sending as cancelling it;
 * only a transmitted request is withdrawn.
 */
export function actionText(action: string, state: string): { label: string; help: string } | null {
  if (action !== 'withdraw' || !NOT_SENT.has(state)) return null;
  return state === 'draft'
    ? { label: k('cancelAction.discard'), help: k('cancelAction.discardHelp') }
    : { label: k('cancelAction.cancel'), help: k('cancelAction.cancelHelp') };
}

/** Actions that end or refuse something: shown in red, confirmed in a dialog. */
export const DANGER_ACTIONS = new Set(['refuse', 'withdraw', 'return']);

/** The order actions are offered in: the way forward first, pauses and exits after. */
export const ACTION_ORDER = [
  'submit',
  'approve',
  'validate',
  'transmit',
  'acknowledge',
  'accept',
  'consent',
  'no-consent',
  'start-execution',
  'return-results',
  'complete',
  'provide-information',
  'request-production',
  'close',
  'request-information',
  'postpone',
  'resume',
  'extend',
  'amend',
  'return',
  'refuse',
  'withdraw',
] as const;

/** The decisions of the requested side on an incoming request (the assessment screen). */
export const ASSESSMENT_ACTIONS = ['accept', 'refuse', 'request-information', 'postpone'] as const;

/**
 * Whether the requested side is deciding on the request (the assessment screen is for that): while
 * it can acknowledge, accept or refuse it. Asking for more or postponing stay possible during
 * execution, without making it an assessment again.
 */
export const isAssessing = (side: string, allowedActions: readonly string[]): boolean =>
  side === 'requested' && ['acknowledge', 'accept', 'refuse'].some((a) => allowedActions.includes(a));

export const TASK_STATUSES = ['open', 'in-progress', 'done', 'cancelled'] as const;
export const RECEIPT_KINDS = ['submitted', 'delivered', 'retrieved'] as const;
export const DEADLINE_STATUSES = ['running', 'paused', 'met', 'stopped'] as const;
export const SIDES = ['requesting', 'validating', 'requested', 'executing'] as const;
export const TIMELINE_DETAILS = [
  'note',
  'comments',
  'questions',
  'answer',
  'reason',
  'reasons',
  'until',
  'summary',
  'grounds',
] as const;
/** A task change on the timeline names what it changed besides the status (UpdateTask's fields). */
export const TASK_CHANGED_FIELDS = ['dueAt', 'ownerUserId', 'result'] as const;
export const TRANSLATION_STATUSES = ['open', 'in-progress', 'done', 'waived'] as const;
