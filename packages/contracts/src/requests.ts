import { z } from 'zod';
import { CountryCode, Id, LanguageCode, Timestamp } from './common.ts';
import { InstrumentId, IsoDate, MeasureId, PersonRole, RequestKind } from './legal.ts';
import { PROCEEDINGS_TYPES } from './legal-codes.ts';
import { RequestState } from './lifecycle.ts';
import { ClearanceLevel } from './roles.ts';

// Request drafts: one model for every kind of request (MLA, EIO, preservation, production order,
// EAW/extradition, spontaneous information). A draft is work in progress: every field but `kind` may
// be missing, and the findings endpoint says what the chosen instrument still needs. Free-text limits
// are stated here and enforced on input (413/422 beyond them).

/** Limits on free text, in characters. */
export const REQUEST_TEXT_LIMITS = {
  title: 200,
  name: 300,
  address: 500,
  shortText: 200,
  details: 5_000,
  summaryOfFacts: 20_000,
} as const;

const L = REQUEST_TEXT_LIMITS;
const str = (max: number) => z.string().max(max);

export const AuthorityDraft = z
  .object({
    name: str(L.name).optional(),
    address: str(L.address).optional(),
    phone: str(50).optional(),
    email: str(254).optional().describe('E-mail address (checked for completeness, not format, in a draft)'),
    reference: str(100).optional().describe('The authority’s own file reference'),
    agencyId: Id.optional().describe('The agency on this node or a partner node, when known'),
  })
  .strict();

export const PersonDraft = z
  .object({
    role: PersonRole.optional(),
    name: str(L.name).optional(),
    dateOfBirth: IsoDate.optional(),
    placeOfBirth: str(L.shortText).optional(),
    nationality: CountryCode.optional(),
    address: str(L.address).optional(),
    identifiers: z
      .record(z.string().min(1).max(40), str(L.shortText))
      .refine((r) => Object.keys(r).length <= 20, 'At most 20 identifiers')
      .optional()
      .describe('Identity documents, phone numbers, accounts… keyed by type'),
    description: str(2_000).optional(),
  })
  .strict();

export const OffenceDraft = z
  .object({
    legalClassification: str(1_000).optional().describe('Offence and the criminal-law provisions that apply'),
    category: z.string().max(80).optional().describe('Offence category slug (EAW Art. 2(2) / EIO Annex D)'),
    maxPenaltyMonths: z.number().int().min(0).max(1_200).optional().describe('In the requesting state'),
    punishableInRequestedState: z.boolean().optional(),
    description: str(L.details).optional(),
  })
  .strict();

export const MeasureDraft = z
  .object({
    id: MeasureId,
    details: str(L.details).optional().describe('What is to be done and the evidence to be obtained'),
    personIndex: z.number().int().min(0).max(49).optional().describe('Index in `persons` it concerns'),
  })
  .strict();

export const AttachmentMeta = z
  .object({
    name: z.string().min(1).max(255),
    kind: z.enum(['translation', 'document', 'other']),
    language: LanguageCode.optional().describe('For translations: the language translated into'),
    mediaType: z.string().max(100).optional(),
    sizeBytes: z.number().int().min(0).optional(),
    sha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .optional(),
    description: str(L.shortText).optional(),
  })
  .strict();

