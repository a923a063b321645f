import { describe, expect, it } from 'vitest';
import {
  buildRegistry,
  INSTRUMENT_IDS,
  type Instrument,
  loadRegistry,
  MEASURE_IDS,
  RegistryDataError,
} from '../../../src/modules/legal/index.ts';

const registry = loadRegistry();

const EU_27 = [
  'AT',
  'BE',
  'BG',
  'HR',
  'CY',
  'CZ',
  'DK',
  'EE',
  'FI',
  'FR',
  'DE',
  'GR',
  'HU',
  'IE',
  'IT',
  'LV',
  'LT',
  'LU',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SK',
  'SI',
  'ES',
  'SE',
];

/** Every rule object of an instrument, with a label saying where it sits. */
function ruleObjects(i: Instrument): [string, object][] {
  const out: [string, object][] = [[`${i.id}`, i]];
  const add = (label: string, items: readonly object[] | undefined) =>
    items?.forEach((x, k) => {
      out.push([`${i.id}.${label}[${k}]`, x]);
    });
  add('parties', i.parties);
  add(
    'parties.declarations',
    i.parties.map((p) => p.declarations),
  );
  add('exceptions', i.exceptions);
  add('measures', i.measures);
  add('requiredContents', i.requiredContents);
  add('deadlineRules', i.deadlineRules);
  add(
    'deadlineRules.extension',
    i.deadlineRules.flatMap((d) => (d.extension ? [d.extension] : [])),
  );
  add('refusalGrounds', i.refusalGrounds);
  add('channelRules', i.channelRules);
  add('replaces', i.replaces);
  add('protocols', i.protocols);
  add('remarks', i.remarks);
  add('single', [i.dualCriminality, i.languageRule, i.urgencyRule]);
  add(
    'optional',
    [i.offenceList, i.penaltyThreshold, i.subjectScope, i.executionPace, i.inForce].filter(
      (x) => x !== undefined,
    ),
  );
  return out;
}

/** Walks any value and returns each object that carries `citation` or `verified`. */
function sourcedAnywhere(value: unknown, path = ''): [string, Record<string, unknown>][] {
  if (value === null || typeof value !== 'object') return [];
  const here: [string, Record<string, unknown>][] = [];
  const rec = value as Record<string, unknown>;
  if ('citation' in rec || 'verified' in rec) here.push([path, rec]);
  for (const [k, v] of Object.entries(rec)) here.push(...sourcedAnywhere(v, `${path}.${k}`));
  return here;
}

describe('legal registry data', () => {
  it('knows the twelve instruments by their stable ids', () => {
    expect(registry.instruments.map((i) => i.id).sort()).toEqual([...INSTRUMENT_IDS].sort());
  });

  it('knows the EU-27, IS, NO, CH, GB and US with English names', () => {
    for (const code of [...EU_27, 'IS', 'NO', 'CH', 'GB', 'US']) {
      const s = registry.statesByCode.get(code);
      expect(s, code).toBeDefined();
      expect(s?.name.length).toBeGreaterThan(2);
      for (const l of s?.officialLanguages ?? []) expect(l).toMatch(/^[a-z]{2}$/);
    }
    expect(
      registry.states
        .filter((s) => s.eu !== undefined && s.eu.until === undefined)
        .map((s) => s.code)
        .sort(),
    ).toEqual([...EU_27].sort());
  });

  it('has the measures catalogue with labels keys and person needs', () => {
    expect(registry.measures.map((m) => m.id)).toEqual([...MEASURE_IDS]);
    for (const m of registry.measures) {
      expect(m.labelKey).toBe(`legal.measures.${m.id}`);
      expect(typeof m.needsPerson).toBe('boolean');
    }
    expect(registry.measuresById.get('hearing-witness')?.needsPerson).toBe(true);
    expect(registry.measuresById.get('preservation')?.needsPerson).toBe(false);
  });

  it('has the 32 offence categories of EAW Art. 2(2) / EIO Annex D', () => {
    expect(registry.offenceCategories).toHaveLength(32);
    expect(new Set(registry.offenceCategories.map((c) => c.id)).size).toBe(32);
    expect(registry.offenceCategories.map((c) => c.number)).toEqual(
      Array.from({ length: 32 }, (_, k) => k + 1),
    );
    for (const c of registry.offenceCategories) expect(c.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
  });

  it('gives every rule a non-empty citation and a boolean verified', () => {
    for (const i of registry.instruments) {
      for (const [label, rule] of ruleObjects(i)) {
        const r = rule as { citation?: unknown; verified?: unknown };
        expect(typeof r.citation, label).toBe('string');
        expect((r.citation as string).trim().length, label).toBeGreaterThan(0);
        expect(typeof r.verified, label).toBe('boolean');
      }
    }
  });

  it('never has a citation without verified, or verified without citation, anywhere in the data', () => {
    for (const [path, rec] of sourcedAnywhere(registry.instruments)) {
      expect(typeof rec.citation, path).toBe('string');
      expect(typeof rec.verified, path).toBe('boolean');
    }
    for (const [path, rec] of sourcedAnywhere(registry.offenceCategories)) {
      expect(typeof rec.verified, path).toBe('boolean');
    }
  });

  it('explains every unverified rule with a note or an unverified instrument', () => {
    // Rules from general knowledge must say what is still to be checked; unverified reference facts
    // may rely on their citation. At minimum the membership facts say where the list came from.
    for (const i of registry.instruments) {
      for (const p of i.parties) if (!p.verified) expect(p.note, `${i.id} ${p.state}`).toBeTruthy();
    }
  });

  it('has valid ISO 8601 durations and unique deadline ids', () => {
    for (const i of registry.instruments) {
      for (const d of i.deadlineRules) {
        expect(d.duration, `${i.id}.${d.id}`).toMatch(/^P(\d+D|T\d+H)$/);
        if (d.extension) expect(d.extension.duration).toMatch(/^P(\d+D|T\d+H)$/);
      }
    }
  });

  it('is built once and read-only', () => {
    expect(loadRegistry()).toBe(registry);
    expect(Object.isFrozen(registry.instruments[0])).toBe(true);
    expect(Object.isFrozen(registry.instruments[0]?.parties[0])).toBe(true);
    expect(() =>
      (registry.instrumentsById as Map<string, Instrument>).set('x', registry.instruments[0] as Instrument),
    ).toThrow(TypeError);
  });

  it('indexes parties by instrument and state', () => {
    expect(registry.partiesByInstrument.get('eio')?.has('DK')).toBe(false);
    expect(registry.partiesByInstrument.get('eio')?.has('IE')).toBe(false);
    expect(registry.partiesByInstrument.get('eaw')?.has('DK')).toBe(true);
    expect(registry.partiesByInstrument.get('us-uk-mlat')?.size).toBe(2);
    expect(registry.instrumentsByState.get('US')).toContain('us-eu-mla');
    expect(registry.instrumentsByState.get('DK')).toContain('eio'); // through its exception
  });

  it('refuses inconsistent data', () => {
    const [eio] = registry.instruments as Instrument[];
    const broken = { ...(eio as Instrument), parties: [{ ...(eio as Instrument).parties[0]!, state: 'ZZ' }] };
    expect(() =>
      buildRegistry({
        instruments: [broken],
        states: registry.states,
        measures: registry.measures,
        offenceCategories: registry.offenceCategories,
      }),
    ).toThrow(RegistryDataError);
  });
});
