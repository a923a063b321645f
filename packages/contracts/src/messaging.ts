import { z } from 'zod';
import { Id, Timestamp } from './common.ts';
import { Labels, LabelsInput } from './labels.ts';

/** Formal communications are typed messages (EIO Annex C: notification of receipt of an EIO). */
export const MESSAGE_KINDS = [
  'text',
  'acknowledgement',
  'request-for-information',
  'notification-of-refusal',
  'notification-of-postponement',
  'eio-annex-c',
] as const;
export const MessageKind = z.enum(MESSAGE_KINDS);

export const Thread = z.object({
  id: Id,
  subject: z.string(),
  requestId: Id.nullable(),
  caseId: Id.nullable(),
  agencyId: Id,
  participants: z.array(Id),
  labels: Labels,
  createdBy: Id,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export const CreateThread = z
  .object({
    subject: z.string().min(1).max(300),
    requestId: Id.nullable().optional(),
    caseId: Id.nullable().optional(),
    participants: z.array(Id).max(50).default([]),
    labels: LabelsInput,
  })
  .strict()
  .refine((t) => Boolean(t.requestId) !== Boolean(t.caseId), {
    message: 'Bind the thread to a request or a case.',
  });

export const Message = z.object({
  id: Id,
  threadId: Id,
  kind: MessageKind,
  body: z.string(),
  mentions: z.array(Id),
  attachments: z.array(Id),
  labels: Labels,
  forwardedFrom: Id.nullable(),
  authorId: Id,
  authorAgencyId: Id,
  revision: z.number().int(),
  createdAt: Timestamp,
  editedAt: Timestamp.nullable(),
  readBy: z.array(z.object({ userId: Id, readAt: Timestamp })),
});
export const PostMessage = z
  .object({
    kind: MessageKind.default('text'),
    body: z.string().min(1).max(20_000),
    mentions: z.array(Id).max(50).optional(),
    attachments: z.array(Id).max(20).optional(),
    labels: LabelsInput.optional(),
  })
  .strict();
export const EditMessage = z
  .object({
    body: z.string().min(1).max(20_000),
    /** The revision the edit started from: 409 with the current message if it moved since. */
    expectedRevision: z.number().int().min(1).optional(),
  })
  .strict();
export const ForwardMessage = z
  .object({
    threadId: Id,
    acknowledgeRestriction: z.boolean().optional(),
    reason: z.string().max(1000).optional(),
  })
  .strict();

export const PermissionRequest = z.object({
  id: Id,
  kind: z.enum(['forward', 'judicial']),
  objectType: z.enum(['message', 'evidence']),
  objectId: Id,
  originatorAgencyId: Id,
  requesterAgencyId: Id,
  targetAgencyId: Id,
  targetThreadId: Id.nullable(),
  reason: z.string(),
  status: z.enum(['pending', 'granted', 'refused']),
  createdBy: Id,
  createdAt: Timestamp,
  decidedBy: Id.nullable(),
  decidedAt: Timestamp.nullable(),
  decisionNote: z.string().nullable(),
});
export const CreatePermissionRequest = z
  .object({
    kind: z.enum(['forward', 'judicial']),
    objectType: z.enum(['message', 'evidence']),
    objectId: Id,
    targetAgencyId: Id.optional(),
    reason: z.string().min(1).max(2000),
  })
  .strict();
export const DecidePermission = z.object({ note: z.string().max(2000).optional() }).strict();

export const ThreadResponse = z.object({ data: Thread, labels: Labels });
export const ThreadListResponse = z.object({ items: z.array(ThreadResponse) });
export const MessageResponse = z.object({ data: Message, labels: Labels });
export const MessageListResponse = z.object({ items: z.array(MessageResponse), withheld: z.number().int() });
/** 201: the message was forwarded into the target thread. */
export const ForwardedResponse = z.object({ status: z.literal('forwarded'), message: MessageResponse });
/** 202: H2 without permission; a permission request went to the originator instead. */
export const PermissionRequestedResponse = z.object({
  status: z.literal('permission-requested'),
  permissionRequest: PermissionRequest,
});
export const ForwardResponse = z.union([ForwardedResponse, PermissionRequestedResponse]);

/** An earlier revision of a message, as stored (GET /api/messages/:id/revisions). */
export const MessageRevision = z.object({
  id: z.string(),
  message_id: z.string(),
  revision: z.number().int(),
  body: z.string(),
  edited_by: z.string(),
  edited_at: z.string(),
});
export const MessageRevisionListResponse = z.object({ items: z.array(MessageRevision) });
