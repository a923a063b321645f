import { describe, expect, it } from 'vitest';
import { normaliseText, queryTerms } from '../../../src/platform/text-search.ts';

describe('search normalisation', () => {
  it('folds diacritics FTS5 misses', () => {
    expect(normaliseText('Łódź Straße ÉLÈVE')).toBe('lodz strasse eleve');
    expect(normaliseText('Άγιος Νικόλαος')).toBe('αγιοσ νικολαοσ');
    expect(normaliseText('Øresund — Ærø')).toBe('oresund aero');
  });
  it('reads a Greek word alike in capitals and in small letters, final sigma included', () => {
    expect(normaliseText('ΟΔΟΣ')).toBe(normaliseText('Οδός'));
    expect(normaliseText('ΟΔΟΣ')).toBe('οδοσ');
    expect(queryTerms('οδος')).toEqual(['οδοσ']);
  });

  it('makes query terms from words', () => {
    expect(queryTerms('  "Kraków"  OR  NEAR(x) ')).toEqual(['krakow', 'or', 'near', 'x']);
  });
});
