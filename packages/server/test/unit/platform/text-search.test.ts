import { describe, expect, it } from 'vitest';
import { normaliseText, queryTerms } from '../../../src/platform/text-search.ts';

describe('search normalisation', () => {
  it('folds diacritics FTS5 misses', () => {
    expect(normaliseText('Łódź Straße ÉLÈVE')).toBe('lodz strasse eleve');
    expect(normaliseText('Άγιος Νικόλαος')).toBe('αγιοσ νικολαοσ');
    expect(normaliseText('Øresund — Ærø')).toBe('oresund aero');
  });
  it('makes query terms from words', () => {
    expect(queryTerms('  "Kraków"  OR  NEAR(x) ')).toEqual(['krakow', 'or', 'near', 'x']);
  });
});
