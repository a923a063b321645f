import { OFFENCE_CATEGORIES as EU_32, type OffenceCategoryId } from '@comity/contracts';
import type { OffenceCategory } from '../legal.types.ts';

// The 32 offence categories of EAW Art. 2(2) and EIO Annex D. For these, dual criminality is not
// verified when the issuing state's maximum penalty is at least three years (EAW Art. 2(2) [S17b];
// EIO Art. 11(1)(g) [S2]). The reference file confirms the list and its threshold, not the wording of
// each heading: the labels below are the published headings from general knowledge, not yet checked
// against the source text, hence `verified: false` on every entry.

const CITATION = 'FD 2002/584/JHA Art. 2(2); Dir. 2014/41/EU Annex D';
const NOTE = 'Heading wording from general knowledge; not yet checked against the source text.';

/** The published heading of each category (the slugs and their order: @comity/contracts). */
const HEADINGS: Readonly<Record<OffenceCategoryId, string>> = {
  'participation-in-criminal-organisation': 'Participation in a criminal organisation',
  terrorism: 'Terrorism',
  'trafficking-in-human-beings': 'Trafficking in human beings',
  'sexual-exploitation-of-children': 'Sexual exploitation of children and child pornography',
  'illicit-trafficking-in-drugs': 'Illicit trafficking in narcotic drugs and psychotropic substances',
  'illicit-trafficking-in-weapons': 'Illicit trafficking in weapons, munitions and explosives',
  corruption: 'Corruption',
  fraud: "Fraud, including fraud affecting the Union's financial interests",
  'laundering-of-proceeds': 'Laundering of the proceeds of crime',
  'counterfeiting-currency': 'Counterfeiting currency, including the euro',
  'computer-related-crime': 'Computer-related crime',
  'environmental-crime': 'Environmental crime, including illicit trafficking in endangered species',
  'facilitation-of-unauthorised-entry': 'Facilitation of unauthorised entry and residence',
  'murder-grievous-bodily-injury': 'Murder, grievous bodily injury',
  'illicit-trade-in-human-organs': 'Illicit trade in human organs and tissue',
  'kidnapping-hostage-taking': 'Kidnapping, illegal restraint and hostage-taking',
  'racism-and-xenophobia': 'Racism and xenophobia',
  'organised-or-armed-robbery': 'Organised or armed robbery',
  'illicit-trafficking-in-cultural-goods':
    'Illicit trafficking in cultural goods, including antiques and works of art',
  swindling: 'Swindling',
  'racketeering-and-extortion': 'Racketeering and extortion',
  'counterfeiting-and-piracy-of-products': 'Counterfeiting and piracy of products',
  'forgery-of-administrative-documents': 'Forgery of administrative documents and trafficking therein',
  'forgery-of-means-of-payment': 'Forgery of means of payment',
  'illicit-trafficking-in-hormonal-substances':
    'Illicit trafficking in hormonal substances and other growth promoters',
  'illicit-trafficking-in-nuclear-materials': 'Illicit trafficking in nuclear or radioactive materials',
  'trafficking-in-stolen-vehicles': 'Trafficking in stolen vehicles',
  rape: 'Rape',
  arson: 'Arson',
  'crimes-within-icc-jurisdiction': 'Crimes within the jurisdiction of the International Criminal Court',
  'unlawful-seizure-of-aircraft-or-ships': 'Unlawful seizure of aircraft/ships',
  sabotage: 'Sabotage',
};

export const OFFENCE_CATEGORIES: readonly OffenceCategory[] = EU_32.map((id, index) => ({
  id,
  number: index + 1,
  labelKey: `legal.offenceCategories.${id}`,
  label: HEADINGS[id],
  citation: CITATION,
  verified: false,
  note: NOTE,
}));

export const EU_32_CATEGORY_IDS: readonly string[] = EU_32;
