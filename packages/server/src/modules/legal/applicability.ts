import type { NotAppliesCode } from '@comity/contracts';
import type { Instrument, IsoDate, MeasureId, Party, StateCode } from './legal.types.ts';
import type { LegalRegistry } from './registry.ts';

// Whether one instrument can carry a request between two states at a date, and why not. Shared by the
// advisor (which ranks instruments) and the draft validator (which checks the chosen one).

/** Why an instrument does not apply (the advice's `notAppliesCode`). */
export type NotApplicableCode = NotAppliesCode;

/** Catalogue key of an obstacle's sentence (advisor-i18n.ts renders it in the user's language). */
export type ObstacleKey =
  | 'not-in-force'
  | 'not-bilateral-pair'
  | 'state-not-bound'
  | 'ceased-to-be-bound'
  | 'bound-only-from'
  | 'bound-only-later'
  | 'not-recorded-as-party'
  | 'state-not-party'
  | 'surrender-under-evidence-instrument'
  | 'evidence-under-surrender-instrument'
  | 'measure-not-covered'
  | 'offence-outside-scope'
  | 'replaced';

/** What an obstacle's sentence is made of: registry prose is named by where it sits in the instrument. */
export interface ObstacleParams {
  readonly state?: StateCode;
  readonly date?: IsoDate;
  readonly counterpart?: StateCode;
  readonly measures?: readonly MeasureId[];
  readonly category?: string;
  /** The replacing instrument (`replaced`). */
  readonly by?: Instrument;
  /** The membership exception's English description (`state-not-bound`). */
  readonly description?: string;
}

export interface Obstacle {
  readonly code: NotApplicableCode;
  /** The sentence in English; `key` and `params` rebuild it in another language. */
  readonly reason: string;
  readonly key: ObstacleKey;
  readonly params: ObstacleParams;
  readonly citation: string;
  readonly verified: boolean;
  readonly state?: StateCode;
  readonly measures?: readonly MeasureId[];
}

export interface Membership {
  readonly bound: boolean;
  readonly party?: Party;
  readonly obstacle?: Obstacle;
}

export interface PairContext {
  readonly requestingState: StateCode;
  readonly requestedState: StateCode;
  readonly measures: readonly MeasureId[];
  readonly offenceCategory?: string | undefined;
  readonly at: IsoDate;
}

export interface Assessment {
  readonly instrument: Instrument;
  readonly applies: boolean;
  readonly obstacles: readonly Obstacle[];
  readonly requesting?: Party;
  readonly requested?: Party;
}

function inPeriod(p: Party, at: IsoDate): boolean {
  return (p.since === undefined || p.since <= at) && (p.until === undefined || at <= p.until);
}

/** Whether `state` is bound by `instrument` on `at`, with the party record or the reason it is not. */
export function membershipAt(
  registry: LegalRegistry,
  instrument: Instrument,
  state: StateCode,
  at: IsoDate,
): Membership {
  const periods = registry.partiesByInstrument.get(instrument.id)?.get(state) ?? [];
  const party = periods.find((p) => inPeriod(p, at));
  if (party) return { bound: true, party };
  const exception = registry.exceptionsByInstrument.get(instrument.id)?.get(state);
  if (exception) {
    const reason = `${state} not bound by the ${instrument.shortTitle}: ${exception.description}`;
    return {
      bound: false,
      obstacle: {
        code: 'state-not-bound',
        reason,
        key: 'state-not-bound',
        params: { state, description: exception.description },
        citation: exception.citation,
        verified: exception.verified,
        state,
      },
    };
  }
  const [first] = periods;
  if (first) {
    const ceased = first.until !== undefined && at > first.until;
    const reason = ceased
      ? `${state} ceased to be bound by the ${instrument.shortTitle} after ${first.until}`
      : `${state} is bound by the ${instrument.shortTitle} only from ${first.since ?? 'a later date'}`;
    const key: ObstacleKey = ceased
      ? 'ceased-to-be-bound'
      : first.since
        ? 'bound-only-from'
        : 'bound-only-later';
    const date = ceased ? first.until : first.since;
    return {
      bound: false,
      obstacle: {
        code: 'outside-party-period',
        reason,
        key,
        params: { state, ...(date ? { date } : {}) },
        citation: first.citation,
        verified: first.verified,
        state,
      },
    };
  }
  const unrecorded = instrument.parties.length === 0;
  const reason = unrecorded
    ? `${state} is not recorded as a party to the ${instrument.shortTitle} (ratification status not encoded)`
    : `${state} is not a party to the ${instrument.shortTitle}`;
  return {
    bound: false,
    obstacle: {
      code: 'state-not-party',
      reason,
      key: unrecorded ? 'not-recorded-as-party' : 'state-not-party',
      params: { state },
      citation: instrument.citation,
      verified: false,
      state,
    },
  };
}

