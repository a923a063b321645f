import type { RequestDraft } from '@comity/contracts';
import type { Finding, Instrument, LegalRegistry } from '../../legal/index.ts';
import { translationLanguages } from '../draft-content.ts';
import { isLabelLanguage, type LabelCode, type LabelLanguage, label } from './labels.ts';

// What a rendered request shows, independent of the PDF library: sections (EIO Annex A sections A–L,
// or the numbered parts of a structured letter of request), each with the legal rules it rests on
// and its fields as language-neutral label codes with values. Pure; request-pdf.ts draws it.

export interface LegalMark {
  citation: string;
  verified: boolean;
}

export interface DocField {
  label: LabelCode;
  labelParams?: Record<string, string | number>;
  /** The value as shown (in the drafting language); null when not given. */
  value: string | null;
  /** Free text written by the drafter: needs a translation unless the language is accepted. */
  free?: boolean;
  /** A blocking finding names this field. */
  missing?: boolean;
}

export interface DocBlock {
  heading?: { label: LabelCode; params: Record<string, string | number> };
  fields: DocField[];
}

export interface DocSection {
  /** `A`…`L` for EIOs, `1`…`13` for letters. */
  marker: string;
  title: LabelCode;
  legal: LegalMark[];
  blocks: DocBlock[];
}

export interface DocumentModel {
  layout: 'eio-annex-a' | 'letter-of-request';
  title: LabelCode;
  /** Drafting language (first label column) and the requested state's language (second). */
  first: LabelLanguage;
  second: LabelLanguage;
  /** Set when the requested state's language has no label catalogue. */
  secondWanted?: string;
  instrument: { id: string; title: string; citation: string; verified: boolean; version: number } | null;
  requestingState: string | null;
  requestedState: string | null;
  acceptedLanguages: string[];
  translation: { needed: boolean; targets: string[]; attached: string[] };
  sections: DocSection[];
  findings: Finding[];
  /** Date the findings were computed for. */
  findingsAt: string;
}

export interface DocumentInput {
  draft: RequestDraft;
  registry: LegalRegistry;
  instrumentVersion: number | null;
  findings: readonly Finding[];
  findingsAt: string;
  /** Second label language asked for; default: the requested state's. */
  lang?: LabelLanguage | undefined;
  /**
   * The judicial validation as recorded by the `validate` step (EIO Art. 2(c)(ii)), on this node or
   * as the requesting node stated it; absent when none is recorded. Section L shows it beside the
   * validating authority the draft names.
   */
  validation?: RecordedValidation | undefined;
}

export interface RecordedValidation {
  agencyName: string | null;
  validatedAt: string;
}

const EIO_LABELS = 'Dir. 2014/41/EU Annex A';

function acceptedLanguagesOf(
  registry: LegalRegistry,
  instrument: Instrument | undefined,
  state: string | undefined,
) {
  if (!state) return [];
  const party = instrument ? registry.partiesByInstrument.get(instrument.id)?.get(state)?.[0] : undefined;
  return [...(party?.declarations.languages ?? registry.statesByCode.get(state)?.officialLanguages ?? [])];
}

function displayName(type: 'region' | 'language', code: string, language: LabelLanguage): string {
  try {
    const name = new Intl.DisplayNames([language], { type }).of(code);
    return name && name !== code ? `${name} (${code})` : code;
  } catch {
    return code;
  }
}

