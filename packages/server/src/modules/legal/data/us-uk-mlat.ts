import type { Instrument, MeasureCoverage } from '../legal.types.ts';
import { stateParties } from './party-builders.ts';

// Treaty between the United States and the United Kingdom on Mutual Legal Assistance in Criminal
// Matters (1994), as amended in 2004 under the US–EU Agreement (reference §7). [S16] citation and
// structure (Art. 1 scope, 2 central authorities, 3 limitations, 4 form, 5 execution, 6 costs);
// [S16c] 2004 amendment; [S16d] UK guidance. Article contents are [unverified].

const T = 'US–UK MLAT';
const SCOPE_NOTE = 'Art. 1 scope list not in the reference file; not yet checked against the treaty text.';

const scope = (measure: MeasureCoverage['measure']): MeasureCoverage => ({
  measure,
  citation: `${T} Art. 1`,
  verified: false,
  note: SCOPE_NOTE,
});

export const US_UK_MLAT: Instrument = {
  id: 'us-uk-mlat',
  title:
    'Treaty between the United States of America and the United Kingdom on Mutual Legal Assistance in Criminal Matters',
  shortTitle: 'US–UK MLAT',
  kind: 'bilateral',
  scope: 'evidence',
  citation:
    'Washington 6.1.1994, TIAS 96-1202, in force 2.12.1996 [S16]; amended by instrument of 16.12.2004, in force 1.2.2010 [S16c]',
  verified: true,
  version: '1994 text as amended in 2004',
  inForce: { from: '1996-12-02', citation: `${T} [S16]`, verified: true },
  counterpart: 'US',
  parties: stateParties(['US', 'GB'], {
    citation: `${T} [S16]`,
    verified: true,
    note: 'The two contracting states.',
    declarationCitation: `${T} Art. 2`,
    channel: 'central-authority',
    declarations: {
      US: {
        languages: ['en'],
        centralAuthority: 'Attorney General (DOJ Office of International Affairs)',
        channel: 'central-authority',
        citation: `${T} Art. 2`,
        verified: false,
      },
      GB: {
        languages: ['en'],
        centralAuthority: 'Home Secretary (UK Central Authority, Home Office)',
        channel: 'central-authority',
        citation: `${T} Art. 2`,
        verified: false,
        note: 'See UK guidance [S16d]; not yet checked.',
      },
    },
  }),
  exceptions: [],
  requestKinds: ['mla'],
  measures: [
    scope('hearing-witness'),
    scope('hearing-suspect'),
    scope('search-seizure'),
    scope('banking-information'),
    scope('subscriber-data'),
    scope('traffic-data'),
    scope('content-data'),
    scope('service-of-documents'),
    scope('transfer-detained-person'),
    scope('freezing'),
  ],
  // Art. 4 contents [unverified].
  requiredContents: [
    {
      id: 'conducting-authority',
      label: 'Authority conducting the investigation or proceedings',
      fields: ['issuingAuthority.name'],
      severity: 'blocking',
      check: 'auto',
      citation: `${T} Art. 4`,
      verified: false,
    },
    {
      id: 'subject-matter-offences-facts',
      label: 'Subject matter, offences and summary of the facts',
      fields: ['summaryOfFacts', 'offences'],
      severity: 'blocking',
      check: 'auto',
      citation: `${T} Art. 4`,
      verified: false,
    },
    {
      id: 'assistance-sought',
      label: 'Description of the assistance sought',
      fields: ['measures'],
      severity: 'blocking',
      check: 'auto',
      citation: `${T} Art. 4`,
      verified: false,
    },
    {
      id: 'purpose',
      label: 'Purpose for which the assistance is sought',
      fields: ['measures.*.details'],
      severity: 'blocking',
      check: 'auto',
      citation: `${T} Art. 4`,
      verified: false,
    },
    {
      id: 'persons',
      label: 'Persons concerned, as needed',
      fields: ['persons'],
      severity: 'warning',
      check: 'auto',
      citation: `${T} Art. 4`,
      verified: false,
    },
  ],
  deadlineRules: [],
  executionPace: {
    description: 'No fixed period; a time limit may be stated in the request',
    citation: `${T} Art. 4`,
    verified: false,
  },
  refusalGrounds: [
    {
      id: 'essential_interests',
      kind: 'optional',
      description: 'Sovereignty, security or other essential interests',
      citation: `${T} Art. 3`,
      verified: false,
    },
    {
      id: 'political_or_military_offence',
      kind: 'optional',
      description: 'Political or military offence',
      citation: `${T} Art. 3`,
      verified: false,
    },
    {
      id: 'request_not_conforming',
      kind: 'optional',
      description: 'Request does not conform to the treaty',
      citation: `${T} Art. 3`,
      verified: false,
    },
  ],
  dualCriminality: {
    required: 'never',
    citation: `${T} Art. 1`,
    verified: false,
    note: 'General treaty practice; not yet checked against the treaty text.',
  },
  channelRules: [
    // Art. 2: requests pass between the central authorities (structure verified [S16]).
    {
      id: 'us-uk-central-authorities',
      kind: 'central-authority',
      when: 'default',
      description: 'Between the central authorities of the two states',
      citation: `${T} Art. 2 [S16]`,
      verified: true,
    },
  ],
  languageRule: { description: 'English', citation: `${T} Art. 4`, verified: false },
  urgencyRule: {
    description: 'State any time limit and the reasons for it',
    citation: `${T} Art. 4`,
    verified: false,
  },
};
