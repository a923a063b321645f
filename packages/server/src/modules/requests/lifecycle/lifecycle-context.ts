import type { RequestDraft } from '@comity/contracts';
import type { Actor } from '../../access/actor.ts';
import type { Instrument, LegalRegistry } from '../../legal/index.ts';
import type { NextClock } from '../deadlines/deadlines.repository.ts';
import type { RequestRow } from '../requests.repository.ts';
import type { LifecycleRow } from './lifecycle.repository.ts';
import type { AgencyInfo } from './people.ts';
import type { LifecycleActor, LifecycleContext, Side } from './request-lifecycle.ts';
import { type ValidationRequirement, validationRequirement } from './validation-rules.ts';

/** Everything a transition or a view reads about one request, loaded once. */
export interface Loaded {
  request: RequestRow;
  life: LifecycleRow;
  /** Whether the lifecycle row exists (a draft that never moved has none yet). */
  stored: boolean;
  /** Content of the current version. */
  draft: RequestDraft;
  /** That content as stored (canonical JSON since contents are stored canonical), and its hash. */
  contentText: string;
  contentHash: string;
  drafters: string[];
  openTasks: number;
  taskAgencies: string[];
  agencies: Map<string, AgencyInfo>;
  instrument: Instrument | undefined;
  validation: ValidationRequirement | null;
  /**
   * The running clock due first (null: none), when the transition that just wrote the clocks read
   * it in its transaction; undefined when not read yet (the view reads it).
   */
  nextClock?: NextClock | null;
}

/** The later of two ISO timestamps (they sort as text). */
export const later = (a: string, b: string): string => [a, b].sort()[1]!;

/** Neutral reference for lists and e-mails: no operational detail, stable, short. */
export { requestReference } from '@comity/contracts';

/** The lifecycle of a draft that has not moved yet (no row stored). */
export function initialLifecycle(r: RequestRow): LifecycleRow {
  return {
    request_id: r.id,
    state: r.status,
    version: 1,
    requesting_agency_id: r.agency_id,
    recipient_agency_id: null,
    recipient_node: null,
    validator_agency_id: null,
    validation_required: 0,
    parent_request_id: null,
    submitted_by: null,
    submitted_at: null,
    approved_by: null,
    approved_at: null,
    approved_version: null,
    approved_hash: null,
    validated_by: null,
    validated_at: null,
    transmitted_by: null,
    transmitted_at: null,
    transmitted_version: null,
    transmitted_hash: null,
    resume_state: null,
    information_questions: null,
    information_requested_at: null,
    postponed_until: null,
    postpone_reason: null,
    refusal: null,
    returned_by: null,
    returned_at: null,
    return_comments: null,
    consent: null,
    arrested_at: null,
    production_requested_at: null,
    closed_at: null,
    created_at: r.created_at,
    updated_at: r.updated_at,
    updated_by: null,
  };
}

export function validationOf(registry: LegalRegistry, l: Pick<Loaded, 'draft' | 'agencies' | 'life'>) {
  const issuer = l.agencies.get(l.life.requesting_agency_id);
  return validationRequirement(registry, l.draft, issuer?.kind ?? 'other');
}

export function contextOf(l: Loaded, submittable?: boolean): LifecycleContext {
  return {
    state: l.life.state,
    kind: l.draft.kind,
    instrumentId: l.draft.instrumentId ?? null,
    resumeState: l.life.resume_state,
    validationRequired: l.validation?.required ?? false,
    drafters: [...new Set([l.request.created_by, ...l.drafters])],
    submittedBy: l.life.submitted_by,
    submittable,
    openTasks: l.openTasks,
    consentRecorded: l.life.consent !== null,
  };
}

/** The sides of the request the actor's agency is on. */
export function sidesOf(actor: Pick<Actor, 'agencyId'>, life: LifecycleRow): Set<Side> {
  const sides = new Set<Side>();
  if (life.requesting_agency_id === actor.agencyId) sides.add('requesting');
  if (life.validator_agency_id === actor.agencyId && life.state !== 'draft') sides.add('validating');
  if (life.recipient_agency_id === actor.agencyId) sides.add('requested');
  return sides;
}

export function lifecycleActor(actor: Actor, life: LifecycleRow): LifecycleActor {
  return { userId: actor.userId, sides: sidesOf(actor, life), permissions: actor.permissions };
}

/** My main side, for the view (an agency with tasks only is `executing`). */
export function mainSide(
  actor: Pick<Actor, 'agencyId'>,
  life: LifecycleRow,
): 'requesting' | 'validating' | 'requested' | 'executing' {
  const s = sidesOf(actor, life);
  if (s.has('requesting')) return 'requesting';
  if (s.has('requested')) return 'requested';
  if (s.has('validating')) return 'validating';
  return 'executing';
}
