import { INSTRUMENTS, MEASURES, OFFENCE_CATEGORIES, STATES } from './data/index.ts';
import type {
  Instrument,
  InstrumentId,
  Measure,
  MeasureCoverage,
  MembershipException,
  OffenceCategory,
  Party,
  StateCode,
  StateInfo,
} from './legal.types.ts';

// The legal registry: the data of data/*.ts, checked once for consistency, indexed and frozen.
// Built on first use and shared; everything in it is read-only (maps throw on mutation).

export interface RegistrySource {
  readonly instruments: readonly Instrument[];
  readonly states: readonly StateInfo[];
  readonly measures: readonly Measure[];
  readonly offenceCategories: readonly OffenceCategory[];
}

export interface LegalRegistry {
  readonly instruments: readonly Instrument[];
  readonly instrumentsById: ReadonlyMap<string, Instrument>;
  readonly states: readonly StateInfo[];
  readonly statesByCode: ReadonlyMap<string, StateInfo>;
  readonly measures: readonly Measure[];
  readonly measuresById: ReadonlyMap<string, Measure>;
  readonly offenceCategories: readonly OffenceCategory[];
  readonly offenceCategoriesById: ReadonlyMap<string, OffenceCategory>;
  /** instrument → state → the periods in which that state was a party. */
  readonly partiesByInstrument: ReadonlyMap<InstrumentId, ReadonlyMap<StateCode, readonly Party[]>>;
  readonly exceptionsByInstrument: ReadonlyMap<InstrumentId, ReadonlyMap<StateCode, MembershipException>>;
  readonly coverageByInstrument: ReadonlyMap<InstrumentId, ReadonlyMap<string, MeasureCoverage>>;
  /** state → instruments it is (or was) a party to, or named in an exception of. */
  readonly instrumentsByState: ReadonlyMap<StateCode, readonly InstrumentId[]>;
}

export class RegistryDataError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`legal registry data is inconsistent:\n- ${problems.join('\n- ')}`);
    this.name = 'RegistryDataError';
  }
}

function readOnlyMap<K, V>(entries: Iterable<readonly [K, V]>): ReadonlyMap<K, V> {
  const map = new Map<K, V>(entries);
  const deny = (): never => {
    throw new TypeError('the legal registry is read-only');
  };
  Object.defineProperties(map, { set: { value: deny }, delete: { value: deny }, clear: { value: deny } });
  return Object.freeze(map);
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

function checkSource(source: RegistrySource): string[] {
  const problems: string[] = [];
  const states = new Set(source.states.map((s) => s.code));
  const measures = new Set(source.measures.map((m) => m.id));
  const categories = new Set(source.offenceCategories.map((c) => c.id));
  const ids = new Set<string>();
  for (const i of source.instruments) {
    if (ids.has(i.id)) problems.push(`duplicate instrument id ${i.id}`);
    ids.add(i.id);
  }
  for (const i of source.instruments) {
    for (const p of i.parties)
      if (!states.has(p.state)) problems.push(`${i.id}: party ${p.state} is not a known state`);
    for (const e of i.exceptions)
      if (!states.has(e.state)) problems.push(`${i.id}: exception ${e.state} unknown`);
    for (const m of i.measures)
      if (!measures.has(m.measure)) problems.push(`${i.id}: measure ${m.measure} unknown`);
    for (const r of i.replaces ?? [])
      if (!ids.has(r.instrument)) problems.push(`${i.id}: replaces unknown ${r.instrument}`);
    for (const c of i.subjectScope?.offenceCategories ?? []) {
      if (!categories.has(c)) problems.push(`${i.id}: subject scope category ${c} unknown`);
    }
    if (i.counterpart !== undefined && !i.parties.some((p) => p.state === i.counterpart)) {
      problems.push(`${i.id}: counterpart ${i.counterpart} is not a party`);
    }
    const ruleIds = new Set<string>();
    for (const d of i.deadlineRules) {
      if (ruleIds.has(d.id)) problems.push(`${i.id}: duplicate deadline rule ${d.id}`);
      ruleIds.add(d.id);
    }
  }
  return problems;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** Checks, indexes and freezes a registry. Throws RegistryDataError when the data is inconsistent. */
export function buildRegistry(source: RegistrySource): LegalRegistry {
  const problems = checkSource(source);
  if (problems.length > 0) throw new RegistryDataError(problems);
  deepFreeze(source);

  const instrumentsByState = new Map<StateCode, InstrumentId[]>();
  const note = (state: StateCode, id: InstrumentId): void => {
    const list = instrumentsByState.get(state) ?? [];
    if (!list.includes(id)) list.push(id);
    instrumentsByState.set(state, list);
  };
  for (const i of source.instruments) {
    for (const p of i.parties) note(p.state, i.id);
    for (const e of i.exceptions) note(e.state, i.id);
  }

  return Object.freeze({
    instruments: source.instruments,
    instrumentsById: readOnlyMap(source.instruments.map((i) => [i.id, i] as const)),
    states: source.states,
    statesByCode: readOnlyMap(source.states.map((s) => [s.code, s] as const)),
    measures: source.measures,
    measuresById: readOnlyMap(source.measures.map((m) => [m.id, m] as const)),
    offenceCategories: source.offenceCategories,
    offenceCategoriesById: readOnlyMap(source.offenceCategories.map((c) => [c.id, c] as const)),
    partiesByInstrument: readOnlyMap(
      source.instruments.map((i) => [i.id, readOnlyMap(groupBy(i.parties, (p) => p.state))] as const),
    ),
    exceptionsByInstrument: readOnlyMap(
      source.instruments.map(
        (i) => [i.id, readOnlyMap(i.exceptions.map((e) => [e.state, e] as const))] as const,
      ),
    ),
    coverageByInstrument: readOnlyMap(
      source.instruments.map(
        (i) => [i.id, readOnlyMap(i.measures.map((m) => [m.measure, m] as const))] as const,
      ),
    ),
    instrumentsByState: readOnlyMap(
      [...instrumentsByState].map(([s, ids]) => [s, Object.freeze(ids)] as const),
    ),
  });
}

let shared: LegalRegistry | undefined;

/** The registry of the shipped data, built once per process. */
export function loadRegistry(): LegalRegistry {
  shared ??= buildRegistry({
    instruments: INSTRUMENTS,
    states: STATES,
    measures: MEASURES,
    offenceCategories: OFFENCE_CATEGORIES,
  });
  return shared;
}