/** Builds the model: which layout, which languages, which sections with which fields and rules. */
export function buildDocumentModel(input: DocumentInput): DocumentModel {
  const { draft, registry } = input;
  const instrument = draft.instrumentId ? registry.instrumentsById.get(draft.instrumentId) : undefined;
  const accepted = acceptedLanguagesOf(registry, instrument, draft.requestedState);
  const first: LabelLanguage = isLabelLanguage(draft.language) ? draft.language : 'en';
  const wanted =
    input.lang ?? accepted.find((l) => l !== first && isLabelLanguage(l)) ?? accepted[0] ?? first;
  const second: LabelLanguage = isLabelLanguage(wanted) ? wanted : 'en';

  const attached = translationLanguages(draft).filter((l) => accepted.includes(l));
  const writtenAccepted = draft.language !== undefined && accepted.includes(draft.language);
  const translation = {
    needed: accepted.length > 0 && !writtenAccepted && attached.length === 0,
    targets: accepted,
    attached,
  };

  const blocking = new Set(input.findings.filter((f) => f.severity === 'blocking').map((f) => f.path));
  const ctx: Ctx = { draft, registry, instrument, first, blocking, accepted, validation: input.validation };
  const layout = draft.kind === 'eio' || draft.instrumentId === 'eio' ? 'eio-annex-a' : 'letter-of-request';
  return {
    layout,
    title: layout === 'eio-annex-a' ? 'title.eio' : (`title.${draft.kind}` as LabelCode),
    first,
    second,
    ...(isLabelLanguage(wanted) ? {} : { secondWanted: wanted }),
    instrument: instrument
      ? {
          id: instrument.id,
          title: instrument.title,
          citation: instrument.citation,
          verified: instrument.verified,
          version: input.instrumentVersion ?? 0,
        }
      : null,
    requestingState: draft.requestingState ?? null,
    requestedState: draft.requestedState ?? null,
    acceptedLanguages: accepted,
    translation,
    sections: layout === 'eio-annex-a' ? eioSections(ctx) : letterSections(ctx),
    findings: [...input.findings],
    findingsAt: input.findingsAt,
  };
}

interface Ctx {
  draft: RequestDraft;
  registry: LegalRegistry;
  instrument: Instrument | undefined;
  first: LabelLanguage;
  blocking: ReadonlySet<string>;
  accepted: readonly string[];
  validation: RecordedValidation | undefined;
}

const has = (v: unknown): v is string | number | boolean =>
  v !== undefined && v !== null && (typeof v !== 'string' || v.trim().length > 0);

function field(
  ctx: Ctx,
  code: LabelCode,
  path: string,
  value: unknown,
  o: { free?: boolean; params?: Record<string, string | number> } = {},
): DocField {
  return {
    label: code,
    ...(o.params ? { labelParams: o.params } : {}),
    value: has(value) ? String(value) : null,
    ...(o.free ? { free: true } : {}),
    ...(ctx.blocking.has(path) ? { missing: true } : {}),
  };
}

const yesNo = (ctx: Ctx, v: boolean | undefined) =>
  v === undefined ? label('doc.unknown', ctx.first) : label(v ? 'doc.yes' : 'doc.no', ctx.first);
const state = (ctx: Ctx, code: string | undefined) =>
  code ? displayName('region', code, ctx.first) : undefined;
const lang = (ctx: Ctx, code: string) => displayName('language', code, ctx.first);

/** The rules of the chosen instrument behind the draft fields under these prefixes. */
function rulesFor(ctx: Ctx, prefixes: readonly string[], extra: LegalMark[] = []): LegalMark[] {
  const out = [...extra];
  for (const rc of ctx.instrument?.requiredContents ?? []) {
    if (rc.fields.some((f) => prefixes.some((p) => f === p || f.startsWith(`${p}.`))))
      out.push({ citation: rc.citation, verified: rc.verified });
  }
  const seen = new Set<string>();
  return out.filter((m) => {
    if (seen.has(m.citation)) return false;
    seen.add(m.citation);
    return true;
  });
}

/** Who validated and when, as recorded by the `validate` step (EIO Art. 2(c)(ii)); none before. */
function recordedValidationFields(ctx: Ctx): DocField[] {
  const v = ctx.validation;
  if (!v) return [];
  return [
    field(ctx, 'field.validatedBy', 'validation.agency', v.agencyName),
    field(ctx, 'field.validatedAt', 'validation.at', v.validatedAt.slice(0, 16).replace('T', ' ')),
  ];
}

