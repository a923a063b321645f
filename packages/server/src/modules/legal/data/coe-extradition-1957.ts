import type { Instrument, RefusalGround } from '../legal.types.ts';
import { stateParties } from './party-builders.ts';
import { COE_STATES } from './states.ts';

// CoE European Convention on Extradition, ETS 024 (reference §8). [S18] Art. 2; [S18b] refusal
// headings (content unverified); [S18c] citation; [S18d] Protocols ETS 086, 098; [S18e] 3rd Protocol.

const ETS = 'ETS 024';
const HEADING_NOTE = 'Heading confirmed [S18b]; content marked [unverified] in the reference file.';

const ground = (id: string, article: string, description: string): RefusalGround => ({
  id,
  kind: 'optional',
  description,
  citation: `${ETS} Art. ${article}`,
  verified: false,
  note: HEADING_NOTE,
});

export const COE_EXTRADITION_1957: Instrument = {
  id: 'coe-extradition-1957',
  title: 'European Convention on Extradition',
  shortTitle: 'CoE 1957 Extradition Convention',
  kind: 'coe-convention',
  scope: 'surrender',
  citation: `${ETS}, Paris 13.12.1957, in force 18.4.1960 [S18c]`,
  verified: true,
  version: '1957 text with Protocols ETS 086, ETS 098 and the Third Additional Protocol',
  inForce: { from: '1960-04-18', citation: `${ETS} [S18c]`, verified: true },
  protocols: [
    { id: 'ets-086', title: 'Additional Protocol', citation: 'ETS 086 [S18d]', verified: true },
    { id: 'ets-098', title: 'Second Additional Protocol', citation: 'ETS 098 [S18d]', verified: true },
    {
      id: 'ets-209',
      title: 'Third Additional Protocol (simplified procedure)',
      citation: 'CETS 209 [S18e]',
      verified: false,
      note: 'Treaty number from general knowledge.',
    },
  ],
  parties: stateParties(COE_STATES, {
    citation: `${ETS} (ratifications)`,
    verified: false,
    declarationCitation: `${ETS} Art. 23`,
    channel: 'diplomatic',
  }),
  exceptions: [],
  requestKinds: ['extradition'],
  // Art. 2(1): offences punishable in both Parties by at least one year; sentences of 4 months.
  measures: [{ measure: 'surrender', citation: `${ETS} Art. 2(1) [S18]`, verified: true }],
  // Art. 12 request contents, all [unverified].
  requiredContents: [
    {
      id: 'conviction-or-warrant',
      label: 'Conviction and sentence, or arrest warrant',
      fields: ['proceedings.reference'],
      severity: 'blocking',
      check: 'auto',
      citation: `${ETS} Art. 12(2)(a)`,
      verified: false,
    },
    {
      id: 'offence-statement',
      label: 'Statement of the offences: time, place, legal description',
      fields: ['summaryOfFacts', 'offences', 'offences.*.legalClassification'],
      severity: 'blocking',
      check: 'auto',
      citation: `${ETS} Art. 12(2)(b)`,
      verified: false,
    },
    {
      id: 'applicable-law',
      label: 'Copy of the relevant enactments',
      fields: ['offences.*.legalClassification'],
      severity: 'blocking',
      check: 'auto',
      citation: `${ETS} Art. 12(2)(c)`,
      verified: false,
    },
    {
      id: 'person-description',
      label: 'Description of the person, identity and nationality',
      fields: ['persons', 'persons.*.name', 'persons.*.nationality'],
      severity: 'blocking',
      check: 'auto',
      citation: `${ETS} Art. 12(2)(c)`,
      verified: false,
    },
  ],
  deadlineRules: [
    // Art. 16(4): provisional arrest may end after 18 days without a request; at most 40 days [unverified].
    {
      id: 'provisional-arrest-request-window',
      event: 'provisional-arrest',
      action: 'receive-extradition-request',
      duration: 'P18D',
      dayKind: 'calendar',
      appliesWhen: { urgent: true, description: 'provisional arrest in case of urgency (Art. 16)' },
      citation: `${ETS} Art. 16(4)`,
      verified: false,
      note: 'The person may be released after this period.',
    },
    {
      id: 'provisional-arrest-maximum',
      event: 'provisional-arrest',
      action: 'release-unless-request-received',
      duration: 'P40D',
      dayKind: 'calendar',
      appliesWhen: { urgent: true, description: 'provisional arrest in case of urgency (Art. 16)' },
      citation: `${ETS} Art. 16(4)`,
      verified: false,
    },
  ],
  refusalGrounds: [
    {
      id: 'below_threshold_1y_or_4m',
      kind: 'mandatory',
      description: 'Not punishable by at least one year in both Parties (or sentence under 4 months)',
      citation: `${ETS} Art. 2(1) [S18]`,
      verified: true,
      dualCriminality: true,
    },
    ground('political_offence', '3', 'Political offence'),
    ground('military_offence', '4', 'Military offence'),
    ground('fiscal_offence', '5', 'Fiscal offence'),
    ground('own_national', '6', 'Extradition of own nationals'),
    ground('place_of_commission', '7', 'Place of commission'),
    ground('pending_proceedings', '8', 'Proceedings pending for the same offence'),
    ground('non_bis_in_idem', '9', 'Non bis in idem'),
    ground('lapse_of_time', '10', 'Lapse of time'),
    ground('capital_punishment', '11', 'Capital punishment'),
  ],
  // Art. 2(1): the offence must be punishable under the laws of both Parties (verified [S18]).
  dualCriminality: { required: 'always', citation: `${ETS} Art. 2(1) [S18]`, verified: true },
  penaltyThreshold: {
    minMaxPenaltyMonths: 12,
    description: 'Punishable by at least one year (or a sentence of at least 4 months)',
    citation: `${ETS} Art. 2(1) [S18]`,
    verified: true,
  },
  channelRules: [
    {
      id: 'extradition-diplomatic',
      kind: 'diplomatic',
      when: 'default',
      description: 'Written request through the diplomatic channel',
      citation: `${ETS} Art. 12(1)`,
      verified: false,
    },
    {
      id: 'extradition-provisional-arrest',
      kind: 'interpol',
      when: 'urgent',
      description: 'Urgent: request for provisional arrest, incl. through Interpol',
      citation: `${ETS} Art. 16`,
      verified: false,
    },
  ],
  languageRule: {
    description: 'Language of the requesting or requested Party, or as declared',
    citation: `${ETS} Art. 23`,
    verified: false,
  },
  urgencyRule: {
    description: 'State the urgency that justifies provisional arrest',
    citation: `${ETS} Art. 16(1)`,
    verified: false,
  },
  remarks: [
    {
      text: 'Speciality: the person may be proceeded against only for the offences for which extradition was granted',
      citation: `${ETS} Art. 14`,
      verified: false,
    },
  ],
};
