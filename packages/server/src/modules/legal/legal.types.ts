// The legal registry's vocabulary. Every rule carries the article it comes from (`citation`) and
// whether that fact was checked against a source text (`verified`); facts marked `[unverified]` in
// shared/reference/legal-instruments.md, and facts we added from general knowledge, are `verified: false`.
// The code lists are @comity/contracts' (legal-codes.ts), re-exported here for the module's files.

import type {
  CHANNEL_KINDS,
  DualCriminalityRequired,
  INSTRUMENT_IDS,
  InstrumentKind,
  InstrumentScope,
  MEASURE_IDS,
  PERSON_ROLES,
  REQUEST_KINDS,
} from '@comity/contracts';

/** ISO 3166-1 alpha-2; the United Kingdom is `GB`. */
export type StateCode = string;
/** ISO 639-1. */
export type LanguageCode = string;
/** Calendar date `YYYY-MM-DD`. */
export type IsoDate = string;
/** ISO 8601 duration, e.g. `P30D`, `PT24H`. */
export type IsoDuration = string;

export {
  CHANNEL_KINDS,
  INSTRUMENT_IDS,
  INSTRUMENT_KINDS,
  INSTRUMENT_SCOPES,
  MEASURE_IDS,
  PERSON_ROLES,
  REQUEST_KINDS,
} from '@comity/contracts';
export type InstrumentId = (typeof INSTRUMENT_IDS)[number];
export type MeasureId = (typeof MEASURE_IDS)[number];
export type RequestKind = (typeof REQUEST_KINDS)[number];
export type PersonRole = (typeof PERSON_ROLES)[number];
export type ChannelKind = (typeof CHANNEL_KINDS)[number];
export type { InstrumentKind, InstrumentScope } from '@comity/contracts';

export type Severity = 'blocking' | 'warning';

/** Where a fact comes from. `note` says what is still to be checked. */
export interface Sourced {
  readonly citation: string;
  readonly verified: boolean;
  readonly note?: string;
}

export interface PartyDeclarations extends Sourced {
  /** Languages in which the state accepts incoming requests under this instrument. */
  readonly languages: readonly LanguageCode[];
  readonly centralAuthority?: string;
  readonly channel?: ChannelKind;
}

/** A state bound by an instrument, for a period. The membership fact itself is sourced. */
export interface Party extends Sourced {
  readonly state: StateCode;
  readonly since?: IsoDate;
  /** Last day on which the state was bound (inclusive). */
  readonly until?: IsoDate;
  readonly declarations: PartyDeclarations;
}

/** A state that is deliberately not bound (opt-out, not ratified), e.g. Denmark and the EIO. */
export interface MembershipException extends Sourced {
  readonly state: StateCode;
  readonly kind: 'not-bound' | 'not-ratified';
  readonly description: string;
}

export interface MeasureCoverage extends Sourced {
  readonly measure: MeasureId;
  /** Covered only through an additional protocol that both states must have ratified. */
  readonly viaProtocol?: string;
}

export interface RequiredContent extends Sourced {
  readonly id: string;
  readonly label: string;
  /** Draft field paths; `*` walks every element of an array (`offences.*.legalClassification`). */
  readonly fields: readonly string[];
  readonly severity: Severity;
  /** `manual`: shown on the checklist, not checked by the validator (no draft field holds it). */
  readonly check: 'auto' | 'manual';
  readonly requestKinds?: readonly RequestKind[];
  /** Not required when every requested measure is in this list (UNTOC 18(15)(c): not for service). */
  readonly unlessOnlyMeasures?: readonly MeasureId[];
  /** Required only when one of these measures is requested. */
  readonly onlyWithMeasures?: readonly MeasureId[];
}

export interface DeadlineCondition {
  readonly urgent?: boolean;
  readonly consent?: boolean;
  /** Applies when any of these measures is requested. */
  readonly measures?: readonly MeasureId[];
  readonly description?: string;
}

export interface DeadlineExtension extends Sourced {
  readonly duration: IsoDuration;
  readonly condition: string;
}

export interface DeadlineRule extends Sourced {
  readonly id: string;
  /** What starts the clock: 'receipt', 'decision', 'arrest', 'consent', 'notification', … */
  readonly event: string;
  /** What must be done by then: 'acknowledge', 'decide', 'execute', 'produce', 'surrender', … */
  readonly action: string;
  readonly duration: IsoDuration;
  readonly dayKind: 'calendar' | 'working';
  readonly extension?: DeadlineExtension;
  readonly pausesWhen?: readonly string[];
  readonly appliesWhen?: DeadlineCondition;
}

/** For instruments without a fixed period ("promptly", "as soon as possible"). */
export interface ExecutionPace extends Sourced {
  readonly description: string;
}

