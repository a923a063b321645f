// Public API of the legal module: the registry of instruments, the legal-basis advisor and the draft
// validator. Pure domain logic; no database, no HTTP.

export { type InputError, validateAdviceInput } from './advice-input.ts';
export type { Assessment, NotApplicableCode, Obstacle } from './applicability.ts';
export {
  FINDING_CODES,
  FINDING_MESSAGES,
  type Finding,
  type FindingCode,
  formatMessage,
} from './findings.ts';
export * from './legal.types.ts';
export {
  type Advice,
  type AdviceInput,
  type Advisory,
  type AdvisoryCode,
  advise,
  type ChannelAdvice,
  type DeadlineAdvice,
  type InstrumentAdvice,
  type RefusalRisk,
} from './legal-advisor.ts';
export type { DualCriminalityAdvice } from './legal-rules.ts';
export {
  buildRegistry,
  type LegalRegistry,
  loadRegistry,
  RegistryDataError,
  type RegistrySource,
} from './registry.ts';
export type {
  AuthorityDraft,
  MeasureDraft,
  OffenceDraft,
  PersonDraft,
  RequestDraft,
} from './request-draft.ts';
export { isSendable, type ValidateDraftOptions, validateDraft } from './request-validator.ts';
