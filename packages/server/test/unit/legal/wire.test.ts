import { isDeepStrictEqual } from 'node:util';
import {
  DEADLINE_ACTIONS,
  DEADLINE_EVENTS,
  Instrument as InstrumentSchema,
  RULE_KINDS,
  INSTRUMENT_IDS as WIRE_INSTRUMENT_IDS,
  MEASURE_IDS as WIRE_MEASURE_IDS,
  PERSON_ROLES as WIRE_PERSON_ROLES,
  REQUEST_KINDS as WIRE_REQUEST_KINDS,
} from '@comity/contracts';
import { describe, expect, it } from 'vitest';
import { INSTRUMENTS } from '../../../src/modules/legal/data/index.ts';
import { FINDING_CODES } from '../../../src/modules/legal/findings.ts';
import {
  localiseFinding,
  MESSAGE_LANGUAGES,
  pickLanguage,
} from '../../../src/modules/legal/findings-i18n.ts';
import {
  INSTRUMENT_IDS,
  loadRegistry,
  MEASURE_IDS,
  PERSON_ROLES,
  REQUEST_KINDS,
  validateDraft,
} from '../../../src/modules/legal/index.ts';
import { instrumentHash, sourcedRules } from '../../../src/modules/legal/instrument-rules.ts';

// The wire schemas (packages/contracts/src/legal.ts) mirror legal.types.ts: every shipped instrument
// passes them unchanged, so what an administrator PUTs has the shape the registry reads.

describe('legal wire schemas', () => {
  it('share the closed code lists with the legal module', () => {
    expect(WIRE_INSTRUMENT_IDS).toEqual(INSTRUMENT_IDS);
    expect(WIRE_MEASURE_IDS).toEqual(MEASURE_IDS);
    expect(WIRE_REQUEST_KINDS).toEqual(REQUEST_KINDS);
    expect(WIRE_PERSON_ROLES).toEqual(PERSON_ROLES);
  });

  it('the shipped data uses only the listed deadline events and actions and rule kinds', () => {
    // The web app has a label for each value of these lists (web test/unit/i18n.test.ts).
    const rules = INSTRUMENTS.flatMap((i) => i.deadlineRules);
    const events: readonly string[] = DEADLINE_EVENTS;
    const actions: readonly string[] = DEADLINE_ACTIONS;
    const kinds: readonly string[] = RULE_KINDS;
    expect(rules.map((r) => r.event).filter((e) => !events.includes(e))).toEqual([]);
    expect(rules.map((r) => r.action).filter((a) => !actions.includes(a))).toEqual([]);
    const ruleKinds = INSTRUMENTS.flatMap((i) => sourcedRules(i).map((r) => r.kind));
    expect(ruleKinds.filter((k) => !kinds.includes(k))).toEqual([]);
  });

  it.each(INSTRUMENTS.map((i) => [i.id, i] as const))(
    '%s passes the schema without losing anything',
    (_id, i) => {
      const json = JSON.parse(JSON.stringify(i));
      const parsed = InstrumentSchema.safeParse(json);
      expect(parsed.success, JSON.stringify(parsed.error?.issues.slice(0, 3))).toBe(true);
      expect(isDeepStrictEqual(parsed.data, json)).toBe(true);
    },
  );

  it('refuses an instrument whose rule has no citation or an unknown field', () => {
    const json = JSON.parse(JSON.stringify(INSTRUMENTS[0]));
    delete json.deadlineRules[0].citation;
    expect(InstrumentSchema.safeParse(json).success).toBe(false);
    expect(
      InstrumentSchema.safeParse({ ...JSON.parse(JSON.stringify(INSTRUMENTS[0])), extra: 1 }).success,
    ).toBe(false);
  });
});

describe('instrument versions and rules', () => {
  it('hashes content, not key order', () => {
    const eio = JSON.parse(JSON.stringify(INSTRUMENTS[0]));
    const reordered = Object.fromEntries(Object.entries(eio).reverse()) as typeof eio;
    expect(instrumentHash(reordered)).toBe(instrumentHash(eio));
    expect(instrumentHash({ ...eio, version: 'other' })).not.toBe(instrumentHash(eio));
  });

  it('flattens every sourced fact with its citation and verified mark', () => {
    for (const i of INSTRUMENTS) {
      const rules = sourcedRules(i);
      expect(rules[0]).toMatchObject({
        path: '',
        kind: 'instrument',
        citation: i.citation,
        verified: i.verified,
      });
      expect(
        rules.filter((r) => r.kind === 'deadlineRules' && /^deadlineRules\.\d+$/.test(r.path)),
      ).toHaveLength(i.deadlineRules.length);
      expect(rules.filter((r) => r.kind === 'parties' && /^parties\.\d+$/.test(r.path))).toHaveLength(
        i.parties.length,
      );
    }
  });
});

describe('finding messages in the user’s language', () => {
  const registry = loadRegistry();
  const findings = validateDraft(
    registry,
    {
      kind: 'eio',
      instrumentId: 'eio',
      requestingState: 'FR',
      requestedState: 'DE',
      urgency: { urgent: true },
    },
    { at: '2025-06-01' },
  );

  it('every code has a message in every language, with the same placeholders', () => {
    for (const language of MESSAGE_LANGUAGES) {
      for (const f of findings) {
        const m = localiseFinding(f, language).message;
        expect(m).not.toMatch(/\{\w+\}/);
      }
    }
    expect(FINDING_CODES.length).toBe(20);
    expect(
      localiseFinding(findings.find((f) => f.code === 'urgency-without-reasons')!, 'es').message,
    ).toContain('urgente');
  });

  it('picks the first Accept-Language it has messages for', () => {
    expect(pickLanguage('fr-FR,fr;q=0.9,en;q=0.8')).toBe('fr');
    expect(pickLanguage('pl,de;q=0.5,es;q=0.7')).toBe('es');
    expect(pickLanguage('pl')).toBe('en');
    expect(pickLanguage(undefined)).toBe('en');
    expect(pickLanguage('de;q=0,fr;q=0.1')).toBe('fr');
  });
});