function authorityFields(
  ctx: Ctx,
  key: 'issuingAuthority' | 'validatingAuthority' | 'requestedAuthority',
): DocField[] {
  const a = ctx.draft[key];
  return [
    field(ctx, 'field.authorityName', `${key}.name`, a?.name),
    field(ctx, 'field.authorityAddress', `${key}.address`, a?.address),
    field(ctx, 'field.authorityPhone', `${key}.phone`, a?.phone),
    field(ctx, 'field.authorityEmail', `${key}.email`, a?.email),
    field(ctx, 'field.authorityReference', `${key}.reference`, a?.reference),
  ];
}

function personBlocks(ctx: Ctx): DocBlock[] {
  const persons = ctx.draft.persons ?? [];
  if (persons.length === 0) return [{ fields: [field(ctx, 'field.name', 'persons', undefined)] }];
  return persons.map((p, i) => ({
    heading: { label: 'doc.person', params: { n: i + 1 } },
    fields: [
      field(ctx, 'field.role', `persons.${i}.role`, p.role ? label(`role.${p.role}`, ctx.first) : undefined),
      field(ctx, 'field.name', `persons.${i}.name`, p.name),
      field(ctx, 'field.dateOfBirth', `persons.${i}.dateOfBirth`, p.dateOfBirth),
      field(ctx, 'field.placeOfBirth', `persons.${i}.placeOfBirth`, p.placeOfBirth),
      field(ctx, 'field.nationality', `persons.${i}.nationality`, state(ctx, p.nationality)),
      field(ctx, 'field.address', `persons.${i}.address`, p.address),
      field(
        ctx,
        'field.identifiers',
        `persons.${i}.identifiers`,
        p.identifiers
          ? Object.entries(p.identifiers)
              .map(([k, v]) => `${k}: ${v}`)
              .join('\n')
          : undefined,
      ),
      field(ctx, 'field.description', `persons.${i}.description`, p.description, { free: true }),
    ],
  }));
}

function measureBlocks(ctx: Ctx): DocBlock[] {
  const measures = ctx.draft.measures ?? [];
  if (measures.length === 0) return [{ fields: [field(ctx, 'field.measure', 'measures', undefined)] }];
  return measures.map((m, i) => {
    const person = m.personIndex !== undefined ? ctx.draft.persons?.[m.personIndex] : undefined;
    return {
      heading: { label: 'doc.measure', params: { n: i + 1 } },
      fields: [
        field(ctx, 'field.measure', `measures.${i}.id`, label(`measure.${m.id}`, ctx.first)),
        field(ctx, 'field.measureDetails', `measures.${i}.details`, m.details, { free: true }),
        ...(m.personIndex !== undefined
          ? [
              field(
                ctx,
                'field.concerns',
                `measures.${i}.personIndex`,
                `${label('doc.person', ctx.first, { n: m.personIndex + 1 })}${person?.name ? ` — ${person.name}` : ''}`,
              ),
            ]
          : []),
      ],
    };
  });
}

function offenceBlocks(ctx: Ctx): DocBlock[] {
  const offences = ctx.draft.offences ?? [];
  if (offences.length === 0)
    return [{ fields: [field(ctx, 'field.legalClassification', 'offences', undefined, { free: true })] }];
  return offences.map((o, i) => {
    const category = o.category ? ctx.registry.offenceCategoriesById.get(o.category) : undefined;
    return {
      heading: { label: 'doc.offence', params: { n: i + 1 } },
      fields: [
        field(ctx, 'field.legalClassification', `offences.${i}.legalClassification`, o.legalClassification, {
          free: true,
        }),
        field(
          ctx,
          'field.offenceCategory',
          `offences.${i}.category`,
          category
            ? `${category.label} — ${label('doc.annexD', ctx.first, { n: category.number })}`
            : o.category,
        ),
        field(
          ctx,
          'field.maxPenalty',
          `offences.${i}.maxPenaltyMonths`,
          o.maxPenaltyMonths !== undefined
            ? label('doc.months', ctx.first, { n: o.maxPenaltyMonths })
            : undefined,
        ),
        field(
          ctx,
          'field.punishable',
          `offences.${i}.punishableInRequestedState`,
          yesNo(ctx, o.punishableInRequestedState),
        ),
        field(ctx, 'field.offenceDescription', `offences.${i}.description`, o.description, { free: true }),
      ],
    };
  });
}

