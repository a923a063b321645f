import type { Instrument, RequiredContent } from '../legal.types.ts';
import { stateParties } from './party-builders.ts';
import { ALL_STATE_CODES } from './states.ts';

// Budapest Convention on Cybercrime, ETS 185 (reference §5). [S13] Art. 29; [S13b] 29(7);
// [S13c] Art. 30; [S13d] Art. 18(3); [S13e] citation; [S13f] Art. 31.

const ETS = 'ETS 185';

// Art. 29(2): contents of a preservation request (verified [S13]).
const PRESERVATION: readonly RequiredContent[] = [
  {
    id: 'requesting-authority',
    label: 'Authority seeking preservation',
    fields: ['issuingAuthority.name'],
    severity: 'blocking',
    check: 'auto',
    requestKinds: ['preservation'],
    citation: `${ETS} Art. 29(2)(a)`,
    verified: true,
  },
  {
    id: 'offence-and-facts',
    label: 'Offence under investigation and a brief summary of the facts',
    fields: ['offences', 'summaryOfFacts'],
    severity: 'blocking',
    check: 'auto',
    requestKinds: ['preservation'],
    citation: `${ETS} Art. 29(2)(b)`,
    verified: true,
  },
  {
    id: 'data-link-custodian-necessity',
    label:
      'Data to be preserved, its link to the offence, custodian or location, and why preservation is necessary',
    fields: ['measures.*.details'],
    severity: 'blocking',
    check: 'auto',
    requestKinds: ['preservation'],
    citation: `${ETS} Art. 29(2)(c)-(e)`,
    verified: true,
  },
  {
    id: 'intent-to-request-mla',
    label: 'That a request for mutual assistance will follow',
    fields: [],
    severity: 'blocking',
    check: 'manual',
    requestKinds: ['preservation'],
    citation: `${ETS} Art. 29(2)(f)`,
    verified: true,
  },
];

// Parties among the registry's states: all but Ireland (signed, not ratified).
const PARTY_CODES = ALL_STATE_CODES.filter((c) => c !== 'IE');

