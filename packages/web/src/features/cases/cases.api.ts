import { api } from '../../api/client.ts';
import type { CaseT, ListOf, WithPolicies } from '../../api/types.ts';

export type CaseRow = WithPolicies<CaseT, 'read' | 'update'>;

export const casesApi = {
  list: (signal?: AbortSignal) => api.get<ListOf<CaseRow>>('/api/cases', { signal }),
  create: (body: { reference: string; title: string; classification: number }) =>
    api.post<CaseRow>('/api/cases', body),
};
