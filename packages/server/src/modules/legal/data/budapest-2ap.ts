import type { Instrument } from '../legal.types.ts';

// Second Additional Protocol to the Budapest Convention, CETS 224 (reference §5), on enhanced
// co-operation and disclosure of electronic evidence. Content unverified unless marked.
// [S14] citation; [S14b] Art. 4 heading; [S14c] Art. 7 direct subscriber-information orders.
//
// Parties: none encoded. Ratification status (and entry into force) is not in the reference file and
// has not been checked; until it is, the advisor lists the protocol as not applicable.

const CETS = 'CETS 224';
const SPLIT_NOTE =
  'Some summaries reverse the 20/45-day split of Art. 8(7); confirm against the CETS 224 text before relying on it.';

export const BUDAPEST_2AP: Instrument = {
  id: 'budapest-2ap',
  title:
    'Second Additional Protocol to the Convention on Cybercrime on enhanced co-operation and disclosure of electronic evidence',
  shortTitle: 'Budapest Second Additional Protocol',
  kind: 'protocol',
  scope: 'e-evidence',
  citation: `${CETS}, Strasbourg 12.5.2022 [S14]`,
  verified: true,
  version: '2022 text',
  parties: [],
  exceptions: [],
  requestKinds: ['production-order', 'mla'],
  measures: [
    // Art. 7: direct orders to providers for subscriber information (confirmed [S14c]).
    { measure: 'subscriber-data', citation: `${CETS} Art. 7 [S14c]`, verified: true },
    { measure: 'traffic-data', citation: `${CETS} Art. 8`, verified: false },
    { measure: 'videoconference', citation: `${CETS} Art. 11`, verified: false },
  ],
  requiredContents: [],
  deadlineRules: [
    // Art. 7(7): enforcement via Art. 8 / MLA only if no disclosure within 30 days [unverified].
    {
      id: 'p2-direct-order-window',
      event: 'order-served',
      action: 'disclose',
      duration: 'P30D',
      dayKind: 'calendar',
      appliesWhen: { measures: ['subscriber-data'] },
      citation: `${CETS} Art. 7(7)`,
      verified: false,
    },
    // Art. 8(7): serve the provider within 45 days; return subscriber info ≤ 20 d, traffic data ≤ 45 d [unverified].
    {
      id: 'p2-serve-provider',
      event: 'receipt',
      action: 'serve-provider',
      duration: 'P45D',
      dayKind: 'calendar',
      appliesWhen: { measures: ['subscriber-data', 'traffic-data'] },
      citation: `${CETS} Art. 8(7)`,
      verified: false,
      note: SPLIT_NOTE,
    },
    {
      id: 'p2-return-subscriber',
      event: 'order-served',
      action: 'produce',
      duration: 'P20D',
      dayKind: 'calendar',
      appliesWhen: { measures: ['subscriber-data'] },
      citation: `${CETS} Art. 8(7)`,
      verified: false,
      note: SPLIT_NOTE,
    },
    {
      id: 'p2-return-traffic',
      event: 'order-served',
      action: 'produce',
      duration: 'P45D',
      dayKind: 'calendar',
      appliesWhen: { measures: ['traffic-data'] },
      citation: `${CETS} Art. 8(7)`,
      verified: false,
      note: SPLIT_NOTE,
    },
  ],
  refusalGrounds: [],
  dualCriminality: { required: 'never', citation: `${CETS} Arts 7-8`, verified: false, note: 'Not checked.' },
  channelRules: [
    {
      id: 'p2-direct-provider',
      kind: 'service-provider',
      when: 'default',
      description: 'Order sent directly to a service provider in another Party (Art. 7)',
      citation: `${CETS} Art. 7 [S14c]`,
      verified: true,
    },
    {
      id: 'p2-emergency',
      kind: 'network-24-7',
      when: 'urgent',
      description: 'Emergency disclosure and emergency MLA via the 24/7 network',
      citation: `${CETS} Arts 9-10`,
      verified: false,
    },
  ],
  languageRule: {
    description: 'Language of orders and notifications',
    citation: `${CETS} Art. 4 [S14b]`,
    verified: false,
    note: 'Only the heading is confirmed.',
  },
  urgencyRule: {
    description: 'Emergency: state the emergency',
    citation: `${CETS} Arts 9-10`,
    verified: false,
  },
  remarks: [
    {
      text: 'Data-protection safeguards of Art. 14 apply to transfers under the protocol',
      citation: `${CETS} Art. 14`,
      verified: false,
    },
  ],
};
