import { describe, expect, it } from 'vitest';
import { advisorCatalogue } from '../../../src/modules/legal/advisor-i18n.ts';
import { assessInstrument, type PairContext } from '../../../src/modules/legal/applicability.ts';
import { PROSE, type ProseTranslation } from '../../../src/modules/legal/data/prose-i18n.ts';
import { localiseFinding, MESSAGE_LANGUAGES } from '../../../src/modules/legal/findings-i18n.ts';
import { type AdviceInput, loadRegistry, validateDraft } from '../../../src/modules/legal/index.ts';
import type { MeasureId } from '../../../src/modules/legal/legal.types.ts';
import { type Advice, advise, obstacleText } from '../../../src/modules/legal/legal-advisor.ts';
import { localisedInstrumentProse } from '../../../src/modules/legal/registry-prose.ts';
import { AT, buildEioDraft } from './draft-factories.ts';

// The advisor answers in the user's language: every sentence comes from a catalogue key that exists
// in en, fr, de and es with the same placeholders; a French, German or Spanish answer carries no
// English sentence of the catalogue; the registry's prose is translated where a translation exists
// and otherwise marked as English original. English answers are the advisor's sentences as before.

const registry = loadRegistry();
const OTHERS = MESSAGE_LANGUAGES.filter((l) => l !== 'en');
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const hasWords = (s: string) => /\p{L}{2,}/u.test(s.replace(/\{\w+\}/g, ''));

describe('advisor catalogue', () => {
  const en = advisorCatalogue('en');

  it('has the reasons, obstacles, advisories and dual-criminality positions', () => {
    const prefixes = new Set(Object.keys(en).map((k) => k.split('.')[0]));
    expect([...prefixes].sort()).toEqual(['advisory', 'dc', 'obstacle', 'reason']);
  });

  it.each(OTHERS)('%s has every key of en, translated, with the same placeholders', (lang) => {
    const other = advisorCatalogue(lang);
    expect(Object.keys(other).sort()).toEqual(Object.keys(en).sort());
    for (const [key, text] of Object.entries(en)) {
      const translated = other[key as keyof typeof other];
      expect(translated.trim(), `${lang} ${key}`).not.toBe('');
      expect(placeholders(translated), `${lang} ${key}`).toEqual(placeholders(text));
      if (hasWords(text)) expect(translated, `${lang} ${key} is the English text`).not.toBe(text);
    }
  });
});

/** Every text of an answer a user reads, with whether the answer marks it as English original. */
function texts(advice: Advice): { text: string; englishOriginal: boolean }[] {
  const out: { text: string; englishOriginal: boolean }[] = [];
  for (const a of advice.advisories) out.push({ text: a.message, englishOriginal: false });
  for (const i of advice.instruments) {
    i.reasons.forEach((r, k) => {
      out.push({ text: r, englishOriginal: i.reasonDetails[k]?.lang === 'en' });
    });
    if (i.notAppliesReason) out.push({ text: i.notAppliesReason, englishOriginal: false });
    if (i.channel) out.push({ text: i.channel.description, englishOriginal: i.channel.lang === 'en' });
    for (const r of i.refusalRisks) out.push({ text: r.description, englishOriginal: r.lang === 'en' });
    out.push({ text: i.dualCriminality.description, englishOriginal: false });
  }
  return out;
}

const PAIRS: Record<string, AdviceInput> = {
  'DE→FR banking information (EIO)': {
    requestingState: 'DE',
    requestedState: 'FR',
    measures: ['banking-information', 'search-seizure'],
    offenceCategory: 'fraud',
    urgent: false,
    at: AT,
  },
  'DE→US subscriber data (US–EU agreement and MLAT route)': {
    requestingState: 'DE',
    requestedState: 'US',
    measures: ['subscriber-data', 'preservation'],
    urgent: true,
    at: AT,
  },
  'FR→GB search (after Brexit)': {
    requestingState: 'FR',
    requestedState: 'GB',
    measures: ['search-seizure', 'hearing-witness'],
    urgent: false,
    at: AT,
  },
  'IE→DE hearing (IE not bound by the EIO)': {
    requestingState: 'IE',
    requestedState: 'DE',
    measures: ['hearing-witness'],
    urgent: false,
    at: AT,
  },
  'CH→US search (no EU state)': {
    requestingState: 'CH',
    requestedState: 'US',
    measures: ['search-seizure'],
    offenceCategory: 'corruption',
    urgent: false,
    at: AT,
  },
  'DE→FR surrender (EAW; evidence instruments listed)': {
    requestingState: 'DE',
    requestedState: 'FR',
    measures: ['surrender'],
    offenceCategory: 'terrorism',
    urgent: true,
    at: AT,
  },
  'FR→FR (same state)': {
    requestingState: 'FR',
    requestedState: 'FR',
    measures: ['search-seizure'],
    urgent: false,
    at: AT,
  },
};

