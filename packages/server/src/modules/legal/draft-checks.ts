import { type Finding, finding, paramText } from './findings.ts';
import type { Instrument, MeasureId, Party, RequiredContent } from './legal.types.ts';
import { categoryOnList, categoryWaives, dualCriminalityRequired } from './legal-rules.ts';
import type { LegalRegistry } from './registry.ts';
import { isPresent, type RequestDraft, valuesAt } from './request-draft.ts';

// Content checks of a draft against the chosen instrument: mandatory contents, language, dual
// criminality, penalty threshold, urgency reasons and person data. Each check returns findings and
// never throws; request-validator.ts decides when they run.

export interface DraftContext {
  readonly registry: LegalRegistry;
  readonly instrument: Instrument;
  readonly draft: RequestDraft;
  /** Known measure ids of the draft, with their index in `draft.measures`. */
  readonly measures: readonly { readonly id: MeasureId; readonly index: number }[];
  readonly requested?: Party;
}

function contentApplies(rc: RequiredContent, ctx: DraftContext): boolean {
  if (rc.check !== 'auto') return false;
  if (rc.requestKinds && (ctx.draft.kind === undefined || !rc.requestKinds.includes(ctx.draft.kind)))
    return false;
  const ids = ctx.measures.map((m) => m.id);
  if (rc.unlessOnlyMeasures && ids.length > 0 && ids.every((m) => rc.unlessOnlyMeasures?.includes(m)))
    return false;
  if (rc.onlyWithMeasures && !ids.some((m) => rc.onlyWithMeasures?.includes(m))) return false;
  return true;
}

/** `measures.*.…` fields of a content item limited to some measures look only at those measures. */
function fieldValues(rc: RequiredContent, field: string, ctx: DraftContext) {
  const values = valuesAt(ctx.draft, field);
  if (!rc.onlyWithMeasures || !field.startsWith('measures.*')) return values;
  const wanted = new Set(
    ctx.measures.filter((m) => rc.onlyWithMeasures?.includes(m.id)).map((m) => `measures.${m.index}.`),
  );
  return values.filter((v) => [...wanted].some((prefix) => v.path.startsWith(prefix)));
}

export function checkRequiredContents(ctx: DraftContext): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const rc of ctx.instrument.requiredContents) {
    if (!contentApplies(rc, ctx)) continue;
    for (const field of rc.fields) {
      for (const { path, value } of fieldValues(rc, field, ctx)) {
        if (isPresent(value) || seen.has(path)) continue;
        seen.add(path);
        out.push(
          finding({
            code: 'missing-content',
            severity: rc.severity,
            path,
            params: { label: rc.label, field: path },
            citation: rc.citation,
            verified: rc.verified,
          }),
        );
      }
    }
  }
  return out;
}

/**
 * The request must be in a language the requested state accepts under the instrument, or come with a
 * translation into one. Blocking only when that state's declaration is verified: most declarations are
 * not yet encoded, and we do not block a user on a guess.
 */
export function checkLanguage(ctx: DraftContext): Finding[] {
  const { draft, instrument, requested } = ctx;
  const rule = instrument.languageRule;
  if (!isPresent(draft.language)) {
    return [
      finding({
        code: 'missing-content',
        severity: 'blocking',
        path: 'language',
        params: { ...paramText('label', 'label.language'), field: 'language' },
        citation: rule.citation,
        verified: rule.verified,
      }),
    ];
  }
  if (!requested) return [];
  const accepted = requested.declarations.languages;
  const offered = [draft.language as string, ...(draft.translations ?? [])];
  if (accepted.length === 0 || offered.some((l) => accepted.includes(l))) return [];
  const decl = requested.declarations;
  return [
    finding({
      code: 'language-not-accepted',
      severity: decl.verified ? 'blocking' : 'warning',
      path: 'language',
      params: {
        language: draft.language as string,
        state: requested.state,
        instrument: instrument.shortTitle,
        accepted: accepted.join(', '),
      },
      citation: decl.citation,
      verified: decl.verified,
    }),
  ];
}

