import type { AdvisoryCode } from '@comity/contracts';
import { type AdvisorMessageKey, advisorMessage, instrumentName, measureName } from './advisor-i18n.ts';
import {
  type Assessment,
  assessInstrument,
  isRelevant,
  type NotApplicableCode,
  type Obstacle,
  type PairContext,
} from './applicability.ts';
import type { MessageLanguage } from './findings-i18n.ts';
import type {
  ChannelKind,
  Instrument,
  InstrumentId,
  IsoDate,
  IsoDuration,
  LanguageCode,
  MeasureId,
  StateCode,
} from './legal.types.ts';
import {
  type DualCriminalityAdvice,
  deadlinesFor,
  dualCriminalityFor,
  refusalRisksFor,
} from './legal-rules.ts';
import type { LegalRegistry } from './registry.ts';
import { type LocalisedText, proseOf, subjectScopeOf } from './registry-prose.ts';

// The legal-basis advisor: for a pair of states, the measures sought and the urgency, which instruments
// can carry the request, in which order, through which channel, in which language, with which deadlines,
// dual-criminality position and refusal risks. Pure and synchronous; validate input first with
// validateAdviceInput (advice-input.ts). Every sentence is written in the language asked for from the
// catalogue in advisor-i18n.ts; the registry's prose comes translated where data/prose-i18n.ts has
// it, else in English with `lang: 'en'` (an English original).

export interface AdviceInput {
  readonly requestingState: StateCode;
  readonly requestedState: StateCode;
  readonly measures: readonly string[];
  readonly offenceCategory?: string | undefined;
  readonly urgent: boolean;
  /** The date the request is made (`YYYY-MM-DD`); today when absent. */
  readonly at?: IsoDate | undefined;
}

/** Present on a text only when it is the registry's English original inside another language's answer. */
export interface EnglishOriginal {
  readonly lang?: 'en';
}

export interface DeadlineAdvice extends EnglishOriginal {
  readonly id: string;
  readonly event: string;
  readonly action: string;
  readonly duration: IsoDuration;
  readonly dayKind: 'calendar' | 'working';
  /** `lang: 'en'` on the deadline marks this condition as English original. */
  readonly condition?: string;
  readonly extension?: EnglishOriginal & {
    readonly duration: IsoDuration;
    readonly condition: string;
    readonly citation: string;
    readonly verified: boolean;
  };
  readonly citation: string;
  readonly verified: boolean;
}

export interface ChannelAdvice extends EnglishOriginal {
  readonly kind: ChannelKind;
  readonly description: string;
  readonly centralAuthority?: string;
  readonly citation: string;
  readonly verified: boolean;
}

export interface RefusalRisk extends EnglishOriginal {
  readonly ground: string;
  readonly description: string;
  readonly citation: string;
  readonly verified: boolean;
}

/** One reason's catalogue key; `lang: 'en'` when it quotes registry prose in its English original. */
export interface ReasonDetail extends EnglishOriginal {
  readonly key: AdvisorMessageKey;
}

export interface InstrumentAdvice {
  readonly id: InstrumentId;
  readonly title: string;
  readonly rank: number;
  readonly applies: boolean;
  readonly reasons: readonly string[];
  /** One per reason, same order. */
  readonly reasonDetails: readonly ReasonDetail[];
  readonly notAppliesReason?: string;
  readonly notAppliesCode?: NotApplicableCode;
  /** Both states' membership is confirmed against a source. */
  readonly membershipVerified: boolean;
  readonly channel: ChannelAdvice | null;
  readonly languages: readonly LanguageCode[];
  readonly deadlines: readonly DeadlineAdvice[];
  readonly executionPace?: EnglishOriginal & {
    readonly description: string;
    readonly citation: string;
    readonly verified: boolean;
  };
  readonly dualCriminality: DualCriminalityAdvice & { readonly description: string };
  readonly refusalRisks: readonly RefusalRisk[];
  readonly replaces?: readonly InstrumentId[];
}

export type { AdvisoryCode } from '@comity/contracts';

export interface Advisory {
  readonly code: AdvisoryCode;
  readonly message: string;
  readonly citation?: string;
  readonly verified?: boolean;
}

export interface Advice {
  /** The language of the sentences (registry prose without a translation stays English, marked). */
  readonly language: MessageLanguage;
  readonly instruments: readonly InstrumentAdvice[];
  readonly advisories: readonly Advisory[];
}

