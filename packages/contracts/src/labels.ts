import { z } from 'zod';
import { Id, Timestamp } from './common.ts';

/** TLP 2.0 (FIRST): who may receive the information. */
export const Tlp = z.enum(['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED']);
/** Europol handling codes: H0 purpose-limited, H1 not for judicial proceedings without permission,
 * H2 no onward sharing without permission, H3 other restrictions (described in `handlingText`). */
export const HandlingCode = z.enum(['H0', 'H1', 'H2', 'H3']);
/** Europol 4x4: source reliability A/B/C/X and information assessment 1–4. */
export const SourceReliability = z.enum(['A', 'B', 'C', 'X']);
export const InformationAssessment = z.enum(['1', '2', '3', '4']);

/** Permission the originator granted for one agency (`forward`: H2; `judicial`: H1). */
export const LabelPermission = z.object({
  kind: z.enum(['forward', 'judicial']),
  agencyId: Id,
  grantedBy: Id,
  grantedAt: Timestamp,
  permissionRequestId: Id.nullable(),
});

/**
 * Dissemination labels carried by every message and evidence item. Plain JSON, so they travel
 * unchanged in federation envelopes.
 */
export const Labels = z
  .object({
    tlp: Tlp,
    handlingCode: HandlingCode,
    handlingText: z.string().max(2000).nullable().default(null),
    sourceReliability: SourceReliability.default('X'),
    informationAssessment: InformationAssessment.default('4'),
    originatorAgencyId: Id,
    /** Named recipient agencies (RED and AMBER+STRICT never leave them). */
    recipients: z.array(Id).default([]),
    /** Speciality: the information may be used only in the proceedings named here (empty = no limit). */
    useLimitations: z.object({ proceedings: z.array(z.string().min(1).max(200)).default([]) }).default({
      proceedings: [],
    }),
    permissions: z.array(LabelPermission).default([]),
  })
  .superRefine((l, ctx) => {
    if (l.handlingCode === 'H3' && !l.handlingText?.trim())
      ctx.addIssue({ code: 'custom', path: ['handlingText'], message: 'H3 needs the restriction text.' });
  });
export type Labels = z.infer<typeof Labels>;

/** Labels as a caller supplies them (the originator defaults to the caller's agency). */
export const LabelsInput = z
  .object({
    tlp: Tlp,
    handlingCode: HandlingCode,
    handlingText: z.string().max(2000).nullable().optional(),
    sourceReliability: SourceReliability.optional(),
    informationAssessment: InformationAssessment.optional(),
    recipients: z.array(Id).optional(),
    useLimitations: z.object({ proceedings: z.array(z.string().min(1).max(200)) }).optional(),
  })
  .strict();
export type LabelsInput = z.infer<typeof LabelsInput>;
