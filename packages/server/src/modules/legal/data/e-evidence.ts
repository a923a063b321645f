import type { Instrument, RequiredContent } from '../legal.types.ts';
import { euMemberParties } from './party-builders.ts';

// e-Evidence: Regulation (EU) 2023/1543, European Production and Preservation Orders (reference §2).
// Orders go to the service provider's designated establishment or legal representative in another
// member state, not to that state (Art. 3(1)-(2) [S7b]); the "requested state" here is the state of
// that addressee. [S7] Art. 10; [S7b] Arts 3, 4, 5, 11; [S7c] Art. 19; [S9] application, Denmark.

const REG = 'Reg. (EU) 2023/1543';
const DATA_NUMBERING_NOTE = 'Numbering of Art. 3(9), (11), (12) is unverified in the reference file.';
const DATA_MEASURES = ['subscriber-data', 'traffic-data', 'content-data'] as const;

const REQUIRED: readonly RequiredContent[] = [
  ...(['name', 'address', 'phone', 'email'] as const).map(
    (f): RequiredContent => ({
      id: `issuing-authority-${f}`,
      label: `Issuing authority: ${f}`,
      fields: [`issuingAuthority.${f}`],
      severity: 'blocking',
      check: 'auto',
      citation: `${REG} Art. 4; Annex I`,
      verified: false,
      note: 'Issuer rules (Art. 4) verified [S7b]; Annex I field list unverified.',
    }),
  ),
  {
    id: 'data-category-and-items',
    label: 'Data category, data items, time range and user identifiers',
    fields: ['measures', 'measures.*.details'],
    severity: 'blocking',
    check: 'auto',
    citation: `${REG} Art. 3(9)-(12); Annex I`,
    verified: false,
    note: DATA_NUMBERING_NOTE,
  },
  {
    // Art. 5(3)-(4): conditions depend on the offence and its penalty.
    id: 'offence-and-legal-basis',
    label: 'Offence, its legal classification and maximum penalty',
    fields: ['offences', 'offences.*.legalClassification'],
    severity: 'blocking',
    check: 'auto',
    citation: `${REG} Art. 5(3)-(4)`,
    verified: true,
  },
  {
    id: 'necessity-proportionality',
    label: 'Grounds for necessity and proportionality',
    fields: ['summaryOfFacts'],
    severity: 'blocking',
    check: 'auto',
    citation: `${REG} Art. 5(2)`,
    verified: true,
  },
  {
    id: 'enforcing-authority-notification',
    label: 'Whether the enforcing authority is notified (traffic and content data)',
    fields: [],
    severity: 'warning',
    check: 'manual',
    citation: `${REG} Art. 8`,
    verified: false,
  },
];