export function checkDualCriminality(ctx: DraftContext): Finding[] {
  const { registry, instrument, draft } = ctx;
  const out: Finding[] = [];
  const offences = draft.offences ?? [];
  offences.forEach((o, i) => {
    if (o?.category !== undefined && !registry.offenceCategoriesById.has(o.category)) {
      out.push(
        finding({
          code: 'unknown-offence-category',
          severity: 'warning',
          path: `offences.${i}.category`,
          params: { category: String(o.category) },
          citation: 'FD 2002/584/JHA Art. 2(2); Dir. 2014/41/EU Annex D',
          verified: false,
        }),
      );
    }
  });
  const ids = ctx.measures.map((m) => m.id);
  if (!dualCriminalityRequired(registry, instrument, ids)) return out;
  const rule = instrument.dualCriminality;
  offences.forEach((o, i) => {
    if (!o || o.punishableInRequestedState === true) return;
    if (categoryWaives(instrument, o.category, o.maxPenaltyMonths)) return;
    const list = instrument.offenceList;
    const reason = !list
      ? paramText('reason', 'dc.no-list', { instrument: instrument.shortTitle })
      : categoryOnList(instrument, o.category)
        ? paramText('reason', 'dc.below-threshold', { threshold: list.minMaxPenaltyMonths })
        : paramText('reason', 'dc.not-listed');
    out.push(
      finding({
        code: 'dual-criminality-risk',
        severity: 'warning',
        path: `offences.${i}.punishableInRequestedState`,
        params: { ...reason, state: draft.requestedState ?? '' },
        citation: rule.citation,
        verified: rule.verified,
      }),
    );
  });
  return out;
}

export function checkPenaltyThreshold(ctx: DraftContext): Finding[] {
  const t = ctx.instrument.penaltyThreshold;
  if (!t) return [];
  if (t.measures && !ctx.measures.some((m) => t.measures?.includes(m.id))) return [];
  const out: Finding[] = [];
  (ctx.draft.offences ?? []).forEach((o, i) => {
    const months = o?.maxPenaltyMonths;
    if (typeof months !== 'number' || months >= t.minMaxPenaltyMonths) return;
    out.push(
      finding({
        code: 'below-penalty-threshold',
        // A warning: the instruments have alternatives (sentence passed, listed offences) we cannot see.
        severity: 'warning',
        path: `offences.${i}.maxPenaltyMonths`,
        params: { months, threshold: t.minMaxPenaltyMonths, instrument: ctx.instrument.shortTitle },
        citation: t.citation,
        verified: t.verified,
      }),
    );
  });
  return out;
}

export function checkUrgency(ctx: DraftContext): Finding[] {
  const urgency = ctx.draft.urgency;
  if (urgency?.urgent !== true || isPresent(urgency.reasons)) return [];
  const rule = ctx.instrument.urgencyRule;
  return [
    finding({
      code: 'urgency-without-reasons',
      severity: 'blocking',
      path: 'urgency.reasons',
      citation: rule.citation,
      verified: rule.verified,
    }),
  ];
}

export function checkPersons(ctx: DraftContext): Finding[] {
  const { registry, instrument, draft } = ctx;
  const persons = draft.persons ?? [];
  const source =
    instrument.requiredContents.find((rc) => rc.fields.some((f) => f.startsWith('persons'))) ?? instrument;
  const out: Finding[] = [];
  const identified = (i: number) => isPresent(persons[i]?.name) || isPresent(persons[i]?.identifiers);
  for (const { id, index } of ctx.measures) {
    const measure = registry.measuresById.get(id);
    if (!measure?.needsPerson) continue;
    const personIndex = draft.measures?.[index]?.personIndex;
    const base = { severity: 'blocking' as const, citation: source.citation, verified: source.verified };
    if (personIndex === undefined) {
      const roles = measure.personRoles;
      const candidate = persons.findIndex(
        (p, i) => identified(i) && (!roles || (p?.role !== undefined && roles.includes(p.role))),
      );
      if (candidate === -1) {
        out.push(
          finding({
            ...base,
            code: 'person-data-missing',
            path: `measures.${index}.personIndex`,
            params: { measure: id, ...paramText('problem', 'problem.no-person') },
          }),
        );
      }
      continue;
    }
    const person = persons[personIndex];
    if (!person) {
      out.push(
        finding({
          ...base,
          code: 'person-data-missing',
          path: `measures.${index}.personIndex`,
          params: { measure: id, ...paramText('problem', 'problem.no-such-person', { personIndex }) },
        }),
      );
      continue;
    }
    if (!identified(personIndex)) {
      out.push(
        finding({
          ...base,
          code: 'person-data-missing',
          path: `persons.${personIndex}.name`,
          params: { measure: id, ...paramText('problem', 'problem.unidentified') },
        }),
      );
    }
    const roles = measure.personRoles;
    if (roles && person.role !== undefined && !roles.includes(person.role)) {
      out.push(
        finding({
          ...base,
          severity: 'warning',
          code: 'person-role-mismatch',
          path: `persons.${personIndex}.role`,
          params: { measure: id, roles: roles.join('/'), role: person.role },
        }),
      );
    }
  }
  return out;
}
