import type {
  CreatePermissionRequest,
  CreateThread,
  ForwardMessage,
  ForwardResponse,
  LabelsInput,
  Message,
  MessageKind,
  MessageListResponse,
  MessageResponse,
  MessageRevision,
  MessageRevisionListResponse,
  PermissionRequest,
  Recipient,
  ThreadResponse,
} from '@comity/contracts';
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from '../../api/client.ts';
import { useMe, usePermission } from '../../api/queries.ts';
import { k } from '../../i18n/index.ts';
import { adminApi, adminKeys, ofWorld } from '../admin/admin.api.ts';

type RecipientT = z.infer<typeof Recipient>;
export type ThreadRow = z.infer<typeof ThreadResponse>;
export type ThreadT = ThreadRow['data'];
export type MessageRow = z.infer<typeof MessageResponse>;
export type MessageT = z.infer<typeof Message>;
export type MessageList = z.infer<typeof MessageListResponse>;
export type MessageKindT = z.infer<typeof MessageKind>;
export type PermissionRequestT = z.infer<typeof PermissionRequest>;
export type CreateThreadBody = z.input<typeof CreateThread>;
export type CreatePermissionBody = z.input<typeof CreatePermissionRequest>;
export type LabelsInputT = z.input<typeof LabelsInput>;
export type ForwardBody = z.input<typeof ForwardMessage>;
/** 201 `forwarded` (the copy) or 202 `permission-requested` (H2: asked the originator instead). */
export type ForwardResultT = z.infer<typeof ForwardResponse>;

/** An earlier revision as the server keeps it (the message shows the latest). */
export type RevisionT = z.infer<typeof MessageRevision>;

/** Catalogue keys of the message kinds (formal communications are typed). */
export const KIND_KEY: Record<MessageKindT, string> = {
  text: k('messaging.kind.text'),
  acknowledgement: k('messaging.kind.acknowledgement'),
  'request-for-information': k('messaging.kind.requestForInformation'),
  'notification-of-refusal': k('messaging.kind.refusal'),
  'notification-of-postponement': k('messaging.kind.postponement'),
  'eio-annex-c': k('messaging.kind.annexC'),
};

export const messagingKeys = {
  all: ['threads'] as const,
  threads: (filter: { requestId?: string; caseId?: string }) => ['threads', 'list', filter] as const,
  messages: (threadId: string) => ['threads', 'messages', threadId] as const,
  revisions: (messageId: string) => ['threads', 'revisions', messageId] as const,
  search: (q: string) => ['threads', 'search', q] as const,
  permissions: ['permission-requests'] as const,
};

const enc = encodeURIComponent;

export const messagingApi = {
  threads: (filter: { requestId?: string; caseId?: string }, signal?: AbortSignal) =>
    api.get<{ items: ThreadRow[] }>('/api/threads', { signal, query: filter }),
  createThread: (body: CreateThreadBody) => api.post<ThreadRow>('/api/threads', body),
  messages: (threadId: string, signal?: AbortSignal) =>
    api.get<MessageList>(`/api/threads/${enc(threadId)}/messages`, { signal }),
  post: (
    threadId: string,
    body: { kind: MessageKindT; body: string; labels?: LabelsInputT; attachments?: string[] },
  ) => api.post<MessageRow>(`/api/threads/${enc(threadId)}/messages`, body),
  /** `expectedRevision`: the revision shown while editing; 409 `conflict` if it was edited since. */
  edit: (id: string, body: string, expectedRevision: number) =>
    api.patch<MessageRow>(`/api/messages/${enc(id)}`, { body, expectedRevision }),
  revisions: (id: string, signal?: AbortSignal) =>
    api.get<z.infer<typeof MessageRevisionListResponse>>(`/api/messages/${enc(id)}/revisions`, { signal }),
  forward: (id: string, body: ForwardBody) =>
    api.post<ForwardResultT>(`/api/messages/${enc(id)}/forward`, body),
  markRead: (id: string) => api.post<void>(`/api/messages/${enc(id)}/read`, {}),
  search: (q: string, signal?: AbortSignal) =>
    api.get<{ items: MessageRow[] }>('/api/messages/search', { signal, query: { q } }),
  permissions: (signal?: AbortSignal) =>
    api.get<{ items: PermissionRequestT[] }>('/api/permission-requests', { signal }),
  requestPermission: (body: CreatePermissionBody) =>
    api.post<PermissionRequestT>('/api/permission-requests', body),
  decide: (id: string, verb: 'grant' | 'refuse', note?: string) =>
    api.post<PermissionRequestT>(`/api/permission-requests/${enc(id)}/${verb}`, note ? { note } : {}),
};

/** Short names of agencies (everyone may list them), for originators, authors and recipients. */
export function useAgencyNames(): {
  name: (id: string) => string;
  node: (id: string) => string;
  options: { value: string; label: string }[];
} {
  const can = usePermission();
  const me = useMe().data;
  const agencies = useQuery({
    queryKey: adminKeys.agencies,
    queryFn: ({ signal }) => adminApi.agencies(signal),
    enabled: can('agency.read'),
    staleTime: 5 * 60_000,
  });
  // Agencies of partner nodes, as their node documents publish them (a thread may include them).
  const partners = useQuery({
    queryKey: ['directory', 'recipients', 'all'],
    queryFn: ({ signal }) => api.get<{ items: RecipientT[] }>('/api/directory/recipients', { signal }),
    enabled: can('agency.read'),
    staleTime: 5 * 60_000,
  });
  const remote = (partners.data?.items ?? []).filter((r) => r.node !== null);
  const map = new Map([
    ...remote.map((r) => [r.id, `${r.name} (${r.node!.name})`] as const),
    ...(agencies.data?.items ?? []).map((a) => [a.data.id, a.data.shortName ?? a.data.name] as const),
  ]);
  const nodes = new Map(remote.map((r) => [r.node!.id, r.node!.name] as const));
  return {
    name: (id: string) => map.get(id) ?? id.slice(-8),
    /** A partner node by the name its document gives. */
    node: (id: string) => nodes.get(id) ?? id.slice(-8),
    // Offered only within the world of the user's agency; a partner node judges its own on receipt.
    options: [
      ...ofWorld(agencies.data?.items, me?.agency.exercise).map((a) => ({
        value: a.data.id,
        label: `${a.data.shortName ?? a.data.name} — ${a.data.name}`,
      })),
      ...remote.map((r) => ({ value: r.id, label: `${r.name} — ${r.node!.name}` })),
    ],
  };
}
