import { describe, expect, it } from 'vitest';
import { PARAM_MESSAGES } from '../../../src/modules/legal/findings.ts';
import {
  localiseFinding,
  MESSAGE_LANGUAGES,
  messageCatalogue,
} from '../../../src/modules/legal/findings-i18n.ts';
import { loadRegistry, type RequestDraft, validateDraft } from '../../../src/modules/legal/index.ts';
import { AT, buildEioDraft } from './draft-factories.ts';

// Findings come in the user's language: every message key exists in en, fr, de and es, and a
// French, German or Spanish answer carries no English text the validator wrote itself.

const registry = loadRegistry();
const OTHERS = MESSAGE_LANGUAGES.filter((l) => l !== 'en');
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
/** A template that is nothing but placeholders and punctuation (e.g. `{reason}.`) has no language. */
const hasWords = (s: string) => /\p{L}{2,}/u.test(s.replace(/\{\w+\}/g, ''));

describe('message catalogue', () => {
  const en = messageCatalogue('en');

  it('has the finding messages and the validator’s parameter texts', () => {
    expect(Object.keys(en).filter((k) => k.startsWith('findings.')).length).toBeGreaterThanOrEqual(20);
    expect(Object.keys(en).filter((k) => k.startsWith('params.'))).toHaveLength(
      Object.keys(PARAM_MESSAGES).length,
    );
  });

  it.each(OTHERS)('%s has every key of en, translated, with the same placeholders', (lang) => {
    const other = messageCatalogue(lang);
    expect(Object.keys(other).sort()).toEqual(Object.keys(en).sort());
    for (const [key, text] of Object.entries(en)) {
      const translated = other[key]!;
      expect(translated.trim(), `${lang} ${key}`).not.toBe('');
      expect(placeholders(translated), `${lang} ${key}`).toEqual(placeholders(text));
      if (hasWords(text)) expect(translated, `${lang} ${key} is the English text`).not.toBe(text);
    }
  });
});

describe('findings in French, German and Spanish', () => {
  const scenarios: Record<string, RequestDraft> = {
    'no language, no person for a hearing': buildEioDraft({
      language: undefined,
      persons: [],
      measures: [{ id: 'hearing-witness', details: 'x' }],
    }),
    'a hearing of a person who does not exist': buildEioDraft({
      measures: [{ id: 'hearing-witness', personIndex: 3 }],
    }),
    'an anonymous witness': buildEioDraft({ persons: [{ role: 'witness', nationality: 'DE' }] }),
    'a search for an unlisted offence': buildEioDraft({
      offences: [{ legalClassification: 'Abus de biens sociaux' }],
      measures: [{ id: 'search-seizure', details: 'Offices in Frankfurt' }],
    }),
    'a search for a listed offence below the threshold': buildEioDraft({
      offences: [{ legalClassification: 'Escroquerie', category: 'fraud', maxPenaltyMonths: 24 }],
      measures: [{ id: 'search-seizure', details: 'Offices in Frankfurt' }],
    }),
    'no legal basis, no measures': { kind: 'mla', requestingState: 'DE', requestedState: 'FR' },
  };

  it.each(Object.entries(scenarios))('%s: no English fallback', (_name, draft) => {
    const findings = validateDraft(registry, draft, { at: AT });
    expect(findings.length).toBeGreaterThan(0);
    // The English texts the validator itself wrote into these findings.
    const english = findings.flatMap((f) =>
      Object.entries(f.params)
        .filter(([name, key]) => name.endsWith('Key') && typeof key === 'string')
        .map(([name]) => String(f.params[name.slice(0, -3)])),
    );
    for (const lang of OTHERS) {
      for (const f of findings) {
        const message = localiseFinding(f, lang).message;
        expect(message, `${lang} ${f.code}`).not.toBe(f.message);
        for (const text of english) expect(message, `${lang} ${f.code}`).not.toContain(text);
      }
    }
    expect(english.length).toBeGreaterThan(0);
  });
});
