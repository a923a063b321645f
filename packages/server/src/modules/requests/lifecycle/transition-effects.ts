import type { TransitionBody } from '@comity/contracts';
import type { Queryable } from '../../../platform/db/database.ts';
import { fromBool, toBool } from '../../../platform/db/schema.ts';
import { AppError, validationFailed } from '../../../platform/http/errors.ts';
import type { Actor } from '../../access/actor.ts';
import { worldRefusal } from '../../access/exercise-world.ts';
import type { LegalRegistry } from '../../legal/index.ts';
import type { ClockOptions } from '../deadlines/deadlines.service.ts';
import { intactHash } from '../draft-content.ts';
import { translationNeed } from '../tasks/translation-fields.ts';
import type { LifecycleRow } from './lifecycle.repository.ts';
import type { Loaded } from './lifecycle-context.ts';
import type { People } from './people.ts';

export interface Warning {
  code: string;
  message: string;
  citation: string;
  verified: boolean;
}

/** What a transition writes besides the state, decided before anything is written. */
export interface Prepared {
  patch: Partial<LifecycleRow>;
  /** Kept in the timeline and sent to the other side (no content of the request itself). */
  payload: Record<string, unknown>;
  clock: ClockOptions;
  warnings: Warning[];
  /** Transmission: the recipient, the frozen content and its hash. */
  transmission?: { recipientAgencyId: string; version: number; hash: string; content: unknown };
}

export interface EffectInput {
  db: Queryable;
  registry: LegalRegistry;
  loaded: Loaded;
  actor: Actor;
  body: TransitionBody;
  now: Date;
  people: People;
  /** Open translation tasks of the request (not done, not waived). */
  openTranslations: number;
  reaches: (agencyId: string) => Promise<boolean>;
}

/** The hash of the loaded version if its stored content is intact (what an approval freezes). */
const loadedHash = (l: Loaded): string | undefined => intactHash(l.contentText, l.draft, l.contentHash);

const field = (path: string, message: string) => validationFailed([{ path: `body.${path}`, message }]);

async function judicialAgency(i: EffectInput, agencyId: string) {
  const kinds = i.loaded.validation?.validatorKinds ?? [];
  const a = (await i.people.agencies(i.db, [agencyId])).get(agencyId);
  const issuer = i.loaded.agencies.get(i.loaded.life.requesting_agency_id);
  if (!a) throw field('validatingAgencyId', 'No such agency on this node.');
  const mixes = worldRefusal({ exercise: fromBool(i.loaded.request.exercise) }, a);
  if (mixes) throw field('validatingAgencyId', mixes);
  if (!kinds.includes(a.kind as never))
    throw field(
      'validatingAgencyId',
      `The validating authority must be a ${kinds.join(' or ')} (${i.loaded.validation?.citation}).`,
    );
  if (issuer && a.jurisdiction !== issuer.jurisdiction)
    throw field('validatingAgencyId', 'The validating authority is in the issuing state.');
  return a.id;
}

function freeze(i: EffectInput): Partial<LifecycleRow> {
  // The stored hash of the version was computed when it was saved: the content must still match it.
  const hash = loadedHash(i.loaded);
  if (hash === undefined) throw new AppError('internal', 'The stored version does not match its hash.');
  return {
    approved_by: i.actor.userId,
    approved_at: i.now.toISOString(),
    approved_version: i.loaded.request.current_version,
    approved_hash: hash,
  };
}

const unapproved: Partial<LifecycleRow> = {
  approved_by: null,
  approved_at: null,
  approved_version: null,
  approved_hash: null,
  validated_by: null,
  validated_at: null,
  submitted_by: null,
  submitted_at: null,
};

