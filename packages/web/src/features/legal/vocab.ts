// Code lists of the legal registry and the validator that the web app translates itself. The
// contracts type some of them as plain strings (they are registry data); these lists say which values
// the catalogue has a label for, and test/unit/i18n.test.ts checks every one is translated. A value
// outside a list is shown as it comes.

/** Offence categories of EAW Art. 2(2) / EIO Annex D, by the registry's slugs. */
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

/** What a deadline rule asks to be done by its due time. */
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

/** What starts a deadline's clock. */
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

/** Advisories of the legal-basis advisor. */
export const ADVISORY_CODES = [
  'same-state',
  'no-applicable-instrument',
  'network-24-7',
  'e-evidence-to-provider',
] as const;

/** Findings of the draft validator (`legal.findings.<code>` on the server). */
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

/** Kinds of sourced facts in an instrument (`rules[].kind`). */
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

export const INSTRUMENT_SCOPES = ['evidence', 'surrender', 'e-evidence', 'preservation'] as const;

export const COMPETENCE_FUNCTIONS = [
  'issuing',
  'executing',
  'receiving',
  'validating',
  'central-authority',
] as const;

export const CONTACT_KINDS = [
  'email',
  'phone',
  'fax',
  'post',
  'portal',
  'e-codex',
  'secure-network',
] as const;

export const COMPETENCE_MATCHES = ['place', 'nationwide', 'regional'] as const;

export const PROCEEDINGS_TYPES = ['criminal', 'administrative', 'civil-in-criminal'] as const;

export const DUAL_CRIMINALITY_REQUIRED = ['always', 'coercive-measures', 'optional', 'never'] as const;

/** Is `value` one of `list` (narrows to the list's type). */
export const isIn = <T extends string>(list: readonly T[], value: unknown): value is T =>
  typeof value === 'string' && (list as readonly string[]).includes(value);
