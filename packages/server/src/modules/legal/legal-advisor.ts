import {
  type Assessment,
  assessInstrument,
  isRelevant,
  type NotApplicableCode,
  type PairContext,
} from './applicability.ts';
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

// The legal-basis advisor: for a pair of states, the measures sought and the urgency, which instruments
// can carry the request, in which order, through which channel, in which language, with which deadlines,
// dual-criminality position and refusal risks. Pure and synchronous; validate input first with
// validateAdviceInput (advice-input.ts).

export interface AdviceInput {
  readonly requestingState: StateCode;
  readonly requestedState: StateCode;
  readonly measures: readonly string[];
  readonly offenceCategory?: string | undefined;
  readonly urgent: boolean;
  /** The date the request is made (`YYYY-MM-DD`); today when absent. */
  readonly at?: IsoDate | undefined;
}

export interface DeadlineAdvice {
  readonly id: string;
  readonly event: string;
  readonly action: string;
  readonly duration: IsoDuration;
  readonly dayKind: 'calendar' | 'working';
  readonly condition?: string;
  readonly extension?: {
    readonly duration: IsoDuration;
    readonly condition: string;
    readonly citation: string;
    readonly verified: boolean;
  };
  readonly citation: string;
  readonly verified: boolean;
}

export interface ChannelAdvice {
  readonly kind: ChannelKind;
  readonly description: string;
  readonly centralAuthority?: string;
  readonly citation: string;
  readonly verified: boolean;
}

export interface RefusalRisk {
  readonly ground: string;
  readonly description: string;
  readonly citation: string;
  readonly verified: boolean;
}

export interface InstrumentAdvice {
  readonly id: InstrumentId;
  readonly title: string;
  readonly rank: number;
  readonly applies: boolean;
  readonly reasons: readonly string[];
  readonly notAppliesReason?: string;
  readonly notAppliesCode?: NotApplicableCode;
  /** Both states' membership is confirmed against a source. */
  readonly membershipVerified: boolean;
  readonly channel: ChannelAdvice | null;
  readonly languages: readonly LanguageCode[];
  readonly deadlines: readonly DeadlineAdvice[];
  readonly executionPace?: {
    readonly description: string;
    readonly citation: string;
    readonly verified: boolean;
  };
  readonly dualCriminality: DualCriminalityAdvice;
  readonly refusalRisks: readonly RefusalRisk[];
  readonly replaces?: readonly InstrumentId[];
}

export type AdvisoryCode =
  | 'same-state'
  | 'no-applicable-instrument'
  | 'network-24-7'
  | 'e-evidence-to-provider';

export interface Advisory {
  readonly code: AdvisoryCode;
  readonly message: string;
  readonly citation?: string;
  readonly verified?: boolean;
}

