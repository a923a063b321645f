import { z } from 'zod';
import { Id, Timestamp, withPolicies } from './common.ts';
import { ClearanceLevel } from './roles.ts';

/** An investigation or proceedings file held by one agency; requests, threads and evidence hang off it. */
export const Case = z.object({
  id: Id,
  reference: z.string(),
  title: z.string(),
  agencyId: Id,
  classification: ClearanceLevel,
  status: z.enum(['open', 'closed']),
  exercise: z.boolean(),
  createdBy: Id,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export const CreateCase = z
  .object({
    reference: z.string().trim().min(1).max(80),
    title: z.string().trim().min(1).max(300),
    classification: ClearanceLevel.default(0),
  })
  .strict();
export const CaseResponse = withPolicies(Case);
export const CaseListResponse = z.object({ items: z.array(CaseResponse) });
export const PurposeHeader = z
  .object({ 'x-comity-purpose': z.string().min(3).max(500).optional() })
  .describe('Why the data is read (LED Art. 25); required for personal data');
