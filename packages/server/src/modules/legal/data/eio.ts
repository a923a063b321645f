import type { Instrument, MeasureCoverage, RequiredContent } from '../legal.types.ts';
import { euMemberParties } from './party-builders.ts';

// European Investigation Order: Directive 2014/41/EU (reference file §1).
// [S1] Art. 12; [S2] Art. 1, 11; [S3] Art. 7, 16; [S4] Art. 5 transposition; [S6] MS notifications.

const DIR = 'Dir. 2014/41/EU';
const ARTICLE_MAP_NOTE = 'Article map marked [unverified article map] in the reference file.';

// Art. 3: any investigative measure except a JIT [unverified]; measure-specific articles 22–32
// [unverified article map]. Service of documents is not an investigative measure: not covered.
const cover = (measure: MeasureCoverage['measure'], article: string): MeasureCoverage => ({
  measure,
  citation: `${DIR} ${article}`,
  verified: false,
  note: ARTICLE_MAP_NOTE,
});

const MEASURES: readonly MeasureCoverage[] = [
  cover('hearing-witness', 'Art. 3; Art. 10(2)(c)'),
  cover('hearing-suspect', 'Art. 3; Art. 10(2)(c)'),
  cover('search-seizure', 'Art. 3'),
  cover('banking-information', 'Arts. 26–27'),
  cover('banking-monitoring', 'Art. 28(1)(a)'),
  cover('subscriber-data', 'Art. 3; Art. 10(2)(e)'),
  cover('traffic-data', 'Art. 3'),
  cover('content-data', 'Art. 3'),
  cover('interception', 'Arts. 30–31'),
  cover('preservation', 'Art. 32'),
  cover('transfer-detained-person', 'Arts. 22–23'),
  cover('videoconference', 'Art. 24'),
  cover('covert-investigation', 'Art. 29'),
  cover('controlled-delivery', 'Art. 28(1)(b)'),
  cover('freezing', 'Art. 32'),
];

const AUTHORITY = ['name', 'address', 'phone', 'email'] as const;

// Art. 5(1), Annex A: verified through the transposition text [S4].
const REQUIRED: readonly RequiredContent[] = [
  ...AUTHORITY.map(
    (f): RequiredContent => ({
      id: `issuing-authority-${f}`,
      label: `Issuing authority: ${f}`,
      fields: [`issuingAuthority.${f}`],
      severity: 'blocking',
      check: 'auto',
      citation: `${DIR} Art. 5(1)(a)`,
      verified: true,
    }),
  ),
  {
    // Art. 2(c)(ii): validation by a judge, court, investigating judge or prosecutor.
    id: 'validating-authority',
    label: 'Validating authority, when the issuer is not a judicial authority',
    fields: ['validatingAuthority.name'],
    severity: 'blocking',
    check: 'manual',
    citation: `${DIR} Art. 2(c)(ii); Annex A section L`,
    verified: false,
    note: 'Validation practice confirmed [S6]; exact wording and form labels unverified.',
  },
  {
    id: 'subject-matter-and-reasons',
    label: 'Subject matter of and reasons for the EIO',
    fields: ['summaryOfFacts'],
    severity: 'blocking',
    check: 'auto',
    citation: `${DIR} Art. 5(1)(b)`,
    verified: true,
  },
  {
    // "Available information": required as far as known, hence a warning.
    id: 'persons-concerned',
    label: 'Available information on the persons concerned',
    fields: ['persons'],
    severity: 'warning',
    check: 'auto',
    citation: `${DIR} Art. 5(1)(c)`,
    verified: true,
  },
  {
    id: 'offence-and-criminal-law',
    label: 'Criminal act and applicable criminal-law provisions',
    fields: ['offences', 'offences.*.legalClassification'],
    severity: 'blocking',
    check: 'auto',
    citation: `${DIR} Art. 5(1)(d)`,
    verified: true,
  },
  {
    id: 'measures-and-evidence',
    label: 'Investigative measures requested and evidence to be obtained',
    fields: ['measures'],
    severity: 'blocking',
    check: 'auto',
    citation: `${DIR} Art. 5(1)(e)`,
    verified: true,
  },
  {
    id: 'type-of-proceedings',
    label: 'Type of proceedings (Art. 4)',
    fields: ['proceedings.type'],
    severity: 'blocking',
    check: 'auto',
    citation: `${DIR} Art. 4; Annex A section F`,
    verified: false,
    note: 'Annex A section labels unverified.',
  },
  {
    id: 'signature-certification',
    label: 'Form signed and content certified accurate by the issuing authority',
    fields: [],
    severity: 'blocking',
    check: 'manual',
    citation: `${DIR} Art. 5(1)`,
    verified: true,
  },
];

