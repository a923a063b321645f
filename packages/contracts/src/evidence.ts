import { z } from 'zod';
import { Id, Timestamp } from './common.ts';
import { Labels, LabelsInput } from './labels.ts';

export const EvidenceFile = z.object({
  id: Id,
  name: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  contentType: z.string(),
  createdBy: Id,
  createdAt: Timestamp,
});

export const EvidenceItem = z.object({
  id: Id,
  agencyId: Id,
  exhibitNumber: z.string(),
  description: z.string(),
  source: z.string(),
  seizedAt: z.string().nullable(),
  seizedPlace: z.string().nullable(),
  seizedBy: z.string().nullable(),
  legalBasis: z.string().nullable(),
  requestId: Id.nullable(),
  caseId: Id.nullable(),
  taskIds: z.array(Id),
  labels: Labels,
  status: z.enum(['open', 'sealed']),
  files: z.array(EvidenceFile),
  createdBy: Id,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type EvidenceItem = z.infer<typeof EvidenceItem>;

export const CreateEvidence = z
  .object({
    exhibitNumber: z.string().trim().min(1).max(80),
    description: z.string().trim().min(1).max(4000),
    source: z.string().trim().min(1).max(500),
    seizedAt: z.iso
      .datetime({ offset: true })
      .nullable()
      .optional()
      .describe('When it was seized: ISO 8601 date and time with its offset (2026-11-20T09:30:00+01:00)'),
    seizedPlace: z.string().max(500).nullable().optional(),
    seizedBy: z.string().max(300).nullable().optional(),
    legalBasis: z.string().max(1000).nullable().optional(),
    requestId: Id.nullable().optional(),
    caseId: Id.nullable().optional(),
    taskIds: z.array(Id).max(50).optional(),
    labels: LabelsInput,
  })
  .strict();
export type CreateEvidence = z.infer<typeof CreateEvidence>;

export const CustodyRecordSchema = z.object({
  id: Id,
  itemId: Id,
  seq: z.number().int(),
  event: z.string(),
  actorId: Id.nullable(),
  actorAgencyId: Id.nullable(),
  at: Timestamp,
  place: z.string().nullable(),
  reason: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  prevHash: z.string(),
  hash: z.string(),
});

export const EvidenceResponse = z.object({ data: EvidenceItem, labels: Labels });
export const EvidenceListResponse = z.object({ items: z.array(EvidenceResponse) });
export const CustodyResponse = z.object({
  items: z.array(CustodyRecordSchema),
  intact: z.boolean(),
  labels: Labels,
});

export const TransferEvidence = z
  .object({
    toAgencyId: Id,
    authority: z.string().min(1).max(1000),
    reason: z.string().max(1000).optional(),
    place: z.string().max(500).optional(),
  })
  .strict();

/** A custody transfer's receipt, signed (Ed25519, node key) over the RFC 8785 bytes of all but keyId and signature. */
export const TransferReceipt = z.object({
  itemId: Id,
  exhibitNumber: z.string(),
  from: Id,
  to: Id,
  by: Id,
  authority: z.string(),
  at: Timestamp,
  files: z.array(z.object({ id: Id, sha256: z.string() })),
  keyId: z.string(),
  signature: z.string(),
});
export const TransferReceiptResponse = z.object({ receipt: TransferReceipt });
export type TransferReceipt = z.infer<typeof TransferReceipt>;

export const CreateExport = z
  .object({
    itemIds: z.array(Id).min(1).max(200),
    purpose: z.enum(['court', 'agency']),
    proceedings: z.string().max(200).nullable().optional(),
    recipientAgencyId: Id.nullable().optional(),
    reason: z.string().max(1000).optional(),
  })
  .strict();
export type CreateExport = z.infer<typeof CreateExport>;
/** What POST /api/evidence/exports answers (201): the package, what the labels kept out, where to get it. */
export const ExportResponse = z.object({
  packageId: z.string(),
  included: z.array(z.string()),
  excluded: z.array(
    z.object({ id: z.string(), exhibitNumber: z.string(), rule: z.string(), reason: z.string() }),
  ),
  sha256: z.string(),
  size: z.number().int(),
  keyId: z.string(),
  download: z.string(),
});

export const StartUpload = z
  .object({
    name: z.string().min(1).max(255),
    size: z.number().int().positive(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/i),
  })
  .strict();
