import type { Instrument, MeasureCoverage, RequiredContent } from '../legal.types.ts';
import { officialPlusCoeLanguages, stateParties } from './party-builders.ts';
import { COE_STATES } from './states.ts';

// CoE European Convention on Mutual Assistance in Criminal Matters, ETS 030 (1959), with its
// Additional Protocol ETS 099 (1978) and Second Additional Protocol ETS 182 (2001) (reference §3).
// [S10] convention text; [S10c] Latvian declarations; [S11] ETS 182; [S11b] ETS 182 article numbers.

const ETS = 'ETS 030';
const P2 = 'ETS 182';
const P2_NOTE =
  'ETS 182 article numbers backed by ratification declarations [S11b]; content unverified. ' +
  'Both states must have ratified ETS 182: party list not yet encoded.';

const unverified = (
  measure: MeasureCoverage['measure'],
  citation: string,
  note?: string,
): MeasureCoverage => ({
  measure,
  citation,
  verified: false,
  ...(note ? { note } : {}),
});

// Art. 3(1): letters rogatory to procure evidence, transmit articles, records or documents;
// Art. 3(2): witnesses on oath on request (both verified [S10]).
const MEASURES: readonly MeasureCoverage[] = [
  { measure: 'hearing-witness', citation: `${ETS} Art. 3(1)-(2) [S10]`, verified: true },
  unverified(
    'hearing-suspect',
    `${ETS} Art. 3(1)`,
    'Hearing of suspects read into "procuring evidence"; not checked.',
  ),
  unverified('search-seizure', `${ETS} Art. 5`),
  unverified(
    'banking-information',
    `${ETS} Art. 3(1)`,
    'Bank records as "records or documents"; not checked.',
  ),
  unverified('subscriber-data', `${ETS} Art. 3(1)`, 'Stored data as "records or documents"; not checked.'),
  unverified('traffic-data', `${ETS} Art. 3(1)`, 'Stored data as "records or documents"; not checked.'),
  unverified('content-data', `${ETS} Art. 3(1)`, 'Stored data as "records or documents"; not checked.'),
  unverified('service-of-documents', `${ETS} Art. 7`),
  unverified('transfer-detained-person', `${ETS} Art. 11; ${P2} Art. 13`),
  { ...unverified('videoconference', `${P2} Art. 9`, P2_NOTE), viaProtocol: 'ets-182' },
  { ...unverified('controlled-delivery', `${P2} Art. 18`, P2_NOTE), viaProtocol: 'ets-182' },
  { ...unverified('covert-investigation', `${P2} Art. 19`, P2_NOTE), viaProtocol: 'ets-182' },
];

// Art. 14, all [unverified] in the reference file.
const ART14_NOTE = 'Art. 14 contents marked [unverified] in the reference file.';
export const COE_1959_REQUIRED_CONTENTS: readonly RequiredContent[] = [
  {
    id: 'requesting-authority',
    label: 'Authority making the request',
    fields: ['issuingAuthority.name'],
    severity: 'blocking',
    check: 'auto',
    citation: `${ETS} Art. 14(1)(a)`,
    verified: false,
    note: ART14_NOTE,
  },
  {
    id: 'object-and-reason',
    label: 'Object of and reason for the request',
    fields: ['summaryOfFacts'],
    severity: 'blocking',
    check: 'auto',
    citation: `${ETS} Art. 14(1)(b)`,
    verified: false,
    note: ART14_NOTE,
  },
  {
    id: 'person-identity-nationality',
    label: 'Identity and nationality of the person concerned, where possible',
    fields: ['persons'],
    severity: 'warning',
    check: 'auto',
    citation: `${ETS} Art. 14(1)(c)`,
    verified: false,
    note: ART14_NOTE,
  },
  {
    id: 'addressee-name-address',
    label: 'Name and address of the person to be served',
    fields: ['measures.*.details'],
    severity: 'blocking',
    check: 'auto',
    onlyWithMeasures: ['service-of-documents'],
    citation: `${ETS} Art. 14(1)(d)`,
    verified: false,
    note: ART14_NOTE,
  },
  {
    id: 'offence-and-facts',
    label: 'Offence and summary of the facts (letters rogatory under Arts 3-5)',
    fields: ['offences', 'summaryOfFacts'],
    severity: 'blocking',
    check: 'auto',
    unlessOnlyMeasures: ['service-of-documents'],
    citation: `${ETS} Art. 14(2)`,
    verified: false,
    note: ART14_NOTE,
  },
];

