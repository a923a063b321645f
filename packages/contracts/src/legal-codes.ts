// The legal registry's code lists, once for the server, the web app and the CLI. Plain `as const`
// lists with their types and no schema library, so the server's pure legal module can use them too.
// Closed lists (instruments, measures, …) are what the server accepts; the lists of registry data
// (offence categories, deadline events and actions) are the values the shipped registry uses and the
// web app has a translated label for: an administrator's edit may add others, shown as they come.

export const INSTRUMENT_IDS = [
  'eio',
  'e-evidence',
  'coe-mla-1959',
  'eu-mla-2000',
  'budapest',
  'budapest-2ap',
  'untoc',
  'uncac',
  'eaw',
  'coe-extradition-1957',
  'us-uk-mlat',
  'us-eu-mla',
] as const;

export const MEASURE_IDS = [
  'hearing-witness',
  'hearing-suspect',
  'search-seizure',
  'banking-information',
  'banking-monitoring',
  'subscriber-data',
  'traffic-data',
  'content-data',
  'interception',
  'preservation',
  'service-of-documents',
  'transfer-detained-person',
  'videoconference',
  'covert-investigation',
  'controlled-delivery',
  'freezing',
  'surrender',
] as const;

export const REQUEST_KINDS = [
  'mla',
  'eio',
  'preservation',
  'production-order',
  'eaw',
  'extradition',
  'spontaneous',
] as const;

export const PERSON_ROLES = ['suspect', 'accused', 'victim', 'witness', 'expert', 'other'] as const;

export const CHANNEL_KINDS = [
  'direct-judicial',
  'central-authority',
  'ministry-of-justice',
  'diplomatic',
  'interpol',
  'service-provider',
  'it-system',
  'network-24-7',
] as const;

export const INSTRUMENT_KINDS = [
  'eu-directive',
  'eu-regulation',
  'eu-framework-decision',
  'coe-convention',
  'un-convention',
  'bilateral',
  'eu-agreement',
  'protocol',
] as const;
export type InstrumentKind = (typeof INSTRUMENT_KINDS)[number];

export const INSTRUMENT_SCOPES = ['evidence', 'surrender', 'e-evidence', 'preservation'] as const;
export type InstrumentScope = (typeof INSTRUMENT_SCOPES)[number];

/**
 * Whether an offence in both states is a condition: `always`; `coercive-measures` only for coercive
 * measures (or where a reservation was made); `optional`, the requested state may insist; `never`.
 */
export const DUAL_CRIMINALITY_REQUIRED = ['always', 'coercive-measures', 'optional', 'never'] as const;
export type DualCriminalityRequired = (typeof DUAL_CRIMINALITY_REQUIRED)[number];

/**
 * The 32 offence categories of EAW Art. 2(2) / EIO Annex D by the registry's slugs, in the order of
 * the list (a category's number is its position + 1). Registry data: the registry may be built with
 * other categories, so wire fields stay plain slugs.
 */
export const OFFENCE_CATEGORIES = [
  'participation-in-criminal-organisation',
  'terrorism',
  'trafficking-in-human-beings',
  'sexual-exploitation-of-children',
  'illicit-trafficking-in-drugs',
  'illicit-trafficking-in-weapons',
  'corruption',
  'fraud',
  'laundering-of-proceeds',
  'counterfeiting-currency',
  'computer-related-crime',
  'environmental-crime',
  'facilitation-of-unauthorised-entry',
  'murder-grievous-bodily-injury',
  'illicit-trade-in-human-organs',
  'kidnapping-hostage-taking',
  'racism-and-xenophobia',
  'organised-or-armed-robbery',
  'illicit-trafficking-in-cultural-goods',
  'swindling',
  'racketeering-and-extortion',
  'counterfeiting-and-piracy-of-products',
  'forgery-of-administrative-documents',
  'forgery-of-means-of-payment',
  'illicit-trafficking-in-hormonal-substances',
  'illicit-trafficking-in-nuclear-materials',
  'trafficking-in-stolen-vehicles',
  'rape',
  'arson',
  'crimes-within-icc-jurisdiction',
  'unlawful-seizure-of-aircraft-or-ships',
  'sabotage',
] as const;
export type OffenceCategoryId = (typeof OFFENCE_CATEGORIES)[number];

