import type { Instrument, RequiredContent } from '../legal.types.ts';
import { euMemberParties } from './party-builders.ts';

// European Arrest Warrant: Framework Decision 2002/584/JHA (reference §8). [S17a] Art. 17(3)-(4);
// [S17b] Art. 2, 17(2); [S17c] Art. 8; [S17e] citation; [S17f] Art. 3(3).

const FD = 'FD 2002/584/JHA';

const authority = (f: 'name' | 'address' | 'phone' | 'email'): RequiredContent => ({
  id: `issuing-authority-${f}`,
  label: `Issuing judicial authority: ${f}`,
  fields: [`issuingAuthority.${f}`],
  severity: 'blocking',
  check: 'auto',
  citation: `${FD} Art. 8(1)(b)`,
  verified: true,
});

// Art. 8(1)(a)-(g), verified [S17c].
const REQUIRED: readonly RequiredContent[] = [
  {
    id: 'person-identity-nationality',
    label: 'Identity and nationality of the requested person',
    fields: ['persons', 'persons.*.name', 'persons.*.nationality'],
    severity: 'blocking',
    check: 'auto',
    citation: `${FD} Art. 8(1)(a)`,
    verified: true,
  },
  authority('name'),
  authority('address'),
  authority('phone'),
  authority('email'),
  {
    id: 'enforceable-decision',
    label: 'Enforceable judgment, arrest warrant or other enforceable judicial decision',
    fields: ['proceedings.reference'],
    severity: 'blocking',
    check: 'auto',
    citation: `${FD} Art. 8(1)(c)`,
    verified: true,
  },
  {
    id: 'offence-nature-classification',
    label: 'Nature and legal classification of the offence',
    fields: ['offences', 'offences.*.legalClassification'],
    severity: 'blocking',
    check: 'auto',
    citation: `${FD} Art. 8(1)(d)`,
    verified: true,
  },
  {
    id: 'circumstances',
    label: 'Circumstances: time, place and degree of participation',
    fields: ['summaryOfFacts'],
    severity: 'blocking',
    check: 'auto',
    citation: `${FD} Art. 8(1)(e)`,
    verified: true,
  },
  {
    id: 'penalty',
    label: 'Penalty imposed, or prescribed scale of penalties',
    fields: ['offences.*.maxPenaltyMonths'],
    severity: 'blocking',
    check: 'auto',
    citation: `${FD} Art. 8(1)(f)`,
    verified: true,
  },
  {
    id: 'other-consequences',
    label: 'Other consequences of the offence, if possible',
    fields: [],
    severity: 'warning',
    check: 'manual',
    citation: `${FD} Art. 8(1)(g)`,
    verified: true,
  },
];

