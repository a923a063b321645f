import { describe, expect, it } from 'vitest';
import { formatDay, localeFor } from '../../src/ui/DateTime.tsx';

describe('calendar days', () => {
  it('are shown in the user’s language, never as an ISO string', () => {
    expect(formatDay('2027-01-15', 'en-GB')).toBe('15 Jan 2027');
    expect(formatDay('2027-01-15', 'fr')).toBe('15 janv. 2027');
    expect(formatDay('2027-01-15', 'de')).toBe('15.01.2027');
  });

  it('keep their day whatever the time zone (a day has none)', () => {
    // 1 January read as local midnight would be 31 December west of Greenwich.
    expect(formatDay('2027-01-01', 'en-GB')).toBe('1 Jan 2027');
    expect(formatDay('2027-12-31', 'en-GB')).toBe('31 Dec 2027');
  });

  it('leave what is not a day as it is', () => {
    expect(formatDay('soon', 'en-GB')).toBe('soon');
    expect(formatDay('2027-02-30T10:00', 'en-GB')).toBe('2027-02-30T10:00');
  });
});

describe('the locale dates are written in', () => {
  const languages = (tags: string[]) =>
    Object.defineProperty(globalThis, 'navigator', { value: { languages: tags }, configurable: true });

  it('is the browser’s regional form of the interface language', () => {
    languages(['en-GB', 'fr-FR']);
    expect(localeFor('en')).toBe('en-GB');
    expect(localeFor('fr')).toBe('fr-FR');
  });

  it('is the interface language when the browser names no form of it', () => {
    languages(['de-DE']);
    expect(localeFor('es')).toBe('es');
  });
});
