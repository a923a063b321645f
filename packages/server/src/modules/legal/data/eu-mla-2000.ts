import type { Instrument, MeasureCoverage } from '../legal.types.ts';
import { COE_1959_REQUIRED_CONTENTS } from './coe-mla-1959.ts';
import { euMemberParties } from './party-builders.ts';

// EU Convention on Mutual Assistance in Criminal Matters, Council Act of 29.5.2000 (reference §4).
// Supplements the CoE 1959 Convention and its 1978 Protocol [S12]. Between member states bound by the
// EIO its corresponding provisions are replaced (EIO Art. 34); it matters for Denmark and Ireland and
// for measures the EIO does not cover (service of documents, Art. 5).

const CONV = 'EU MLA Convention 2000';
const NUMBER_NOTE = 'Measure confirmed [S12]; article number unverified.';

const viaCoe1959 = (measure: MeasureCoverage['measure']): MeasureCoverage => ({
  measure,
  citation: `${CONV} (supplements ETS 030) [S12]; ETS 030 Art. 3(1)`,
  verified: false,
  note: 'Covered through the CoE 1959 Convention it supplements; mapping not checked.',
});

export const EU_MLA_2000: Instrument = {
  id: 'eu-mla-2000',
  title:
    'Convention on Mutual Assistance in Criminal Matters between the Member States of the European Union',
  shortTitle: 'EU MLA Convention 2000',
  // Established by Council Act under ex-Art. 34 TEU between member states.
  kind: 'eu-agreement',
  scope: 'evidence',
  citation: `Council Act of 29.5.2000 (Art. 34 TEU), OJ C 197, 12.7.2000`,
  verified: false,
  note: 'OJ reference unverified; explanatory report OJ C 379, 29.12.2000, p. 7 [S12]; 2001 Protocol (banking) unverified.',
  version: '2000 Convention with the 2001 Protocol',
  parties: euMemberParties([], {
    citation: `${CONV} (ratifications)`,
    verified: false,
    note: 'Ratification status of each member state (incl. DK, IE and late ratifiers) not yet checked.',
    declarationCitation: `${CONV} Art. 6`,
    channel: 'direct-judicial',
  }),
  exceptions: [],
  requestKinds: ['mla', 'spontaneous'],
  measures: [
    viaCoe1959('hearing-witness'),
    viaCoe1959('hearing-suspect'),
    viaCoe1959('search-seizure'),
    viaCoe1959('subscriber-data'),
    viaCoe1959('traffic-data'),
    viaCoe1959('content-data'),
    // Art. 5: service by post, directly (verified [S12]).
    { measure: 'service-of-documents', citation: `${CONV} Art. 5 [S12]`, verified: true },
    { measure: 'transfer-detained-person', citation: `${CONV} Art. 9`, verified: false, note: NUMBER_NOTE },
    { measure: 'videoconference', citation: `${CONV} Art. 10`, verified: false, note: NUMBER_NOTE },
    { measure: 'controlled-delivery', citation: `${CONV} Art. 12`, verified: false, note: NUMBER_NOTE },
    { measure: 'covert-investigation', citation: `${CONV} Art. 14`, verified: false, note: NUMBER_NOTE },
    { measure: 'interception', citation: `${CONV} Arts 17-22`, verified: false, note: NUMBER_NOTE },
    {
      measure: 'banking-information',
      citation: 'Protocol of 16.10.2001 to the EU MLA Convention, Arts 1-2',
      verified: false,
      note: '2001 Protocol unverified.',
    },
    {
      measure: 'banking-monitoring',
      citation: 'Protocol of 16.10.2001 to the EU MLA Convention, Art. 3',
      verified: false,
      note: '2001 Protocol unverified.',
    },
  ],
  // Written request (Art. 6(1)) with the contents of the 1959 Convention it supplements.
  requiredContents: COE_1959_REQUIRED_CONTENTS,
  deadlineRules: [
    // Art. 20: notified state may object to interception within 96 hours [unverified].
    {
      id: 'eu-2000-interception-objection',
      event: 'notification',
      action: 'object',
      duration: 'PT96H',
      dayKind: 'calendar',
      appliesWhen: { measures: ['interception'] },
      citation: `${CONV} Art. 20`,
      verified: false,
    },
  ],
  // Art. 4: execute as soon as possible, taking full account of stated deadlines (number unverified).
  executionPace: {
    description: 'As soon as possible, taking as full account as possible of the deadlines indicated',
    citation: `${CONV} Art. 4(2)`,
    verified: false,
    note: 'Content confirmed [S12]; article number unverified.',
  },
  // No own refusal list: the CoE 1959 Art. 2 grounds apply [unverified].
  refusalGrounds: [
    {
      id: 'political_or_fiscal_offence',
      kind: 'optional',
      description: 'Political or fiscal offence (ETS 030 Art. 2(a))',
      citation: `${CONV}; ETS 030 Art. 2(a)`,
      verified: false,
      note: 'Inherited from ETS 030 [unverified].',
    },
    {
      id: 'essential_interests',
      kind: 'optional',
      description: 'Essential interests (ETS 030 Art. 2(b))',
      citation: `${CONV}; ETS 030 Art. 2(b)`,
      verified: false,
      note: 'Inherited from ETS 030 [unverified].',
    },
  ],
  dualCriminality: {
    required: 'coercive-measures',
    citation: `${CONV}; ETS 030 Art. 5(1)(a)`,
    verified: false,
    note: 'Inherited reservation regime; not encoded per state.',
  },
  channelRules: [
    {
      id: 'eu-2000-direct',
      kind: 'direct-judicial',
      when: 'default',
      description:
        'Directly between territorially competent judicial authorities; central authorities for detainee transfer and judicial-record notices',
      citation: `${CONV} Art. 6 [S12]`,
      verified: true,
    },
    {
      id: 'eu-2000-urgent',
      kind: 'interpol',
      when: 'urgent',
      description: 'Urgent: via Interpol or a competent EU body',
      citation: `${CONV} Art. 6(4) [S12]`,
      verified: true,
    },
  ],
  languageRule: {
    description:
      'Per the CoE 1959 Convention it supplements; documents served in a language the addressee understands',
    citation: `${CONV} Art. 5(3); ETS 030 Art. 16`,
    verified: false,
  },
  urgencyRule: {
    description: 'State the deadline and the reasons for it',
    citation: `${CONV} Art. 4(2)`,
    verified: false,
    note: 'Article number unverified.',
  },
  remarks: [
    {
      text: 'Follow the formalities indicated by the requesting member state',
      citation: `${CONV} Art. 4(1)`,
      verified: false,
      note: 'Content confirmed [S12]; number unverified.',
    },
  ],
};