async function transmit(
  i: EffectInput,
  b: Extract<TransitionBody, { action: 'transmit' }>,
): Promise<Prepared> {
  const { life, draft, request } = i.loaded;
  const recipient = b.recipientAgencyId ?? draft.requestedAuthority?.agencyId;
  if (!recipient)
    throw field(
      'recipientAgencyId',
      'Choose the agency the request goes to: pick it in the transmission, or as the requested authority of the draft.',
    );
  if (recipient === life.requesting_agency_id)
    throw field('recipientAgencyId', 'A request is not sent to its own agency.');
  const agency = (await i.people.agencies(i.db, [recipient])).get(recipient);
  if (agency && draft.requestedState && agency.jurisdiction !== draft.requestedState)
    throw field('recipientAgencyId', `The recipient is not in the requested state ${draft.requestedState}.`);
  if (!agency && !(await i.reaches(recipient)))
    throw field('recipientAgencyId', 'No carrier reaches this agency.');
  // The request is of its drafter's world, which must be its agency's too (see exercise-world.ts).
  const issuer = i.loaded.agencies.get(life.requesting_agency_id);
  const ownWorld = issuer && worldRefusal({ exercise: fromBool(request.exercise) }, issuer);
  if (ownWorld)
    throw new AppError(
      'forbidden',
      `${ownWorld} This request and its requesting agency are not of one world.`,
    );
  // An agency of this node is judged here; one a partner hosts, by the partner on receipt.
  const mixes =
    agency?.exercise === undefined
      ? undefined
      : worldRefusal({ exercise: fromBool(request.exercise) }, agency);
  if (mixes) throw field('recipientAgencyId', mixes);
  // Exactly the approved version leaves: nothing may have changed since the approval.
  if (life.approved_version !== request.current_version || life.approved_hash !== loadedHash(i.loaded))
    throw new AppError('conflict', 'The request changed after its approval: submit it for approval again.');
  const warnings: Warning[] = [];
  const need = translationNeed(i.registry, draft);
  if (need.required && !need.attached && i.openTranslations > 0) {
    const message = `${i.openTranslations} field(s) still need a translation into ${need.targetLanguage}.`;
    if (need.blocking)
      throw new AppError(
        'conflict',
        `${message} The instrument requires it (${need.citation}): see GET /api/requests/{id}/translations.`,
      );
    warnings.push({ code: 'translation-missing', message, citation: need.citation, verified: need.verified });
  }
  return {
    patch: {
      recipient_agency_id: recipient,
      transmitted_by: i.actor.userId,
      transmitted_at: i.now.toISOString(),
      transmitted_version: life.approved_version,
      transmitted_hash: life.approved_hash,
    },
    payload: {
      recipientAgencyId: recipient,
      version: life.approved_version,
      contentHash: life.approved_hash,
    },
    clock: {},
    warnings,
    transmission: {
      recipientAgencyId: recipient,
      version: life.approved_version!,
      hash: life.approved_hash!,
      content: draft,
    },
  };
}

function refuse(i: EffectInput, b: Extract<TransitionBody, { action: 'refuse' }>): Prepared {
  const list = i.loaded.instrument?.refusalGrounds ?? [];
  const known = new Map(list.map((g) => [g.id, g]));
  const allowed = list.length > 0 ? [...known.keys()] : ['other'];
  const errors = b.grounds.flatMap((g, n) =>
    !allowed.includes(g)
      ? [
          {
            path: `body.grounds.${n}`,
            message: `"${g}" is not a refusal ground of ${i.loaded.instrument?.shortTitle ?? 'this instrument'}; allowed: ${allowed.join(', ')}`,
          },
        ]
      : b.grounds.indexOf(g) < n
        ? [{ path: `body.grounds.${n}`, message: `"${g}" is already named.` }]
        : [],
  );
  if (errors.length > 0) throw validationFailed(errors);
  const grounds = b.grounds.map((id) => {
    const g = known.get(id);
    return g
      ? { id, description: g.description, citation: g.citation, verified: g.verified }
      : {
          id,
          description: 'Other ground (the instrument lists none)',
          citation: 'not encoded',
          verified: false,
        };
  });
  return {
    patch: { refusal: JSON.stringify({ grounds: b.grounds, reasons: b.reasons }), closed_at: null },
    payload: { grounds, reasons: b.reasons },
    clock: {},
    warnings: [],
  };
}

