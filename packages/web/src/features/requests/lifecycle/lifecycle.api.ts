import type { CreateTask, UpdateTask } from '@comity/contracts';
import type { z } from 'zod';
import { api } from '../../../api/client.ts';
import type {
  DeadlinesT,
  DeliveriesT,
  InboxQueryT,
  InboxT,
  LifecycleT,
  ListOf,
  NotificationPreferencesT,
  SavedViewT,
  TaskRowT,
  TimelineT,
  TransitionBodyT,
  TranslationsT,
} from '../../../api/types.ts';

export type CreateTaskBody = z.input<typeof CreateTask>;
export type UpdateTaskBody = z.input<typeof UpdateTask>;

/** Query keys: everything about one request's lifecycle starts with ['lifecycle', id]. */
export const lifecycleKeys = {
  all: ['lifecycle'] as const,
  one: (id: string) => ['lifecycle', id] as const,
  deadlines: (id: string) => ['lifecycle', id, 'deadlines'] as const,
  deliveries: (id: string) => ['lifecycle', id, 'deliveries'] as const,
  timeline: (id: string) => ['lifecycle', id, 'timeline'] as const,
  tasks: (id: string) => ['lifecycle', id, 'tasks'] as const,
  translations: (id: string) => ['lifecycle', id, 'translations'] as const,
  inbox: (q: InboxQueryT) => ['inbox', q] as const,
  views: ['inbox', 'views'] as const,
  board: (f: { status?: string | undefined; mine?: boolean }) => ['tasks', f] as const,
  preferences: ['me', 'notification-preferences'] as const,
};

const path = (id: string) => `/api/requests/${encodeURIComponent(id)}`;

export const lifecycleApi = {
  lifecycle: (id: string, signal?: AbortSignal) => api.get<LifecycleT>(`${path(id)}/lifecycle`, { signal }),
  transition: (id: string, body: TransitionBodyT) => api.post<LifecycleT>(`${path(id)}/transitions`, body),
  deadlines: (id: string, signal?: AbortSignal) => api.get<DeadlinesT>(`${path(id)}/deadlines`, { signal }),
  deliveries: (id: string, signal?: AbortSignal) =>
    api.get<DeliveriesT>(`${path(id)}/deliveries`, { signal }),
  timeline: (id: string, signal?: AbortSignal) => api.get<TimelineT>(`${path(id)}/timeline`, { signal }),
  tasks: (id: string, signal?: AbortSignal) => api.get<ListOf<TaskRowT>>(`${path(id)}/tasks`, { signal }),
  createTask: (id: string, body: CreateTaskBody) => api.post<TaskRowT>(`${path(id)}/tasks`, body),
  updateTask: (taskId: string, body: UpdateTaskBody) =>
    api.patch<TaskRowT>(`/api/tasks/${encodeURIComponent(taskId)}`, body),
  board: (f: { status?: string | undefined; mine?: boolean }, signal?: AbortSignal) =>
    api.get<ListOf<TaskRowT>>('/api/tasks', {
      signal,
      query: { status: f.status, mine: f.mine ? 'true' : undefined },
    }),
  translations: (id: string, signal?: AbortSignal) =>
    api.get<TranslationsT>(`${path(id)}/translations`, { signal }),
  inbox: (q: InboxQueryT, signal?: AbortSignal) =>
    api.get<InboxT>('/api/inbox', { signal, query: { ...q } as Record<string, string | number | undefined> }),
  views: (signal?: AbortSignal) => api.get<ListOf<SavedViewT>>('/api/inbox/views', { signal }),
  saveView: (body: { name: string; view: string; filters: Record<string, unknown> }) =>
    api.post<SavedViewT>('/api/inbox/views', body),
  deleteView: (id: string) => api.delete<{ ok: true }>(`/api/inbox/views/${encodeURIComponent(id)}`),
  preferences: (signal?: AbortSignal) =>
    api.get<NotificationPreferencesT>('/api/me/notification-preferences', { signal }),
  savePreferences: (body: NotificationPreferencesT) =>
    api.put<NotificationPreferencesT>('/api/me/notification-preferences', body),
};