describe('advice in French, German and Spanish', () => {
  // Fixed stretches of the English templates (between placeholders) that say something in English.
  const englishFragments = (lang: (typeof OTHERS)[number]) => {
    const own = Object.values(advisorCatalogue(lang)).join('\n');
    return Object.values(advisorCatalogue('en'))
      .flatMap((t) => t.split(/\{\w+\}/))
      .map((f) => f.trim())
      .filter((f) => f.length >= 8 && hasWords(f) && !own.includes(f));
  };

  it.each(Object.entries(PAIRS).flatMap(([name, input]) => OTHERS.map((l) => [name, l, input] as const)))(
    '%s in %s: no English sentence of the catalogue',
    (_name, lang, input) => {
      const advice = advise(registry, input, lang);
      expect(advice.language).toBe(lang);
      const fragments = englishFragments(lang);
      const all = texts(advice);
      expect(all.length).toBeGreaterThan(0);
      for (const { text } of all)
        for (const f of fragments) expect(text, `"${f}" in ${lang}`).not.toContain(f);
      // Channel descriptions and refusal grounds of these pairs are all translated.
      for (const i of advice.instruments) {
        expect(i.channel?.lang, `${i.id} channel`).toBeUndefined();
        for (const r of i.refusalRisks) expect(r.lang, `${i.id} ${r.ground}`).toBeUndefined();
      }
    },
  );

  it('keeps the codes of the English answer', () => {
    for (const input of Object.values(PAIRS)) {
      const en = advise(registry, input);
      for (const lang of OTHERS) {
        const other = advise(registry, input, lang);
        const codes = (a: Advice) => ({
          advisories: a.advisories.map((x) => [x.code, x.citation]),
          instruments: a.instruments.map((i) => [
            i.id,
            i.rank,
            i.applies,
            i.notAppliesCode,
            i.reasonDetails.map((d) => d.key),
            i.channel?.kind,
            i.channel?.citation,
            i.deadlines.map((d) => [d.id, d.duration, d.citation]),
            i.refusalRisks.map((r) => [r.ground, r.citation, r.verified]),
            i.dualCriminality.required,
            i.dualCriminality.citation,
          ]),
        });
        expect(codes(other)).toEqual(codes(en));
        // The "[unverified]" mark stays where the English answer has it.
        expect(other.instruments.map((i) => i.reasons.map((r) => r.endsWith('[unverified]')))).toEqual(
          en.instruments.map((i) => i.reasons.map((r) => r.endsWith('[unverified]'))),
        );
      }
    }
  });

  it('names the EIO, ne bis in idem and the exception for Ireland in the official terms', () => {
    const fr = advise(registry, PAIRS['DE→FR banking information (EIO)']!, 'fr');
    const eio = fr.instruments.find((i) => i.id === 'eio')!;
    expect(eio.reasons[0]).toContain('(DEE)');
    expect(eio.refusalRisks.map((r) => r.description)).toContain('Contraire au principe ne bis in idem');
    expect(eio.channel?.description).toContain("autorité d'émission");
    const de = advise(registry, PAIRS['IE→DE hearing (IE not bound by the EIO)']!, 'de');
    expect(de.instruments.find((i) => i.id === 'eio')?.notAppliesReason).toBe(
      'IE ist an dieses Instrument nicht gebunden (EEA): Irland ist durch die Richtlinie über die Europäische Ermittlungsanordnung nicht gebunden',
    );
    const es = advise(registry, PAIRS['DE→FR banking information (EIO)']!, 'es');
    expect(es.instruments.find((i) => i.id === 'eio')?.channel?.description).toContain(
      'autoridad de emisión',
    );
  });

  it('marks registry prose that has no translation as English original', () => {
    const fr = advise(registry, PAIRS['DE→FR banking information (EIO)']!, 'fr');
    const eio = fr.instruments.find((i) => i.id === 'eio')!;
    const remark = eio.reasonDetails.findIndex((d) => d.key === 'reason.remark');
    expect(remark).toBeGreaterThan(-1);
    expect(eio.reasonDetails[remark]?.lang).toBe('en');
    expect(eio.executionPace?.lang).toBe('en');
    // English answers carry no marks.
    const en = advise(registry, PAIRS['DE→FR banking information (EIO)']!);
    expect(JSON.stringify(en)).not.toContain('"lang"');
  });
});