// Preference among applicable instruments (advisory policy, not law): EU mutual-recognition
// instruments first, where they bind both states; then bilateral treaties; then regional conventions;
// the UN conventions last, as they are subsidiary where a treaty binds the parties (UNTOC 18(7)).
const RANK_GENERAL: readonly InstrumentId[] = [
  'eio',
  'eaw',
  'e-evidence',
  'us-uk-mlat',
  'us-eu-mla',
  'eu-mla-2000',
  'coe-mla-1959',
  'coe-extradition-1957',
  'budapest',
  'budapest-2ap',
  'untoc',
  'uncac',
];
// For electronic data only, the cybercrime instruments come before the general MLA conventions.
const RANK_DATA: readonly InstrumentId[] = [
  'eio',
  'e-evidence',
  'us-uk-mlat',
  'us-eu-mla',
  'budapest',
  'budapest-2ap',
  'eu-mla-2000',
  'coe-mla-1959',
  'untoc',
  'uncac',
  'eaw',
  'coe-extradition-1957',
];
const DATA_MEASURES: ReadonlySet<string> = new Set([
  'preservation',
  'subscriber-data',
  'traffic-data',
  'content-data',
]);
/** Budapest Art. 35: the 24/7 network handles urgent preservation and data requests. */
const NETWORK_24_7_MEASURES: readonly MeasureId[] = ['preservation', 'subscriber-data', 'traffic-data'];

export function today(): IsoDate {
  return new Date().toISOString().slice(0, 10);
}

const englishOriginal = (t: LocalisedText, language: MessageLanguage): EnglishOriginal =>
  t.lang !== language ? { lang: 'en' } : {};

function channelFor(
  a: Assessment,
  measures: readonly MeasureId[],
  urgent: boolean,
  language: MessageLanguage,
): ChannelAdvice | null {
  const rules = a.instrument.channelRules;
  const urgentRule = urgent
    ? rules.find((r) => r.when === 'urgent' && (!r.measures || r.measures.some((m) => measures.includes(m))))
    : undefined;
  const rule = urgentRule ?? rules.find((r) => r.when === 'default') ?? rules[0];
  if (!rule) return null;
  const centralAuthority = a.requested?.declarations.centralAuthority;
  const description = proseOf(a.instrument, 'channelRules', rule.id, rule.description, language);
  return {
    kind: rule.kind,
    description: description.text,
    ...englishOriginal(description, language),
    ...(centralAuthority ? { centralAuthority } : {}),
    citation: rule.citation,
    verified: rule.verified,
  };
}

function deadlineAdvice(
  instrument: Instrument,
  measures: readonly MeasureId[],
  urgent: boolean,
  language: MessageLanguage,
): DeadlineAdvice[] {
  // Conditions are registry prose without translations yet: English originals, marked.
  const mark = language === 'en' ? {} : ({ lang: 'en' } as const);
  return deadlinesFor(instrument, measures, urgent).map((d) => ({
    id: d.id,
    event: d.event,
    action: d.action,
    duration: d.duration,
    dayKind: d.dayKind,
    ...(d.appliesWhen?.description ? { condition: d.appliesWhen.description, ...mark } : {}),
    ...(d.extension
      ? {
          extension: {
            ...mark,
            duration: d.extension.duration,
            condition: d.extension.condition,
            citation: d.extension.citation,
            verified: d.extension.verified,
          },
        }
      : {}),
    citation: d.citation,
    verified: d.verified,
  }));
}

const mark = (verified: boolean): string => (verified ? '' : ' [unverified]');

interface Reasons {
  readonly texts: string[];
  readonly details: ReasonDetail[];
}

/** Writes reasons in one language; `prose` is the registry text the sentence quotes. */
function reasonWriter(language: MessageLanguage) {
  const out: Reasons = { texts: [], details: [] };
  const add = (
    key: AdvisorMessageKey,
    params: Record<string, string | number>,
    verified: boolean | undefined,
    prose: readonly LocalisedText[] = [],
  ) => {
    out.texts.push(advisorMessage(language, key, params) + (verified === undefined ? '' : mark(verified)));
    out.details.push(prose.some((p) => p.lang !== language) ? { key, lang: 'en' } : { key });
  };
  return { out, add };
}

const nameOf = (i: Instrument, language: MessageLanguage) => instrumentName(i.id, i.shortTitle, language);

