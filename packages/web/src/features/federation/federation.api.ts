import type {
  FederationEnvelopeListResponse,
  FederationEnvelopeResponse,
  FederationKeyListResponse,
  FederationKeyRotationResponse,
  FederationPartnerResponse,
  FederationPingResponse,
  FederationRetryResponse,
  FederationStatus,
} from '@comity/contracts';
import type { z } from 'zod';
import { api } from '../../api/client.ts';

export type FederationStatusT = z.infer<typeof FederationStatus>;
export type PartnerT = FederationStatusT['partners'][number];
export type PartnerRow = z.infer<typeof FederationPartnerResponse>;
export type EnvelopeT = z.infer<typeof FederationEnvelopeResponse>['data'];
export type PingResultT = z.infer<typeof FederationPingResponse>;
export type EnvelopePageT = z.infer<typeof FederationEnvelopeListResponse>;
export type NodeKeyListT = z.infer<typeof FederationKeyListResponse>;
export type NodeKeyT = NodeKeyListT['items'][number];
export type KeyRotationT = z.infer<typeof FederationKeyRotationResponse>;

/** Filters of the envelope listing (GET /api/federation/envelopes); empty strings mean "any". */
export interface EnvelopeFilter {
  direction: 'out' | 'in';
  status: string;
  partner: string;
  type: string;
}

export const federationKeys = {
  all: ['federation'] as const,
  status: ['federation', 'status'] as const,
  envelope: (id: string) => ['federation', 'envelope', id] as const,
  envelopes: (f: EnvelopeFilter) => ['federation', 'envelopes', f] as const,
  keys: ['federation', 'keys'] as const,
};

const partnerPath = (id: string, action?: string) =>
  `/api/federation/partners/${encodeURIComponent(id)}${action ? `/${action}` : ''}`;

export const federationApi = {
  status: (signal?: AbortSignal) => api.get<FederationStatusT>('/api/federation/status', { signal }),
  addPartner: (baseUrl: string) => api.post<PartnerRow>('/api/federation/partners', { baseUrl }),
  confirm: (id: string, fingerprint: string) =>
    api.post<PartnerRow>(partnerPath(id, 'confirm'), { fingerprint }),
  suspend: (id: string) => api.post<PartnerRow>(partnerPath(id, 'suspend'), {}),
  resume: (id: string) => api.post<PartnerRow>(partnerPath(id, 'resume'), {}),
  ping: (id: string) => api.post<PingResultT>(partnerPath(id, 'ping'), { count: 1 }),
  envelope: (id: string, signal?: AbortSignal) =>
    api.get<{ data: EnvelopeT }>(`/api/federation/envelopes/${encodeURIComponent(id)}`, { signal }),
  retry: (id: string) =>
    api.post<z.infer<typeof FederationRetryResponse>>(
      `/api/federation/deliveries/${encodeURIComponent(id)}/retry`,
      {},
    ),
  removePartner: (id: string) => api.delete<void>(partnerPath(id)),
  /** One page of envelopes in or out, newest first (metadata and receipts, never the payload). */
  envelopes: (f: EnvelopeFilter, cursor: string | undefined, signal?: AbortSignal) => {
    const q = new URLSearchParams({ direction: f.direction, limit: '25' });
    if (f.status) q.set('status', f.status);
    if (f.partner) q.set('partner', f.partner);
    if (f.type.trim()) q.set('type', f.type.trim());
    if (cursor) q.set('cursor', cursor);
    return api.get<EnvelopePageT>(`/api/federation/envelopes?${q}`, { signal });
  },
  keys: (signal?: AbortSignal) => api.get<NodeKeyListT>('/api/federation/keys', { signal }),
  rotateKeys: () => api.post<KeyRotationT>('/api/federation/keys/rotate', {}),
};

/** The 64 hex digits of a fingerprint as typed or read out: case, spaces and colons do not matter. */
export const normaliseFingerprint = (s: string): string => s.replace(/[\s:]/g, '').toUpperCase();

/** "90FA:CAFE:…" → ["90FA", "CAFE", …] (16 groups of 4). */
export const fingerprintGroups = (s: string): string[] => normaliseFingerprint(s).match(/.{1,4}/g) ?? [];