export interface Advice {
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

function channelFor(a: Assessment, measures: readonly MeasureId[], urgent: boolean): ChannelAdvice | null {
  const rules = a.instrument.channelRules;
  const urgentRule = urgent
    ? rules.find((r) => r.when === 'urgent' && (!r.measures || r.measures.some((m) => measures.includes(m))))
    : undefined;
  const rule = urgentRule ?? rules.find((r) => r.when === 'default') ?? rules[0];
  if (!rule) return null;
  const centralAuthority = a.requested?.declarations.centralAuthority;
  return {
    kind: rule.kind,
    description: rule.description,
    ...(centralAuthority ? { centralAuthority } : {}),
    citation: rule.citation,
    verified: rule.verified,
  };
}

function deadlineAdvice(
  instrument: Instrument,
  measures: readonly MeasureId[],
  urgent: boolean,
): DeadlineAdvice[] {
  return deadlinesFor(instrument, measures, urgent).map((d) => ({
    id: d.id,
    event: d.event,
    action: d.action,
    duration: d.duration,
    dayKind: d.dayKind,
    ...(d.appliesWhen?.description ? { condition: d.appliesWhen.description } : {}),
    ...(d.extension
      ? {
          extension: {
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

function applyingReasons(a: Assessment, ctx: PairContext, urgent: boolean): string[] {
  const i = a.instrument;
  const reasons: string[] = [];
  const membershipVerified = (a.requesting?.verified ?? false) && (a.requested?.verified ?? false);
  reasons.push(
    `${ctx.requestingState} and ${ctx.requestedState} are both bound by the ${i.shortTitle}${mark(membershipVerified)}`,
  );
  for (const m of ctx.measures) {
    const c = i.measures.find((x) => x.measure === m);
    if (!c) continue;
    reasons.push(`covers ${m} (${c.citation})${mark(c.verified)}`);
    if (c.viaProtocol)
      reasons.push(
        `${m}: only if both states have ratified protocol ${c.viaProtocol} (ratifications not encoded)`,
      );
  }
  for (const r of i.replaces ?? []) {
    reasons.push(
      `replaces the corresponding provisions of the ${r.provisions} between the states it binds (${r.citation})${mark(r.verified)}`,
    );
  }
  if (i.subjectScope && !i.subjectScope.offenceCategories) {
    reasons.push(
      `only for: ${i.subjectScope.description} (${i.subjectScope.citation})${mark(i.subjectScope.verified)}`,
    );
  }
  if (urgent && i.id === 'budapest' && ctx.measures.some((m) => NETWORK_24_7_MEASURES.includes(m))) {
    reasons.push('urgent: use the 24/7 network contact point (ETS 185 Art. 35) [unverified]');
  }
  for (const r of i.remarks ?? []) reasons.push(`${r.text} (${r.citation})${mark(r.verified)}`);
  return reasons;
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
      obstacles: [{ code: 'replaced', reason, citation: hit.citation, verified: hit.verified }],
    };
  });
}

function rankKey(order: readonly InstrumentId[], id: InstrumentId): number {
  const k = order.indexOf(id);
  return k === -1 ? order.length : k;
}

export function advise(registry: LegalRegistry, input: AdviceInput): Advice {
  if (input.requestingState === input.requestedState) {
    return {
      instruments: [],
      advisories: [
        {
          code: 'same-state',
          message: `Requesting and requested state are the same (${input.requestedState}): no mutual legal assistance instrument applies; use domestic procedure`,
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
    const languages =
      a.requested?.declarations.languages ??
      registry.partiesByInstrument.get(i.id)?.get(ctx.requestedState)?.[0]?.declarations.languages ??
      [];
    return {
      id: i.id,
      title: i.shortTitle,
      rank: index + 1,
      applies: a.applies,
      reasons: a.applies
        ? applyingReasons(a, ctx, input.urgent)
        : a.obstacles.map((o) => `${o.reason} (${o.citation})${mark(o.verified)}`),
      ...(first ? { notAppliesReason: first.reason, notAppliesCode: first.code } : {}),
      membershipVerified: (a.requesting?.verified ?? false) && (a.requested?.verified ?? false),
      channel: channelFor(a, measures, input.urgent),
      languages,
      // Deadlines and refusal risks only where the instrument can carry the request.
      deadlines: a.applies ? deadlineAdvice(i, measures, input.urgent) : [],
      ...(i.executionPace
        ? {
            executionPace: {
              description: i.executionPace.description,
              citation: i.executionPace.citation,
              verified: i.executionPace.verified,
            },
          }
        : {}),
      dualCriminality: dc,
      refusalRisks: (a.applies ? refusalRisksFor(i, measures, dc) : []).map((g) => ({
        ground: g.id,
        description: g.description,
        citation: g.citation,
        verified: g.verified,
      })),
      ...(a.applies && i.replaces ? { replaces: i.replaces.map((r) => r.instrument) } : {}),
    };
  });
  return { instruments, advisories: advisoriesFor(instruments, ctx, input.urgent) };
}

function advisoriesFor(
  instruments: readonly InstrumentAdvice[],
  ctx: PairContext,
  urgent: boolean,
): Advisory[] {
  const out: Advisory[] = [];
  const applying = new Set(instruments.filter((i) => i.applies).map((i) => i.id));
  if (applying.size === 0) {
    out.push({
      code: 'no-applicable-instrument',
      message: `No instrument in the registry carries this request from ${ctx.requestingState} to ${ctx.requestedState}; check bilateral treaties or a request on the basis of reciprocity`,
    });
  }
  if (urgent && applying.has('budapest') && ctx.measures.some((m) => NETWORK_24_7_MEASURES.includes(m))) {
    out.push({
      code: 'network-24-7',
      message:
        'Urgent preservation or data request: contact the 24/7 network point of the requested state first, then send the formal request',
      citation: 'ETS 185 Art. 35',
      verified: false,
    });
  }
  if (applying.has('e-evidence')) {
    out.push({
      code: 'e-evidence-to-provider',
      message: `European Production/Preservation Orders go directly to the service provider’s designated establishment or legal representative in ${ctx.requestedState}, not to its authorities`,
      citation: 'Reg. (EU) 2023/1543 Art. 3(1)-(2) [S7b]',
      verified: true,
    });
  }
  return out;
}
