import type {
  CreateEvidence,
  CreateExport,
  CustodyResponse,
  EvidenceListResponse,
  EvidenceResponse,
  ExportResponse,
  TransferEvidence,
  TransferReceiptResponse,
} from '@comity/contracts';
import type { z } from 'zod';
import { api } from '../../api/client.ts';
import { k } from '../../i18n/index.ts';

export type EvidenceRow = z.infer<typeof EvidenceResponse>;
export type EvidenceItemT = EvidenceRow['data'];
export type EvidenceFileT = EvidenceItemT['files'][number];
export type EvidenceList = z.infer<typeof EvidenceListResponse>;
export type CustodyT = z.infer<typeof CustodyResponse>;
export type CustodyRecordT = CustodyT['items'][number];
export type CreateEvidenceBody = z.input<typeof CreateEvidence>;
export type TransferBody = z.input<typeof TransferEvidence>;
export type CreateExportBody = z.input<typeof CreateExport>;

/** What POST /api/evidence/exports answers (201). */
export type ExportResultT = z.infer<typeof ExportResponse>;

export type TransferReceiptT = z.infer<typeof TransferReceiptResponse>;

/** The purpose key of an evidence item: viewing it is a custody event that records the purpose given. */
export const evidencePurposeKey = (id: string) => `evidence:${id}`;

export const evidenceKeys = {
  all: ['evidence'] as const,
  list: ['evidence', 'list'] as const,
  one: (id: string) => ['evidence', 'one', id] as const,
  custody: (id: string) => ['evidence', 'custody', id] as const,
};

/** Catalogue keys of the custody events. */
export const CUSTODY_EVENT_KEY: Record<string, string> = {
  created: k('evidence.event.created'),
  uploaded: k('evidence.event.uploaded'),
  'hash-verified': k('evidence.event.hashVerified'),
  viewed: k('evidence.event.viewed'),
  downloaded: k('evidence.event.downloaded'),
  transferred: k('evidence.event.transferred'),
  received: k('evidence.event.received'),
  sealed: k('evidence.event.sealed'),
  exported: k('evidence.event.exported'),
  'integrity-rechecked': k('evidence.event.integrityRechecked'),
};

/** Catalogue keys of the rules that keep an item out of a package (server `rule`). */
export const RULE_KEY: Record<string, string> = {
  'not-recipient': k('exportWizard.rule.notRecipient'),
  'tlp-confined': k('exportWizard.rule.tlpConfined'),
  'tlp-amber': k('exportWizard.rule.tlpAmber'),
  'h2-permission': k('exportWizard.rule.h2'),
  'h3-restriction': k('exportWizard.rule.h3'),
  'h1-judicial': k('exportWizard.rule.h1'),
  speciality: k('exportWizard.rule.speciality'),
};

const enc = encodeURIComponent;

export const evidenceApi = {
  list: (signal?: AbortSignal) => api.get<EvidenceList>('/api/evidence', { signal }),
  get: (id: string, signal?: AbortSignal) =>
    api.get<EvidenceRow>(`/api/evidence/${enc(id)}`, { signal, purposeFor: evidencePurposeKey(id) }),
  custody: (id: string, signal?: AbortSignal) =>
    api.get<CustodyT>(`/api/evidence/${enc(id)}/custody`, { signal }),
  create: (body: CreateEvidenceBody) => api.post<EvidenceRow>('/api/evidence', body),
  transfer: (id: string, body: TransferBody) =>
    api.post<TransferReceiptT>(`/api/evidence/${enc(id)}/transfer`, body),
  receive: (id: string) => api.post<void>(`/api/evidence/${enc(id)}/receive`, {}),
  seal: (id: string) => api.post<void>(`/api/evidence/${enc(id)}/seal`, {}),
  download: (id: string, fileId: string) =>
    api.get<Blob>(`/api/evidence/${enc(id)}/files/${enc(fileId)}`, {
      as: 'blob',
      purposeFor: evidencePurposeKey(id),
    }),
  createExport: (body: CreateExportBody) => api.post<ExportResultT>('/api/evidence/exports', body),
  downloadExport: (path: string) => api.get<Blob>(path, { as: 'blob' }),
};

/** Saves a blob under a file name (the browser's download). */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const formatBytes = (n: number, language: string): string => {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${new Intl.NumberFormat(language, { maximumFractionDigits: i === 0 ? 0 : 1 }).format(v)} ${units[i]}`;
};