export const EAW: Instrument = {
  id: 'eaw',
  title:
    'Council Framework Decision 2002/584/JHA on the European arrest warrant and the surrender procedures between Member States',
  shortTitle: 'EAW',
  kind: 'eu-framework-decision',
  scope: 'surrender',
  citation: `${FD}, OJ L 190, 18.7.2002, p. 1 [S17e]`,
  verified: true,
  version: '2002 text as amended by FD 2009/299/JHA (in absentia)',
  note: 'FD 2009/299/JHA amendment unverified.',
  // Binds all member states, incl. Denmark and Ireland; applies from 1.1.2004 (general knowledge).
  parties: euMemberParties([], {
    citation: `${FD} Arts 32, 34`,
    verified: false,
    since: '2004-01-01',
    declarationCitation: `${FD} Art. 8(2)`,
    channel: 'direct-judicial',
  }),
  exceptions: [],
  requestKinds: ['eaw'],
  // Art. 2: surrender for offences with a maximum of at least 12 months, or sentences of 4 months.
  measures: [{ measure: 'surrender', citation: `${FD} Art. 2 [S17b]`, verified: true }],
  requiredContents: REQUIRED,
  deadlineRules: [
    // Art. 17(2): decision within 10 days after consent.
    {
      id: 'eaw-decision-after-consent',
      event: 'consent',
      action: 'decide',
      duration: 'P10D',
      dayKind: 'calendar',
      appliesWhen: { consent: true, description: 'the requested person consents to surrender' },
      citation: `${FD} Art. 17(2) [S17b]`,
      verified: true,
    },
    // Art. 17(3): decision within 60 days after arrest; Art. 17(4): +30 days with reasons.
    {
      id: 'eaw-decision-after-arrest',
      event: 'arrest',
      action: 'decide',
      duration: 'P60D',
      dayKind: 'calendar',
      extension: {
        duration: 'P30D',
        condition: 'in specific cases, informing the issuing authority of the reasons',
        citation: `${FD} Art. 17(4) [S17a]`,
        verified: true,
      },
      appliesWhen: { consent: false, description: 'no consent to surrender' },
      citation: `${FD} Art. 17(3) [S17a]`,
      verified: true,
    },
    // Art. 23(2)-(5): surrender within 10 days of the final decision; new date + 10 days [unverified].
    {
      id: 'eaw-surrender',
      event: 'final-decision',
      action: 'surrender',
      duration: 'P10D',
      dayKind: 'calendar',
      extension: {
        duration: 'P10D',
        condition: 'surrender prevented by circumstances beyond control: new date agreed',
        citation: `${FD} Art. 23(3)-(4)`,
        verified: false,
      },
      citation: `${FD} Art. 23(2)`,
      verified: false,
      note: 'Release on expiry (Art. 23(5)) unverified.',
    },
  ],
  refusalGrounds: [
    {
      id: 'amnesty',
      kind: 'mandatory',
      description: 'Offence covered by amnesty in the executing state',
      citation: `${FD} Art. 3(1)`,
      verified: false,
    },
    {
      id: 'ne_bis_in_idem',
      kind: 'mandatory',
      description: 'Finally judged for the same acts in a member state',
      citation: `${FD} Art. 3(2)`,
      verified: false,
    },
    {
      id: 'under_age',
      kind: 'mandatory',
      description: 'Person not criminally responsible by reason of age in the executing state',
      citation: `${FD} Art. 3(3) [S17f]`,
      verified: true,
    },
    {
      id: 'dual_criminality',
      kind: 'optional',
      description: 'Not an offence in the executing state (offences outside the Art. 2(2) list)',
      citation: `${FD} Art. 2(4), Art. 4(1)`,
      verified: false,
      dualCriminality: true,
    },
    {
      id: 'optional_grounds',
      kind: 'optional',
      description: 'Other optional grounds, e.g. pending proceedings, trial in absentia',
      citation: `${FD} Arts 4, 4a`,
      verified: false,
    },
  ],
  // Art. 2(2): no dual-criminality check for the 32 list offences punishable by ≥ 3 years (verified);
  // otherwise dual criminality may be required (Art. 2(4)) [unverified].
  dualCriminality: {
    required: 'always',
    citation: `${FD} Art. 2(2), 2(4)`,
    verified: false,
    note: 'Art. 2(2) verified [S17b]; Art. 2(4) unverified.',
  },
  offenceList: { list: 'eu-32', minMaxPenaltyMonths: 36, citation: `${FD} Art. 2(2) [S17b]`, verified: true },
  penaltyThreshold: {
    minMaxPenaltyMonths: 12,
    description: 'Maximum penalty of at least 12 months (or a sentence of at least 4 months already passed)',
    citation: `${FD} Art. 2 [S17b]`,
    verified: true,
  },
  channelRules: [
    {
      id: 'eaw-direct',
      kind: 'direct-judicial',
      when: 'default',
      description:
        'Issuing to executing judicial authority; SIS alert or Interpol when the location is unknown',
      citation: `${FD} Arts 9-10`,
      verified: false,
    },
  ],
  languageRule: {
    description:
      'Translated into the official language of the executing state or a language it declared it accepts',
    citation: `${FD} Art. 8(2) [S17c]`,
    verified: true,
  },
  urgencyRule: {
    description: 'State why the matter is urgent',
    citation: `${FD} Art. 17(1)`,
    verified: false,
    note: 'Not in the reference file.',
  },
  // Art. 31(1): replaces the corresponding extradition provisions between member states.
  replaces: [
    {
      instrument: 'coe-extradition-1957',
      provisions: 'European Convention on Extradition 1957 and its Protocols',
      citation: `${FD} Art. 31(1)(a)`,
      verified: false,
      note: 'Art. 31 is not in the reference file.',
    },
  ],
};