/** Every field a draft can hold. All optional on update; `kind` required on creation. */
const draftFields = {
  title: str(L.title)
    .optional()
    .describe('A label for lists; sent with the request, the requested authority sees it'),
  caseId: Id.optional().describe('The case file the request belongs to'),
  classification: ClearanceLevel.optional(),
  kind: RequestKind,
  instrumentId: InstrumentId.optional().describe('Legal basis (see POST /api/legal/advice)'),
  requestingState: CountryCode.optional().describe('Defaults to the drafter’s jurisdiction'),
  requestedState: CountryCode.optional(),
  issuingAuthority: AuthorityDraft.optional(),
  validatingAuthority: AuthorityDraft.optional(),
  requestedAuthority: AuthorityDraft.optional(),
  proceedings: z
    .object({
      type: z.enum(PROCEEDINGS_TYPES).optional(),
      reference: str(100).optional(),
    })
    .strict()
    .optional(),
  persons: z.array(PersonDraft).max(50).optional(),
  offences: z.array(OffenceDraft).max(20).optional(),
  summaryOfFacts: str(L.summaryOfFacts).optional(),
  measures: z.array(MeasureDraft).max(30).optional(),
  urgency: z
    .object({
      urgent: z.boolean(),
      reasons: str(2_000).optional(),
      deadline: IsoDate.optional().describe('Date by which execution is needed'),
    })
    .strict()
    .optional(),
  confidentiality: z
    .object({ required: z.boolean(), reasons: str(2_000).optional() })
    .strict()
    .optional(),
  formalities: str(L.details).optional().describe('Formalities and procedures to follow (EIO Art. 9(2))'),
  language: LanguageCode.optional().describe('Language the request is written in'),
  attachments: z.array(AttachmentMeta).max(50).optional(),
};

export const CreateRequest = z
  .object(draftFields)
  .strict()
  .meta({
    examples: [
      {
        kind: 'eio',
        title: 'Nordlicht: bank records in Paris',
        instrumentId: 'eio',
        requestingState: 'DE',
        requestedState: 'FR',
        language: 'fr',
        issuingAuthority: {
          name: 'Staatsanwaltschaft Frankfurt am Main',
          address: 'Konrad-Adenauer-Straße 20, 60313 Frankfurt',
          phone: '+49 69 0000 0000',
          email: 'eea@sta-frankfurt.example',
        },
        proceedings: { type: 'criminal', reference: '7410 Js 1234/26' },
        offences: [
          {
            legalClassification: 'Betrug, § 263 StGB',
            category: 'swindling',
            maxPenaltyMonths: 120,
          },
        ],
        summaryOfFacts: 'Between January and March 2026 investors paid 2.4 million euros …',
        measures: [{ id: 'banking-information', details: 'Account holder and statements, 2026' }],
        urgency: { urgent: false },
      },
    ],
  });
export type CreateRequest = z.infer<typeof CreateRequest>;

/** A draft as stored: every field optional (the kind included, for older shapes). */
export const RequestDraft = z.object(draftFields).partial().extend({ kind: RequestKind });
export type RequestDraft = z.infer<typeof RequestDraft>;

const nullable = <T extends z.ZodType>(t: T) => t.nullable().optional();

/**
 * A save: the fields given replace the stored ones (arrays whole), `null` clears a field, fields
 * left out are kept. `expectedVersion` is the version the edit started from (optimistic concurrency).
 */
export const UpdateRequest = z
  .object({
    expectedVersion: z.number().int().min(1).describe('The version this edit is based on; 409 if stale'),
    title: nullable(draftFields.title.unwrap()),
    caseId: nullable(Id),
    classification: ClearanceLevel.optional(),
    kind: RequestKind.optional(),
    instrumentId: nullable(InstrumentId),
    requestingState: nullable(CountryCode),
    requestedState: nullable(CountryCode),
    issuingAuthority: nullable(AuthorityDraft),
    validatingAuthority: nullable(AuthorityDraft),
    requestedAuthority: nullable(AuthorityDraft),
    proceedings: nullable(draftFields.proceedings.unwrap()),
    persons: nullable(draftFields.persons.unwrap()),
    offences: nullable(draftFields.offences.unwrap()),
    summaryOfFacts: nullable(draftFields.summaryOfFacts.unwrap()),
    measures: nullable(draftFields.measures.unwrap()),
    urgency: nullable(draftFields.urgency.unwrap()),
    confidentiality: nullable(draftFields.confidentiality.unwrap()),
    formalities: nullable(draftFields.formalities.unwrap()),
    language: nullable(LanguageCode),
    attachments: nullable(draftFields.attachments.unwrap()),
  })
  .strict()
  .meta({
    examples: [
      {
        expectedVersion: 2,
        issuingAuthority: {
          name: 'Parquet de Paris',
          address: '4 boulevard du Palais, 75001 Paris',
          phone: '+33 1 00 00 00 00',
          email: 'entraide@parquet-paris.example',
        },
      },
    ],
  });