function attachmentFields(ctx: Ctx): DocField[] {
  const list = (ctx.draft.attachments ?? []).map((a) =>
    label('doc.attachment', ctx.first, {
      name: a.name,
      kind: a.language ? `${a.kind}, ${a.language}` : a.kind,
    }),
  );
  return [field(ctx, 'field.attachments', 'attachments', list.length ? list.join('\n') : undefined)];
}

function urgencyFields(ctx: Ctx): DocField[] {
  const u = ctx.draft.urgency;
  return [
    field(ctx, 'field.urgent', 'urgency.urgent', yesNo(ctx, u?.urgent)),
    ...(u?.urgent ? [field(ctx, 'field.urgencyReasons', 'urgency.reasons', u.reasons, { free: true })] : []),
    field(ctx, 'field.urgencyDeadline', 'urgency.deadline', u?.deadline),
  ];
}

function confidentialityFields(ctx: Ctx): DocField[] {
  const c = ctx.draft.confidentiality;
  return [
    field(ctx, 'field.confidentiality', 'confidentiality.required', yesNo(ctx, c?.required)),
    ...(c?.required
      ? [field(ctx, 'field.confidentialityReasons', 'confidentiality.reasons', c.reasons, { free: true })]
      : []),
  ];
}

function measureCoverage(ctx: Ctx): LegalMark[] {
  const coverage = ctx.instrument ? ctx.registry.coverageByInstrument.get(ctx.instrument.id) : undefined;
  return (ctx.draft.measures ?? []).flatMap((m) => {
    const c = coverage?.get(m.id);
    return c ? [{ citation: c.citation, verified: c.verified }] : [];
  });
}

