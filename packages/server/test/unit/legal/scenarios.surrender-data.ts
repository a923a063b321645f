import {
  AFTER_E_EVIDENCE,
  BEFORE_BREXIT_END,
  EAW_DEADLINES,
  EIO_BASE,
  input,
  type Scenario,
  UN,
} from './advisor-scenario-harness.ts';

// Surrender (EAW between member states, 1957 Convention otherwise) and electronic data (e-Evidence from
// 18.8.2026, Budapest preservation and its 24/7 network).

export const SURRENDER_AND_DATA_SCENARIOS: readonly Scenario[] = [
  {
    name: 'IE→FR urgent subscriber data before e-evidence applies',
    input: input('IE', 'FR', ['subscriber-data'], { urgent: true }),
    applicable: ['eu-mla-2000', 'coe-mla-1959', ...UN],
    notApplicable: { eio: 'state-not-bound', 'e-evidence': 'not-in-force', budapest: 'state-not-bound' },
    advisories: [],
  },
  {
    name: 'FR→DE subscriber data after 18.8.2026: EPOC to the provider within 10 days',
    input: input('FR', 'DE', ['subscriber-data'], { at: AFTER_E_EVIDENCE }),
    applicable: ['eio', 'e-evidence', 'budapest', ...UN],
    deadlines: { eio: EIO_BASE, 'e-evidence': [['epoc-produce', 'P10D', 'Reg. (EU) 2023/1543 Art. 10(3)']] },
    channel: { 'e-evidence': 'service-provider' },
    dualCriminality: { eio: { required: false }, 'e-evidence': { required: false } },
    advisories: ['e-evidence-to-provider'],
  },
  {
    name: 'FR→DE urgent content data: emergency EPOC in 8 hours',
    input: input('FR', 'DE', ['content-data'], { urgent: true, at: AFTER_E_EVIDENCE }),
    applicable: ['eio', 'e-evidence', 'budapest', ...UN],
    deadlines: {
      'e-evidence': [
        ['epoc-produce-emergency', 'PT8H', 'Reg. (EU) 2023/1543 Art. 10(4)'],
        ['epoc-emergency-objection', 'PT96H', 'Reg. (EU) 2023/1543 Art. 10(4)'],
        ['epoc-emergency-validation', 'PT48H', 'Reg. (EU) 2023/1543 Art. 4(5)'],
      ],
    },
    dualCriminality: { 'e-evidence': { required: true } },
    advisories: ['e-evidence-to-provider'],
  },
  {
    name: 'FR→DE non-urgent traffic data: notification case also listed',
    input: input('FR', 'DE', ['traffic-data'], { at: AFTER_E_EVIDENCE }),
    applicable: ['eio', 'e-evidence', 'budapest', ...UN],
    deadlines: {
      'e-evidence': [
        ['epoc-produce', 'P10D', 'Reg. (EU) 2023/1543 Art. 10(3)'],
        ['epoc-produce-after-notification', 'P10D', 'Reg. (EU) 2023/1543 Art. 10(2)'],
      ],
    },
  },
  {
    name: 'FR→DE urgent preservation: EIO provisional measure, EPOC-PR 60 days, Budapest 24/7',
    input: input('FR', 'DE', ['preservation'], { urgent: true, at: AFTER_E_EVIDENCE }),
    applicable: ['eio', 'e-evidence', 'budapest', ...UN],
    deadlines: {
      eio: [...EIO_BASE, ['eio-provisional-measure-decision', 'PT24H', 'Dir. 2014/41/EU Art. 32(2)']],
      'e-evidence': [
        ['epoc-pr-preservation', 'P60D', 'Reg. (EU) 2023/1543 Art. 11(1)'],
        ['epoc-emergency-validation', 'PT48H', 'Reg. (EU) 2023/1543 Art. 4(5)'],
      ],
      budapest: [['budapest-preservation-minimum', 'P60D', 'ETS 185 Art. 29(7) [S13b]']],
    },
    channel: { budapest: 'network-24-7' },
    reasonIncludes: { budapest: 'Art. 35' },
    advisories: ['network-24-7', 'e-evidence-to-provider'],
  },
  {
    name: 'DK→DE urgent preservation: Denmark bound by neither EIO nor e-evidence; Budapest',
    input: input('DK', 'DE', ['preservation'], { urgent: true, at: AFTER_E_EVIDENCE }),
    applicable: ['budapest', ...UN],
    notApplicable: {
      eio: 'state-not-bound',
      'e-evidence': 'state-not-bound',
      'eu-mla-2000': 'measure-not-covered',
      'coe-mla-1959': 'measure-not-covered',
    },
    reasonIncludes: { 'e-evidence': '[S9]' },
    advisories: ['network-24-7'],
  },
  {
    name: 'FR→DE surrender for fraud: EAW, which replaces the 1957 Convention',
    input: input('FR', 'DE', ['surrender'], { offenceCategory: 'fraud' }),
    applicable: ['eaw'],
    notApplicable: {
      'coe-extradition-1957': 'replaced',
      eio: 'surrender-under-evidence-instrument',
      untoc: 'surrender-under-evidence-instrument',
    },
    deadlines: { eaw: EAW_DEADLINES },
    dualCriminality: { eaw: { required: true, waivedByCategory: true } },
    reasonIncludes: { eio: 'surrender under an evidence-only instrument' },
  },
  {
    name: 'DE→NO surrender: 1957 Extradition Convention',
    input: input('DE', 'NO', ['surrender']),
    applicable: ['coe-extradition-1957'],
    notApplicable: { eaw: 'state-not-party' },
    deadlines: { 'coe-extradition-1957': [] },
    dualCriminality: { 'coe-extradition-1957': { required: true } },
    channel: { 'coe-extradition-1957': 'diplomatic' },
  },
  {
    name: 'FR→CH urgent surrender: provisional arrest periods',
    input: input('FR', 'CH', ['surrender'], { urgent: true }),
    applicable: ['coe-extradition-1957'],
    deadlines: {
      'coe-extradition-1957': [
        ['provisional-arrest-request-window', 'P18D', 'ETS 024 Art. 16(4)'],
        ['provisional-arrest-maximum', 'P40D', 'ETS 024 Art. 16(4)'],
      ],
    },
    channel: { 'coe-extradition-1957': 'interpol' },
  },
  {
    name: 'US→DE surrender: no instrument in the registry',
    input: input('US', 'DE', ['surrender']),
    applicable: [],
    notApplicable: { eaw: 'state-not-party', 'coe-extradition-1957': 'state-not-party' },
    advisories: ['no-applicable-instrument'],
  },
  {
    name: 'DK→DE surrender: Denmark is bound by the EAW',
    input: input('DK', 'DE', ['surrender']),
    applicable: ['eaw'],
    deadlines: { eaw: EAW_DEADLINES },
  },
  {
    name: 'GB→FR surrender after Brexit: 1957 Convention',
    input: input('GB', 'FR', ['surrender']),
    applicable: ['coe-extradition-1957'],
    notApplicable: { eaw: 'outside-party-period' },
    reasonIncludes: { eaw: 'GB ceased to be bound by the EAW after 2020-12-31' },
  },
  {
    name: 'GB→FR surrender in 2019: EAW',
    input: input('GB', 'FR', ['surrender'], { at: BEFORE_BREXIT_END }),
    applicable: ['eaw'],
    notApplicable: { 'coe-extradition-1957': 'replaced' },
  },
  {
    name: 'IS→NO urgent preservation: Budapest 24/7 network',
    input: input('IS', 'NO', ['preservation'], { urgent: true }),
    applicable: ['budapest', ...UN],
    notApplicable: { 'coe-mla-1959': 'measure-not-covered' },
    channel: { budapest: 'network-24-7' },
    advisories: ['network-24-7'],
  },
  {
    name: 'US→FR urgent preservation: Budapest before the US–EU Agreement',
    input: input('US', 'FR', ['preservation'], { urgent: true }),
    applicable: ['budapest', ...UN],
    notApplicable: { 'us-eu-mla': 'measure-not-covered' },
    advisories: ['network-24-7'],
  },
  {
    name: 'FR→DE surrender together with a search: no single instrument',
    input: input('FR', 'DE', ['surrender', 'search-seizure']),
    applicable: [],
    notApplicable: { eaw: 'evidence-under-surrender-instrument', eio: 'surrender-under-evidence-instrument' },
    advisories: ['no-applicable-instrument'],
  },
  {
    name: 'GB→US urgent traffic data: US–UK MLAT, then Budapest via 24/7',
    input: input('GB', 'US', ['traffic-data'], { urgent: true }),
    applicable: ['us-uk-mlat', 'budapest', ...UN],
    channel: { budapest: 'network-24-7' },
    advisories: ['network-24-7'],
  },
  {
    name: 'FR→DE subscriber data on 17.8.2026: e-evidence not yet applicable',
    input: input('FR', 'DE', ['subscriber-data'], { at: '2026-08-17' }),
    applicable: ['eio', 'budapest', ...UN],
    notApplicable: { 'e-evidence': 'not-in-force' },
  },
  {
    name: 'FR→DE subscriber data on 18.8.2026: e-evidence applies',
    input: input('FR', 'DE', ['subscriber-data'], { at: '2026-08-18' }),
    applicable: ['eio', 'e-evidence', 'budapest', ...UN],
  },
];