function applyingReasons(
  a: Assessment,
  ctx: PairContext,
  urgent: boolean,
  language: MessageLanguage,
): Reasons {
  const i = a.instrument;
  const { out, add } = reasonWriter(language);
  const membershipVerified = (a.requesting?.verified ?? false) && (a.requested?.verified ?? false);
  add(
    'reason.both-bound',
    { requesting: ctx.requestingState, requested: ctx.requestedState, instrument: nameOf(i, language) },
    membershipVerified,
  );
  for (const m of ctx.measures) {
    const c = i.measures.find((x) => x.measure === m);
    if (!c) continue;
    add('reason.covers', { measure: measureName(m, language), citation: c.citation }, c.verified);
    if (c.viaProtocol)
      add('reason.via-protocol', { measure: measureName(m, language), protocol: c.viaProtocol }, undefined);
  }
  for (const r of i.replaces ?? []) {
    const provisions = proseOf(i, 'replaces', r.instrument, r.provisions, language);
    add('reason.replaces', { provisions: provisions.text, citation: r.citation }, r.verified, [provisions]);
  }
  const scope = subjectScopeOf(i, language);
  if (i.subjectScope && scope && !i.subjectScope.offenceCategories) {
    add(
      'reason.only-for',
      { scope: scope.text, citation: i.subjectScope.citation },
      i.subjectScope.verified,
      [scope],
    );
  }
  if (urgent && i.id === 'budapest' && ctx.measures.some((m) => NETWORK_24_7_MEASURES.includes(m))) {
    add('reason.network-24-7', {}, false);
  }
  // Remarks are registry prose without translations yet: English originals, marked.
  for (const r of i.remarks ?? [])
    add('reason.remark', { text: r.text, citation: r.citation }, r.verified, [{ text: r.text, lang: 'en' }]);
  return out;
}

/** An obstacle's sentence in `language`, with the registry prose it quotes. */
export function obstacleText(
  o: Obstacle,
  instrument: Instrument,
  ctx: Pick<PairContext, 'requestingState' | 'requestedState'>,
  language: MessageLanguage,
): LocalisedText {
  const p = o.params;
  const params: Record<string, string> = {
    instrument: nameOf(instrument, language),
    requesting: ctx.requestingState,
    requested: ctx.requestedState,
  };
  const prose: LocalisedText[] = [];
  if (p.state) params.state = p.state;
  if (p.date) params.date = p.date;
  if (p.counterpart) params.counterpart = p.counterpart;
  if (p.category) params.category = p.category;
  if (p.measures) params.measures = p.measures.map((m) => measureName(m, language)).join(', ');
  if (p.by) params.by = nameOf(p.by, language);
  if (p.state && p.description !== undefined) {
    const d = proseOf(instrument, 'exceptions', p.state, p.description, language);
    params.description = d.text;
    prose.push(d);
  }
  if (o.key === 'offence-outside-scope') {
    const scope = subjectScopeOf(instrument, language);
    if (scope) {
      params.scope = scope.text;
      prose.push(scope);
    }
  }
  const text = advisorMessage(language, `obstacle.${o.key}`, params);
  return { text, lang: prose.some((x) => x.lang !== language) ? 'en' : language };
}

/** EU instruments replace the corresponding provisions of older conventions between the states they bind. */
function applyReplacements(assessments: Assessment[], ctx: PairContext): Assessment[] {
  const replaced = new Map<InstrumentId, { by: Instrument; citation: string; verified: boolean }>();
  for (const a of assessments) {
    if (!a.applies) continue;
    for (const r of a.instrument.replaces ?? [])
      replaced.set(r.instrument, { by: a.instrument, citation: r.citation, verified: r.verified });
  }
  return assessments.map((a) => {
    const hit = replaced.get(a.instrument.id);
    if (!a.applies || !hit) return a;
    const reason = `replaced by the ${hit.by.shortTitle} between ${ctx.requestingState} and ${ctx.requestedState} for these measures`;
    return {
      ...a,
      applies: false,
      obstacles: [
        {
          code: 'replaced',
          reason,
          key: 'replaced',
          params: { by: hit.by },
          citation: hit.citation,
          verified: hit.verified,
        },
      ],
    };
  });
}

function rankKey(order: readonly InstrumentId[], id: InstrumentId): number {
  const k = order.indexOf(id);
  return k === -1 ? order.length : k;
}

const DC_KEYS = {
  none: 'dc.not-required',
  required: 'dc.required',
  waived: 'dc.waived',
  notListed: 'dc.not-listed',
} as const satisfies Record<string, AdvisorMessageKey>;

function dualCriminalityText(dc: DualCriminalityAdvice, language: MessageLanguage): string {
  if (!dc.required) return advisorMessage(language, DC_KEYS.none);
  if (dc.waivedByCategory === true)
    return advisorMessage(language, DC_KEYS.waived, { months: dc.waiverThresholdMonths ?? 0 });
  if (dc.waivedByCategory === false) return advisorMessage(language, DC_KEYS.notListed);
  return advisorMessage(language, DC_KEYS.required);
}

/**
 * Ranked instruments for the request, with every sentence in `language` (English by default: the
 * same sentences as before the advisor spoke other languages).
 */