/** EIO: Annex A sections A–L (Dir. 2014/41/EU Art. 5(1); section labels unverified). */
function eioSections(ctx: Ctx): DocSection[] {
  const d = ctx.draft;
  const form = (s: string): LegalMark => ({ citation: `${EIO_LABELS}, section ${s}`, verified: false });
  const requested =
    ctx.instrument && d.requestedState
      ? ctx.registry.partiesByInstrument.get(ctx.instrument.id)?.get(d.requestedState)?.[0]
      : undefined;
  const one = (...fields: DocField[]): DocBlock[] => [{ fields }];
  return [
    {
      marker: 'A',
      title: 'eio.A',
      legal: rulesFor(
        ctx,
        ['requestingState', 'requestedState'],
        [
          form('A'),
          ...(requested
            ? [{ citation: requested.declarations.citation, verified: requested.declarations.verified }]
            : []),
        ],
      ),
      blocks: one(
        field(ctx, 'field.requestingState', 'requestingState', state(ctx, d.requestingState)),
        field(ctx, 'field.requestedState', 'requestedState', state(ctx, d.requestedState)),
        field(ctx, 'field.requestedAuthority', 'requestedAuthority.name', d.requestedAuthority?.name),
        field(
          ctx,
          'field.acceptedLanguages',
          'language',
          ctx.accepted.length ? ctx.accepted.map((l) => lang(ctx, l)).join(', ') : undefined,
        ),
      ),
    },
    {
      marker: 'B',
      title: 'eio.B',
      legal: rulesFor(
        ctx,
        ['urgency'],
        [
          form('B'),
          ...(ctx.instrument
            ? [
                {
                  citation: ctx.instrument.urgencyRule.citation,
                  verified: ctx.instrument.urgencyRule.verified,
                },
              ]
            : []),
        ],
      ),
      blocks: one(...urgencyFields(ctx)),
    },
    {
      marker: 'C',
      title: 'eio.C',
      legal: rulesFor(ctx, ['measures'], [form('C'), ...measureCoverage(ctx)]),
      blocks: measureBlocks(ctx),
    },
    {
      marker: 'D',
      title: 'eio.D',
      legal: [form('D')],
      blocks: one(field(ctx, 'field.earlierEio', 'earlierRequest', undefined)),
    },
    {
      marker: 'E',
      title: 'eio.E',
      legal: rulesFor(ctx, ['persons'], [form('E')]),
      blocks: personBlocks(ctx),
    },
    {
      marker: 'F',
      title: 'eio.F',
      legal: rulesFor(ctx, ['proceedings'], [form('F')]),
      blocks: one(
        field(
          ctx,
          'field.proceedingsType',
          'proceedings.type',
          d.proceedings?.type ? label(`proceedings.${d.proceedings.type}`, ctx.first) : undefined,
        ),
        field(ctx, 'field.proceedingsReference', 'proceedings.reference', d.proceedings?.reference),
      ),
    },
    {
      marker: 'G',
      title: 'eio.G',
      legal: rulesFor(
        ctx,
        ['summaryOfFacts', 'offences'],
        [
          form('G'),
          ...(ctx.instrument?.offenceList
            ? [
                {
                  citation: ctx.instrument.offenceList.citation,
                  verified: ctx.instrument.offenceList.verified,
                },
              ]
            : []),
        ],
      ),
      blocks: [
        { fields: [field(ctx, 'field.summaryOfFacts', 'summaryOfFacts', d.summaryOfFacts, { free: true })] },
        ...offenceBlocks(ctx),
      ],
    },
    {
      marker: 'H',
      title: 'eio.H',
      legal: [form('H')],
      blocks: one(field(ctx, 'field.description', 'additionalRequirements', undefined)),
    },
    {
      marker: 'I',
      title: 'eio.I',
      legal: rulesFor(ctx, ['formalities', 'confidentiality'], [form('I')]),
      blocks: one(
        field(ctx, 'field.formalities', 'formalities', d.formalities, { free: true }),
        ...confidentialityFields(ctx),
      ),
    },
    {
      marker: 'J',
      title: 'eio.J',
      legal: [form('J')],
      blocks: one(field(ctx, 'field.legalRemedies', 'legalRemedies', undefined)),
    },
    {
      marker: 'K',
      title: 'eio.K',
      legal: rulesFor(ctx, ['issuingAuthority', 'language'], [form('K')]),
      blocks: [
        {
          fields: [
            ...authorityFields(ctx, 'issuingAuthority'),
            field(ctx, 'field.language', 'language', d.language ? lang(ctx, d.language) : undefined),
            ...attachmentFields(ctx),
          ],
        },
      ],
    },
    {
      marker: 'L',
      title: 'eio.L',
      legal: rulesFor(ctx, ['validatingAuthority'], [form('L')]),
      blocks: one(...authorityFields(ctx, 'validatingAuthority'), ...recordedValidationFields(ctx)),
    },
  ];
}

