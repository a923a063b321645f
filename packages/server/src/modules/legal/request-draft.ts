import type { ProceedingsType } from '@comity/contracts';
import type { PersonRole, RequestKind } from './legal.types.ts';

// The shape of a request draft as the validator reads it. Every field is optional: a draft is work in
// progress, and the validator says what is missing instead of rejecting the shape.

export interface AuthorityDraft {
  readonly name?: string;
  readonly address?: string;
  readonly phone?: string;
  readonly email?: string;
}

export interface PersonDraft {
  readonly role?: PersonRole;
  readonly name?: string;
  readonly dateOfBirth?: string;
  readonly nationality?: string;
  readonly identifiers?: Readonly<Record<string, string>> | readonly string[];
}

export interface OffenceDraft {
  readonly legalClassification?: string;
  /** Offence category slug (data/offence-categories.ts). */
  readonly category?: string;
  /** Maximum penalty in the issuing state, in months. */
  readonly maxPenaltyMonths?: number;
  readonly punishableInRequestedState?: boolean;
}

export interface MeasureDraft {
  readonly id?: string;
  readonly details?: string;
  /** Index into `persons` of the person the measure concerns. */
  readonly personIndex?: number;
}

export interface RequestDraft {
  readonly kind?: RequestKind;
  readonly instrumentId?: string;
  readonly requestingState?: string;
  readonly requestedState?: string;
  readonly issuingAuthority?: AuthorityDraft;
  readonly validatingAuthority?: AuthorityDraft;
  readonly proceedings?: {
    readonly type?: ProceedingsType;
    readonly reference?: string;
  };
  readonly persons?: readonly PersonDraft[];
  readonly offences?: readonly OffenceDraft[];
  readonly summaryOfFacts?: string;
  readonly measures?: readonly MeasureDraft[];
  readonly urgency?: { readonly urgent?: boolean; readonly reasons?: string | readonly string[] };
  readonly confidentiality?: unknown;
  readonly formalities?: unknown;
  /** ISO 639-1 language of the request. */
  readonly language?: string;
  /** ISO 639-1 languages of attached translations. */
  readonly translations?: readonly string[];
}

export interface FieldValue {
  readonly path: string;
  readonly value: unknown;
}

/** A value counts as filled in when it carries information: non-blank text, a number, a non-empty list or object. */
export function isPresent(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value.trim().length > 0;
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value === 'boolean') return true;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.values(value).some(isPresent);
  return false;
}

function child(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

/**
 * The values at a dotted path; `*` expands every element of an array (`offences.*.legalClassification`
 * gives `offences.0.legalClassification`, …). An empty or missing array expands to nothing.
 */
export function valuesAt(root: unknown, path: string): FieldValue[] {
  let current: FieldValue[] = [{ path: '', value: root }];
  for (const key of path.split('.')) {
    const next: FieldValue[] = [];
    for (const { path: p, value } of current) {
      const prefix = p === '' ? '' : `${p}.`;
      if (key === '*') {
        if (Array.isArray(value)) {
          value.forEach((v, i) => {
            next.push({ path: `${prefix}${i}`, value: v });
          });
        }
      } else {
        next.push({ path: `${prefix}${key}`, value: child(value, key) });
      }
    }
    current = next;
  }
  return current;
}