export const BUDAPEST: Instrument = {
  id: 'budapest',
  title: 'Convention on Cybercrime',
  shortTitle: 'Budapest Convention',
  kind: 'coe-convention',
  scope: 'e-evidence',
  citation: `${ETS}, Budapest 23.11.2001 [S13e]`,
  verified: true,
  version: '2001 text (Second Additional Protocol: see budapest-2ap)',
  parties: stateParties(PARTY_CODES, {
    citation: `${ETS} (ratifications)`,
    verified: false,
    declarationCitation: `${ETS} Art. 27`,
  }),
  exceptions: [
    {
      state: 'IE',
      kind: 'not-ratified',
      description: 'Ireland signed but has not ratified the Budapest Convention',
      citation: `${ETS} (ratifications)`,
      verified: false,
      note: 'General knowledge; not yet checked against the treaty office.',
    },
  ],
  requestKinds: ['preservation', 'mla'],
  measures: [
    { measure: 'preservation', citation: `${ETS} Art. 29`, verified: true },
    // Art. 31: access to stored computer data (verified [S13f]); subscriber information Art. 18(3) [S13d].
    { measure: 'subscriber-data', citation: `${ETS} Art. 31; Art. 18(3)`, verified: true },
    { measure: 'traffic-data', citation: `${ETS} Arts 30-31`, verified: true },
    { measure: 'content-data', citation: `${ETS} Art. 31`, verified: true },
    {
      measure: 'search-seizure',
      citation: `${ETS} Art. 31`,
      verified: false,
      note: 'Search and seizure of stored computer data only; not checked.',
    },
    { measure: 'interception', citation: `${ETS} Art. 34`, verified: false },
  ],
  requiredContents: PRESERVATION,
  deadlineRules: [
    // Art. 29(7): preserved for at least 60 days (secondary source [S13b]).
    {
      id: 'budapest-preservation-minimum',
      event: 'receipt',
      action: 'preserve',
      duration: 'P60D',
      dayKind: 'calendar',
      appliesWhen: { measures: ['preservation'] },
      citation: `${ETS} Art. 29(7) [S13b]`,
      verified: true,
      note: 'Minimum period; the MLA request should follow within it.',
    },
  ],
  executionPace: {
    description: 'Expedited reply where data are vulnerable to loss or instruments provide for it',
    citation: `${ETS} Art. 31(3)`,
    verified: true,
  },
  refusalGrounds: [
    {
      id: 'political_offence',
      kind: 'optional',
      description: 'Political offence (preservation)',
      citation: `${ETS} Art. 29(5)`,
      verified: false,
      measures: ['preservation'],
    },
    {
      id: 'essential_interests',
      kind: 'optional',
      description: 'Sovereignty, security, ordre public or other essential interests (preservation)',
      citation: `${ETS} Art. 29(5)`,
      verified: false,
      measures: ['preservation'],
    },
    {
      id: 'political_offence_disclosure',
      kind: 'optional',
      description: 'Political offence (disclosure of preserved traffic data)',
      citation: `${ETS} Art. 30(2)`,
      verified: true,
      measures: ['traffic-data'],
    },
    {
      id: 'essential_interests_disclosure',
      kind: 'optional',
      description: 'Essential interests (disclosure of preserved traffic data)',
      citation: `${ETS} Art. 30(2)`,
      verified: true,
      measures: ['traffic-data'],
    },
    {
      id: 'dual_criminality_reservation',
      kind: 'optional',
      description: 'Reservation: dual criminality for preservation',
      citation: `${ETS} Art. 29(4)`,
      verified: true,
      measures: ['preservation'],
      dualCriminality: true,
    },
    {
      id: 'general_refusal',
      kind: 'optional',
      description: 'General MLA refusal grounds',
      citation: `${ETS} Art. 27(4)`,
      verified: false,
      measures: ['subscriber-data', 'traffic-data', 'content-data', 'search-seizure', 'interception'],
    },
  ],
  // Art. 29(3): no dual criminality for preservation (reservation possible, 29(4)); other measures
  // follow the general MLA regime (Art. 25(5)) [unverified].
  dualCriminality: {
    required: 'coercive-measures',
    exemptMeasures: ['preservation', 'subscriber-data'],
    exemptCitation: `${ETS} Art. 29(3)`,
    citation: `${ETS} Art. 25(5), Art. 29(3)-(4)`,
    verified: false,
    note: 'Art. 29(3)-(4) verified [S13]; Art. 25(5) and the subscriber-data exemption unverified.',
  },
  channelRules: [
    {
      id: 'budapest-central-authority',
      kind: 'central-authority',
      when: 'default',
      description: 'Central authorities (where no MLA treaty applies)',
      citation: `${ETS} Art. 27(2)`,
      verified: false,
    },
    // Art. 35: 24/7 network for urgent preservation, data and locating suspects [unverified].
    {
      id: 'budapest-24-7',
      kind: 'network-24-7',
      when: 'urgent',
      measures: ['preservation', 'subscriber-data', 'traffic-data'],
      description: '24/7 network: round-the-clock contact point for preservation, data and advice',
      citation: `${ETS} Art. 35`,
      verified: false,
    },
    {
      id: 'budapest-urgent-direct',
      kind: 'direct-judicial',
      when: 'urgent',
      description: 'Urgent: directly between judicial authorities; by fax or e-mail',
      citation: `${ETS} Art. 25(3), Art. 27(9)`,
      verified: false,
    },
  ],
  languageRule: {
    description: 'A language acceptable to the requested Party',
    citation: `${ETS} Art. 27`,
    verified: false,
  },
  urgencyRule: {
    description: 'State why the matter is urgent (expedited means, 24/7 network)',
    citation: `${ETS} Art. 25(3)`,
    verified: false,
  },
  remarks: [
    {
      text: 'For offences related to computer systems and data, and evidence in electronic form of any offence',
      citation: `${ETS} Art. 25(1)`,
      verified: false,
    },
  ],
};
