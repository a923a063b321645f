import type { Instrument, IsoDate, MeasureId, Party, StateCode } from './legal.types.ts';
import type { LegalRegistry } from './registry.ts';

// Whether one instrument can carry a request between two states at a date, and why not. Shared by the
// advisor (which ranks instruments) and the draft validator (which checks the chosen one).

export type NotApplicableCode =
  | 'not-in-force'
  | 'not-bilateral-pair'
  | 'state-not-bound'
  | 'state-not-party'
  | 'outside-party-period'
  | 'surrender-under-evidence-instrument'
  | 'evidence-under-surrender-instrument'
  | 'measure-not-covered'
  | 'offence-outside-scope'
  | 'replaced';

export interface Obstacle {
  readonly code: NotApplicableCode;
  readonly reason: string;
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
        citation: exception.citation,
        verified: exception.verified,
        state,
      },
    };
  }
  const [first] = periods;
  if (first) {
    const reason =
      first.until !== undefined && at > first.until
        ? `${state} ceased to be bound by the ${instrument.shortTitle} after ${first.until}`
        : `${state} is bound by the ${instrument.shortTitle} only from ${first.since ?? 'a later date'}`;
    return {
      bound: false,
      obstacle: {
        code: 'outside-party-period',
        reason,
        citation: first.citation,
        verified: first.verified,
        state,
      },
    };
  }
  const reason =
    instrument.parties.length === 0
      ? `${state} is not recorded as a party to the ${instrument.shortTitle} (ratification status not encoded)`
      : `${state} is not a party to the ${instrument.shortTitle}`;
  return {
    bound: false,
    obstacle: { code: 'state-not-party', reason, citation: instrument.citation, verified: false, state },
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
      citation: inForce.citation,
      verified: inForce.verified,
    });
  }
  const cp = instrument.counterpart;
  if (cp !== undefined && ctx.requestingState !== cp && ctx.requestedState !== cp) {
    obstacles.push({
      code: 'not-bilateral-pair',
      reason: `the ${instrument.shortTitle} applies only between ${cp} and its partner states`,
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
