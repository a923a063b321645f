import { api, buildUrl } from '../../api/client.ts';
import type { AuditEventT, CheckpointT, InclusionProofT, VerifyResultT } from '../../api/types.ts';

export interface AuditFilters {
  actorUserId?: string | undefined;
  actorAgencyId?: string | undefined;
  objectType?: string | undefined;
  objectId?: string | undefined;
  action?: string | undefined;
  outcome?: 'success' | 'denied' | 'failure' | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export const filterNames = [
  'actorUserId',
  'actorAgencyId',
  'objectType',
  'objectId',
  'action',
  'outcome',
  'from',
  'to',
] as const satisfies readonly (keyof AuditFilters)[];

export const auditKeys = {
  events: (f: AuditFilters) => ['audit', 'events', f] as const,
  event: (id: string) => ['audit', 'event', id] as const,
  checkpoint: ['audit', 'checkpoint'] as const,
};

export const PAGE_SIZE = 100;

export const auditApi = {
  events: (f: AuditFilters, before: string | undefined, signal?: AbortSignal) =>
    api.get<{ items: AuditEventT[]; nextBefore: string | null }>('/api/audit/events', {
      signal,
      query: { ...f, limit: PAGE_SIZE, before },
    }),
  event: (id: string, signal?: AbortSignal) =>
    api.get<{ event: AuditEventT; proof: InclusionProofT | null }>(
      `/api/audit/events/${encodeURIComponent(id)}`,
      {
        signal,
      },
    ),
  checkpoint: (signal?: AbortSignal) => api.get<CheckpointT>('/api/audit/checkpoint', { signal }),
  verify: () => api.post<VerifyResultT>('/api/audit/verify', {}),
  csvUrl: (f: AuditFilters) => buildUrl('/api/audit/events.csv', { ...f }),
};