/** What a deadline rule asks to be done by its due time (registry data: the shipped rules' values). */
export const DEADLINE_ACTIONS = [
  'acknowledge',
  'decide',
  'execute',
  'validate',
  'object',
  'disclose',
  'preserve',
  'produce',
  'serve-provider',
  'surrender',
  'release-unless-request-received',
  'receive-extradition-request',
  'decide-provisional-measure',
] as const;
export type DeadlineAction = (typeof DEADLINE_ACTIONS)[number];

/** What starts a deadline's clock (registry data: the shipped rules' values). */
export const DEADLINE_EVENTS = [
  'receipt',
  'decision',
  'final-decision',
  'issue',
  'notification',
  'order-served',
  'arrest',
  'provisional-arrest',
  'consent',
] as const;
export type DeadlineEvent = (typeof DEADLINE_EVENTS)[number];

/** Why the advisor says an instrument does not apply (`notAppliesCode`). */
export const NOT_APPLIES_CODES = [
  'replaced',
  'state-not-bound',
  'outside-party-period',
  'state-not-party',
  'surrender-under-evidence-instrument',
  'evidence-under-surrender-instrument',
  'measure-not-covered',
  'not-in-force',
  'not-bilateral-pair',
  'offence-outside-scope',
] as const;
export type NotAppliesCode = (typeof NOT_APPLIES_CODES)[number];

/** Advisories of the legal-basis advisor. */
export const ADVISORY_CODES = [
  'same-state',
  'no-applicable-instrument',
  'network-24-7',
  'e-evidence-to-provider',
] as const;
export type AdvisoryCode = (typeof ADVISORY_CODES)[number];

/** Findings of the draft validator; i18n keys `legal.findings.<code>` on the server. */
export const FINDING_CODES = [
  'same-state',
  'unknown-state',
  'unknown-instrument',
  'unknown-measure',
  'unknown-offence-category',
  'kind-instrument-mismatch',
  'instrument-not-in-force',
  'state-not-party',
  'instrument-replaced',
  'missing-content',
  'measure-not-covered',
  'surrender-under-evidence-instrument',
  'evidence-under-surrender-instrument',
  'offence-outside-scope',
  'language-not-accepted',
  'dual-criminality-risk',
  'below-penalty-threshold',
  'urgency-without-reasons',
  'person-data-missing',
  'person-role-mismatch',
] as const;
export type FindingCode = (typeof FINDING_CODES)[number];

/** Kinds of sourced facts in an instrument (`rules[].kind`): `instrument`, or a top-level field. */
export const RULE_KINDS = [
  'instrument',
  'inForce',
  'protocols',
  'parties',
  'exceptions',
  'measures',
  'requiredContents',
  'deadlineRules',
  'executionPace',
  'refusalGrounds',
  'dualCriminality',
  'offenceList',
  'penaltyThreshold',
  'subjectScope',
  'channelRules',
  'languageRule',
  'urgencyRule',
  'replaces',
  'remarks',
] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

/** Type of the proceedings a request is made in. */
export const PROCEEDINGS_TYPES = ['criminal', 'administrative', 'civil-in-criminal'] as const;
export type ProceedingsType = (typeof PROCEEDINGS_TYPES)[number];

// Directory of competent authorities

/** What an agency does for the measures of a competence. */
export const COMPETENCE_FUNCTIONS = [
  'issuing',
  'executing',
  'receiving',
  'validating',
  'central-authority',
] as const;
export type CompetenceFunction = (typeof COMPETENCE_FUNCTIONS)[number];

export const CONTACT_KINDS = [
  'email',
  'phone',
  'fax',
  'post',
  'portal',
  'e-codex',
  'secure-network',
] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];

/** How a competence matches a finder query: names the place, covers the whole state, or other regions. */
export const COMPETENCE_MATCHES = ['place', 'nationwide', 'regional'] as const;
export type CompetenceMatch = (typeof COMPETENCE_MATCHES)[number];