export const E_EVIDENCE: Instrument = {
  id: 'e-evidence',
  title: 'Regulation (EU) 2023/1543 on European Production Orders and European Preservation Orders',
  shortTitle: 'e-Evidence (EPOC / EPOC-PR)',
  kind: 'eu-regulation',
  scope: 'e-evidence',
  citation: `${REG} of 12.7.2023, OJ L 191, 28.7.2023, p. 118 [S7]`,
  verified: true,
  version: '2023 text',
  note: 'Companion Dir. (EU) 2023/1544 (legal representatives), transposition 18.2.2026 [S9].',
  // Applies from 18.8.2026 [S9]; the article that says so (Art. 34) is unverified.
  inForce: { from: '2026-08-18', citation: `${REG}, application date [S9]`, verified: true },
  parties: euMemberParties(['DK'], {
    citation: `${REG} (member states other than Denmark) [S9]`,
    verified: false,
    note: 'Only the Danish opt-out is confirmed [S9]; participation of each other state (incl. Ireland) unverified.',
    declarationCitation: `${REG} Art. 9`,
    channel: 'service-provider',
  }),
  exceptions: [
    {
      state: 'DK',
      kind: 'not-bound',
      description: 'Denmark is not bound by the e-Evidence Regulation',
      citation: `${REG}; Denmark not bound [S9]`,
      verified: true,
    },
  ],
  requestKinds: ['production-order', 'preservation'],
  measures: [
    // Art. 5(3): subscriber and identification data, any offence (verified [S7b]).
    {
      measure: 'subscriber-data',
      citation: `${REG} Art. 5(3) [S7b]`,
      verified: true,
      note: `Definitions in Art. 3(9)-(10). ${DATA_NUMBERING_NOTE}`,
    },
    // Art. 5(4): traffic and content data, max penalty ≥ 3 years or listed offences (verified [S7b]).
    {
      measure: 'traffic-data',
      citation: `${REG} Art. 5(4) [S7b]`,
      verified: true,
      note: `Definition in Art. 3(11). ${DATA_NUMBERING_NOTE}`,
    },
    {
      measure: 'content-data',
      citation: `${REG} Art. 5(4) [S7b]`,
      verified: true,
      note: `Definition in Art. 3(12). ${DATA_NUMBERING_NOTE}`,
    },
    // Art. 3(2), 11(1): European Preservation Order (EPOC-PR), any data category.
    { measure: 'preservation', citation: `${REG} Art. 3(2), Art. 11(1) [S7b]`, verified: true },
  ],
  requiredContents: REQUIRED,
  deadlineRules: [
    // Art. 10(3): produce within 10 days where no notification is needed.
    {
      id: 'epoc-produce',
      event: 'receipt',
      action: 'produce',
      duration: 'P10D',
      dayKind: 'calendar',
      appliesWhen: { urgent: false, measures: DATA_MEASURES },
      citation: `${REG} Art. 10(3)`,
      verified: true,
    },
    // Art. 10(2): with notification of the enforcing authority, at the end of the 10 days if no ground raised.
    {
      id: 'epoc-produce-after-notification',
      event: 'receipt',
      action: 'produce',
      duration: 'P10D',
      dayKind: 'calendar',
      appliesWhen: {
        urgent: false,
        measures: ['traffic-data', 'content-data'],
        description: 'enforcing authority notified (Art. 8): produce at expiry unless a ground is raised',
      },
      citation: `${REG} Art. 10(2)`,
      verified: true,
    },
    // Art. 10(4): emergency: produce within 8 hours.
    {
      id: 'epoc-produce-emergency',
      event: 'receipt',
      action: 'produce',
      duration: 'PT8H',
      dayKind: 'calendar',
      appliesWhen: { urgent: true, measures: DATA_MEASURES },
      citation: `${REG} Art. 10(4)`,
      verified: true,
    },
    // Art. 10(4): enforcing authority may object within 96 hours of notification in an emergency.
    {
      id: 'epoc-emergency-objection',
      event: 'notification',
      action: 'object',
      duration: 'PT96H',
      dayKind: 'calendar',
      appliesWhen: { urgent: true, measures: ['traffic-data', 'content-data'] },
      citation: `${REG} Art. 10(4)`,
      verified: true,
    },
    // Art. 11(1): preserve 60 days unless production is confirmed; +30 days (Annex VI).
    {
      id: 'epoc-pr-preservation',
      event: 'receipt',
      action: 'preserve',
      duration: 'P60D',
      dayKind: 'calendar',
      extension: {
        duration: 'P30D',
        condition: 'extension requested by the issuing authority (Annex VI)',
        citation: `${REG} Art. 11(1)`,
        verified: true,
      },
      appliesWhen: { measures: ['preservation'] },
      citation: `${REG} Art. 11(1)`,
      verified: true,
    },
    // Art. 4(5): emergency order issued without prior validation: validate ex post within 48 hours.
    {
      id: 'epoc-emergency-validation',
      event: 'issue',
      action: 'validate',
      duration: 'PT48H',
      dayKind: 'calendar',
      appliesWhen: { urgent: true, description: 'issued without prior validation' },
      citation: `${REG} Art. 4(5)`,
      verified: false,
    },
  ],
  refusalGrounds: [
    // Art. 12(1), enforcing authority, all [unverified].
    {
      id: 'immunity_privilege_press',
      kind: 'optional',
      description: 'Immunity, privilege or press-freedom rules',
      citation: `${REG} Art. 12(1)`,
      verified: false,
      measures: ['traffic-data', 'content-data'],
    },
    {
      id: 'fundamental_rights_manifest',
      kind: 'optional',
      description: 'Manifest breach of a fundamental right',
      citation: `${REG} Art. 12(1)`,
      verified: false,
      measures: ['traffic-data', 'content-data'],
    },
    {
      id: 'ne_bis_in_idem',
      kind: 'optional',
      description: 'Contrary to ne bis in idem',
      citation: `${REG} Art. 12(1)`,
      verified: false,
      measures: ['traffic-data', 'content-data'],
    },
    {
      id: 'dual_criminality',
      kind: 'optional',
      description:
        'Not an offence in the enforcing state (unless an Annex IV offence punishable by at least 3 years)',
      citation: `${REG} Art. 12(1), Annex IV`,
      verified: false,
      measures: ['traffic-data', 'content-data'],
      dualCriminality: true,
    },
  ],
  // Only on notification of the enforcing authority (traffic and content data) [unverified].
  dualCriminality: {
    required: 'coercive-measures',
    exemptMeasures: ['subscriber-data', 'preservation'],
    exemptCitation: `${REG} Art. 8`,
    citation: `${REG} Art. 12(1)`,
    verified: false,
    note: 'Annex IV offence list not encoded; category waiver not computed.',
  },
  channelRules: [
    {
      id: 'epoc-to-provider',
      kind: 'service-provider',
      when: 'default',
      description:
        'Order sent directly to the service provider’s designated establishment or legal representative',
      citation: `${REG} Art. 3(1)-(2) [S7b]`,
      verified: true,
    },
    {
      id: 'epoc-it-system',
      kind: 'it-system',
      when: 'default',
      description: 'All written exchanges through the decentralised IT system',
      citation: `${REG} Art. 19 [S7c]`,
      verified: true,
    },
  ],
  languageRule: {
    description: 'An EU language accepted by the addressee’s member state',
    citation: `${REG} Art. 9`,
    verified: false,
  },
  urgencyRule: {
    description: 'Flag the emergency and give its reasons',
    citation: `${REG} Art. 10(4)`,
    verified: true,
    note: 'Annex I emergency field unverified.',
  },
  remarks: [
    {
      text: 'Orders are addressed to the service provider, not to the requested state; the enforcing authority is notified only in some cases',
      citation: `${REG} Art. 3(1)-(2), Art. 8`,
      verified: false,
      note: 'Art. 8 notification rules unverified.',
    },
    {
      text: 'Traffic and content data: max penalty of at least 3 years or listed offences',
      citation: `${REG} Art. 5(4)`,
      verified: true,
    },
  ],
  penaltyThreshold: {
    minMaxPenaltyMonths: 36,
    description:
      'Traffic and content data: maximum penalty of at least 3 years (or listed offences via an information system)',
    measures: ['traffic-data', 'content-data'],
    citation: `${REG} Art. 5(4)`,
    verified: true,
  },
};
