import { z } from 'zod';

export const roles = [
  'investigator',
  'prosecutor',
  'central-authority-caseworker',
  'supervisor',
  'task-force-member',
  'data-protection-officer',
  'auditor',
  'administrator',
  'trainer',
] as const;
export const Role = z.enum(roles);
export type Role = z.infer<typeof Role>;

export const agencyKinds = [
  'police',
  'customs',
  'prosecution',
  'court',
  'central-authority',
  'fiu',
  'ministry',
  'other',
] as const;
export const AgencyKind = z.enum(agencyKinds);
export type AgencyKind = z.infer<typeof AgencyKind>;

/**
 * Clearance and classification levels, ordered. 0 = unclassified; 1–4 follow the EU scheme
 * (RESTREINT UE/EU RESTRICTED … TRÈS SECRET UE/EU TOP SECRET, Council Decision 2013/488/EU Art. 2).
 */
export const ClearanceLevel = z.number().int().min(0).max(4);
export const clearanceNames = ['unclassified', 'restricted', 'confidential', 'secret', 'top-secret'] as const;
