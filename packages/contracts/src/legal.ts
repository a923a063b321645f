import { z } from 'zod';
import { CountryCode, Id, LanguageCode, Timestamp } from './common.ts';
import {
  CHANNEL_KINDS,
  COMPETENCE_FUNCTIONS,
  COMPETENCE_MATCHES,
  CONTACT_KINDS,
  DUAL_CRIMINALITY_REQUIRED,
  INSTRUMENT_IDS,
  INSTRUMENT_KINDS,
  INSTRUMENT_SCOPES,
  MEASURE_IDS,
  PERSON_ROLES,
  REQUEST_KINDS,
} from './legal-codes.ts';

// The legal registry's vocabulary as wire schemas. They mirror packages/server/src/modules/legal/
// legal.types.ts field for field (a unit test parses every shipped instrument with them and checks
// nothing is lost), so an administrator's PUT of a whole instrument is checked before it reaches the
// registry. Every rule carries `citation` and `verified`; `verified: false` means "not yet checked
// against the source text" and is shown to users.

export const InstrumentId = z.enum(INSTRUMENT_IDS).describe('Stable slug of a legal instrument');
export type InstrumentId = z.infer<typeof InstrumentId>;

export const MeasureId = z.enum(MEASURE_IDS).describe('Stable slug of a measure in the catalogue');
export type MeasureId = z.infer<typeof MeasureId>;

export const RequestKind = z.enum(REQUEST_KINDS);
export type RequestKind = z.infer<typeof RequestKind>;

export const PersonRole = z.enum(PERSON_ROLES);

export const ChannelKind = z.enum(CHANNEL_KINDS);

/** Calendar date `YYYY-MM-DD`. */
export const IsoDate = z.iso.date().describe('Calendar date YYYY-MM-DD');
/** ISO 8601 duration such as `P30D` or `PT24H`. */
export const IsoDuration = z
  .string()
  .regex(
    /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/,
    'ISO 8601 duration, e.g. P30D or PT24H',
  )
  .describe('ISO 8601 duration');
/** Slugs used for offence categories, rule ids and the like. */
export const Slug = z
  .string()
  .min(1)
  .max(80)
  .regex(/^[a-z0-9][a-z0-9_.-]*$/, 'lower-case slug');

const Citation = z.string().min(1).max(500).describe('Article or section the fact comes from');
const sourced = {
  citation: Citation,
  verified: z.boolean().describe('Checked against the source text; false is shown as "unverified"'),
  note: z.string().max(2000).optional().describe('What is still to be checked'),
};
const text = (max: number) => z.string().min(1).max(max);
const list = <T extends z.ZodType>(item: T, max: number) => z.array(item).max(max);

export const PartyDeclarations = z
  .object({
    ...sourced,
    languages: list(LanguageCode, 30).describe('Languages the state accepts incoming requests in'),
    centralAuthority: text(300).optional(),
    channel: ChannelKind.optional(),
  })
  .strict();
export const Party = z
  .object({
    ...sourced,
    state: CountryCode,
    since: IsoDate.optional(),
    until: IsoDate.optional().describe('Last day on which the state was bound'),
    declarations: PartyDeclarations,
  })
  .strict();
export const MembershipException = z
  .object({
    ...sourced,
    state: CountryCode,
    kind: z.enum(['not-bound', 'not-ratified']),
    description: text(1000),
  })
  .strict();
export const MeasureCoverage = z
  .object({ ...sourced, measure: MeasureId, viaProtocol: text(80).optional() })
  .strict();
export const RequiredContent = z
  .object({
    ...sourced,
    id: Slug,
    label: text(300),
    fields: list(z.string().min(1).max(120), 20).describe('Draft field paths; `*` walks an array'),
    severity: z.enum(['blocking', 'warning']),
    check: z.enum(['auto', 'manual']),
    requestKinds: list(RequestKind, 10).optional(),
    unlessOnlyMeasures: list(MeasureId, 20).optional(),
    onlyWithMeasures: list(MeasureId, 20).optional(),
  })
  .strict();
