import type { RequestDraft } from '@comity/contracts';
import type { LegalRegistry } from '../../legal/index.ts';

// Which free-text fields of a request need translating, into which language, and whether the
// instrument makes the translation a condition of transmission. Pure.

export interface TranslationNeed {
  required: boolean;
  /** The instrument's language rule is verified law: transmission waits for the translations. */
  blocking: boolean;
  acceptedLanguages: string[];
  targetLanguage: string | null;
  sourceLanguage: string | null;
  /** Free-text fields with content, by path. */
  fields: string[];
  /** A translation into the target language is attached to the request. */
  attached: boolean;
  citation: string;
  verified: boolean;
}

const present = (s: string | undefined | null): boolean => typeof s === 'string' && s.trim().length > 0;

/** Paths of the free-text fields that carry content (names and identifiers are not translated). */
export function freeTextFields(d: RequestDraft): string[] {
  const out: string[] = [];
  if (present(d.summaryOfFacts)) out.push('summaryOfFacts');
  if (present(d.formalities)) out.push('formalities');
  if (present(d.urgency?.reasons)) out.push('urgency.reasons');
  if (present(d.confidentiality?.reasons)) out.push('confidentiality.reasons');
  d.offences?.forEach((o, i) => {
    if (present(o.legalClassification)) out.push(`offences.${i}.legalClassification`);
    if (present(o.description)) out.push(`offences.${i}.description`);
  });
  d.measures?.forEach((m, i) => {
    if (present(m.details)) out.push(`measures.${i}.details`);
  });
  d.persons?.forEach((p, i) => {
    if (present(p.description)) out.push(`persons.${i}.description`);
  });
  return out;
}

export function translationNeed(registry: LegalRegistry, d: RequestDraft): TranslationNeed {
  const instrument = d.instrumentId ? registry.instrumentsById.get(d.instrumentId) : undefined;
  const state = d.requestedState ? registry.statesByCode.get(d.requestedState) : undefined;
  const party = instrument?.parties.find((p) => p.state === d.requestedState);
  const declared = party?.declarations.languages ?? [];
  const accepted = [...(declared.length > 0 ? declared : (state?.officialLanguages ?? []))];
  const official = state?.officialLanguages ?? [];
  const target = accepted.find((l) => official.includes(l)) ?? accepted[0] ?? null;
  const source = d.language ?? null;
  const required = accepted.length > 0 && (source === null || !accepted.includes(source));
  const attached = (d.attachments ?? []).some(
    (a) => a.kind === 'translation' && a.language !== undefined && accepted.includes(a.language),
  );
  const rule = instrument?.languageRule;
  return {
    required,
    blocking: required && Boolean(rule?.verified),
    acceptedLanguages: accepted,
    targetLanguage: required ? target : null,
    sourceLanguage: source,
    fields: required ? freeTextFields(d) : [],
    attached,
    citation: rule?.citation ?? 'no instrument chosen',
    verified: rule?.verified ?? false,
  };
}
