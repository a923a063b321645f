import { type InstrumentProse, PROSE, type ProseTranslation } from './data/prose-i18n.ts';
import type { MessageLanguage } from './findings-i18n.ts';
import type { Instrument } from './legal.types.ts';

// The registry's prose in the user's language: the translation from data/prose-i18n.ts while it still
// translates the instrument's current English, else the English original, marked `lang: 'en'`.

export interface LocalisedText {
  readonly text: string;
  /** The language `text` is in: the one asked for, or `en` for an English original. */
  readonly lang: MessageLanguage;
}

export type ProseKind = 'requiredContents' | 'refusalGrounds' | 'channelRules' | 'exceptions' | 'replaces';

const english = (text: string): LocalisedText => ({ text, lang: 'en' });

function pick(entry: ProseTranslation | undefined, en: string, language: MessageLanguage): LocalisedText {
  if (language === 'en' || !entry || entry.en !== en) return english(en);
  return { text: entry[language], lang: language };
}

/** A labelled rule of `instrument` (required content, refusal ground, channel rule, exception, replaced provisions). */
export function proseOf(
  instrument: Instrument,
  kind: ProseKind,
  id: string,
  en: string,
  language: MessageLanguage,
): LocalisedText {
  if (language === 'en') return english(en);
  const table = PROSE[instrument.id]?.[kind] as Readonly<Record<string, ProseTranslation>> | undefined;
  return pick(table?.[id], en, language);
}

export function subjectScopeOf(instrument: Instrument, language: MessageLanguage): LocalisedText | undefined {
  const scope = instrument.subjectScope;
  if (!scope) return undefined;
  return pick(PROSE[instrument.id]?.subjectScope, scope.description, language);
}

let labelIndex: Map<string, ProseTranslation> | undefined;

/**
 * A required-content label by its English text (the validator's findings carry the label, not the
 * instrument): the same label has the same translation wherever the registry uses it.
 */
export function requiredContentLabel(en: string, language: MessageLanguage): LocalisedText {
  if (language === 'en') return english(en);
  if (!labelIndex) {
    labelIndex = new Map();
    for (const prose of Object.values(PROSE) as InstrumentProse[])
      for (const t of Object.values(prose.requiredContents ?? {}))
        if (!labelIndex.has(t.en)) labelIndex.set(t.en, t);
  }
  return pick(labelIndex.get(en), en, language);
}

/**
 * Where in the instrument each translated text sits (`requiredContents.3.label`, …), for an
 * instrument browser: every label, refusal ground, channel rule, exception, scope and replaced
 * provisions, in `language` or marked as English original.
 */
export function localisedInstrumentProse(
  instrument: Instrument,
  language: MessageLanguage,
): Record<string, LocalisedText> {
  const out: Record<string, LocalisedText> = {};
  instrument.requiredContents.forEach((c, i) => {
    out[`requiredContents.${i}.label`] = proseOf(instrument, 'requiredContents', c.id, c.label, language);
  });
  instrument.refusalGrounds.forEach((g, i) => {
    out[`refusalGrounds.${i}.description`] = proseOf(
      instrument,
      'refusalGrounds',
      g.id,
      g.description,
      language,
    );
  });
  instrument.channelRules.forEach((c, i) => {
    out[`channelRules.${i}.description`] = proseOf(instrument, 'channelRules', c.id, c.description, language);
  });
  instrument.exceptions.forEach((e, i) => {
    out[`exceptions.${i}.description`] = proseOf(instrument, 'exceptions', e.state, e.description, language);
  });
  (instrument.replaces ?? []).forEach((r, i) => {
    out[`replaces.${i}.provisions`] = proseOf(instrument, 'replaces', r.instrument, r.provisions, language);
  });
  const scope = subjectScopeOf(instrument, language);
  if (scope) out['subjectScope.description'] = scope;
  // Not translated yet: English originals, listed so that a browser can mark them.
  if (instrument.executionPace)
    out['executionPace.description'] = english(instrument.executionPace.description);
  out['languageRule.description'] = english(instrument.languageRule.description);
  out['urgencyRule.description'] = english(instrument.urgencyRule.description);
  (instrument.remarks ?? []).forEach((r, i) => {
    out[`remarks.${i}.text`] = english(r.text);
  });
  instrument.deadlineRules.forEach((d, i) => {
    if (d.appliesWhen?.description)
      out[`deadlineRules.${i}.appliesWhen.description`] = english(d.appliesWhen.description);
    if (d.extension) out[`deadlineRules.${i}.extension.condition`] = english(d.extension.condition);
  });
  return out;
}