export type UpdateRequest = z.infer<typeof UpdateRequest>;

export const FindingsSummary = z.object({
  blocking: z.number().int(),
  warnings: z.number().int(),
  submittable: z.boolean().describe('No blocking finding: the draft may be submitted for approval'),
});

export const RequestSummary = z.object({
  id: Id,
  version: z.number().int().min(1).describe('Current version; send it back as `expectedVersion`'),
  status: RequestState.describe('Lifecycle state (see GET /api/requests/{id}/lifecycle)'),
  kind: RequestKind,
  title: z.string().nullable(),
  instrumentId: InstrumentId.nullable(),
  requestingState: CountryCode.nullable(),
  requestedState: CountryCode.nullable(),
  reference: z.string().nullable().describe('Proceedings reference'),
  urgent: z.boolean(),
  classification: ClearanceLevel,
  caseId: Id.nullable(),
  agencyId: Id.describe('The drafting agency'),
  createdBy: Id.nullable().describe('null: received from a partner node (its author is on that node)'),
  updatedBy: Id.nullable(),
  personCount: z.number().int(),
  exercise: z.boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export const MlaRequest = RequestSummary.extend({
  draft: RequestDraft,
  findings: FindingsSummary,
});
export const RequestPolicies = z.object({
  read: z.boolean(),
  update: z.boolean(),
  document: z.boolean(),
});
export const RequestResponse = z.object({ data: MlaRequest, policies: RequestPolicies });
export const RequestListResponse = z.object({
  items: z.array(z.object({ data: RequestSummary, policies: RequestPolicies })),
});
export const RequestListQuery = z
  .object({
    mine: z
      .enum(['true', 'false'])
      .optional()
      .describe('true: only requests I created; otherwise every request I may read'),
    direction: z
      .enum(['all', 'outgoing', 'incoming'])
      .default('all')
      .describe(
        '`outgoing`: drafted by my agency; `incoming`: my agency is another party (recipient, validator, executing agency); `all`: both',
      ),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();
export const RequestGetQuery = z
  .object({ version: z.coerce.number().int().min(1).optional().describe('An earlier version') })
  .strict();

export const RequestVersionsResponse = z.object({
  items: z.array(
    z.object({
      version: z.number().int(),
      contentHash: z.string(),
      createdAt: Timestamp,
      createdBy: Id,
    }),
  ),
});

export const Finding = z.object({
  code: z.string().describe('Stable finding code, e.g. `missing-content`'),
  severity: z.enum(['blocking', 'warning']),
  path: z.string().describe('Field path in the draft, e.g. `issuingAuthority.email`'),
  messageKey: z.string().describe('i18n key (`legal.findings.<code>`), with `params`'),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  message: z.string().describe('In the language asked for (`lang`, Accept-Language), else English'),
  citation: z.string(),
  verified: z.boolean(),
});
export const FindingsResponse = FindingsSummary.extend({
  requestId: Id,
  version: z.number().int(),
  at: IsoDate.describe('Date the draft was checked for'),
  language: z.string().describe('Language of the messages'),
  instrument: z
    .object({ id: InstrumentId, version: z.number().int() })
    .nullable()
    .describe('The instrument and its registry version the draft was checked against'),
  findings: z.array(Finding),
});
export const LanguageQuery = z
  .object({ lang: z.enum(['en', 'fr', 'de', 'es']).optional().describe('Language of messages/labels') })
  .strict();
export const DocumentQuery = z
  .object({
    lang: z
      .enum(['en', 'fr', 'de', 'es'])
      .optional()
      .describe('Second label language (default: requested state’s)'),
  })
  .strict();
