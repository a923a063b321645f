import { z } from 'zod';
import { CountryCode, Id, LanguageCode, Timestamp } from './common.ts';
import { InstrumentId, MeasureId, RequestKind } from './legal.ts';
import { LifecycleSide, RequestState } from './lifecycle.ts';

// Work around requests: execution tasks, translation tasks, the inbox with its saved views, and
// notifications with their preferences.

export const TaskStatus = z.enum(['open', 'in-progress', 'done', 'cancelled']);
export const ExecutionTask = z.object({
  id: Id,
  requestId: Id,
  reference: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  measure: MeasureId.nullable(),
  ownerAgency: z.object({ id: Id, name: z.string() }),
  ownerUserId: Id.nullable(),
  dueAt: Timestamp.nullable(),
  status: TaskStatus,
  result: z.string().nullable(),
  completedAt: Timestamp.nullable(),
  version: z.number().int(),
  createdBy: Id,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export const TaskPolicies = z.object({ read: z.boolean(), update: z.boolean() });
export const TaskResponse = z.object({ data: ExecutionTask, policies: TaskPolicies });
export const TaskListResponse = z.object({ items: z.array(TaskResponse) });
export const CreateTask = z
  .object({
    title: z.string().trim().min(1).max(200),
    description: z.string().max(5_000).optional(),
    measure: MeasureId.optional(),
    ownerAgencyId: Id.describe('Executing agency in the requested state, on this node'),
    ownerUserId: Id.optional().describe('An officer of that agency'),
    dueAt: Timestamp.optional(),
  })
  .strict()
  .meta({
    examples: [
      {
        title: 'Hear witness Camille Lefèvre',
        measure: 'hearing-witness',
        ownerAgencyId: '01934f4e-0000-7000-8000-000000000001',
        dueAt: '2026-03-20T17:00:00.000Z',
      },
    ],
  });
export const UpdateTask = z
  .object({
    expectedVersion: z.number().int().min(1),
    status: TaskStatus.optional(),
    result: z
      .string()
      .trim()
      .max(20_000)
      .nullable()
      .optional()
      .describe('Outcome; required when status is done'),
    ownerUserId: Id.nullable().optional(),
    dueAt: Timestamp.nullable().optional(),
  })
  .strict()
  .meta({
    examples: [{ expectedVersion: 1, status: 'done', result: 'Witness heard on 12 March; minutes sent.' }],
  });
export const TaskListQuery = z
  .object({
    status: TaskStatus.optional(),
    mine: z.enum(['true', 'false']).optional().describe('true: only tasks assigned to me'),
  })
  .strict();

export const TranslationTask = z.object({
  id: Id,
  requestId: Id,
  fieldPath: z.string().describe('Free-text field of the request, e.g. `summaryOfFacts`'),
  sourceLanguage: LanguageCode.nullable(),
  targetLanguage: LanguageCode,
  status: z.enum(['open', 'in-progress', 'done', 'waived']),
  assigneeUserId: Id.nullable(),
  note: z.string().nullable(),
  satisfiedBy: z.enum(['task', 'attachment']).nullable(),
  version: z.number().int(),
  updatedAt: Timestamp,
});
export const TranslationsResponse = z.object({
  required: z.boolean().describe('The requested state does not accept the request’s language'),
  blocking: z.boolean().describe('Transmission is refused while a translation is missing'),
  acceptedLanguages: z.array(LanguageCode),
  citation: z.string(),
  verified: z.boolean(),
  items: z.array(TranslationTask),
});
export const UpdateTranslationTask = z
  .object({
    expectedVersion: z.number().int().min(1),
    status: z.enum(['open', 'in-progress', 'done', 'waived']).optional(),
    assigneeUserId: Id.nullable().optional(),
    note: z.string().max(2_000).nullable().optional(),
  })
  .strict();

export const INBOX_VIEWS = ['needs-my-action', 'waiting-on-partner', 'overdue', 'due-this-week'] as const;
export const InboxViewName = z.enum(INBOX_VIEWS);
export type InboxViewName = z.infer<typeof InboxViewName>;
export const InboxFilters = z
  .object({
    scope: z.enum(['me', 'agency']).default('me').describe('me: what I may act on; agency: my agency'),
    kind: RequestKind.optional(),
    instrument: InstrumentId.optional(),
    state: RequestState.optional(),
    side: z.enum(['outgoing', 'incoming']).optional(),
    urgent: z.enum(['true', 'false']).optional(),
    q: z.string().max(100).optional().describe('Matches title or reference'),
    sort: z.enum(['due', '-due', 'updated', '-updated', 'created', '-created']).default('due'),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
export const InboxQuery = InboxFilters.extend({ view: InboxViewName.default('needs-my-action') }).strict();
/** Filters as saved: only what the user chose (the defaults apply when the view is used). */
export const SavedFilters = z
  .object({
    scope: z.enum(['me', 'agency']).optional(),
    kind: RequestKind.optional(),
    instrument: InstrumentId.optional(),
    state: RequestState.optional(),
    side: z.enum(['outgoing', 'incoming']).optional(),
    urgent: z.enum(['true', 'false']).optional(),
    q: z.string().max(100).optional(),
    sort: z.enum(['due', '-due', 'updated', '-updated', 'created', '-created']).optional(),
    limit: z.number().int().min(1).max(200).optional(),
  })
  .strict();
export const InboxItem = z.object({
  requestId: Id,
  reference: z.string(),
  title: z.string().nullable(),
  kind: RequestKind,
  instrumentId: InstrumentId.nullable(),
  state: RequestState,
  side: LifecycleSide,
  turn: z.enum(['requesting', 'validating', 'requested']).nullable(),
  partnerAgency: z.object({ id: Id, name: z.string() }).nullable(),
  requestedState: CountryCode.nullable().describe(
    'The state the request is for, as its draft names it: the other side before a recipient agency is known',
  ),
  urgent: z.boolean(),
  allowedActions: z.array(z.string()),
  nextDue: z
    .object({
      deadlineId: Id.describe(
        'The clock’s id; for an executing agency’s task, the task’s; for a request received from a partner before its clocks were kept here, the request’s',
      ),
      action: z.string(),
      dueAt: Timestamp,
      citation: z.string(),
      overdue: z.boolean(),
    })
    .nullable(),
  openTasks: z.number().int(),
  updatedAt: Timestamp,
  createdAt: Timestamp,
});
export const InboxResponse = z.object({
  view: InboxViewName,
  scope: z.enum(['me', 'agency']),
  counts: z.record(InboxViewName, z.number().int()).describe('Count per view, same scope and filters'),
  items: z.array(InboxItem),
});
export const SavedView = z.object({
  id: Id,
  name: z.string(),
  view: InboxViewName,
  filters: SavedFilters,
  createdAt: Timestamp,
});
export const CreateSavedView = z
  .object({
    name: z.string().trim().min(1).max(80),
    view: InboxViewName,
    filters: SavedFilters.default({}),
  })
  .strict()
  .meta({
    examples: [
      { name: 'Urgent EIOs', view: 'needs-my-action', filters: { instrument: 'eio', urgent: 'true' } },
    ],
  });
export const SavedViewsResponse = z.object({ items: z.array(SavedView) });

export const NOTIFICATION_KINDS = [
  'action-needed',
  'transition',
  'reminder',
  'escalation',
  'task',
  'task-done',
  'digest',
] as const;
export const NotificationKind = z.enum(NOTIFICATION_KINDS);
export type NotificationKind = z.infer<typeof NotificationKind>;
export const NotificationPreferences = z.object({
  email: z.boolean().describe('Send e-mails at all'),
  emailKinds: z.array(NotificationKind).describe('Kinds that also go by e-mail'),
  digest: z.enum(['off', 'daily']).describe('Daily e-mail listing how many items are due'),
});
export const PutNotificationPreferences = NotificationPreferences.strict().meta({
  examples: [{ email: true, emailKinds: ['reminder', 'escalation', 'task'], digest: 'daily' }],
});
export const Notification = z.object({
  id: Id,
  kind: NotificationKind,
  requestId: Id.nullable(),
  reference: z.string(),
  link: z.string(),
  createdAt: Timestamp,
  readAt: Timestamp.nullable(),
});
export const NotificationsResponse = z.object({ unread: z.number().int(), items: z.array(Notification) });