describe('English answers', () => {
  it('obstacle sentences from the catalogue are the applicability reasons, word for word', () => {
    const states = registry.states.map((s) => s.code);
    const sets: MeasureId[][] = [['search-seizure'], ['subscriber-data', 'preservation'], ['surrender']];
    let checked = 0;
    for (const requestingState of states)
      for (const requestedState of states) {
        if (requestingState === requestedState) continue;
        for (const measures of sets) {
          const ctx: PairContext = {
            requestingState,
            requestedState,
            measures,
            offenceCategory: 'fraud',
            at: AT,
          };
          for (const i of registry.instruments)
            for (const o of assessInstrument(registry, i, ctx).obstacles) {
              expect(obstacleText(o, i, ctx, 'en').text).toBe(o.reason);
              checked++;
            }
        }
      }
    expect(checked).toBeGreaterThan(1000);
  });
});

describe('registry prose translations (data/prose-i18n.ts)', () => {
  const entries = (
    table: Readonly<Record<string, ProseTranslation | undefined>> | undefined,
  ): [string, ProseTranslation][] =>
    Object.entries(table ?? {}).filter((e): e is [string, ProseTranslation] => e[1] !== undefined);

  it('translate the current English of the shipped data (none is stale)', () => {
    for (const i of registry.instruments) {
      const prose = PROSE[i.id];
      const byId = <T>(list: readonly T[], key: (x: T) => string, text: (x: T) => string) =>
        new Map(list.map((x) => [key(x), text(x)]));
      const tables = [
        [
          prose?.requiredContents,
          byId(
            i.requiredContents,
            (c) => c.id,
            (c) => c.label,
          ),
        ],
        [
          prose?.refusalGrounds,
          byId(
            i.refusalGrounds,
            (g) => g.id,
            (g) => g.description,
          ),
        ],
        [
          prose?.channelRules,
          byId(
            i.channelRules,
            (c) => c.id,
            (c) => c.description,
          ),
        ],
        [
          prose?.exceptions,
          byId(
            i.exceptions,
            (e) => e.state,
            (e) => e.description,
          ),
        ],
        [
          prose?.replaces,
          byId(
            i.replaces ?? [],
            (r) => r.instrument,
            (r) => r.provisions,
          ),
        ],
      ] as const;
      for (const [table, current] of tables)
        for (const [id, t] of entries(table)) expect(t.en, `${i.id} ${id}`).toBe(current.get(id));
      if (prose?.subjectScope) expect(prose.subjectScope.en).toBe(i.subjectScope?.description);
    }
  });

  it('cover every required content, refusal ground, channel rule and exception in fr, de and es', () => {
    for (const i of registry.instruments)
      for (const lang of OTHERS) {
        const prose = localisedInstrumentProse(i, lang);
        for (const [path, t] of Object.entries(prose)) {
          if (
            !/^(requiredContents|refusalGrounds|channelRules|exceptions|replaces|subjectScope)\b/.test(path)
          )
            continue;
          expect(t.lang, `${i.id} ${path} in ${lang}`).toBe(lang);
          expect(t.text.trim()).not.toBe('');
        }
      }
  });

  it('differ from the English except for Latin terms', () => {
    for (const prose of Object.values(PROSE))
      for (const table of [prose?.requiredContents, prose?.refusalGrounds, prose?.channelRules])
        for (const [id, t] of entries(table))
          for (const lang of OTHERS)
            if (!/bis in idem/.test(t.en)) expect(t[lang], `${id} ${lang}`).not.toBe(t.en);
  });

  it('an administrator’s edit of the English makes the entry stale: English original, marked', () => {
    const eio = registry.instrumentsById.get('eio')!;
    const edited = {
      ...eio,
      refusalGrounds: eio.refusalGrounds.map((g) =>
        g.id === 'ne_bis_in_idem' ? { ...g, description: 'Contrary to the ne bis in idem principle' } : g,
      ),
    };
    const k = edited.refusalGrounds.findIndex((g) => g.id === 'ne_bis_in_idem');
    expect(localisedInstrumentProse(edited, 'fr')[`refusalGrounds.${k}.description`]).toEqual({
      text: 'Contrary to the ne bis in idem principle',
      lang: 'en',
    });
  });

  it('gives findings the translated label of a missing required content', () => {
    const findings = validateDraft(registry, buildEioDraft({ summaryOfFacts: undefined }), { at: AT });
    const missing = findings.find((f) => f.code === 'missing-content' && f.path === 'summaryOfFacts');
    expect(missing).toBeDefined();
    expect(localiseFinding(missing!, 'fr').message).toBe(
      "Manquant : Objet et motifs de la décision d'enquête européenne.",
    );
    expect(localiseFinding(missing!, 'de').message).toBe('Fehlt: Gegenstand der EEA und Gründe für die EEA.');
  });
});
