import { z } from 'zod';
import { CountryCode, Id, Timestamp } from './common.ts';
import { InstrumentId, IsoDate, IsoDuration, RequestKind } from './legal.ts';

// The request lifecycle: one state machine for every kind of request, seen from the
// requesting side (outgoing) and the requested side (incoming). Transitions are the only way to
// change state: POST /api/requests/{id}/transitions with an action and the version it is based on.

/** A request's short reference, as people quote it (REQ- and the last 8 of its id), on every side. */
export const requestReference = (id: string): string => `REQ-${id.replace(/-/g, '').slice(-8).toUpperCase()}`;

export const REQUEST_STATES = [
  'draft',
  'submitted',
  'awaiting-validation',
  'approved',
  'transmitted',
  'under-assessment',
  'information-requested',
  'surrender-consented',
  'surrender-contested',
  'accepted',
  'postponed',
  'in-execution',
  'partially-executed',
  'executed',
  'results-returned',
  'refused',
  'closed',
  'withdrawn',
  'cancelled',
] as const;
export const RequestState = z.enum(REQUEST_STATES).describe('Lifecycle state of a request');
export type RequestState = z.infer<typeof RequestState>;

export const TRANSITION_ACTIONS = [
  'submit',
  'approve',
  'return',
  'validate',
  'amend',
  'transmit',
  'acknowledge',
  'request-information',
  'provide-information',
  'accept',
  'refuse',
  'postpone',
  'resume',
  'consent',
  'no-consent',
  'extend',
  'start-execution',
  'return-results',
  'complete',
  'request-production',
  'close',
  'withdraw',
] as const;
export const TransitionAction = z.enum(TRANSITION_ACTIONS);
export type TransitionAction = z.infer<typeof TransitionAction>;

/**
 * Actions always open to a side that do not by themselves make it that side's move (withdrawing,
 * amending, extending, asking for more, postponing): worklists and "whose move" ignore them.
 */
export const OPTIONAL_ACTIONS: ReadonlySet<TransitionAction> = new Set<TransitionAction>([
  'withdraw',
  'amend',
  'extend',
  'request-information',
  'postpone',
]);

/** Which side of a request an agency is on. */
export const LifecycleSide = z
  .enum(['requesting', 'validating', 'requested', 'executing'])
  .describe(
    'requesting: the drafting agency (outgoing view); validating: the judicial authority that validates it; requested: the recipient (incoming view); executing: an agency with execution tasks',
  );

const note = z.string().trim().min(1).max(5_000);
const base = {
  expectedVersion: z.number().int().min(1).describe('`data.version` of the lifecycle view; 409 if stale'),
};
/** Example bodies per action, shown in the OpenAPI document. */
const EXAMPLES: Partial<Record<TransitionAction, Record<string, unknown>>> = {
  approve: { comments: 'Proportionate; go ahead.' },
  return: { comments: 'Add the account numbers.' },
  transmit: { recipientAgencyId: '01934f4e-0000-7000-8000-000000000001' },
  'request-information': { questions: 'Which accounts exactly, and for which period?' },
  'provide-information': { answer: 'FR76 0000 0000 0000, 1.1.2026 to 31.3.2026.' },
  refuse: { grounds: ['ne_bis_in_idem'], reasons: 'Final judgment in France for the same acts (2025).' },
  postpone: {
    reason: 'Domestic investigation would be prejudiced (EIO Art. 15(1)(a)).',
    until: '2026-07-01',
  },
  consent: { arrestedAt: '2026-03-01T06:30:00.000Z' },
  'no-consent': { arrestedAt: '2026-03-01T06:30:00.000Z' },
  extend: {
    deadlineId: '01934f4e-0000-7000-8000-000000000002',
    reasons: 'Hearing on the objection set for next month.',
  },
  'return-results': {
    summary: 'Minutes of the hearing of the witness.',
    taskIds: ['01934f4e-0000-7000-8000-000000000003'],
  },
  'request-production': { measures: ['traffic-data'] },
  withdraw: { reason: 'Suspect arrested in the requesting state.' },
};
const act = <A extends TransitionAction, S extends z.ZodRawShape>(action: A, shape: S) =>
  z
    .object({ action: z.literal(action), ...base, ...shape })
    .strict()
    .meta({ examples: [{ action, expectedVersion: 3, ...EXAMPLES[action] }] });