/** Worth listing for this pair: one of the states is (or was) a party, or it could cover the measures. */
export function isRelevant(registry: LegalRegistry, instrument: Instrument, ctx: PairContext): boolean {
  if (instrument.counterpart !== undefined) {
    return ctx.requestingState === instrument.counterpart || ctx.requestedState === instrument.counterpart;
  }
  const mentions = (s: StateCode) => registry.instrumentsByState.get(s)?.includes(instrument.id) ?? false;
  if (mentions(ctx.requestingState) || mentions(ctx.requestedState)) return true;
  const coverage = registry.coverageByInstrument.get(instrument.id);
  return instrument.parties.length === 0 && ctx.measures.some((m) => coverage?.has(m));
}

function measureObstacle(
  registry: LegalRegistry,
  instrument: Instrument,
  measures: readonly MeasureId[],
): Obstacle | undefined {
  const coverage = registry.coverageByInstrument.get(instrument.id);
  const citation = instrument.measures[0]?.citation ?? instrument.citation;
  const wantsSurrender = measures.includes('surrender');
  if (wantsSurrender && instrument.scope !== 'surrender') {
    return {
      code: 'surrender-under-evidence-instrument',
      reason: `surrender under an evidence-only instrument (${instrument.shortTitle})`,
      key: 'surrender-under-evidence-instrument',
      params: {},
      citation: instrument.citation,
      verified: instrument.verified,
      measures: ['surrender'],
    };
  }
  const evidence = measures.filter((m) => m !== 'surrender');
  if (instrument.scope === 'surrender' && evidence.length > 0) {
    return {
      code: 'evidence-under-surrender-instrument',
      reason: `evidence measures under a surrender-only instrument (${instrument.shortTitle}): ${evidence.join(', ')}`,
      key: 'evidence-under-surrender-instrument',
      params: { measures: evidence },
      citation,
      verified: instrument.measures[0]?.verified ?? false,
      measures: evidence,
    };
  }
  const uncovered = measures.filter((m) => !coverage?.has(m));
  if (uncovered.length > 0) {
    return {
      code: 'measure-not-covered',
      reason: `the ${instrument.shortTitle} does not cover: ${uncovered.join(', ')}`,
      key: 'measure-not-covered',
      params: { measures: uncovered },
      citation: instrument.citation,
      verified: false,
      measures: uncovered,
    };
  }
  return undefined;
}

/** Every reason why `instrument` cannot carry this request; applies when there is none. */
export function assessInstrument(
  registry: LegalRegistry,
  instrument: Instrument,
  ctx: PairContext,
): Assessment {
  const obstacles: Obstacle[] = [];
  const inForce = instrument.inForce;
  if (inForce && ctx.at < inForce.from) {
    obstacles.push({
      code: 'not-in-force',
      reason: `the ${instrument.shortTitle} applies from ${inForce.from}`,
      key: 'not-in-force',
      params: { date: inForce.from },
      citation: inForce.citation,
      verified: inForce.verified,
    });
  }
  const cp = instrument.counterpart;
  if (cp !== undefined && ctx.requestingState !== cp && ctx.requestedState !== cp) {
    obstacles.push({
      code: 'not-bilateral-pair',
      reason: `the ${instrument.shortTitle} applies only between ${cp} and its partner states`,
      key: 'not-bilateral-pair',
      params: { counterpart: cp },
      citation: instrument.citation,
      verified: instrument.verified,
    });
  }
  const requesting = membershipAt(registry, instrument, ctx.requestingState, ctx.at);
  const requested = membershipAt(registry, instrument, ctx.requestedState, ctx.at);
  if (requesting.obstacle) obstacles.push(requesting.obstacle);
  if (requested.obstacle) obstacles.push(requested.obstacle);
  const measureProblem = measureObstacle(registry, instrument, ctx.measures);
  if (measureProblem) obstacles.push(measureProblem);
  const scope = instrument.subjectScope;
  if (
    ctx.offenceCategory &&
    scope?.offenceCategories &&
    !scope.offenceCategories.includes(ctx.offenceCategory)
  ) {
    obstacles.push({
      code: 'offence-outside-scope',
      reason: `offence category ${ctx.offenceCategory} is outside the ${instrument.shortTitle}: ${scope.description}`,
      key: 'offence-outside-scope',
      params: { category: ctx.offenceCategory },
      citation: scope.citation,
      verified: scope.verified,
    });
  }
  return {
    instrument,
    applies: obstacles.length === 0,
    obstacles,
    ...(requesting.party ? { requesting: requesting.party } : {}),
    ...(requested.party ? { requested: requested.party } : {}),
  };
}