export const DeadlineCondition = z
  .object({
    urgent: z.boolean().optional(),
    consent: z.boolean().optional(),
    measures: list(MeasureId, 20).optional(),
    description: text(500).optional(),
  })
  .strict();
export const DeadlineExtension = z
  .object({ ...sourced, duration: IsoDuration, condition: text(1000) })
  .strict();
export const DeadlineRule = z
  .object({
    ...sourced,
    id: Slug,
    event: text(80).describe("What starts the clock: 'receipt', 'decision', 'arrest', …"),
    action: text(80).describe("What must be done by then: 'acknowledge', 'decide', 'execute', …"),
    duration: IsoDuration,
    dayKind: z.enum(['calendar', 'working']),
    extension: DeadlineExtension.optional(),
    pausesWhen: list(text(120), 20).optional(),
    appliesWhen: DeadlineCondition.optional(),
  })
  .strict();
export const RefusalGround = z
  .object({
    ...sourced,
    id: Slug,
    kind: z.enum(['mandatory', 'optional']),
    description: text(1000),
    measures: list(MeasureId, 20).optional(),
    dualCriminality: z.boolean().optional(),
  })
  .strict();
export const ChannelRule = z
  .object({
    ...sourced,
    id: Slug,
    kind: ChannelKind,
    description: text(1000),
    when: z.enum(['default', 'urgent']),
    measures: list(MeasureId, 20).optional(),
  })
  .strict();
const Described = z.object({ ...sourced, description: text(2000) }).strict();

export const Instrument = z
  .object({
    ...sourced,
    id: InstrumentId,
    title: text(300),
    shortTitle: text(80),
    kind: z.enum(INSTRUMENT_KINDS),
    scope: z.enum(INSTRUMENT_SCOPES),
    version: text(300).describe('Which text of the instrument the data encodes'),
    inForce: z
      .object({ ...sourced, from: IsoDate })
      .strict()
      .optional(),
    protocols: list(z.object({ ...sourced, id: Slug, title: text(300) }).strict(), 20).optional(),
    parties: list(Party, 200),
    exceptions: list(MembershipException, 100),
    counterpart: CountryCode.optional().describe('Bilateral agreements: one of the two states must be this'),
    requestKinds: list(RequestKind, 10),
    measures: list(MeasureCoverage, 40),
    requiredContents: list(RequiredContent, 60),
    deadlineRules: list(DeadlineRule, 40),
    executionPace: Described.optional(),
    refusalGrounds: list(RefusalGround, 60),
    dualCriminality: z
      .object({
        ...sourced,
        required: z.enum(DUAL_CRIMINALITY_REQUIRED),
        exemptMeasures: list(MeasureId, 20).optional(),
        exemptCitation: Citation.optional(),
      })
      .strict(),
    offenceList: z
      .object({
        ...sourced,
        list: z.literal('eu-32'),
        minMaxPenaltyMonths: z.number().int().min(0).max(1200),
      })
      .strict()
      .optional(),
    penaltyThreshold: z
      .object({
        ...sourced,
        minMaxPenaltyMonths: z.number().int().min(0).max(1200),
        description: text(1000),
        measures: list(MeasureId, 20).optional(),
      })
      .strict()
      .optional(),
    subjectScope: z
      .object({ ...sourced, description: text(1000), offenceCategories: list(Slug, 40).optional() })
      .strict()
      .optional(),
    channelRules: list(ChannelRule, 20),
    languageRule: Described,
    urgencyRule: Described,
    replaces: list(
      z.object({ ...sourced, instrument: InstrumentId, provisions: text(300) }).strict(),
      12,
    ).optional(),
    remarks: list(z.object({ ...sourced, text: text(2000) }).strict(), 20).optional(),
  })
  .strict()
  .describe('A legal instrument as data: parties, measures, contents, deadlines, refusal grounds, channels');
export type InstrumentData = z.infer<typeof Instrument>;