export function advise(
  registry: LegalRegistry,
  input: AdviceInput,
  language: MessageLanguage = 'en',
): Advice {
  if (input.requestingState === input.requestedState) {
    return {
      language,
      instruments: [],
      advisories: [
        {
          code: 'same-state',
          message: advisorMessage(language, 'advisory.same-state', { state: input.requestedState }),
        },
      ],
    };
  }
  const measures = input.measures as readonly MeasureId[];
  const ctx: PairContext = {
    requestingState: input.requestingState,
    requestedState: input.requestedState,
    measures,
    offenceCategory: input.offenceCategory,
    at: input.at ?? today(),
  };
  const relevant = registry.instruments.filter((i) => isRelevant(registry, i, ctx));
  const assessments = applyReplacements(
    relevant.map((i) => assessInstrument(registry, i, ctx)),
    ctx,
  );
  const order = measures.length > 0 && measures.every((m) => DATA_MEASURES.has(m)) ? RANK_DATA : RANK_GENERAL;
  assessments.sort(
    (x, y) =>
      Number(y.applies) - Number(x.applies) ||
      rankKey(order, x.instrument.id) - rankKey(order, y.instrument.id),
  );

  const instruments = assessments.map((a, index): InstrumentAdvice => {
    const i = a.instrument;
    const dc = dualCriminalityFor(registry, i, measures, input.offenceCategory);
    const [first] = a.obstacles;
    const obstacles = a.obstacles.map((o) => ({ o, t: obstacleText(o, i, ctx, language) }));
    const reasons: Reasons = a.applies
      ? applyingReasons(a, ctx, input.urgent, language)
      : {
          texts: obstacles.map(
            ({ o, t }) =>
              advisorMessage(language, 'reason.obstacle', { reason: t.text, citation: o.citation }) +
              mark(o.verified),
          ),
          details: obstacles.map(({ t }) => ({ key: 'reason.obstacle', ...englishOriginal(t, language) })),
        };
    const firstText = obstacles[0]?.t;
    const languages =
      a.requested?.declarations.languages ??
      registry.partiesByInstrument.get(i.id)?.get(ctx.requestedState)?.[0]?.declarations.languages ??
      [];
    return {
      id: i.id,
      title: i.shortTitle,
      rank: index + 1,
      applies: a.applies,
      reasons: reasons.texts,
      reasonDetails: reasons.details,
      ...(first && firstText ? { notAppliesReason: firstText.text, notAppliesCode: first.code } : {}),
      membershipVerified: (a.requesting?.verified ?? false) && (a.requested?.verified ?? false),
      channel: channelFor(a, measures, input.urgent, language),
      languages,
      // Deadlines and refusal risks only where the instrument can carry the request.
      deadlines: a.applies ? deadlineAdvice(i, measures, input.urgent, language) : [],
      ...(i.executionPace
        ? {
            executionPace: {
              // Registry prose without translations yet: English original, marked.
              ...(language === 'en' ? {} : ({ lang: 'en' } as const)),
              description: i.executionPace.description,
              citation: i.executionPace.citation,
              verified: i.executionPace.verified,
            },
          }
        : {}),
      dualCriminality: { ...dc, description: dualCriminalityText(dc, language) },
      refusalRisks: (a.applies ? refusalRisksFor(i, measures, dc) : []).map((g) => {
        const description = proseOf(i, 'refusalGrounds', g.id, g.description, language);
        return {
          ground: g.id,
          description: description.text,
          ...englishOriginal(description, language),
          citation: g.citation,
          verified: g.verified,
        };
      }),
      ...(a.applies && i.replaces ? { replaces: i.replaces.map((r) => r.instrument) } : {}),
    };
  });
  return { language, instruments, advisories: advisoriesFor(instruments, ctx, input.urgent, language) };
}

function advisoriesFor(
  instruments: readonly InstrumentAdvice[],
  ctx: PairContext,
  urgent: boolean,
  language: MessageLanguage,
): Advisory[] {
  const pair = { requesting: ctx.requestingState, requested: ctx.requestedState };
  const out: Advisory[] = [];
  const applying = new Set(instruments.filter((i) => i.applies).map((i) => i.id));
  if (applying.size === 0) {
    out.push({
      code: 'no-applicable-instrument',
      message: advisorMessage(language, 'advisory.no-applicable-instrument', pair),
    });
  }
  if (urgent && applying.has('budapest') && ctx.measures.some((m) => NETWORK_24_7_MEASURES.includes(m))) {
    out.push({
      code: 'network-24-7',
      message: advisorMessage(language, 'advisory.network-24-7'),
      citation: 'ETS 185 Art. 35',
      verified: false,
    });
  }
  if (applying.has('e-evidence')) {
    out.push({
      code: 'e-evidence-to-provider',
      message: advisorMessage(language, 'advisory.e-evidence-to-provider', pair),
      citation: 'Reg. (EU) 2023/1543 Art. 3(1)-(2) [S7b]',
      verified: true,
    });
  }
  return out;
}
