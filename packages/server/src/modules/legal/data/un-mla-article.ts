import type { Instrument, MeasureCoverage, PartyDeclarations, RequiredContent } from '../legal.types.ts';
import { stateParties } from './party-builders.ts';
import { ALL_STATE_CODES } from './states.ts';

// UNTOC Art. 18 and UNCAC Art. 46 share the same structure ("mini-MLA treaty"; UNCAC 46(13)-(24)
// mirror UNTOC 18 [unverified]). This builder states that structure once; untoc.ts and uncac.ts
// give the article, the citation and which facts the reference file confirms for each.

export interface UnMlaOptions {
  readonly id: 'untoc' | 'uncac';
  readonly prefix: string; // e.g. 'UNTOC Art. 18'
  readonly title: string;
  readonly shortTitle: string;
  readonly citation: string;
  readonly verified: boolean;
  readonly version: string;
  readonly inForce: Instrument['inForce'];
  /** Whether the reference file confirms the central-authority and language paragraphs (13)-(14). */
  readonly paragraphs13and14Verified: boolean;
  readonly declarations?: Readonly<Record<string, PartyDeclarations>>;
  readonly subjectScope: NonNullable<Instrument['subjectScope']>;
  readonly note?: string;
}

const PARA3_NOTE = 'Paragraph (3) list not in the reference file; general knowledge, not yet checked.';

export function buildUnMlaInstrument(o: UnMlaOptions): Instrument {
  const p = o.prefix;
  const cover = (measure: MeasureCoverage['measure'], paragraph: string): MeasureCoverage => ({
    measure,
    citation: `${p}${paragraph}`,
    verified: false,
    note: PARA3_NOTE,
  });
  const content = (
    id: string,
    label: string,
    fields: string[],
    para: string,
    extra?: Partial<RequiredContent>,
  ): RequiredContent => ({
    id,
    label,
    fields,
    severity: 'blocking',
    check: 'auto',
    citation: `${p}(15)(${para})`,
    verified: false,
    note: 'Paragraph (15) contents marked [unverified] in the reference file.',
    ...extra,
  });
  return {
    id: o.id,
    title: o.title,
    shortTitle: o.shortTitle,
    kind: 'un-convention',
    scope: 'evidence',
    citation: o.citation,
    verified: o.verified,
    version: o.version,
    ...(o.note ? { note: o.note } : {}),
    ...(o.inForce ? { inForce: o.inForce } : {}),
    parties: stateParties(ALL_STATE_CODES, {
      citation: `${o.shortTitle} (ratifications)`,
      verified: false,
      declarationCitation: `${p}(14)`,
      channel: 'central-authority',
      ...(o.declarations ? { declarations: o.declarations } : {}),
    }),
    exceptions: [],
    requestKinds: ['mla', 'spontaneous'],
    measures: [
      cover('hearing-witness', '(3)(a)'),
      cover('hearing-suspect', '(3)(a)'),
      cover('service-of-documents', '(3)(b)'),
      cover('search-seizure', '(3)(c)'),
      cover('freezing', '(3)(c)'),
      cover('banking-information', '(3)(f)'),
      cover('subscriber-data', '(3)(f)'),
      cover('traffic-data', '(3)(f)'),
      cover('content-data', '(3)(f)'),
      cover('preservation', '(3)(i)'),
      cover('interception', '(3)(i)'),
      cover('banking-monitoring', '(3)(i)'),
      cover('covert-investigation', '(3)(i)'),
      cover('controlled-delivery', '(3)(i)'),
      cover('transfer-detained-person', '(10)'),
      cover('videoconference', '(18)'),
    ],
    requiredContents: [
      content(
        'requesting-authority',
        'Identity of the authority making the request',
        ['issuingAuthority.name'],
        'a',
      ),
      content(
        'subject-matter-and-nature',
        'Subject matter and nature of the investigation, prosecution or proceedings, and the conducting authority',
        ['proceedings.type', 'proceedings.reference'],
        'b',
      ),
      content(
        'facts-summary',
        'Summary of the relevant facts (not for service of documents)',
        ['summaryOfFacts'],
        'c',
        { unlessOnlyMeasures: ['service-of-documents'] },
      ),
      content(
        'assistance-sought',
        'Description of the assistance sought and any particular procedure',
        ['measures'],
        'd',
      ),
      content(
        'person-identity',
        'Identity, location and nationality of any person concerned, where possible',
        ['persons'],
        'e',
        { severity: 'warning' },
      ),
      content(
        'purpose',
        'Purpose for which the evidence, information or action is sought',
        ['measures.*.details'],
        'f',
      ),
    ],
    deadlineRules: [],
    // (24): as soon as possible, taking account of the requester's deadlines; no fixed period [unverified].
    executionPace: {
      description: 'As soon as possible, taking full account of deadlines suggested by the requesting Party',
      citation: `${p}(24)`,
      verified: false,
    },
    refusalGrounds: [
      {
        id: 'request_not_conforming',
        kind: 'optional',
        description: 'Request not made in conformity with the article',
        citation: `${p}(21)(a)`,
        verified: false,
      },
      {
        id: 'essential_interests',
        kind: 'optional',
        description: 'Sovereignty, security, ordre public or other essential interests',
        citation: `${p}(21)(b)`,
        verified: false,
      },
      {
        id: 'domestic_law_prohibits',
        kind: 'optional',
        description: 'Domestic law would prohibit the action for a similar domestic offence',
        citation: `${p}(21)(c)`,
        verified: false,
      },
      {
        id: 'contrary_to_legal_system',
        kind: 'optional',
        description: 'Contrary to the legal system of the requested Party',
        citation: `${p}(21)(d)`,
        verified: false,
      },
      {
        id: 'dual_criminality',
        kind: 'optional',
        description: 'Absence of dual criminality (discretionary)',
        citation: `${p}(9)`,
        verified: false,
        dualCriminality: true,
      },
    ],
    // (9): the requested Party may decline for absence of dual criminality [unverified].
    dualCriminality: { required: 'optional', citation: `${p}(9)`, verified: false },
    subjectScope: o.subjectScope,
    channelRules: [
      // (13): central authority designated at ratification.
      {
        id: `${o.id}-central-authority`,
        kind: 'central-authority',
        when: 'default',
        description: 'Central authority designated by each Party',
        citation: `${p}(13)`,
        verified: o.paragraphs13and14Verified,
      },
      {
        id: `${o.id}-interpol`,
        kind: 'interpol',
        when: 'urgent',
        description: 'Urgent: through Interpol, where the Parties agree',
        citation: `${p}(13)`,
        verified: false,
      },
    ],
    languageRule: {
      description:
        'Written, in a language acceptable to the requested Party (declared at ratification); urgent oral requests confirmed in writing',
      citation: `${p}(14)`,
      verified: o.paragraphs13and14Verified,
      note: 'Urgent oral requests unverified.',
    },
    urgencyRule: {
      description: 'State the deadline and reasons so the requested Party can take account of them',
      citation: `${p}(24)`,
      verified: false,
    },
    remarks: [
      {
        text: 'Subsidiary: where the Parties are bound by an MLA treaty, its provisions apply instead of paragraphs (9)-(29) unless they agree otherwise',
        citation: `${p}(6)-(7)`,
        verified: false,
        note: 'Not in the reference file.',
      },
      {
        text: 'Not refused on the sole ground of bank secrecy or that the offence involves fiscal matters',
        citation: `${p}(8), (22)`,
        verified: false,
      },
    ],
  };
}