export interface RefusalGround extends Sourced {
  /** Stable id from the reference file, e.g. `ne_bis_in_idem`. */
  readonly id: string;
  readonly kind: 'mandatory' | 'optional';
  readonly description: string;
  /** Only relevant for these measures. */
  readonly measures?: readonly MeasureId[];
  /** The dual-criminality ground: left out of the risks when dual criminality is not in play. */
  readonly dualCriminality?: boolean;
}

export interface ChannelRule extends Sourced {
  readonly id: string;
  readonly kind: ChannelKind;
  readonly description: string;
  /** `default` always; `urgent` only for urgent requests (optionally limited to measures). */
  readonly when: 'default' | 'urgent';
  readonly measures?: readonly MeasureId[];
}

/** "This instrument replaces the corresponding provisions of X between the states it binds." */
export interface Replacement extends Sourced {
  readonly instrument: InstrumentId;
  readonly provisions: string;
}

export interface DualCriminalityRule extends Sourced {
  readonly required: DualCriminalityRequired;
  /** Measures for which the check never applies (EIO Art. 10(2), 11(2)). */
  readonly exemptMeasures?: readonly MeasureId[];
  readonly exemptCitation?: string;
}

/** An offence-category list that waives dual criminality above a penalty threshold. */
export interface OffenceListRule extends Sourced {
  readonly list: 'eu-32';
  /** Maximum penalty in the issuing state, in months, from which the waiver applies. */
  readonly minMaxPenaltyMonths: number;
}

export interface PenaltyThreshold extends Sourced {
  readonly minMaxPenaltyMonths: number;
  readonly description: string;
  readonly measures?: readonly MeasureId[];
}

/** Subject-matter limit of a convention (UNCAC: corruption offences). */
export interface SubjectScope extends Sourced {
  readonly description: string;
  /** When set and the offence category is known, categories outside the list are out of scope. */
  readonly offenceCategories?: readonly string[];
}

export interface ProtocolInfo extends Sourced {
  readonly id: string;
  readonly title: string;
}

export interface InForce extends Sourced {
  readonly from: IsoDate;
}

export interface Instrument extends Sourced {
  readonly id: InstrumentId;
  readonly title: string;
  readonly shortTitle: string;
  readonly kind: InstrumentKind;
  readonly scope: InstrumentScope;
  /** Which text the data encodes. */
  readonly version: string;
  readonly inForce?: InForce;
  readonly protocols?: readonly ProtocolInfo[];
  readonly parties: readonly Party[];
  readonly exceptions: readonly MembershipException[];
  /** Bilateral agreements: one of the two states must be this one (US–EU: the United States). */
  readonly counterpart?: StateCode;
  readonly requestKinds: readonly RequestKind[];
  readonly measures: readonly MeasureCoverage[];
  readonly requiredContents: readonly RequiredContent[];
  readonly deadlineRules: readonly DeadlineRule[];
  readonly executionPace?: ExecutionPace;
  readonly refusalGrounds: readonly RefusalGround[];
  readonly dualCriminality: DualCriminalityRule;
  readonly offenceList?: OffenceListRule;
  readonly penaltyThreshold?: PenaltyThreshold;
  readonly subjectScope?: SubjectScope;
  readonly channelRules: readonly ChannelRule[];
  readonly languageRule: Sourced & { readonly description: string };
  readonly urgencyRule: Sourced & { readonly description: string };
  readonly replaces?: readonly Replacement[];
  /** Advisory remarks shown with every advice for this instrument. */
  readonly remarks?: readonly (Sourced & { readonly text: string })[];
}

export interface StateInfo {
  readonly code: StateCode;
  readonly name: string;
  readonly officialLanguages: readonly LanguageCode[];
  /** EU membership; `until` is the last day EU criminal-justice instruments applied. */
  readonly eu?: { readonly since?: IsoDate; readonly until?: IsoDate };
}

export interface Measure {
  readonly id: MeasureId;
  readonly labelKey: string;
  readonly label: string;
  readonly scope: 'evidence' | 'surrender';
  /** Needs identity data of a person (witness to hear, person to transfer or surrender…). */
  readonly needsPerson: boolean;
  /** Roles the person should have, when the measure targets a particular kind of person. */
  readonly personRoles?: readonly PersonRole[];
  /** Coercive: dual criminality may be checked (EIO Art. 11(1)(g), 11(2)). */
  readonly coercive: boolean;
  readonly dataCategory?: 'subscriber' | 'traffic' | 'content';
}

export interface OffenceCategory extends Sourced {
  readonly id: string;
  /** Position in EAW Art. 2(2) / EIO Annex D. */
  readonly number: number;
  readonly labelKey: string;
  readonly label: string;
}