/** Treaty-based requests: a structured letter of request, its parts tied to the instrument's contents. */
function letterSections(ctx: Ctx): DocSection[] {
  const d = ctx.draft;
  const i = ctx.instrument;
  const requested =
    i && d.requestedState
      ? ctx.registry.partiesByInstrument.get(i.id)?.get(d.requestedState)?.[0]
      : undefined;
  const channel = i?.channelRules.find((r) => r.when === 'default') ?? i?.channelRules[0];
  const one = (...fields: DocField[]): DocBlock[] => [{ fields }];
  return [
    {
      marker: '1',
      title: 'letter.1',
      legal: rulesFor(ctx, ['issuingAuthority']),
      blocks: one(...authorityFields(ctx, 'issuingAuthority')),
    },
    {
      marker: '2',
      title: 'letter.2',
      legal: requested
        ? [{ citation: requested.declarations.citation, verified: requested.declarations.verified }]
        : [],
      blocks: one(
        field(ctx, 'field.requestedState', 'requestedState', state(ctx, d.requestedState)),
        ...authorityFields(ctx, 'requestedAuthority').slice(0, 4),
        field(ctx, 'field.centralAuthority', 'centralAuthority', requested?.declarations.centralAuthority),
        field(ctx, 'field.channel', 'channel', channel?.description),
      ),
    },
    {
      marker: '3',
      title: 'letter.3',
      legal: i
        ? [
            { citation: i.citation, verified: i.verified },
            ...(channel ? [{ citation: channel.citation, verified: channel.verified }] : []),
          ]
        : [],
      blocks: one(
        field(ctx, 'field.instrument', 'instrumentId', i?.title),
        field(ctx, 'field.kind', 'kind', label(`kind.${d.kind}`, ctx.first)),
        field(ctx, 'field.requestingState', 'requestingState', state(ctx, d.requestingState)),
      ),
    },
    {
      marker: '4',
      title: 'letter.4',
      legal: rulesFor(ctx, ['proceedings']),
      blocks: one(
        field(
          ctx,
          'field.proceedingsType',
          'proceedings.type',
          d.proceedings?.type ? label(`proceedings.${d.proceedings.type}`, ctx.first) : undefined,
        ),
        field(ctx, 'field.proceedingsReference', 'proceedings.reference', d.proceedings?.reference),
      ),
    },
    { marker: '5', title: 'letter.5', legal: rulesFor(ctx, ['persons']), blocks: personBlocks(ctx) },
    {
      marker: '6',
      title: 'letter.6',
      legal: rulesFor(
        ctx,
        ['offences'],
        i ? [{ citation: i.dualCriminality.citation, verified: i.dualCriminality.verified }] : [],
      ),
      blocks: offenceBlocks(ctx),
    },
    {
      marker: '7',
      title: 'letter.7',
      legal: rulesFor(ctx, ['summaryOfFacts']),
      blocks: one(field(ctx, 'field.summaryOfFacts', 'summaryOfFacts', d.summaryOfFacts, { free: true })),
    },
    {
      marker: '8',
      title: 'letter.8',
      legal: rulesFor(ctx, ['measures'], measureCoverage(ctx)),
      blocks: measureBlocks(ctx),
    },
    {
      marker: '9',
      title: 'letter.9',
      legal: rulesFor(ctx, ['formalities']),
      blocks: one(field(ctx, 'field.formalities', 'formalities', d.formalities, { free: true })),
    },
    {
      marker: '10',
      title: 'letter.10',
      legal: rulesFor(ctx, ['confidentiality']),
      blocks: one(...confidentialityFields(ctx)),
    },
    {
      marker: '11',
      title: 'letter.11',
      legal: rulesFor(
        ctx,
        ['urgency'],
        i ? [{ citation: i.urgencyRule.citation, verified: i.urgencyRule.verified }] : [],
      ),
      blocks: one(...urgencyFields(ctx)),
    },
    {
      marker: '12',
      title: 'letter.12',
      legal: rulesFor(
        ctx,
        ['language'],
        i ? [{ citation: i.languageRule.citation, verified: i.languageRule.verified }] : [],
      ),
      blocks: one(
        field(ctx, 'field.language', 'language', d.language ? lang(ctx, d.language) : undefined),
        field(
          ctx,
          'field.acceptedLanguages',
          'acceptedLanguages',
          ctx.accepted.length ? ctx.accepted.map((l) => lang(ctx, l)).join(', ') : undefined,
        ),
        field(
          ctx,
          'field.translations',
          'translations',
          translationLanguages(d).length
            ? translationLanguages(d)
                .map((l) => lang(ctx, l))
                .join(', ')
            : undefined,
        ),
      ),
    },
    { marker: '13', title: 'letter.13', legal: [], blocks: one(...attachmentFields(ctx)) },
  ];
}