/** Validates the action's input against the request and the law, and says what it will write. */
export async function prepare(i: EffectInput): Promise<Prepared> {
  const { body: b, loaded, now } = i;
  const at = now.toISOString();
  const plain = (payload: Record<string, unknown> = {}, patch: Partial<LifecycleRow> = {}): Prepared => ({
    patch,
    payload,
    clock: {},
    warnings: [],
  });
  switch (b.action) {
    case 'submit': {
      const v = loaded.validation;
      const named = v?.required ? (loaded.draft.validatingAuthority?.agencyId ?? null) : null;
      // The validating authority reads the request from submission on: it must be of its world.
      const validator = named ? (await i.people.agencies(i.db, [named])).get(named) : undefined;
      const mixes = validator && worldRefusal({ exercise: fromBool(loaded.request.exercise) }, validator);
      if (mixes) throw validationFailed([{ path: 'validatingAuthority.agencyId', message: mixes }]);
      return plain(
        { note: b.note ?? null, contentVersion: loaded.request.current_version },
        {
          submitted_by: i.actor.userId,
          submitted_at: at,
          returned_by: null,
          returned_at: null,
          return_comments: null,
          validation_required: toBool(v?.required ?? false),
          validator_agency_id: named,
        },
      );
    }
    case 'approve': {
      let validator = loaded.life.validator_agency_id;
      if (loaded.validation?.required) {
        const wanted = b.validatingAgencyId ?? validator;
        if (!wanted)
          throw field(
            'validatingAgencyId',
            `Name the judicial authority that validates (${loaded.validation.citation}).`,
          );
        validator = await judicialAgency(i, wanted);
      }
      return plain(
        {
          comments: b.comments ?? null,
          version: loaded.request.current_version,
          validatingAgencyId: validator,
        },
        { ...freeze(i), validator_agency_id: validator },
      );
    }
    case 'validate':
      return plain(
        { comments: b.comments ?? null, version: loaded.life.approved_version },
        { validated_by: i.actor.userId, validated_at: at },
      );
    case 'return':
      return plain(
        { comments: b.comments },
        { ...unapproved, returned_by: i.actor.userId, returned_at: at, return_comments: b.comments },
      );
    case 'amend':
      return plain({ reason: b.reason ?? null }, unapproved);
    case 'transmit':
      return transmit(i, b);
    case 'request-information':
      return plain(
        { questions: b.questions },
        { resume_state: loaded.life.state, information_questions: b.questions, information_requested_at: at },
      );
    case 'provide-information':
      return plain(
        { answer: b.answer },
        { resume_state: null, information_questions: null, information_requested_at: null },
      );
    case 'refuse':
      return refuse(i, b);
    case 'postpone':
      if (b.until <= at.slice(0, 10)) throw field('until', 'The postponement ends in the future.');
      return plain(
        { reason: b.reason, until: b.until },
        { resume_state: loaded.life.state, postponed_until: b.until, postpone_reason: b.reason },
      );
    case 'resume':
      return plain(
        { note: b.note ?? null },
        { resume_state: null, postponed_until: null, postpone_reason: null },
      );
    case 'consent': {
      const startAt = b.consentAt ? new Date(b.consentAt) : now;
      if (startAt > now) throw field('consentAt', 'Consent is recorded once given (not in the future).');
      // Consent is given before the executing judicial authority after the arrest (FD 2002/584/JHA
      // Art. 13(1)): an arrest is recorded once it happened, and before the consent.
      if (b.arrestedAt && new Date(b.arrestedAt) > now)
        throw field('arrestedAt', 'The arrest is recorded once it happened.');
      if (b.arrestedAt && new Date(b.arrestedAt) > startAt)
        throw field('consentAt', 'Consent is given after the arrest.');
      return {
        ...plain(
          { consentAt: startAt.toISOString(), arrestedAt: b.arrestedAt ?? null },
          { consent: 'given', arrested_at: b.arrestedAt ?? null },
        ),
        clock: { startAt },
      };
    }
    case 'no-consent': {
      const startAt = new Date(b.arrestedAt);
      if (startAt > now) throw field('arrestedAt', 'The arrest is recorded once it happened.');
      return {
        ...plain({ arrestedAt: b.arrestedAt }, { consent: 'refused', arrested_at: b.arrestedAt }),
        clock: { startAt },
      };
    }
    case 'extend':
      return plain({ deadlineId: b.deadlineId, reasons: b.reasons });
    case 'return-results': {
      if (b.taskIds?.length) {
        const done = await i.db
          .selectFrom('execution_task')
          .select('id')
          .where('request_id', '=', loaded.request.id)
          .where('id', 'in', b.taskIds)
          .where('status', '=', 'done')
          .execute();
        const ok = new Set(done.map((t) => t.id));
        const bad = b.taskIds.findIndex((t) => !ok.has(t));
        if (bad >= 0) throw field(`taskIds.${bad}`, 'Not a finished task of this request.');
      }
      return plain({
        summary: b.summary,
        taskIds: b.taskIds ?? [],
        partial: loaded.life.state !== 'executed',
      });
    }
    case 'request-production':
      return {
        ...plain({ measures: b.measures, note: b.note ?? null }, { production_requested_at: at }),
        clock: { measures: b.measures },
      };
    case 'close':
      return plain({ note: b.note ?? null }, { closed_at: at });
    case 'withdraw':
      return plain({ reason: b.reason }, { closed_at: at });
    default:
      return plain({ note: 'note' in b ? (b.note ?? null) : null });
  }
}
