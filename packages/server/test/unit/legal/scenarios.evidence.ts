import { BEFORE_BREXIT_END, EIO_BASE, input, type Scenario, UN } from './advisor-scenario-harness.ts';

// Evidence requests: EIO between bound member states, Denmark and Ireland outside it, the UK before and
// after Brexit, non-EU pairs (US–UK, US–EU, NO–DE, CH–FR) and the UN conventions.

export const EVIDENCE_SCENARIOS: readonly Scenario[] = [
  {
    name: 'FR→DE witness hearing: EIO, which replaces the 1959 and 2000 conventions',
    input: input('FR', 'DE', ['hearing-witness']),
    applicable: ['eio', ...UN],
    notApplicable: {
      'eu-mla-2000': 'replaced',
      'coe-mla-1959': 'replaced',
      'e-evidence': 'not-in-force',
      eaw: 'evidence-under-surrender-instrument',
      budapest: 'measure-not-covered',
    },
    deadlines: { eio: EIO_BASE },
    dualCriminality: { eio: { required: false } },
    channel: { eio: 'direct-judicial' },
    languages: { eio: ['de'] },
    reasonIncludes: { 'coe-mla-1959': 'replaced by the EIO between FR and DE' },
  },
  {
    name: 'FR→DE urgent search: EIO deadlines unchanged, dual criminality in play without a category',
    input: input('FR', 'DE', ['search-seizure'], { urgent: true }),
    applicable: ['eio', 'budapest', ...UN],
    deadlines: { eio: EIO_BASE },
    dualCriminality: { eio: { required: true } },
  },
  {
    name: 'FR→DE search for fraud: Annex D category waives dual criminality; fraud outside UNCAC',
    input: input('FR', 'DE', ['search-seizure'], { offenceCategory: 'fraud' }),
    applicable: ['eio', 'budapest', 'untoc'],
    notApplicable: { uncac: 'offence-outside-scope' },
    dualCriminality: { eio: { required: true, waivedByCategory: true } },
  },
  {
    name: 'FR→DE search for murder: outside UNCAC',
    input: input('FR', 'DE', ['search-seizure'], { offenceCategory: 'murder-grievous-bodily-injury' }),
    applicable: ['eio', 'budapest', 'untoc'],
    notApplicable: { uncac: 'offence-outside-scope' },
  },
  {
    name: 'FR→DE hearing for corruption: UNCAC applies',
    input: input('FR', 'DE', ['hearing-witness'], { offenceCategory: 'corruption' }),
    applicable: ['eio', ...UN],
  },
  {
    name: 'DK→DE hearing: Denmark not bound by the EIO, EU 2000 Convention and CoE 1959 instead',
    input: input('DK', 'DE', ['hearing-witness']),
    applicable: ['eu-mla-2000', 'coe-mla-1959', ...UN],
    notApplicable: { eio: 'state-not-bound' },
    reasonIncludes: { eio: 'DK not bound by the EIO' },
    channel: { 'eu-mla-2000': 'direct-judicial', 'coe-mla-1959': 'ministry-of-justice' },
  },
  {
    name: 'DE→IE search: Ireland not bound by the EIO nor party to Budapest',
    input: input('DE', 'IE', ['search-seizure']),
    applicable: ['eu-mla-2000', 'coe-mla-1959', ...UN],
    notApplicable: { eio: 'state-not-bound', budapest: 'state-not-bound' },
    reasonIncludes: { eio: 'IE not bound by the EIO' },
    languages: { 'coe-mla-1959': ['en', 'ga', 'fr'] },
  },
  {
    name: 'US→GB witness hearing: US–UK MLAT through central authorities',
    input: input('US', 'GB', ['hearing-witness']),
    applicable: ['us-uk-mlat', ...UN],
    notApplicable: {
      'us-eu-mla': 'outside-party-period',
      eio: 'state-not-party',
      'coe-mla-1959': 'state-not-party',
    },
    channel: { 'us-uk-mlat': 'central-authority' },
    languages: { 'us-uk-mlat': ['en'] },
  },
  {
    name: 'US→GB before the end of the Brexit transition: US–EU Agreement also applied',
    input: input('US', 'GB', ['hearing-witness'], { at: BEFORE_BREXIT_END }),
    applicable: ['us-uk-mlat', 'us-eu-mla', ...UN],
  },
  {
    name: 'US→DE search: US–EU MLA Agreement',
    input: input('US', 'DE', ['search-seizure']),
    applicable: ['us-eu-mla', 'budapest', ...UN],
    notApplicable: { 'us-uk-mlat': 'state-not-party', eio: 'state-not-party' },
  },
  {
    name: 'NO→DE hearing: CoE 1959 (Norway not bound by the EIO)',
    input: input('NO', 'DE', ['hearing-witness']),
    applicable: ['coe-mla-1959', ...UN],
    notApplicable: { eio: 'state-not-party', 'eu-mla-2000': 'state-not-party' },
    channel: { 'coe-mla-1959': 'ministry-of-justice' },
  },
  {
    name: 'CH→FR bank information: CoE 1959',
    input: input('CH', 'FR', ['banking-information']),
    applicable: ['coe-mla-1959', ...UN],
    notApplicable: { eio: 'state-not-party' },
  },
  {
    name: 'GB→FR hearing in 2019: EIO',
    input: input('GB', 'FR', ['hearing-witness'], { at: BEFORE_BREXIT_END }),
    applicable: ['eio', ...UN],
    notApplicable: { 'coe-mla-1959': 'replaced', 'eu-mla-2000': 'replaced' },
  },
  {
    name: 'GB→FR hearing after Brexit: CoE 1959',
    input: input('GB', 'FR', ['hearing-witness']),
    applicable: ['coe-mla-1959', ...UN],
    notApplicable: { eio: 'outside-party-period', 'eu-mla-2000': 'outside-party-period' },
  },
  {
    name: 'FR→DE service of documents: not an EIO measure; EU 2000 Art. 5',
    input: input('FR', 'DE', ['service-of-documents']),
    applicable: ['eu-mla-2000', 'coe-mla-1959', ...UN],
    notApplicable: { eio: 'measure-not-covered' },
  },
  {
    name: 'FR→DE interception: EIO with the 96-hour objection period',
    input: input('FR', 'DE', ['interception']),
    applicable: ['eio', 'budapest', ...UN],
    deadlines: {
      eio: [...EIO_BASE, ['eio-interception-objection', 'PT96H', 'Dir. 2014/41/EU Art. 31(3), Annex C']],
    },
  },
  {
    name: 'FR→DE covert investigation for drug trafficking: waived by category',
    input: input('FR', 'DE', ['covert-investigation'], { offenceCategory: 'illicit-trafficking-in-drugs' }),
    applicable: ['eio', 'untoc'],
    notApplicable: { budapest: 'measure-not-covered', uncac: 'offence-outside-scope' },
    dualCriminality: { eio: { required: true, waivedByCategory: true } },
  },
  {
    name: 'PL→LV hearing: Latvia accepts English under UNTOC (declaration verified)',
    input: input('PL', 'LV', ['hearing-witness']),
    applicable: ['eio', ...UN],
    languages: { eio: ['lv'], untoc: ['en', 'lv'] },
  },
  {
    name: 'US→LT hearing: US–EU Agreement; Lithuanian UNTOC declarations',
    input: input('US', 'LT', ['hearing-witness']),
    applicable: ['us-eu-mla', ...UN],
    languages: { untoc: ['en', 'ru', 'lt'] },
  },
  {
    name: 'DE→DK freezing: only the UN conventions cover it',
    input: input('DE', 'DK', ['freezing']),
    applicable: [...UN],
    notApplicable: {
      eio: 'state-not-bound',
      'eu-mla-2000': 'measure-not-covered',
      'coe-mla-1959': 'measure-not-covered',
    },
  },
  {
    name: 'NO→DE videoconference: CoE 1959 through ETS 182',
    input: input('NO', 'DE', ['videoconference']),
    applicable: ['coe-mla-1959', ...UN],
    reasonIncludes: { 'coe-mla-1959': 'ets-182' },
  },
  {
    name: 'FR→DE monitoring of banking operations: EIO',
    input: input('FR', 'DE', ['banking-monitoring']),
    applicable: ['eio', ...UN],
    notApplicable: { 'eu-mla-2000': 'replaced' },
  },
];
