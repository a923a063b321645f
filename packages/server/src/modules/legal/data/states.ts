import type { StateCode, StateInfo } from '../legal.types.ts';

// States known to the registry: the EU-27, Iceland, Norway, Switzerland, the United Kingdom and the
// United States. Names are English short names; languages are official languages (ISO 639-1).
// EU accession dates and official languages are general knowledge, not taken from the reference file:
// they only bound party periods and default language declarations, which are themselves unverified.

/** The UK left on 31.1.2020; EU criminal-justice instruments applied until the end of the transition. */
export const BREXIT_TRANSITION_END = '2020-12-31';

export const STATES: readonly StateInfo[] = [
  { code: 'AT', name: 'Austria', officialLanguages: ['de'], eu: { since: '1995-01-01' } },
  { code: 'BE', name: 'Belgium', officialLanguages: ['nl', 'fr', 'de'], eu: {} },
  { code: 'BG', name: 'Bulgaria', officialLanguages: ['bg'], eu: { since: '2007-01-01' } },
  { code: 'HR', name: 'Croatia', officialLanguages: ['hr'], eu: { since: '2013-07-01' } },
  { code: 'CY', name: 'Cyprus', officialLanguages: ['el', 'tr'], eu: { since: '2004-05-01' } },
  { code: 'CZ', name: 'Czechia', officialLanguages: ['cs'], eu: { since: '2004-05-01' } },
  { code: 'DK', name: 'Denmark', officialLanguages: ['da'], eu: { since: '1973-01-01' } },
  { code: 'EE', name: 'Estonia', officialLanguages: ['et'], eu: { since: '2004-05-01' } },
  { code: 'FI', name: 'Finland', officialLanguages: ['fi', 'sv'], eu: { since: '1995-01-01' } },
  { code: 'FR', name: 'France', officialLanguages: ['fr'], eu: {} },
  { code: 'DE', name: 'Germany', officialLanguages: ['de'], eu: {} },
  { code: 'GR', name: 'Greece', officialLanguages: ['el'], eu: { since: '1981-01-01' } },
  { code: 'HU', name: 'Hungary', officialLanguages: ['hu'], eu: { since: '2004-05-01' } },
  { code: 'IE', name: 'Ireland', officialLanguages: ['en', 'ga'], eu: { since: '1973-01-01' } },
  { code: 'IT', name: 'Italy', officialLanguages: ['it'], eu: {} },
  { code: 'LV', name: 'Latvia', officialLanguages: ['lv'], eu: { since: '2004-05-01' } },
  { code: 'LT', name: 'Lithuania', officialLanguages: ['lt'], eu: { since: '2004-05-01' } },
  { code: 'LU', name: 'Luxembourg', officialLanguages: ['fr', 'de', 'lb'], eu: {} },
  { code: 'MT', name: 'Malta', officialLanguages: ['mt', 'en'], eu: { since: '2004-05-01' } },
  { code: 'NL', name: 'Netherlands', officialLanguages: ['nl'], eu: {} },
  { code: 'PL', name: 'Poland', officialLanguages: ['pl'], eu: { since: '2004-05-01' } },
  { code: 'PT', name: 'Portugal', officialLanguages: ['pt'], eu: { since: '1986-01-01' } },
  { code: 'RO', name: 'Romania', officialLanguages: ['ro'], eu: { since: '2007-01-01' } },
  { code: 'SK', name: 'Slovakia', officialLanguages: ['sk'], eu: { since: '2004-05-01' } },
  { code: 'SI', name: 'Slovenia', officialLanguages: ['sl'], eu: { since: '2004-05-01' } },
  { code: 'ES', name: 'Spain', officialLanguages: ['es'], eu: { since: '1986-01-01' } },
  { code: 'SE', name: 'Sweden', officialLanguages: ['sv'], eu: { since: '1995-01-01' } },
  { code: 'IS', name: 'Iceland', officialLanguages: ['is'] },
  { code: 'NO', name: 'Norway', officialLanguages: ['no'] },
  { code: 'CH', name: 'Switzerland', officialLanguages: ['de', 'fr', 'it'] },
  {
    code: 'GB',
    name: 'United Kingdom',
    officialLanguages: ['en'],
    eu: { since: '1973-01-01', until: BREXIT_TRANSITION_END },
  },
  { code: 'US', name: 'United States', officialLanguages: ['en'] },
];

/** Member states (current and former) for EU instruments; periods come from `eu`. */
export const EU_STATES: readonly StateInfo[] = STATES.filter((s) => s.eu !== undefined);

/** Council of Europe member states among the registry's states. */
export const COE_STATES: readonly StateCode[] = STATES.filter((s) => s.code !== 'US').map((s) => s.code);

export const ALL_STATE_CODES: readonly StateCode[] = STATES.map((s) => s.code);

export function stateInfo(code: StateCode): StateInfo {
  const found = STATES.find((s) => s.code === code);
  if (found === undefined) throw new Error(`legal registry: unknown state ${code}`);
  return found;
}