export const COE_MLA_1959: Instrument = {
  id: 'coe-mla-1959',
  title:
    'European Convention on Mutual Assistance in Criminal Matters (with Additional Protocols ETS 099 and ETS 182)',
  shortTitle: 'CoE 1959 MLA Convention',
  kind: 'coe-convention',
  scope: 'evidence',
  citation: `${ETS}, Strasbourg 20.4.1959, in force 12.6.1962 [S10]`,
  verified: true,
  version: '1959 text with ETS 099 (1978) and ETS 182 (2001)',
  inForce: { from: '1962-06-12', citation: `${ETS} [S10]`, verified: true },
  protocols: [
    {
      id: 'ets-099',
      title: 'Additional Protocol, Strasbourg 17.3.1978 (narrows the fiscal-offence ground)',
      citation: 'ETS 099 [S11]',
      verified: true,
      note: 'Fiscal-ground content unverified; party list not encoded.',
    },
    {
      id: 'ets-182',
      title: 'Second Additional Protocol, Strasbourg 8.11.2001, in force 1.2.2004',
      citation: `${P2} [S11]`,
      verified: true,
      note: 'Party list not encoded.',
    },
  ],
  parties: stateParties(COE_STATES, {
    citation: `${ETS} (ratifications)`,
    verified: false,
    declarationCitation: `${ETS} Art. 16(2)`,
    declarationNote:
      'Art. 16(2) allows requiring the own language or EN/FR; per-state reservations not yet checked.',
    languages: officialPlusCoeLanguages,
    channel: 'ministry-of-justice',
    declarations: {
      // Latvia requires English [S10c]; Latvian, its own language, assumed acceptable.
      LV: {
        languages: ['lv', 'en'],
        channel: 'ministry-of-justice',
        citation: `Latvia, declaration under ${ETS} Art. 16(2) [S10c]`,
        verified: true,
      },
    },
  }),
  exceptions: [],
  requestKinds: ['mla', 'spontaneous'],
  measures: MEASURES,
  requiredContents: COE_1959_REQUIRED_CONTENTS,
  deadlineRules: [],
  // No fixed periods; ETS 182 Art. 1: "promptly"; executed per the requested Party's law (Art. 3(1)).
  executionPace: {
    description: 'Promptly; executed as provided by the law of the requested Party',
    citation: `${P2} Art. 1; ${ETS} Art. 3(1)`,
    verified: true,
  },
  refusalGrounds: [
    // Art. 2, verified [S10].
    {
      id: 'political_or_fiscal_offence',
      kind: 'optional',
      description: 'Political offence, offence connected with one, or fiscal offence',
      citation: `${ETS} Art. 2(a) [S10]`,
      verified: true,
      note: 'Fiscal ground narrowed by ETS 099 [unverified].',
    },
    {
      id: 'essential_interests',
      kind: 'optional',
      description: 'Sovereignty, security, ordre public or other essential interests',
      citation: `${ETS} Art. 2(b) [S10]`,
      verified: true,
    },
    {
      id: 'dual_criminality_reservation',
      kind: 'optional',
      description: 'Reservation: search and seizure only for offences punishable in both Parties',
      citation: `${ETS} Art. 5(1)(a)`,
      verified: false,
      measures: ['search-seizure'],
      dualCriminality: true,
    },
  ],
  // Art. 5(1): Parties may reserve dual criminality for search and seizure [unverified].
  dualCriminality: {
    required: 'coercive-measures',
    citation: `${ETS} Art. 5(1)(a)`,
    verified: false,
    note: 'Depends on each Party’s reservation; not encoded.',
  },
  channelRules: [
    {
      id: 'coe-1959-moj',
      kind: 'ministry-of-justice',
      when: 'default',
      description: 'Ministry of Justice to Ministry of Justice',
      citation: `${ETS} Art. 15 [S10]`,
      verified: true,
    },
    {
      id: 'coe-1959-urgent-direct',
      kind: 'direct-judicial',
      when: 'urgent',
      description:
        'Urgent: directly between judicial authorities (copy via the Ministry of Justice) or via Interpol',
      citation: `${ETS} Art. 15 [S10]`,
      verified: true,
    },
    {
      id: 'coe-1959-p2-direct',
      kind: 'direct-judicial',
      when: 'default',
      description:
        'Between ETS 182 Parties: Ministry of Justice or direct judicial channel (replaces Art. 15)',
      citation: `${P2} Art. 4`,
      verified: false,
    },
  ],
  languageRule: {
    description: 'No translation as a rule; a Party may require its own language or English/French',
    citation: `${ETS} Art. 16`,
    verified: false,
    note: 'Wording unverified.',
  },
  urgencyRule: {
    description: 'Say why the request is urgent when using the direct channel',
    citation: `${ETS} Art. 15(2)`,
    verified: false,
  },
  remarks: [
    {
      text: 'Not for arrests, enforcement of verdicts or purely military offences',
      citation: `${ETS} Art. 1 [S10]`,
      verified: true,
    },
  ],
};
