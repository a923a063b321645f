import { EU_32_CATEGORY_IDS } from './data/offence-categories.ts';
import type { DeadlineRule, Instrument, MeasureId, RefusalGround } from './legal.types.ts';
import type { LegalRegistry } from './registry.ts';

// Small pure rules over one instrument's data, shared by the advisor and the draft validator.

export interface DualCriminalityAdvice {
  /** The requested state may refuse (or must refuse) if the act is not an offence there. */
  readonly required: boolean;
  /** The offence category is on the instrument's list that waives the check (subject to its threshold). */
  readonly waivedByCategory?: boolean;
  /** Maximum penalty in months from which the list waives the check. */
  readonly waiverThresholdMonths?: number;
  readonly citation: string;
  readonly verified: boolean;
}

const CATEGORY_LISTS: Readonly<Record<'eu-32', ReadonlySet<string>>> = {
  'eu-32': new Set(EU_32_CATEGORY_IDS),
};

/** Whether dual criminality is in play for these measures under this instrument. */
export function dualCriminalityRequired(
  registry: LegalRegistry,
  instrument: Instrument,
  measures: readonly MeasureId[],
): boolean {
  const rule = instrument.dualCriminality;
  const inPlay = measures.filter((m) => !rule.exemptMeasures?.includes(m));
  switch (rule.required) {
    case 'never':
      return false;
    case 'always':
    case 'optional':
      return inPlay.length > 0;
    case 'coercive-measures':
      return inPlay.some((m) => registry.measuresById.get(m)?.coercive === true);
  }
}

/** Whether the category is on the instrument's waiver list (threshold not checked). */
export function categoryOnList(instrument: Instrument, category: string | undefined): boolean {
  const list = instrument.offenceList;
  return list !== undefined && category !== undefined && CATEGORY_LISTS[list.list].has(category);
}

/** EIO Art. 11(1)(g), EAW Art. 2(2): listed category with a maximum penalty of at least the threshold. */
export function categoryWaives(
  instrument: Instrument,
  category: string | undefined,
  maxPenaltyMonths: number | undefined,
): boolean {
  const list = instrument.offenceList;
  return (
    list !== undefined &&
    categoryOnList(instrument, category) &&
    maxPenaltyMonths !== undefined &&
    maxPenaltyMonths >= list.minMaxPenaltyMonths
  );
}

export function dualCriminalityFor(
  registry: LegalRegistry,
  instrument: Instrument,
  measures: readonly MeasureId[],
  offenceCategory: string | undefined,
): DualCriminalityAdvice {
  const rule = instrument.dualCriminality;
  const required = dualCriminalityRequired(registry, instrument, measures);
  const list = instrument.offenceList;
  if (!required || !list || offenceCategory === undefined) {
    return { required, citation: rule.citation, verified: rule.verified };
  }
  const waived = categoryOnList(instrument, offenceCategory);
  return {
    required,
    waivedByCategory: waived,
    waiverThresholdMonths: list.minMaxPenaltyMonths,
    citation: waived ? list.citation : rule.citation,
    verified: waived ? list.verified : rule.verified,
  };
}

/** Deadline rules that apply to this request (urgency and measures), in data order. */
export function deadlinesFor(
  instrument: Instrument,
  measures: readonly MeasureId[],
  urgent: boolean,
): DeadlineRule[] {
  return instrument.deadlineRules.filter((d) => {
    const when = d.appliesWhen;
    if (!when) return true;
    if (when.urgent !== undefined && when.urgent !== urgent) return false;
    if (when.measures && !when.measures.some((m) => measures.includes(m))) return false;
    return true;
  });
}

/** Refusal grounds worth flagging: those tied to the requested measures, minus a waived dual-criminality ground. */
export function refusalRisksFor(
  instrument: Instrument,
  measures: readonly MeasureId[],
  dc: DualCriminalityAdvice,
): RefusalGround[] {
  return instrument.refusalGrounds.filter((g) => {
    if (g.measures && !g.measures.some((m) => measures.includes(m))) return false;
    if (g.dualCriminality && (!dc.required || dc.waivedByCategory === true)) return false;
    return true;
  });
}
