import crypto from 'node:crypto';
import type { RequestDraft, UpdateRequest } from '@comity/contracts';
import canonicalize from 'canonicalize';
import { toBool } from '../../platform/db/schema.ts';
import type { FieldError } from '../../platform/http/errors.ts';
import type { LegalRegistry, RequestDraft as ValidatorDraft } from '../legal/index.ts';
import type { DraftColumns } from './requests.repository.ts';

// Pure helpers over a stored draft: applying a save, the columns mirrored on the request row, the
// references checked against the registry on input, and the shape the legal validator reads.

/** Fields given replace the stored ones (arrays whole); `null` clears; fields left out are kept. */
export function applyUpdate(
  draft: RequestDraft,
  update: Omit<UpdateRequest, 'expectedVersion'>,
): RequestDraft {
  const next: Record<string, unknown> = { ...draft };
  for (const [key, value] of Object.entries(update)) {
    if (value === undefined) continue;
    if (value === null) delete next[key];
    else next[key] = value;
  }
  return next as RequestDraft;
}

export function draftColumns(draft: RequestDraft): DraftColumns {
  return {
    kind: draft.kind,
    title: draft.title ?? null,
    instrument_id: draft.instrumentId ?? null,
    requesting_state: draft.requestingState ?? null,
    requested_state: draft.requestedState ?? null,
    reference: draft.proceedings?.reference ?? null,
    urgent: toBool(draft.urgency?.urgent === true),
    classification: draft.classification ?? 0,
    case_id: draft.caseId ?? null,
    person_count: draft.persons?.length ?? 0,
  };
}

/**
 * A version's content as it is stored: its RFC 8785 canonical JSON and the SHA-256 of that text,
 * the hash an approval freezes and a partner node checks. Storing the canonical text lets a later
 * check hash the text as read (intactHash) instead of serialising the parsed content again.
 */
export function canonicalContent(content: unknown): { text: string; hash: string } {
  const text = canonicalize(content) ?? '';
  return { text, hash: crypto.hash('sha256', text, 'hex') };
}

/** SHA-256 over the RFC 8785 canonical JSON of the content. */
export const contentHash = (content: unknown): string => canonicalContent(content).hash;

/**
 * `hash` if the stored version is intact, else undefined. The text hashes to it when it is the
 * canonical JSON that was hashed (then it is that content, byte for byte); a version stored before
 * contents were kept canonical is checked by serialising its parsed content.
 */
export function intactHash(text: string, parsed: unknown, hash: string): string | undefined {
  if (crypto.hash('sha256', text, 'hex') === hash) return hash;
  return contentHash(parsed) === hash ? hash : undefined;
}

/**
 * Reference data a draft names must exist: states (the registry's, ISO 3166-1 alpha-2) and offence
 * categories. Checked for the fields a save gives, so the 422 names a field of that save. Measures,
 * instruments, kinds and roles are closed lists checked by the schema.
 */
export function checkReferences(
  registry: LegalRegistry,
  given: Partial<RequestDraft>,
  prefix = 'body',
): FieldError[] {
  const errors: FieldError[] = [];
  for (const key of ['requestingState', 'requestedState'] as const) {
    const code = given[key];
    if (code && !registry.statesByCode.has(code))
      errors.push({
        path: `${prefix}.${key}`,
        message: `unknown state "${code}": use an ISO 3166-1 alpha-2 code known to the registry (GB for the UK)`,
      });
  }
  given.offences?.forEach((o, i) => {
    if (o.category !== undefined && !registry.offenceCategoriesById.has(o.category))
      errors.push({
        path: `${prefix}.offences.${i}.category`,
        message: `unknown offence category "${o.category}"`,
      });
  });
  return errors;
}

/** Languages into which a translation is attached. */
export const translationLanguages = (draft: RequestDraft): string[] => [
  ...new Set(
    (draft.attachments ?? [])
      .filter((a) => a.kind === 'translation' && a.language)
      .map((a) => a.language as string),
  ),
];

/** The draft as the legal validator reads it. */
export function toValidatorDraft(draft: RequestDraft): ValidatorDraft {
  const {
    title: _t,
    caseId: _c,
    classification: _k,
    attachments: _a,
    requestedAuthority: _r,
    ...rest
  } = draft;
  const translations = translationLanguages(draft);
  return {
    ...rest,
    ...(translations.length > 0 ? { translations } : {}),
  } as ValidatorDraft;
}