/** Where one version of an instrument came from: the shipped data, or an administrator's edit. */
export const InstrumentVersionMeta = z.object({
  version: z.number().int().min(1).describe('Registry version of this instrument (1, 2, …)'),
  contentHash: z.string().describe('SHA-256 of the RFC 8785 canonical JSON of the instrument'),
  source: z.enum(['seed', 'admin']),
  createdAt: Timestamp,
  createdBy: Id.nullable().describe('Administrator who edited; null for shipped data'),
});

export const VerificationCount = z.object({
  verified: z.number().int(),
  unverified: z.number().int(),
});

export const InstrumentSummary = z.object({
  id: InstrumentId,
  title: z.string(),
  shortTitle: z.string(),
  kind: z.string(),
  scope: z.string(),
  citation: z.string(),
  verified: z.boolean(),
  textVersion: z.string().describe('Which text of the instrument the data encodes'),
  version: z.number().int(),
  updatedAt: Timestamp,
  parties: z.array(CountryCode).describe('States bound at some date (see the detail for periods)'),
  measures: z.array(MeasureId),
  rules: VerificationCount,
});
export const InstrumentListResponse = z.object({ items: z.array(InstrumentSummary) });

/** One sourced fact of an instrument, flattened for an instrument browser. */
export const SourcedRule = z.object({
  path: z.string().describe('Where in the instrument, e.g. `deadlineRules.1`'),
  kind: z.string().describe('parties, deadlineRules, refusalGrounds, …'),
  label: z.string(),
  citation: z.string(),
  verified: z.boolean(),
  note: z.string().optional(),
});

/** The registry's prose in the language asked for, by where it sits in the instrument. */
export const LocalisedProse = z
  .record(
    z.string(),
    z.object({
      text: z.string(),
      lang: z.enum(['en', 'fr', 'de', 'es']).describe('`en` in another language: the English original'),
    }),
  )
  .describe(
    'With `lang`: labels of required contents, refusal grounds, channel rules, exceptions, scope and replaced provisions by path (`requiredContents.3.label`), translated or marked as English original; `instrument` stays the edited English data',
  );

export const InstrumentDetailResponse = z.object({
  data: InstrumentVersionMeta.extend({
    instrument: Instrument,
    rules: z.array(SourcedRule),
    prose: LocalisedProse.optional(),
  }),
  policies: z.object({ update: z.boolean() }),
});
export const InstrumentVersionsResponse = z.object({ items: z.array(InstrumentVersionMeta) });
export const InstrumentIdParams = z.object({ id: InstrumentId }).strict();

// ---------------------------------------------------------------------------------------------
// Legal-basis advisor

export const AdviceRequest = z
  .object({
    requestingState: z
      .string()
      .max(8)
      .describe('ISO 3166-1 alpha-2 code of the requesting (issuing) state; GB for the UK'),
    requestedState: z.string().max(8).describe('ISO 3166-1 alpha-2 code of the requested (executing) state'),
    measures: z
      .array(z.string().max(64))
      .max(20)
      .describe(`Measure ids from the catalogue: ${MEASURE_IDS.join(', ')}`),
    offenceCategory: z
      .string()
      .max(80)
      .optional()
      .describe('Offence category slug (EAW Art. 2(2) / EIO Annex D); see GET /api/legal/catalogue'),
    urgent: z.boolean(),
    at: z
      .string()
      .max(10)
      .optional()
      .describe('Date the request would be made (YYYY-MM-DD); the node’s date when absent'),
  })
  .strict()
  .meta({
    examples: [
      { requestingState: 'DE', requestedState: 'FR', measures: ['banking-information'], urgent: false },
      {
        requestingState: 'FR',
        requestedState: 'US',
        measures: ['subscriber-data', 'preservation'],
        offenceCategory: 'computer-related-crime',
        urgent: true,
      },
    ],
  });
export type AdviceRequest = z.infer<typeof AdviceRequest>;