export const TransitionBody = z
  .discriminatedUnion('action', [
    act('submit', { note: note.optional() }),
    act('approve', {
      comments: note.optional(),
      validatingAgencyId: Id.optional().describe(
        'Judicial authority that validates (EIO Art. 2(c)(ii)); defaults to the draft’s validatingAuthority.agencyId',
      ),
    }),
    act('return', { comments: note.describe('Why the request goes back to its drafter') }),
    act('validate', { comments: note.optional() }),
    act('amend', { reason: note.optional() }),
    act('transmit', {
      recipientAgencyId: Id.optional().describe(
        'Recipient agency; defaults to the draft’s requestedAuthority.agencyId',
      ),
    }),
    act('acknowledge', { note: note.optional() }),
    act('request-information', { questions: note }),
    act('provide-information', { answer: note }),
    act('accept', { note: note.optional() }),
    act('refuse', {
      grounds: z
        .array(z.string().min(1).max(80))
        .min(1)
        .max(20)
        .describe('Refusal ground ids of the instrument'),
      reasons: note,
    }),
    act('postpone', { reason: note, until: IsoDate.describe('Postponed until this date') }),
    act('resume', { note: note.optional() }),
    act('consent', {
      arrestedAt: Timestamp.optional(),
      consentAt: Timestamp.optional().describe('When the person consented; default now'),
    }),
    act('no-consent', { arrestedAt: Timestamp.describe('When the person was arrested (EAW Art. 17(3))') }),
    act('extend', { deadlineId: Id, reasons: note }),
    act('start-execution', { note: note.optional() }),
    act('return-results', {
      summary: note.describe('What is returned; no evidence content travels here'),
      taskIds: z.array(Id).max(100).optional(),
      evidenceItemIds: z
        .array(Id)
        .max(100)
        .optional()
        .describe(
          'Evidence items of the executing agency returned with the results. To a partner node their files are offered by SHA-256, size and labels (evidence.offer) and pulled by the requesting node, which checks the hash; the handling labels must allow the hand-over',
        ),
    }),
    act('complete', { note: note.optional() }),
    act('request-production', {
      measures: z
        .array(z.enum(['subscriber-data', 'traffic-data', 'content-data']))
        .min(1)
        .max(3),
      note: note.optional(),
    }),
    act('close', { note: note.optional() }),
    act('withdraw', { reason: note }),
  ])
  .meta({
    examples: [
      { action: 'submit', expectedVersion: 1 },
      {
        action: 'refuse',
        expectedVersion: 6,
        grounds: ['ne_bis_in_idem'],
        reasons: 'Final judgment of 2025.',
      },
    ],
  });
export type TransitionBody = z.infer<typeof TransitionBody>;

const AgencyRef = z.object({ id: Id, name: z.string(), jurisdiction: CountryCode });
const Sourced = { citation: z.string(), verified: z.boolean() };

