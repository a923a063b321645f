import type { RequestDraftT } from '../../api/types.ts';
import type { UpdateRequestBody } from './requests.api.ts';

/** The top-level fields of a draft a save can set (all but `kind`, which is also settable). */
export const DRAFT_FIELDS = [
  'title',
  'caseId',
  'classification',
  'kind',
  'instrumentId',
  'requestingState',
  'requestedState',
  'issuingAuthority',
  'validatingAuthority',
  'requestedAuthority',
  'proceedings',
  'persons',
  'offences',
  'summaryOfFacts',
  'measures',
  'urgency',
  'confidentiality',
  'formalities',
  'language',
  'attachments',
] as const satisfies readonly (keyof RequestDraftT)[];
export type DraftField = (typeof DRAFT_FIELDS)[number];

/** Structural equality for JSON values (key order does not matter). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    return isEmpty(a) && isEmpty(b);
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
  for (const key of keys) if (!jsonEqual(ao[key], bo[key])) return false;
  return true;
}

/** "Not given": absent, empty text. */
function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || v === '';
}

/**
 * Removes what a form leaves behind but a draft does not hold: blank strings, empty objects, `undefined`.
 * Arrays keep their length (a person with no data yet is still a person).
 */
export function clean<T>(value: T): T | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return (value.trim() === '' ? undefined : value) as T | undefined;
  if (Array.isArray(value)) return value.map((v) => clean(v) ?? {}) as T;
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const c = clean(v);
      if (c !== undefined) out[k] = c;
    }
    return (Object.keys(out).length > 0 ? out : undefined) as T | undefined;
  }
  return value;
}

/** The fields whose value differs between two drafts. */
export function changedFields(from: RequestDraftT, to: RequestDraftT): DraftField[] {
  return DRAFT_FIELDS.filter((f) => !jsonEqual(clean(from[f]), clean(to[f])));
}

/** The PATCH body that turns `base` into `edited`: changed fields replaced, emptied ones `null`. */
export function patchBody(
  base: RequestDraftT,
  edited: RequestDraftT,
  expectedVersion: number,
): UpdateRequestBody {
  const body: Record<string, unknown> = { expectedVersion };
  for (const f of changedFields(base, edited)) {
    const value = clean(edited[f]);
    body[f] = value === undefined ? (f === 'kind' || f === 'classification' ? undefined : null) : value;
  }
  return body as UpdateRequestBody;
}

export interface MergePlan {
  /** Fields only I changed: my value is kept. */
  mine: DraftField[];
  /** Fields only they changed: their value is taken. */
  theirs: DraftField[];
  /** Fields both changed, differently: the user decides. */
  conflicts: DraftField[];
}

/**
 * Three-way comparison after a 409: `base` is the version my edit started from, `mine` my edit, and
 * `theirs` the version saved meanwhile.
 */
export function planMerge(base: RequestDraftT, mine: RequestDraftT, theirs: RequestDraftT): MergePlan {
  const mineChanged = new Set(changedFields(base, mine));
  const theirsChanged = new Set(changedFields(base, theirs));
  const plan: MergePlan = { mine: [], theirs: [], conflicts: [] };
  for (const f of DRAFT_FIELDS) {
    const m = mineChanged.has(f);
    const t = theirsChanged.has(f);
    if (m && t) {
      if (jsonEqual(clean(mine[f]), clean(theirs[f]))) continue;
      plan.conflicts.push(f);
    } else if (m) plan.mine.push(f);
    else if (t) plan.theirs.push(f);
  }
  return plan;
}

/** Their version with my non-conflicting changes and, for each conflict, the side chosen. */
export function applyMerge(
  mine: RequestDraftT,
  theirs: RequestDraftT,
  plan: MergePlan,
  keepMine: ReadonlySet<DraftField>,
): RequestDraftT {
  const out: Record<string, unknown> = { ...theirs };
  for (const f of [...plan.mine, ...plan.conflicts.filter((c) => keepMine.has(c))]) {
    out[f] = mine[f];
  }
  return out as RequestDraftT;
}

/** Sets a value at a dotted path (`persons.0.name`) in a copy of the draft. */
export function setIn<T extends object>(obj: T, path: string, value: unknown): T {
  const [head, ...rest] = path.split('.');
  if (head === undefined) return obj;
  const isIndex = /^\d+$/.test(head);
  const container: Record<string, unknown> | unknown[] = Array.isArray(obj)
    ? [...obj]
    : { ...(obj as Record<string, unknown>) };
  const key = isIndex ? Number(head) : head;
  const current = (container as Record<string | number, unknown>)[key];
  const next =
    rest.length === 0
      ? value
      : setIn(
          (current && typeof current === 'object'
            ? current
            : /^\d+$/.test(rest[0] ?? '')
              ? []
              : {}) as object,
          rest.join('.'),
          value,
        );
  (container as Record<string | number, unknown>)[key] = next;
  return container as T;
}

/** Reads the value at a dotted path. */
export function getIn(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (cur === null || cur === undefined || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}
