import type {
  ChannelKind,
  IsoDate,
  LanguageCode,
  Party,
  PartyDeclarations,
  StateCode,
  StateInfo,
} from '../legal.types.ts';
import { EU_STATES, stateInfo } from './states.ts';

// Helpers that turn "these states are parties" into Party records, so that each instrument file
// states its membership facts in a few lines. Per-state declarations that the reference file does
// confirm (e.g. Latvia and Lithuania under UNTOC) are passed as overrides with their own citation.

export const MEMBERSHIP_NOTE =
  'Party list from general knowledge; not yet checked against the treaty office or official journal.';
export const LANGUAGES_NOTE =
  'Declared languages not yet checked against the state declaration; official languages used by default.';

export interface PartyOptions {
  /** Citation and status of the membership facts. */
  readonly citation: string;
  readonly verified: boolean;
  readonly note?: string;
  /** Citation and status of the default declarations (languages, channel). */
  readonly declarationCitation: string;
  readonly declarationVerified?: boolean;
  readonly declarationNote?: string;
  /** Languages accepted by default; official languages when absent. */
  readonly languages?: (state: StateInfo) => readonly LanguageCode[];
  readonly channel?: ChannelKind;
  /** Date from which the instrument binds its parties (combined with EU accession for EU instruments). */
  readonly since?: IsoDate;
  readonly until?: IsoDate;
  /** Per-state declarations replacing the defaults. */
  readonly declarations?: Readonly<Record<StateCode, PartyDeclarations>>;
}

function later(a: IsoDate | undefined, b: IsoDate | undefined): IsoDate | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a > b ? a : b;
}

function earlier(a: IsoDate | undefined, b: IsoDate | undefined): IsoDate | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a < b ? a : b;
}

function buildParty(state: StateInfo, options: PartyOptions, since?: IsoDate, until?: IsoDate): Party {
  const declared = options.declarations?.[state.code];
  const declarations: PartyDeclarations = declared ?? {
    languages: options.languages ? options.languages(state) : state.officialLanguages,
    ...(options.channel ? { channel: options.channel } : {}),
    citation: options.declarationCitation,
    verified: options.declarationVerified ?? false,
    note: options.declarationNote ?? LANGUAGES_NOTE,
  };
  return {
    state: state.code,
    ...(since ? { since } : {}),
    ...(until ? { until } : {}),
    citation: options.citation,
    verified: options.verified,
    note: options.note ?? MEMBERSHIP_NOTE,
    declarations,
  };
}

/** Parties among the named states, bound from `options.since`. */
export function stateParties(codes: readonly StateCode[], options: PartyOptions): Party[] {
  return codes.map((code) => buildParty(stateInfo(code), options, options.since, options.until));
}

/**
 * EU member states (incl. the UK until the end of the Brexit transition), minus those not bound.
 * A state's period is the overlap of its EU membership and the instrument's application.
 */
export function euMemberParties(except: readonly StateCode[], options: PartyOptions): Party[] {
  return EU_STATES.filter((s) => !except.includes(s.code)).map((s) =>
    buildParty(s, options, later(options.since, s.eu?.since), earlier(options.until, s.eu?.until)),
  );
}

/** Official languages plus English (used where general practice accepts English). */
export function officialPlusEnglish(state: StateInfo): readonly LanguageCode[] {
  return state.officialLanguages.includes('en')
    ? state.officialLanguages
    : [...state.officialLanguages, 'en'];
}

/** CoE 1959 Art. 16(2): a Party may require its own language or one of the CoE languages (EN/FR). */
export function officialPlusCoeLanguages(state: StateInfo): readonly LanguageCode[] {
  const out = [...state.officialLanguages];
  for (const l of ['en', 'fr']) if (!out.includes(l)) out.push(l);
  return out;
}
