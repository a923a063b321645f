import { COUNTRY_CODES } from '@comity/contracts';
import { describe, expect, it } from 'vitest';

describe('the countries offered for a nationality', () => {
  it('are distinct ISO 3166-1 alpha-2 codes, each with a name in every UI language', () => {
    expect(new Set(COUNTRY_CODES).size).toBe(COUNTRY_CODES.length);
    for (const language of ['en', 'fr', 'de', 'es']) {
      const names = new Intl.DisplayNames([language], { type: 'region', fallback: 'none' });
      const unnamed = COUNTRY_CODES.filter((code) => !/^[A-Z]{2}$/.test(code) || !names.of(code));
      expect(unnamed, language).toEqual([]);
    }
  });

  it('hold Germany as DE and Georgia as GE, which the first letters of "Germany" would give', () => {
    const names = new Intl.DisplayNames(['en'], { type: 'region' });
    expect(names.of('DE')).toBe('Germany');
    expect(COUNTRY_CODES).toContain('DE');
    expect(COUNTRY_CODES).toContain('GE');
    expect(COUNTRY_CODES).toHaveLength(250);
  });
});
