import { type Assessment, assessInstrument, type Obstacle } from './applicability.ts';
import {
  checkDualCriminality,
  checkLanguage,
  checkPenaltyThreshold,
  checkPersons,
  checkRequiredContents,
  checkUrgency,
  type DraftContext,
} from './draft-checks.ts';
import { type Finding, finding, paramText } from './findings.ts';
import type { Instrument, IsoDate, MeasureId } from './legal.types.ts';
import { today } from './legal-advisor.ts';
import type { LegalRegistry } from './registry.ts';
import { isPresent, type RequestDraft } from './request-draft.ts';

// The draft validator: checks a request draft against the instrument it names, and returns findings
// (blocking or warning) with the article each rests on. Pure; never throws, whatever the draft holds.

export interface ValidateDraftOptions {
  /** The date the request would be sent (`YYYY-MM-DD`); today when absent. */
  readonly at?: IsoDate;
}

const LIST_FIELDS = ['persons', 'offences', 'measures', 'translations'] as const;

/** Any value becomes a draft: non-objects are empty, list fields that are not arrays are dropped. */
function asDraft(value: unknown): RequestDraft {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  const draft: Record<string, unknown> = { ...value };
  for (const key of LIST_FIELDS)
    if (draft[key] !== undefined && !Array.isArray(draft[key])) delete draft[key];
  return draft as RequestDraft;
}

function checkStates(registry: LegalRegistry, draft: RequestDraft): Finding[] {
  const out: Finding[] = [];
  for (const key of ['requestingState', 'requestedState'] as const) {
    const value = draft[key];
    if (!isPresent(value)) {
      out.push(
        finding({
          code: 'missing-content',
          severity: 'blocking',
          path: key,
          params: { label: key, field: key },
          citation: 'Comity: request header',
          verified: true,
        }),
      );
    } else if (!registry.statesByCode.has(String(value))) {
      out.push(
        finding({
          code: 'unknown-state',
          severity: 'blocking',
          path: key,
          params: { state: String(value) },
          citation: 'ISO 3166-1 alpha-2',
          verified: true,
        }),
      );
    }
  }
  return out;
}

function knownMeasures(registry: LegalRegistry, draft: RequestDraft, instrument: Instrument) {
  const known: { id: MeasureId; index: number }[] = [];
  const findings: Finding[] = [];
  (draft.measures ?? []).forEach((m, index) => {
    const id = m?.id;
    const measure = typeof id === 'string' ? registry.measuresById.get(id) : undefined;
    if (measure) known.push({ id: measure.id, index });
    else
      findings.push(
        finding({
          code: 'unknown-measure',
          severity: 'blocking',
          path: `measures.${index}.id`,
          params: { measure: String(id ?? '') },
          citation: instrument.citation,
          verified: instrument.verified,
        }),
      );
  });
  return { known, findings };
}

function obstacleFindings(
  o: Obstacle,
  instrument: Instrument,
  draft: RequestDraft,
  measures: readonly { id: MeasureId; index: number }[],
): Finding[] {
  const base = { citation: o.citation, verified: o.verified };
  const name = instrument.shortTitle;
  const perMeasure = (code: Finding['code']) =>
    measures
      .filter((m) => o.measures?.includes(m.id))
      .map((m) =>
        finding({
          ...base,
          code,
          severity: 'blocking',
          path: `measures.${m.index}.id`,
          params: { measure: m.id, instrument: name },
        }),
      );
  switch (o.code) {
    case 'not-in-force':
      return [
        finding({
          ...base,
          code: 'instrument-not-in-force',
          severity: 'blocking',
          path: 'instrumentId',
          params: { instrument: name, reason: o.reason },
        }),
      ];
    case 'not-bilateral-pair':
    case 'state-not-bound':
    case 'state-not-party':
    case 'outside-party-period': {
      const path =
        o.state === draft.requestingState
          ? 'requestingState'
          : o.state === draft.requestedState
            ? 'requestedState'
            : 'instrumentId';
      return [
        finding({
          ...base,
          code: 'state-not-party',
          severity: 'blocking',
          path,
          params: { reason: o.reason, instrument: name, state: o.state ?? '' },
        }),
      ];
    }
    case 'surrender-under-evidence-instrument':
    case 'evidence-under-surrender-instrument':
    case 'measure-not-covered':
      return perMeasure(o.code);
    case 'offence-outside-scope': {
      const index = Math.max(
        0,
        (draft.offences ?? []).findIndex((x) => x?.category !== undefined),
      );
      return [
        finding({
          ...base,
          code: 'offence-outside-scope',
          severity: 'warning',
          path: `offences.${index}.category`,
          params: { category: String(draft.offences?.[index]?.category ?? ''), instrument: name },
        }),
      ];
    }
    case 'replaced':
      return [];
  }
}