const SourcedOut = { citation: z.string(), verified: z.boolean() };
/** The languages the advisor and the registry's prose are answered in. */
export const ADVICE_LANGUAGES = ['en', 'fr', 'de', 'es'] as const;
const EnglishOriginal = {
  lang: z
    .literal('en')
    .optional()
    .describe(
      'Present when the text is the registry’s English original in an answer in another language (no translation yet)',
    ),
};
export const DeadlineAdvice = z.object({
  id: z.string(),
  event: z.string().describe('What starts the clock'),
  action: z.string().describe('What must be done by then'),
  duration: z.string().describe('ISO 8601 duration'),
  dayKind: z.enum(['calendar', 'working']),
  condition: z.string().optional(),
  extension: z
    .object({ duration: z.string(), condition: z.string(), ...SourcedOut, ...EnglishOriginal })
    .optional(),
  ...SourcedOut,
  ...EnglishOriginal,
});
export const InstrumentAdvice = z.object({
  id: InstrumentId,
  title: z.string(),
  rank: z.number().int().min(1),
  applies: z.boolean(),
  reasons: z.array(z.string()).describe('Why it applies, or why not; "[unverified]" marks unchecked facts'),
  reasonDetails: z
    .array(z.object({ key: z.string().describe('Stable catalogue key of the sentence'), ...EnglishOriginal }))
    .optional()
    .describe(
      'One per reason, in the same order: its catalogue key, and whether it quotes English originals',
    ),
  notAppliesReason: z.string().optional(),
  notAppliesCode: z.string().optional(),
  membershipVerified: z.boolean(),
  channel: z
    .object({
      kind: ChannelKind,
      description: z.string(),
      centralAuthority: z.string().optional(),
      ...SourcedOut,
      ...EnglishOriginal,
    })
    .nullable(),
  languages: z.array(z.string()).describe('Languages the requested state accepts under this instrument'),
  deadlines: z.array(DeadlineAdvice),
  executionPace: z.object({ description: z.string(), ...SourcedOut, ...EnglishOriginal }).optional(),
  dualCriminality: z.object({
    required: z.boolean(),
    waivedByCategory: z.boolean().optional(),
    waiverThresholdMonths: z.number().optional(),
    description: z.string().optional().describe('The position as a sentence in the answer’s language'),
    ...SourcedOut,
  }),
  refusalRisks: z.array(
    z.object({ ground: z.string(), description: z.string(), ...SourcedOut, ...EnglishOriginal }),
  ),
  replaces: z.array(InstrumentId).optional(),
});
export const AdviceResponse = z
  .object({
    at: IsoDate.describe('The date the advice was computed for'),
    language: z
      .enum(ADVICE_LANGUAGES)
      .optional()
      .describe('Language of the sentences: `lang`, else the Accept-Language, else English'),
    instruments: z.array(InstrumentAdvice).describe('Applicable instruments first, by rank'),
    advisories: z.array(
      z.object({
        code: z.string(),
        message: z.string(),
        citation: z.string().optional(),
        verified: z.boolean().optional(),
      }),
    ),
  })
  .meta({
    examples: [
      {
        at: '2026-03-02',
        instruments: [
          {
            id: 'eio',
            title: 'EIO',
            rank: 1,
            applies: true,
            reasons: ['DE and FR are both bound by the EIO [unverified]'],
            membershipVerified: false,
            channel: {
              kind: 'direct-judicial',
              description: 'Directly between the issuing and the executing authority',
              citation: 'Dir. 2014/41/EU Art. 7(1)',
              verified: true,
            },
            languages: ['fr'],
            deadlines: [
              {
                id: 'eio-recognition-decision',
                event: 'receipt',
                action: 'decide',
                duration: 'P30D',
                dayKind: 'calendar',
                citation: 'Dir. 2014/41/EU Art. 12(3)',
                verified: true,
              },
            ],
            dualCriminality: { required: true, citation: 'Dir. 2014/41/EU Art. 11(1)(g)', verified: true },
            refusalRisks: [],
          },
        ],
        advisories: [],
      },
    ],
  });

