import type {
  Agency,
  ApiToken,
  AuditEvent,
  Case,
  InclusionProof,
  Jurisdiction,
  LoginResponse,
  MeResponse,
  ServerInfo,
  SignedCheckpoint,
  User,
  VerifyResult,
} from '@comity/contracts';
import type { z } from 'zod';

/** Wire types, inferred from the shared zod contracts (type-only: no schema code is bundled for these). */
export type Me = z.infer<typeof MeResponse>;
export type Info = z.infer<typeof ServerInfo>;
export type LoginResult = z.infer<typeof LoginResponse>;
export type AgencyT = Agency;
export type UserT = User;
export type JurisdictionT = z.infer<typeof Jurisdiction>;
export type ApiTokenT = z.infer<typeof ApiToken>;
export type CaseT = z.infer<typeof Case>;
export type AuditEventT = AuditEvent;
export type InclusionProofT = z.infer<typeof InclusionProof>;
export type CheckpointT = SignedCheckpoint;
export type VerifyResultT = z.infer<typeof VerifyResult>;

export interface WithPolicies<T, P extends string = string> {
  data: T;
  policies: Partial<Record<P, boolean>>;
}
export interface ListOf<T> {
  items: T[];
}