export const LifecycleRequest = z.object({
  id: Id,
  reference: z.string().describe('Neutral Comity reference (REQ-…), safe for e-mails'),
  proceedingsReference: z.string().nullable(),
  title: z.string().nullable(),
  kind: RequestKind,
  instrumentId: InstrumentId.nullable(),
  requestingState: CountryCode.nullable(),
  requestedState: CountryCode.nullable(),
  urgent: z.boolean(),
  classification: z.number().int(),
  side: LifecycleSide.describe('My side of this request'),
  state: RequestState,
  version: z.number().int().describe('Lifecycle version: send it as `expectedVersion`'),
  turn: z.enum(['requesting', 'validating', 'requested']).nullable().describe('Whose move it is'),
  contentVersion: z.number().int().describe('Version of the request content'),
  frozen: z
    .object({
      version: z.number().int(),
      hash: z.string(),
      approvedBy: Id.nullable().describe('The approving supervisor; null for the requested state'),
      approvedAt: Timestamp,
    })
    .nullable()
    .describe('The approved version, frozen; hash = SHA-256 over its RFC 8785 canonical JSON'),
  sent: z.object({ version: z.number().int(), hash: z.string(), at: Timestamp, by: Id }).nullable(),
  requestingAgency: AgencyRef,
  recipientAgency: AgencyRef.nullable(),
  validation: z
    .object({
      required: z.boolean(),
      agency: AgencyRef.nullable(),
      validatedBy: Id.nullable().describe('The validating officer; null for the requested state'),
      validatedAt: Timestamp.nullable(),
      ...Sourced,
    })
    .nullable(),
  parentId: Id.nullable().describe('Supplementary request: the request it follows'),
  returned: z.object({ by: Id, at: Timestamp, comments: z.string() }).nullable(),
  informationRequest: z.object({ at: Timestamp, questions: z.string() }).nullable(),
  postponement: z.object({ reason: z.string(), until: IsoDate }).nullable(),
  refusal: z
    .object({
      grounds: z.array(z.object({ id: z.string(), description: z.string(), ...Sourced })),
      reasons: z.string(),
    })
    .nullable(),
  consent: z.enum(['given', 'refused']).nullable(),
  nextDeadline: z
    .object({ id: Id, action: z.string(), dueAt: Timestamp, overdue: z.boolean(), ...Sourced })
    .nullable(),
  createdBy: Id.nullable().describe('The drafter; null for the requested state'),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export const LifecyclePolicies = z
  .record(z.string(), z.boolean())
  .describe('`read` plus one entry per transition action: true when I may take it now');
export const LifecycleResponse = z.object({
  data: LifecycleRequest,
  policies: LifecyclePolicies,
  allowedActions: z.array(TransitionAction),
  warnings: z
    .array(z.object({ code: z.string(), message: z.string(), ...Sourced }))
    .optional()
    .describe('E.g. translations missing where the instrument does not require them'),
});

export const Receipt = z.object({
  kind: z.enum(['submitted', 'delivered', 'retrieved']).describe('e-CODEX receipt model'),
  at: Timestamp,
  by: Id.nullable(),
});
export const Delivery = z.object({
  id: Id,
  type: z.enum(['request.transmission', 'request.communication']),
  action: TransitionAction,
  carrier: z.enum(['local', 'remote']),
  direction: z.enum(['outgoing', 'incoming']).describe('Seen from my side'),
  senderAgencyId: Id,
  recipientAgencyId: Id,
  recipientNode: z.string().nullable(),
  version: z.number().int().nullable().describe('Content version sent (transmissions)'),
  contentHash: z.string().nullable(),
  createdAt: Timestamp,
  receipts: z.array(Receipt),
});
export const DeliveriesResponse = z.object({ items: z.array(Delivery) });

export const Deadline = z.object({
  id: Id,
  ruleId: z.string(),
  basis: z.enum(['law', 'requested-date']),
  event: z.string().describe('Trigger event: receipt, decision, consent, arrest…'),
  action: z.string().describe('What must be done by the due time'),
  owner: z.enum(['requesting', 'requested']).describe('Side that must act'),
  duration: IsoDuration.nullable(),
  dayKind: z.enum(['calendar', 'working']),
  startedAt: Timestamp,
  baseDueAt: Timestamp.describe('Start + duration (+ extension), before pauses'),
  dueAt: Timestamp.describe('Base due + time paused'),
  pausedMs: z.number().int(),
  pausedSince: Timestamp.nullable(),
  pauseReason: z.string().nullable(),
  status: z.enum(['running', 'paused', 'met', 'stopped']),
  endedAt: Timestamp.nullable(),
  endedReason: z.string().nullable(),
  overdue: z.boolean(),
  extension: z
    .object({
      duration: IsoDuration,
      condition: z.string(),
      applied: z.boolean(),
      reasons: z.string().nullable(),
      ...Sourced,
    })
    .nullable(),
  ...Sourced,
  note: z.string().nullable(),
});
export const DeadlinesResponse = z.object({
  items: z.array(Deadline),
  untracked: z
    .array(z.object({ ruleId: z.string(), event: z.string(), reason: z.string(), ...Sourced }))
    .describe('Rules of the instrument whose trigger the lifecycle does not produce, or that do not apply'),
  calendarNote: z.string(),
});

/** What a request's timeline says happened to an execution task (kind `task`). */
export const TASK_TIMELINE_ACTIONS = [
  'task-assigned',
  'task-started',
  'task-done',
  'task-cancelled',
  'task-reopened',
  'task-changed',
] as const;
export type TaskTimelineAction = (typeof TASK_TIMELINE_ACTIONS)[number];

export const TimelineEntry = z.object({
  at: Timestamp,
  kind: z.enum(['transition', 'receipt', 'task']),
  action: z.string(),
  from: RequestState.nullable(),
  to: RequestState.nullable(),
  by: z.object({ id: Id, name: z.string() }).nullable(),
  agency: z.object({ id: Id, name: z.string() }).nullable(),
  details: z.record(z.string(), z.unknown()),
});
export const TimelineResponse = z.object({ items: z.array(TimelineEntry) });

export const SupplementaryBody = z
  .object({
    title: z
      .string()
      .trim()
      .min(1, 'A title has at least one character; leave it out to take the parent’s')
      .max(200)
      .optional(),
  })
  .strict()
  .describe('Starts a new draft that follows this request, copying its content');
