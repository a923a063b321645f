import type { UpdateRequest } from '@comity/contracts';
import type { z } from 'zod';
import { api } from '../../api/client.ts';
import type {
  FindingsT,
  RequestDraftT,
  RequestListT,
  RequestRowT,
  RequestVersionsT,
} from '../../api/types.ts';

export type UpdateRequestBody = z.input<typeof UpdateRequest>;
export type CreateRequestBody = RequestDraftT;

/** The purpose key of a request: one answer per request and tab (api/purpose.ts). */
export const purposeKey = (id: string) => `request:${id}`;

export const requestKeys = {
  all: ['requests'] as const,
  list: (mine: boolean) => ['requests', 'list', { mine }] as const,
  one: (id: string) => ['requests', 'one', id] as const,
  findings: (id: string, version: number, lang: string) =>
    ['requests', 'findings', id, version, lang] as const,
  versions: (id: string) => ['requests', 'versions', id] as const,
};

const path = (id: string) => `/api/requests/${encodeURIComponent(id)}`;

export const requestsApi = {
  list: (mine: boolean, signal?: AbortSignal) =>
    api.get<RequestListT>('/api/requests', { signal, query: { mine: mine ? 'true' : undefined } }),
  get: (id: string, signal?: AbortSignal) =>
    api.get<RequestRowT>(path(id), { signal, purposeFor: purposeKey(id) }),
  create: (body: CreateRequestBody) => api.post<RequestRowT>('/api/requests', body),
  update: (id: string, body: UpdateRequestBody) =>
    api.patch<RequestRowT>(path(id), body, { purposeFor: purposeKey(id) }),
  findings: (id: string, lang: string, signal?: AbortSignal) =>
    api.get<FindingsT>(`${path(id)}/findings`, { signal, query: { lang } }),
  versions: (id: string, signal?: AbortSignal) =>
    api.get<RequestVersionsT>(`${path(id)}/versions`, { signal }),
  document: (id: string, lang: string | undefined, signal?: AbortSignal) =>
    api.get<Blob>(`${path(id)}/document.pdf`, {
      signal,
      query: { lang },
      as: 'blob',
      purposeFor: purposeKey(id),
    }),
};