/** EU instruments replace older conventions between the states they bind (EIO Art. 34, EAW Art. 31). */
function replacementFindings(
  registry: LegalRegistry,
  assessment: Assessment,
  ctx: Parameters<typeof assessInstrument>[2],
): Finding[] {
  if (!assessment.applies) return [];
  const out: Finding[] = [];
  for (const other of registry.instruments) {
    const r = other.replaces?.find((x) => x.instrument === assessment.instrument.id);
    if (!r || !assessInstrument(registry, other, ctx).applies) continue;
    out.push(
      finding({
        code: 'instrument-replaced',
        severity: 'warning',
        path: 'instrumentId',
        params: { instrument: assessment.instrument.shortTitle, replacedBy: other.shortTitle },
        citation: r.citation,
        verified: r.verified,
      }),
    );
  }
  return out;
}

export function validateDraft(
  registry: LegalRegistry,
  input: unknown,
  options: ValidateDraftOptions = {},
): Finding[] {
  const draft = asDraft(input);
  const findings = checkStates(registry, draft);
  if (isPresent(draft.requestingState) && draft.requestingState === draft.requestedState) {
    return [
      ...findings,
      finding({
        code: 'same-state',
        severity: 'blocking',
        path: 'requestedState',
        params: { state: String(draft.requestedState) },
        citation: 'Comity: a request goes to another state',
        verified: true,
      }),
    ];
  }
  if (!isPresent(draft.instrumentId)) {
    findings.push(
      finding({
        code: 'missing-content',
        severity: 'blocking',
        path: 'instrumentId',
        params: { ...paramText('label', 'label.instrumentId'), field: 'instrumentId' },
        citation: 'Comity: request header',
        verified: true,
      }),
    );
    return findings;
  }
  const instrument = registry.instrumentsById.get(String(draft.instrumentId));
  if (!instrument) {
    findings.push(
      finding({
        code: 'unknown-instrument',
        severity: 'blocking',
        path: 'instrumentId',
        params: { instrumentId: String(draft.instrumentId) },
        citation: 'Comity legal registry',
        verified: true,
      }),
    );
    return findings;
  }
  if (draft.kind !== undefined && !instrument.requestKinds.includes(draft.kind)) {
    findings.push(
      finding({
        code: 'kind-instrument-mismatch',
        severity: 'blocking',
        path: 'kind',
        params: { kind: String(draft.kind), instrument: instrument.shortTitle },
        citation: instrument.citation,
        verified: instrument.verified,
      }),
    );
  }
  const measures = knownMeasures(registry, draft, instrument);
  findings.push(...measures.findings);
  if (measures.known.length === 0 && measures.findings.length === 0) {
    // Every instrument needs to know what is asked for.
    findings.push(
      finding({
        code: 'missing-content',
        severity: 'blocking',
        path: 'measures',
        params: { ...paramText('label', 'label.measures'), field: 'measures' },
        citation: instrument.citation,
        verified: instrument.verified,
      }),
    );
  }

  const statesKnown = findings.every(
    (f) => f.code !== 'unknown-state' && !(f.code === 'missing-content' && f.path.endsWith('State')),
  );
  let assessment: Assessment | undefined;
  if (statesKnown) {
    const ctx = {
      requestingState: String(draft.requestingState),
      requestedState: String(draft.requestedState),
      measures: measures.known.map((m) => m.id),
      offenceCategory: draft.offences?.find((o) => o?.category !== undefined)?.category,
      at: options.at ?? today(),
    };
    assessment = assessInstrument(registry, instrument, ctx);
    for (const o of assessment.obstacles)
      findings.push(...obstacleFindings(o, instrument, draft, measures.known));
    findings.push(...replacementFindings(registry, assessment, ctx));
  }

  const dctx: DraftContext = {
    registry,
    instrument,
    draft,
    measures: measures.known,
    ...(assessment?.requested ? { requested: assessment.requested } : {}),
  };
  findings.push(
    ...checkRequiredContents(dctx),
    ...checkLanguage(dctx),
    ...checkDualCriminality(dctx),
    ...checkPenaltyThreshold(dctx),
    ...checkUrgency(dctx),
    ...checkPersons(dctx),
  );
  return findings;
}

/** True when no finding blocks sending the request. */
export function isSendable(findings: readonly Finding[]): boolean {
  return findings.every((f) => f.severity !== 'blocking');
}