export const CatalogueResponse = z.object({
  states: z.array(
    z.object({
      code: CountryCode,
      name: z.string(),
      officialLanguages: z.array(z.string()),
      eu: z.boolean().describe('Member of the EU today'),
    }),
  ),
  measures: z.array(
    z.object({
      id: MeasureId,
      labelKey: z.string(),
      label: z.string(),
      scope: z.enum(['evidence', 'surrender']),
      needsPerson: z.boolean(),
      coercive: z.boolean(),
    }),
  ),
  offenceCategories: z.array(
    z.object({
      id: z.string(),
      number: z.number().int(),
      labelKey: z.string(),
      label: z.string(),
      ...SourcedOut,
    }),
  ),
  requestKinds: z.array(RequestKind),
  personRoles: z.array(PersonRole),
});

// ---------------------------------------------------------------------------------------------
// Directory of competent authorities (EJN Atlas-like)

export const ContactChannel = z
  .object({
    kind: z.enum(CONTACT_KINDS),
    value: text(300),
    label: text(120).optional(),
  })
  .strict();
export const Contact247 = z
  .object({
    phone: text(50),
    email: z.email().max(254).optional(),
    notes: text(500).optional(),
  })
  .strict()
  .describe('Round-the-clock contact point (e.g. Budapest Art. 35 network)');

export const CompetenceInput = z
  .object({
    agencyId: Id,
    functions: list(z.enum(COMPETENCE_FUNCTIONS), 5)
      .min(1)
      .describe('What the agency does for these measures'),
    measures: list(MeasureId, 17).min(1),
    instruments: list(InstrumentId, 12).default([]).describe('Empty: under any instrument'),
    regions: list(text(120), 200)
      .default([])
      .describe('Places covered: ISO 3166-2 codes or names (e.g. "FR-75", "Paris"); empty: the whole state'),
    languages: list(LanguageCode, 24).default([]).describe('Languages the agency accepts'),
    channels: list(ContactChannel, 20).default([]),
    contact247: Contact247.nullable().default(null),
    notes: text(2000).nullable().default(null),
  })
  .strict()
  .meta({
    examples: [
      {
        agencyId: '01950000-0000-7000-8000-000000000001',
        functions: ['executing'],
        measures: ['hearing-witness', 'search-seizure'],
        instruments: ['eio'],
        regions: ['FR-75', 'Paris', 'Île-de-France'],
        languages: ['fr', 'en'],
        channels: [{ kind: 'email', value: 'entraide@parquet-paris.example' }],
        contact247: { phone: '+33 1 00 00 00 00' },
      },
    ],
  });
export const Competence = z.object({
  id: Id,
  agencyId: Id,
  nodeId: z.string().nullable().describe('Partner node holding the agency; null: this node'),
  state: CountryCode,
  functions: z.array(z.string()),
  measures: z.array(MeasureId),
  instruments: z.array(InstrumentId),
  regions: z.array(z.string()),
  languages: z.array(z.string()),
  channels: z.array(ContactChannel),
  contact247: Contact247.nullable(),
  notes: z.string().nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export const CompetenceResponse = z.object({ data: Competence, policies: z.object({ update: z.boolean() }) });
export const CompetenceListResponse = z.object({ items: z.array(CompetenceResponse) });
export const CompetenceListQuery = z.object({ agencyId: Id.optional() }).strict();

export const CompetentQuery = z
  .object({
    measure: MeasureId,
    state: CountryCode,
    place: z.string().min(1).max(120).optional().describe('Town, region or ISO 3166-2 code'),
    instrument: InstrumentId.optional(),
    function: z.enum(COMPETENCE_FUNCTIONS).optional(),
  })
  .strict();
export const CompetentAuthority = z.object({
  agency: z.object({
    id: Id,
    name: z.string(),
    shortName: z.string().nullable(),
    kind: z.string(),
    jurisdiction: CountryCode,
  }),
  nodeId: z.string().nullable(),
  match: z
    .enum(COMPETENCE_MATCHES)
    .describe('Names the place asked for; covers the whole state; or covers other regions (no place asked)'),
  competence: Competence,
});
export const CompetentResponse = z.object({ items: z.array(CompetentAuthority) });
