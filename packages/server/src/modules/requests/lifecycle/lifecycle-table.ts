import {
  REQUEST_STATES,
  type RequestKind,
  type RequestState,
  type TransitionAction,
} from '@comity/contracts';
import type { Permission } from '../../access/permissions.ts';

// The lifecycle table: states, whose move it is in each, and one row per transition — from which
// states, to which state, on which side, with which permission, for which kinds, behind which
// guards. Data only; request-lifecycle.ts reads it.

export type Side = 'requesting' | 'validating' | 'requested';

export const OPEN_STATES: readonly RequestState[] = REQUEST_STATES.filter(
  (s) => s !== 'closed' && s !== 'withdrawn' && s !== 'cancelled',
);
const BEFORE_TRANSMISSION: readonly RequestState[] = [
  'draft',
  'submitted',
  'awaiting-validation',
  'approved',
];
const ASSESSING: readonly RequestState[] = ['under-assessment', 'surrender-consented', 'surrender-contested'];
const EXECUTING: readonly RequestState[] = ['in-execution', 'partially-executed'];

export { OPTIONAL_ACTIONS } from '@comity/contracts';

/** Whose move it is in each state (null: nobody's, the request is finished). */
export const TURN: Readonly<Record<RequestState, Side | null>> = {
  draft: 'requesting',
  submitted: 'requesting',
  'awaiting-validation': 'validating',
  approved: 'requesting',
  transmitted: 'requested',
  'under-assessment': 'requested',
  'information-requested': 'requesting',
  'surrender-consented': 'requested',
  'surrender-contested': 'requested',
  accepted: 'requested',
  postponed: 'requested',
  'in-execution': 'requested',
  'partially-executed': 'requested',
  executed: 'requested',
  'results-returned': 'requesting',
  refused: 'requesting',
  closed: null,
  withdrawn: null,
  cancelled: null,
};

/** Checks a transition needs besides state, side and permission. */
export type Guard =
  /** The validator has no blocking finding (checked again by the service with assertSubmittable). */
  | 'submittable'
  /** Four eyes: not the drafter, nor anyone who saved a version, nor the submitter. */
  | 'four-eyes'
  /** Every execution task is done or cancelled. */
  | 'tasks-finished'
  /** EAW: consent or no-consent has been recorded before the decision. */
  | 'consent-recorded';

/** Conditions that pick between rows of one action. */
export type Condition = 'validation-required' | 'validation-not-required';

export interface TransitionRule {
  readonly action: TransitionAction;
  readonly from: readonly RequestState[];
  /** `previous`: back to the state before the pause; `same`: the state does not change. */
  readonly to: RequestState | 'previous' | 'same';
  readonly side: Side;
  readonly permission: Permission;
  readonly kinds?: readonly RequestKind[];
  readonly exceptKinds?: readonly RequestKind[];
  readonly instruments?: readonly string[];
  readonly when?: Condition;
  readonly guards?: readonly Guard[];
  /** The other side is told (a formal communication through the carrier). */
  readonly communicates: boolean;
}

const rule = (r: Omit<TransitionRule, 'communicates'> & { communicates?: boolean }): TransitionRule => ({
  communicates: false,
  ...r,
});

