import type {
  AdviceRequest,
  AdviceResponse,
  Agency,
  ApiToken,
  AuditEvent,
  Case,
  CatalogueResponse,
  CompetentAuthority,
  CompetentQuery,
  DeadlinesResponse,
  DeliveriesResponse,
  FindingsResponse,
  InboxQuery,
  InboxResponse,
  InclusionProof,
  InstrumentDetailResponse,
  InstrumentSummary,
  Jurisdiction,
  LifecycleResponse,
  LoginResponse,
  MeResponse,
  NotificationPreferences,
  Recipient,
  RequestDraft,
  RequestListResponse,
  RequestResponse,
  RequestVersionsResponse,
  SavedView,
  ServerInfo,
  SignedCheckpoint,
  TaskResponse,
  TimelineResponse,
  TransitionBody,
  TranslationsResponse,
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

// Legal registry, advisor, directory
export type CatalogueT = z.infer<typeof CatalogueResponse>;
export type AdviceRequestT = z.infer<typeof AdviceRequest>;
export type AdviceT = z.infer<typeof AdviceResponse>;
export type InstrumentAdviceT = AdviceT['instruments'][number];
export type InstrumentSummaryT = z.infer<typeof InstrumentSummary>;
export type InstrumentDetailT = z.infer<typeof InstrumentDetailResponse>;
export type CompetentQueryT = z.infer<typeof CompetentQuery>;
export type CompetentAuthorityT = z.infer<typeof CompetentAuthority>;
export type RecipientT = z.infer<typeof Recipient>;

// Request drafts
export type RequestDraftT = z.infer<typeof RequestDraft>;
export type RequestRowT = z.infer<typeof RequestResponse>;
export type RequestListT = z.infer<typeof RequestListResponse>;
export type RequestSummaryT = RequestListT['items'][number]['data'];
export type FindingsT = z.infer<typeof FindingsResponse>;
export type FindingT = FindingsT['findings'][number];
export type RequestVersionsT = z.infer<typeof RequestVersionsResponse>;

export interface WithPolicies<T, P extends string = string> {
  data: T;
  policies: Partial<Record<P, boolean>>;
}
export interface ListOf<T> {
  items: T[];
}

// Request lifecycle, tasks, inbox, notifications
export type LifecycleT = z.infer<typeof LifecycleResponse>;
export type LifecycleDataT = LifecycleT['data'];
export type TransitionBodyT = z.infer<typeof TransitionBody>;
export type DeadlinesT = z.infer<typeof DeadlinesResponse>;
export type DeadlineT = DeadlinesT['items'][number];
export type DeliveriesT = z.infer<typeof DeliveriesResponse>;
export type TimelineT = z.infer<typeof TimelineResponse>;
export type TaskRowT = z.infer<typeof TaskResponse>;
export type TaskT = TaskRowT['data'];
export type TranslationsT = z.infer<typeof TranslationsResponse>;
export type InboxQueryT = z.input<typeof InboxQuery>;
export type InboxT = z.infer<typeof InboxResponse>;
export type InboxItemT = InboxT['items'][number];
export type SavedViewT = z.infer<typeof SavedView>;
export type NotificationPreferencesT = z.infer<typeof NotificationPreferences>;
