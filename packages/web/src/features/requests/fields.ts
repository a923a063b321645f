import type { TFunction } from 'i18next';
import { k } from '../../i18n/index.ts';

/** The wizard's steps, in order. */
export const STEPS = ['states', 'basis', 'measures', 'facts', 'review', 'document'] as const;
export type Step = (typeof STEPS)[number];

const authorities: Record<string, string> = {
  issuingAuthority: k('draft.authority.issuing'),
  validatingAuthority: k('draft.authority.validating'),
  requestedAuthority: k('draft.authority.requested'),
};
const authorityFields: Record<string, string> = {
  name: k('draft.authorityField.name'),
  address: k('draft.authorityField.address'),
  phone: k('draft.authorityField.phone'),
  email: k('draft.authorityField.email'),
  reference: k('draft.authorityField.reference'),
  agencyId: k('draft.authorityField.agency'),
};
const personFields: Record<string, string> = {
  role: k('draft.person.role'),
  name: k('draft.person.name'),
  dateOfBirth: k('draft.person.dateOfBirth'),
  placeOfBirth: k('draft.person.placeOfBirth'),
  nationality: k('draft.person.nationality'),
  address: k('draft.person.address'),
  identifiers: k('draft.person.identifiers'),
  description: k('draft.person.description'),
};
const offenceFields: Record<string, string> = {
  legalClassification: k('draft.offence.legalClassification'),
  category: k('draft.offence.category'),
  maxPenaltyMonths: k('draft.offence.maxPenaltyMonths'),
  punishableInRequestedState: k('draft.offence.punishable'),
  description: k('draft.offence.description'),
};
const measureFields: Record<string, string> = {
  id: k('draft.measure.id'),
  details: k('draft.measure.details'),
  personIndex: k('draft.measure.person'),
};
const simple: Record<string, string> = {
  title: k('draft.field.title'),
  caseId: k('draft.field.case'),
  classification: k('draft.field.classification'),
  kind: k('draft.field.kind'),
  instrumentId: k('draft.field.instrument'),
  requestingState: k('draft.field.requestingState'),
  requestedState: k('draft.field.requestedState'),
  'proceedings.type': k('draft.field.proceedingsType'),
  'proceedings.reference': k('draft.field.proceedingsReference'),
  proceedings: k('draft.section.proceedings'),
  persons: k('draft.section.persons'),
  offences: k('draft.section.offences'),
  measures: k('draft.section.measures'),
  summaryOfFacts: k('draft.field.summaryOfFacts'),
  'urgency.urgent': k('draft.field.urgent'),
  'urgency.reasons': k('draft.field.urgencyReasons'),
  'urgency.deadline': k('draft.field.urgencyDeadline'),
  urgency: k('draft.field.urgent'),
  'confidentiality.required': k('draft.field.confidential'),
  'confidentiality.reasons': k('draft.field.confidentialityReasons'),
  confidentiality: k('draft.field.confidential'),
  formalities: k('draft.field.formalities'),
  language: k('draft.field.language'),
  attachments: k('draft.section.attachments'),
};

/** A field path of the draft (`issuingAuthority.email`, `persons.1.name`) as words; null if unknown. */
export function fieldLabel(path: string, t: TFunction): string | null {
  if (simple[path]) return t(simple[path]);
  const [head = '', second, third] = path.split('.');
  if (authorities[head]) {
    const a = t(authorities[head]);
    return second && authorityFields[second] ? `${a} – ${t(authorityFields[second])}` : a;
  }
  const index = second !== undefined && /^\d+$/.test(second) ? Number(second) + 1 : null;
  const item = (listKey: string, fields: Record<string, string>) => {
    const itemLabel = t(listKey, { n: index });
    return third && fields[third] ? `${itemLabel} – ${t(fields[third])}` : itemLabel;
  };
  if (index !== null && head === 'persons') return item(k('draft.personN'), personFields);
  if (index !== null && head === 'offences') return item(k('draft.offenceN'), offenceFields);
  if (index !== null && head === 'measures') return item(k('draft.measureN'), measureFields);
  return null;
}

/** Which wizard step holds a field path. */
export function stepOf(path: string): Step {
  const head = path.split('.')[0] ?? '';
  if (['requestingState', 'requestedState', 'title', 'classification', 'caseId'].includes(head))
    return 'states';
  if (head === 'instrumentId' || head === 'kind') return 'basis';
  if (head === 'measures' && !path.endsWith('.personIndex')) return 'measures';
  return 'facts';
}

/**
 * The DOM element to focus for a field path: inputs carry their path as `name`; list items and
 * sections an id. The closest existing one wins (`persons.0.name`, then the persons section…).
 * True when something was focused.
 */
export function focusField(path: string, exactOnly = false): boolean {
  const candidates: string[] = [];
  const parts = path.split('.');
  for (let n = parts.length; n > 0; n--) candidates.push(parts.slice(0, n).join('.'));
  for (const c of exactOnly ? candidates.slice(0, 1) : candidates) {
    const el =
      document.querySelector<HTMLElement>(`[name="${CSS.escape(c)}"]`) ??
      document.getElementById(`field-${c}`);
    if (el) {
      el.scrollIntoView({ block: 'center' });
      el.focus({ preventScroll: true });
      return true;
    }
  }
  return false;
}
