import { UpdateRequest } from '@comity/contracts';
import type { TFunction } from 'i18next';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { FindingT, RequestDraftT } from '../../../api/types.ts';
import { issueMessage } from '../../../ui/zod-form.ts';
import { clean, setIn } from '../draft-state.ts';

/** What every step gets: the draft being edited, ways to change it, and what is wrong with it. */
export interface StepProps {
  draft: RequestDraftT;
  /** Replaces the draft with what `fn` makes of it. */
  update: (fn: (d: RequestDraftT) => RequestDraftT) => void;
  /** Sets one field by its dotted path (`issuingAuthority.email`, `persons.0.name`). */
  set: (path: string, value: unknown) => void;
  /** Input errors by path, from the contract's schema, as the user types. */
  errors: Map<string, string>;
  /** The validator's findings on the last saved version. */
  findings: FindingT[] | undefined;
}

/** The request kind that goes with an instrument (its `requestKinds` in the registry). */
const kindsByInstrument: Record<string, RequestDraftT['kind'][]> = {
  eio: ['eio', 'preservation'],
  'e-evidence': ['production-order', 'preservation'],
  'coe-mla-1959': ['mla', 'spontaneous'],
  'eu-mla-2000': ['mla', 'spontaneous'],
  budapest: ['mla', 'preservation'],
  'budapest-2ap': ['production-order', 'mla'],
  untoc: ['mla', 'spontaneous'],
  uncac: ['mla', 'spontaneous'],
  eaw: ['eaw'],
  'coe-extradition-1957': ['extradition'],
  'us-uk-mlat': ['mla'],
  'us-eu-mla': ['mla'],
};

export function kindFor(instrumentId: string, measures: readonly string[]): RequestDraftT['kind'] {
  const kinds = kindsByInstrument[instrumentId] ?? ['mla'];
  const onlyPreservation = measures.length > 0 && measures.every((m) => m === 'preservation');
  if (onlyPreservation && kinds.includes('preservation')) return 'preservation';
  return kinds.find((k) => k !== 'preservation') ?? kinds[0] ?? 'mla';
}

export function draftErrors(draft: RequestDraftT, t: TFunction): Map<string, string> {
  const result = UpdateRequest.safeParse({ expectedVersion: 1, ...(clean(draft) ?? {}) });
  const out = new Map<string, string>();
  if (!result.success) {
    for (const issue of result.error.issues) {
      const path = issue.path.map(String).join('.');
      if (!out.has(path)) out.set(path, issueMessage(issue, t));
    }
  }
  return out;
}

/** The contract's schema applied to the draft as the user types. */
export function useDraftErrors(draft: RequestDraftT): Map<string, string> {
  const { t } = useTranslation();
  return useMemo(() => draftErrors(draft, t), [draft, t]);
}

export const setPath = (draft: RequestDraftT, path: string, value: unknown): RequestDraftT =>
  setIn(draft, path, value);
