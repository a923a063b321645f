import type { Instrument, MeasureCoverage } from '../legal.types.ts';
import { euMemberParties, stateParties } from './party-builders.ts';

// Agreement on Mutual Legal Assistance between the European Union and the United States of America
// (Washington, 25.6.2003), applied through bilateral instruments with each member state (reference §7).
// Everything except the date is [unverified] in the reference file; the agreement supplements each
// state's bilateral MLA treaty, whose contents are not encoded here.

const A = 'US–EU MLA Agreement';
const BILATERAL_NOTE =
  'Covered by the bilateral MLA treaty the agreement supplements (Art. 3); not encoded or checked.';

const bilateral = (measure: MeasureCoverage['measure']): MeasureCoverage => ({
  measure,
  citation: `${A} Art. 3 (with the bilateral MLA treaty)`,
  verified: false,
  note: BILATERAL_NOTE,
});

const SINCE = '2010-02-01';

export const US_EU_MLA: Instrument = {
  id: 'us-eu-mla',
  title: 'Agreement on mutual legal assistance between the European Union and the United States of America',
  shortTitle: 'US–EU MLA Agreement',
  kind: 'eu-agreement',
  scope: 'evidence',
  citation: `${A}, Washington 25.6.2003 [S16c]`,
  verified: true,
  version: '2003 text',
  inForce: {
    from: SINCE,
    citation: `${A} (entry into force)`,
    verified: false,
    note: 'Reference file gives 1.2.2010 for the US–UK amendment instrument only.',
  },
  counterpart: 'US',
  parties: [
    ...stateParties(['US'], {
      citation: A,
      verified: false,
      since: SINCE,
      declarationCitation: `${A} Art. 3`,
      channel: 'central-authority',
    }),
    ...euMemberParties([], {
      citation: `${A}; bilateral instruments under Art. 3(2)`,
      verified: false,
      since: SINCE,
      declarationCitation: `${A} Art. 3`,
      channel: 'central-authority',
    }),
  ],
  exceptions: [],
  requestKinds: ['mla'],
  measures: [
    bilateral('hearing-witness'),
    bilateral('hearing-suspect'),
    bilateral('search-seizure'),
    bilateral('subscriber-data'),
    bilateral('traffic-data'),
    bilateral('content-data'),
    bilateral('service-of-documents'),
    bilateral('transfer-detained-person'),
    bilateral('freezing'),
    // Art. 4: identification of bank information; Art. 6: videoconference [unverified].
    { measure: 'banking-information', citation: `${A} Art. 4`, verified: false },
    { measure: 'videoconference', citation: `${A} Art. 6`, verified: false },
  ],
  requiredContents: [
    {
      id: 'requesting-authority',
      label: 'Authority making the request',
      fields: ['issuingAuthority.name'],
      severity: 'blocking',
      check: 'auto',
      citation: `${A} Art. 3, with the bilateral treaty`,
      verified: false,
    },
    {
      id: 'facts-and-offences',
      label: 'Summary of facts and offences',
      fields: ['summaryOfFacts', 'offences'],
      severity: 'blocking',
      check: 'auto',
      citation: `${A} Art. 3, with the bilateral treaty`,
      verified: false,
    },
    {
      id: 'assistance-sought',
      label: 'Assistance sought',
      fields: ['measures'],
      severity: 'blocking',
      check: 'auto',
      citation: `${A} Art. 3, with the bilateral treaty`,
      verified: false,
    },
  ],
  deadlineRules: [],
  refusalGrounds: [
    {
      id: 'use_limitation',
      kind: 'optional',
      description: 'Use limited to the stated proceedings unless consent (speciality)',
      citation: `${A} Art. 9`,
      verified: false,
    },
    {
      id: 'bilateral_treaty_grounds',
      kind: 'optional',
      description: 'Grounds of the bilateral MLA treaty',
      citation: `${A} Art. 3`,
      verified: false,
    },
  ],
  dualCriminality: {
    required: 'coercive-measures',
    citation: `${A} Art. 3, with the bilateral treaty`,
    verified: false,
    note: 'Depends on the bilateral treaty; not encoded.',
  },
  channelRules: [
    {
      id: 'us-eu-central',
      kind: 'central-authority',
      when: 'default',
      description: 'Between central authorities under the bilateral treaty',
      citation: `${A} Art. 3`,
      verified: false,
    },
    {
      id: 'us-eu-expedited',
      kind: 'central-authority',
      when: 'urgent',
      description: 'Expedited transmission by fax or e-mail, formal confirmation on request',
      citation: `${A} Art. 7`,
      verified: false,
    },
  ],
  languageRule: {
    description: 'As required by the bilateral treaty (usually the requested state’s language)',
    citation: `${A} Art. 3`,
    verified: false,
  },
  urgencyRule: {
    description: 'State why expedited transmission is needed',
    citation: `${A} Art. 7`,
    verified: false,
  },
  remarks: [
    {
      text: 'Applies with the bilateral MLA treaty (or bilateral instrument) between the United States and the member state',
      citation: `${A} Art. 3`,
      verified: false,
    },
  ],
};