export const TRANSITIONS: readonly TransitionRule[] = [
  // Requesting side, before transmission.
  rule({
    action: 'submit',
    from: ['draft'],
    to: 'submitted',
    side: 'requesting',
    permission: 'request.submit',
    guards: ['submittable'],
  }),
  rule({
    action: 'approve',
    from: ['submitted'],
    to: 'awaiting-validation',
    side: 'requesting',
    permission: 'request.approve',
    when: 'validation-required',
    guards: ['four-eyes'],
  }),
  rule({
    action: 'approve',
    from: ['submitted'],
    to: 'approved',
    side: 'requesting',
    permission: 'request.approve',
    when: 'validation-not-required',
    guards: ['four-eyes'],
  }),
  rule({
    action: 'return',
    from: ['submitted'],
    to: 'draft',
    side: 'requesting',
    permission: 'request.approve',
    guards: ['four-eyes'],
  }),
  // EIO Art. 2(c)(ii); Reg. (EU) 2023/1543 Art. 4: a judicial authority validates (or sends it back).
  rule({
    action: 'validate',
    from: ['awaiting-validation'],
    to: 'approved',
    side: 'validating',
    permission: 'request.validate',
    guards: ['four-eyes'],
  }),
  rule({
    action: 'return',
    from: ['awaiting-validation'],
    to: 'draft',
    side: 'validating',
    permission: 'request.validate',
    guards: ['four-eyes'],
  }),
  // An amendment is a new version: back to draft, the approval no longer holds.
  rule({
    action: 'amend',
    from: ['submitted', 'awaiting-validation', 'approved'],
    to: 'draft',
    side: 'requesting',
    permission: 'request.submit',
  }),
  rule({
    action: 'transmit',
    from: ['approved'],
    to: 'transmitted',
    side: 'requesting',
    permission: 'request.transmit',
    communicates: true,
  }),
  // Requested side: receipt and assessment.
  rule({
    action: 'acknowledge',
    from: ['transmitted'],
    to: 'under-assessment',
    side: 'requested',
    permission: 'request.receive',
    communicates: true,
  }),
  rule({
    action: 'consent',
    from: ['under-assessment'],
    to: 'surrender-consented',
    side: 'requested',
    permission: 'request.receive',
    kinds: ['eaw'],
    communicates: true,
  }),
  rule({
    action: 'no-consent',
    from: ['under-assessment'],
    to: 'surrender-contested',
    side: 'requested',
    permission: 'request.receive',
    kinds: ['eaw'],
    communicates: true,
  }),
  rule({
    action: 'request-information',
    from: [...ASSESSING, 'accepted', ...EXECUTING],
    to: 'information-requested',
    side: 'requested',
    permission: 'request.receive',
    communicates: true,
  }),
  rule({
    action: 'provide-information',
    from: ['information-requested'],
    to: 'previous',
    side: 'requesting',
    permission: 'request.submit',
    communicates: true,
  }),
  rule({
    action: 'accept',
    from: ['under-assessment'],
    to: 'accepted',
    side: 'requested',
    permission: 'request.receive',
    exceptKinds: ['eaw'],
    communicates: true,
  }),
  // EAW Art. 17: the decision follows consent (10 days) or arrest without consent (60 days).
  rule({
    action: 'accept',
    from: ['surrender-consented', 'surrender-contested'],
    to: 'accepted',
    side: 'requested',
    permission: 'request.receive',
    kinds: ['eaw'],
    guards: ['consent-recorded'],
    communicates: true,
  }),
  rule({
    action: 'refuse',
    from: [...ASSESSING, 'accepted'],
    to: 'refused',
    side: 'requested',
    permission: 'request.receive',
    communicates: true,
  }),
  rule({
    action: 'postpone',
    from: [...ASSESSING, 'accepted', ...EXECUTING],
    to: 'postponed',
    side: 'requested',
    permission: 'request.receive',
    communicates: true,
  }),
  rule({
    action: 'resume',
    from: ['postponed'],
    to: 'previous',
    side: 'requested',
    permission: 'request.receive',
    communicates: true,
  }),
  // EIO Art. 12(5), EAW Art. 17(4): the decision period extended once, with reasons.
  rule({
    action: 'extend',
    from: [...ASSESSING, 'accepted', ...EXECUTING],
    to: 'same',
    side: 'requested',
    permission: 'request.receive',
    communicates: true,
  }),
  // Reg. (EU) 2023/1543 Art. 11(1), Annex VI: the issuer extends a preservation by 30 days.
  rule({
    action: 'extend',
    from: ['accepted', ...EXECUTING],
    to: 'same',
    side: 'requesting',
    permission: 'request.transmit',
    kinds: ['preservation'],
    communicates: true,
  }),
  // Execution.
  rule({
    action: 'start-execution',
    from: ['accepted'],
    to: 'in-execution',
    side: 'requested',
    permission: 'request.execute',
    communicates: true,
  }),
  rule({
    action: 'return-results',
    from: EXECUTING,
    to: 'partially-executed',
    side: 'requested',
    permission: 'request.execute',
    communicates: true,
  }),
  rule({
    action: 'complete',
    from: EXECUTING,
    to: 'executed',
    side: 'requested',
    permission: 'request.execute',
    guards: ['tasks-finished'],
    communicates: true,
  }),
  rule({
    action: 'return-results',
    from: ['executed'],
    to: 'results-returned',
    side: 'requested',
    permission: 'request.execute',
    communicates: true,
  }),
  // Reg. (EU) 2023/1543 Art. 11(1)-(2): a production order confirms the preservation.
  rule({
    action: 'request-production',
    from: ['accepted', ...EXECUTING],
    to: 'in-execution',
    side: 'requesting',
    permission: 'request.transmit',
    kinds: ['preservation'],
    instruments: ['e-evidence'],
    communicates: true,
  }),
  // Closure and withdrawal.
  rule({
    action: 'close',
    from: ['results-returned', 'refused'],
    to: 'closed',
    side: 'requesting',
    permission: 'request.transmit',
    communicates: true,
  }),
  rule({
    action: 'withdraw',
    from: BEFORE_TRANSMISSION,
    to: 'cancelled',
    side: 'requesting',
    permission: 'request.transmit',
  }),
  rule({
    action: 'withdraw',
    from: OPEN_STATES.filter(
      (s) => !BEFORE_TRANSMISSION.includes(s) && s !== 'results-returned' && s !== 'refused',
    ),
    to: 'withdrawn',
    side: 'requesting',
    permission: 'request.transmit',
    communicates: true,
  }),
];