export const EIO: Instrument = {
  id: 'eio',
  title: 'Directive 2014/41/EU regarding the European Investigation Order in criminal matters',
  shortTitle: 'EIO',
  kind: 'eu-directive',
  scope: 'evidence',
  citation: `${DIR} of 3.4.2014, OJ L 130, 1.5.2014, p. 1 [S1]`,
  verified: true,
  version: '2014 text as amended by Dir. (EU) 2022/228 and Dir. (EU) 2023/2843',
  note: 'Amendments by Dir. (EU) 2023/2843 (digital channels, Arts 5a, 7, 15, 16): application dates unverified.',
  // EIO Art. 36: transposition by 22.5.2017 (general knowledge, unverified). UK opted in and was bound
  // until the end of the Brexit transition.
  parties: euMemberParties(['DK', 'IE'], {
    citation: `${DIR} Art. 36 (transposition); recitals on DK and IE`,
    verified: false,
    since: '2017-05-22',
    declarationCitation: `${DIR} Art. 5(2)`,
    channel: 'direct-judicial',
  }),
  exceptions: [
    {
      state: 'DK',
      kind: 'not-bound',
      description: 'Denmark is not bound by the EIO Directive',
      citation: `${DIR} recitals; Protocol No 22 TFEU`,
      verified: false,
      note: 'Reference file: "Not bound: Denmark, Ireland [unverified]".',
    },
    {
      state: 'IE',
      kind: 'not-bound',
      description: 'Ireland is not bound by the EIO Directive',
      citation: `${DIR} recitals; Protocol No 21 TFEU`,
      verified: false,
      note: 'Reference file: "Not bound: Denmark, Ireland [unverified]".',
    },
  ],
  requestKinds: ['eio', 'preservation'],
  measures: MEASURES,
  requiredContents: REQUIRED,
  deadlineRules: [
    // EIO Art. 16(1): acknowledge receipt (Annex B) within 7 days.
    {
      id: 'eio-acknowledge-receipt',
      event: 'receipt',
      action: 'acknowledge',
      duration: 'P7D',
      dayKind: 'calendar',
      citation: `${DIR} Art. 16(1), Annex B`,
      verified: true,
      note: 'Day-computation rules (start day, holidays) unverified.',
    },
    // EIO Art. 12(3): 30 days to decide on recognition; Art. 12(5): +30 days with reasons.
    {
      id: 'eio-recognition-decision',
      event: 'receipt',
      action: 'decide',
      duration: 'P30D',
      dayKind: 'calendar',
      extension: {
        duration: 'P30D',
        condition:
          'not practicable in a specific case: inform the issuing authority with reasons and an estimate',
        citation: `${DIR} Art. 12(5)`,
        verified: true,
      },
      citation: `${DIR} Art. 12(3)`,
      verified: true,
    },
    // EIO Art. 12(4): carry out the measure within 90 days of the decision; Art. 12(6) no fixed cap.
    {
      id: 'eio-execution',
      event: 'decision',
      action: 'execute',
      duration: 'P90D',
      dayKind: 'calendar',
      pausesWhen: ['postponement-art-15', 'evidence-already-held'],
      citation: `${DIR} Art. 12(4)`,
      verified: true,
    },
    // EIO Art. 32(2): provisional measure decided, wherever practicable, within 24 hours [unverified].
    {
      id: 'eio-provisional-measure-decision',
      event: 'receipt',
      action: 'decide-provisional-measure',
      duration: 'PT24H',
      dayKind: 'calendar',
      appliesWhen: { measures: ['freezing', 'preservation'] },
      citation: `${DIR} Art. 32(2)`,
      verified: false,
    },
    // EIO Art. 31(3): notified state may object to interception within 96 hours [unverified].
    {
      id: 'eio-interception-objection',
      event: 'notification',
      action: 'object',
      duration: 'PT96H',
      dayKind: 'calendar',
      appliesWhen: { measures: ['interception'], description: 'interception without technical assistance' },
      citation: `${DIR} Art. 31(3), Annex C`,
      verified: false,
    },
  ],
  executionPace: {
    description:
      'Same celerity and priority as a similar domestic case; respect shorter deadlines set by the issuer',
    citation: `${DIR} Art. 12(1)-(2)`,
    verified: true,
  },
  refusalGrounds: [
    // EIO Art. 11(1)(a)-(h), verified [S2].
    {
      id: 'immunity_privilege_press',
      kind: 'optional',
      description: 'Immunity, privilege or press-freedom rules',
      citation: `${DIR} Art. 11(1)(a)`,
      verified: true,
    },
    {
      id: 'national_security',
      kind: 'optional',
      description: 'Harm to essential national security interests',
      citation: `${DIR} Art. 11(1)(b)`,
      verified: true,
    },
    {
      id: 'non_criminal_not_authorised',
      kind: 'optional',
      description: 'Non-criminal proceedings: measure not authorised domestically',
      citation: `${DIR} Art. 11(1)(c)`,
      verified: true,
    },
    {
      id: 'ne_bis_in_idem',
      kind: 'optional',
      description: 'Contrary to ne bis in idem',
      citation: `${DIR} Art. 11(1)(d)`,
      verified: true,
    },
    {
      id: 'territoriality',
      kind: 'optional',
      description: 'Committed outside the issuing state and in the executing state, not an offence there',
      citation: `${DIR} Art. 11(1)(e)`,
      verified: true,
    },
    {
      id: 'fundamental_rights',
      kind: 'optional',
      description: 'Incompatible with Art. 6 TEU and the Charter',
      citation: `${DIR} Art. 11(1)(f)`,
      verified: true,
    },
    {
      id: 'dual_criminality',
      kind: 'optional',
      description:
        'Not an offence in the executing state (unless an Annex D category punishable by at least 3 years)',
      citation: `${DIR} Art. 11(1)(g)`,
      verified: true,
      dualCriminality: true,
    },
    {
      id: 'measure_restricted_list_threshold',
      kind: 'optional',
      description: 'Measure restricted to a list or threshold of offences in the executing state',
      citation: `${DIR} Art. 11(1)(h)`,
      verified: true,
      measures: [
        'search-seizure',
        'banking-monitoring',
        'traffic-data',
        'content-data',
        'interception',
        'covert-investigation',
        'controlled-delivery',
        'freezing',
      ],
    },
  ],
  // EIO Art. 11(1)(g): dual criminality is a refusal ground, not for Art. 10(2) measures (Art. 11(2)).
  dualCriminality: {
    required: 'coercive-measures',
    exemptMeasures: [
      'hearing-witness',
      'hearing-suspect',
      'subscriber-data',
      'videoconference',
      'preservation',
    ],
    exemptCitation: `${DIR} Art. 10(2), Art. 11(2)`,
    citation: `${DIR} Art. 11(1)(g)`,
    verified: false,
    note: 'Art. 11(1)(g) verified [S2]; its limitation to coercive measures (Art. 10(2), 11(2)) is not in the reference file.',
  },
  offenceList: {
    list: 'eu-32',
    minMaxPenaltyMonths: 36,
    citation: `${DIR} Art. 11(1)(g), Annex D`,
    verified: true,
  },
  channelRules: [
    {
      id: 'eio-direct',
      kind: 'direct-judicial',
      when: 'default',
      description:
        'Directly from issuing to executing authority; a central authority only where the state designated one',
      citation: `${DIR} Art. 7, 7(3) [S3]`,
      verified: true,
    },
  ],
  languageRule: {
    description:
      'Translate into an official language of the executing state or a language it declared it accepts',
    citation: `${DIR} Art. 5(2)-(3)`,
    verified: true,
  },
  urgencyRule: {
    description: 'State the reasons for urgency (Annex A section B)',
    citation: `${DIR} Art. 12(2); Annex A section B`,
    verified: false,
    note: 'Annex A section labels unverified.',
  },
  // EIO Art. 34(1): replaces the corresponding provisions between the member states bound by it.
  replaces: [
    {
      instrument: 'coe-mla-1959',
      provisions: 'CoE 1959 Convention and its Protocols',
      citation: `${DIR} Art. 34(1)(a)`,
      verified: false,
      note: 'Art. 34 is not in the reference file.',
    },
    {
      instrument: 'eu-mla-2000',
      provisions: 'EU 2000 Convention and its 2001 Protocol',
      citation: `${DIR} Art. 34(1)(c)`,
      verified: false,
      note: 'Art. 34 is not in the reference file.',
    },
  ],
  remarks: [
    {
      text: 'An EIO is issued or validated by a judge, court, investigating judge or prosecutor',
      citation: `${DIR} Art. 2(c)`,
      verified: true,
    },
  ],
};
