import type {
  FederationEnvelopeResponse,
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

/**
 * This node's published document (docs/federation.md §3), public at /.well-known/comity/node: the
 * only place listing every key with its dates (retired ones too) and the signed key transitions.
 * Only the members the keys screen reads.
 */
export interface NodeDocumentKeys {
  nodeId: string;
  issuedAt: string;
  fingerprint: string;
  keys: {
    kid: string;
    use: 'sig' | 'enc';
    alg: string;
    createdAt: string;
    validUntil?: string;
    expiredAt?: string;
  }[];
  transitions?: { from: string; to: string; at: string }[];
}

export const federationKeys = {
  all: ['federation'] as const,
  status: ['federation', 'status'] as const,
  envelope: (id: string) => ['federation', 'envelope', id] as const,
  document: ['federation', 'document'] as const,
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
  /** Public (partners fetch it unsigned); served by this same origin. */
  document: (signal?: AbortSignal) => api.get<NodeDocumentKeys>('/.well-known/comity/node', { signal }),
};

/** The 64 hex digits of a fingerprint as typed or read out: case, spaces and colons do not matter. */
export const normaliseFingerprint = (s: string): string => s.replace(/[\s:]/g, '').toUpperCase();

/** "90FA:CAFE:…" → ["90FA", "CAFE", …] (16 groups of 4). */
export const fingerprintGroups = (s: string): string[] => normaliseFingerprint(s).match(/.{1,4}/g) ?? [];
