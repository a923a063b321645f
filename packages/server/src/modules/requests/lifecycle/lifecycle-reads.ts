import type { RequestState } from '@comity/contracts';
import type { Clock } from '../../../platform/clock.ts';
import type { Database, Queryable } from '../../../platform/db/database.ts';
import { fromBool } from '../../../platform/db/schema.ts';
import { inTransaction } from '../../../platform/db/unit-of-work.ts';
import type { AccessGate } from '../../access/access-gate.ts';
import type { Actor, RequestMeta } from '../../access/actor.ts';
import type { AuditLog } from '../../audit/audit.service.ts';
import type { LegalRegistry } from '../../legal/index.ts';
import type { LegalService } from '../../legal/legal.service.ts';
import { factsOf } from '../deadlines/deadline-clock.ts';
import { deadlinesRepository } from '../deadlines/deadlines.repository.ts';
import type { Deadlines } from '../deadlines/deadlines.service.ts';
import { toRequestSummary } from '../requests.repository.ts';
import type { RequestsService } from '../requests.service.ts';
import { taskHistory, taskTimelineEntry } from '../tasks/task-history.ts';
import { lifecycleRepository as repo } from './lifecycle.repository.ts';
import {
  contextOf,
  type Loaded,
  later,
  lifecycleActor,
  mainSide,
  requestReference,
} from './lifecycle-context.ts';
import { TRANSITIONS } from './lifecycle-table.ts';
import type { AgencyInfo, People } from './people.ts';
import { allowedActions, policiesOf, TURN } from './request-lifecycle.ts';
import { byTimelineOrder } from './timeline-order.ts';
import type { Deliveries } from './transmission/deliveries.ts';
import type { ReceivedRequests } from './transmission/received-requests.ts';

export interface ReadsDeps {
  database: Database;
  gate: AccessGate;
  audit: AuditLog;
  clock: Clock;
  legal: LegalService;
  people: People;
  deliveries: Deliveries;
  deadlines: Deadlines;
  requests: RequestsService;
  load: (db: Queryable, registry: LegalRegistry, requestId: string) => Promise<Loaded>;
  /** Requests received from partner nodes, read from their own table (absent without federation). */
  received?: ReceivedRequests | undefined;
  /** An agency a partner node hosts, by its published node document (absent without federation). */
  partnerAgency?: ((agencyId: string) => { name: string } | undefined) | undefined;
}

const agencyRef = (a: AgencyInfo | undefined) =>
  a ? { id: a.id, name: a.name, jurisdiction: a.jurisdiction } : null;

/** The requesting state validates its own requests; the requested state executes them. */
const sameState = (a: string, b: string) =>
  (a === 'requesting' || a === 'validating') === (b === 'requesting' || b === 'validating');

/** Transitions the other side is told of (a formal communication), as `side:action`. */
const COMMUNICATED = new Set(TRANSITIONS.filter((r) => r.communicates).map((r) => `${r.side}:${r.action}`));

/**
 * What each side sees of a request's lifecycle: the state and whose move it is, the frozen and sent
 * versions, approvals, clocks, and the actions the caller may take now; the deliveries with their
 * receipts; the timeline. Every read is audited before it is answered.
 */
export class LifecycleReads {
  constructor(private readonly d: ReadsDeps) {}

  async view(actor: Actor, requestId: string) {
    const registry = await this.d.legal.registry();
    return this.viewOf(actor, await this.d.load(this.d.database.db, registry, requestId));
  }

  /** The view of a request already loaded (a transition answers with it without reloading). */
  async viewOf(actor: Actor, l: Loaded) {
    const db = this.d.database.db;
    const requestId = l.request.id;
    const { life, request } = l;
    const side = mainSide(actor, life);
    const submittable =
      life.state === 'draft' && side === 'requesting'
        ? (await this.d.requests.findingsFor(requestId)).submittable
        : undefined;
    const ctx = contextOf(l, submittable);
    const who = lifecycleActor(actor, life);
    const allowed = allowedActions(ctx, who);
    const now = this.d.clock.now().toISOString();
    const next =
      l.nextClock === undefined ? await deadlinesRepository.nextRunning(db, requestId) : l.nextClock;
    const refusal = life.refusal
      ? (JSON.parse(life.refusal) as { grounds: string[]; reasons: string })
      : null;
    const grounds = new Map((l.instrument?.refusalGrounds ?? []).map((g) => [g.id, g]));
    const summary = toRequestSummary(request);
    // Who drafted, approved or validated is the requesting state's internal review (as in the
    // timeline): the requested state sees the versions, times and agencies, not its people.
    const own = sameState(side, 'requesting');
    return {
      data: {
        id: request.id,
        reference: requestReference(request.id),
        proceedingsReference: request.reference,
        title: request.title,
        kind: summary.kind,
        instrumentId: summary.instrumentId,
        requestingState: request.requesting_state,
        requestedState: request.requested_state,
        urgent: summary.urgent,
        classification: request.classification,
        side,
        state: life.state,
        version: life.version,
        turn: TURN[life.state],
        contentVersion: request.current_version,
        frozen:
          life.approved_version && life.approved_hash && life.approved_by && life.approved_at
            ? {
                version: life.approved_version,
                hash: life.approved_hash,
                approvedBy: own ? life.approved_by : null,
                approvedAt: life.approved_at,
              }
            : null,
        sent:
          life.transmitted_version && life.transmitted_hash && life.transmitted_at && life.transmitted_by
            ? {
                version: life.transmitted_version,
                hash: life.transmitted_hash,
                at: life.transmitted_at,
                by: life.transmitted_by,
              }
            : null,
        requestingAgency: agencyRef(l.agencies.get(life.requesting_agency_id)) ?? {
          id: life.requesting_agency_id,
          name: '',
          jurisdiction: request.requesting_state ?? '',
        },
        recipientAgency: life.recipient_agency_id
          ? agencyRef(l.agencies.get(life.recipient_agency_id))
          : null,
        validation: l.validation
          ? {
              required: life.state === 'draft' ? l.validation.required : fromBool(life.validation_required),
              agency: life.validator_agency_id ? agencyRef(l.agencies.get(life.validator_agency_id)) : null,
              validatedBy: own ? life.validated_by : null,
              validatedAt: life.validated_at,
              citation: l.validation.citation,
              verified: l.validation.verified,
            }
          : null,
        parentId: life.parent_request_id,
        // The four-eyes review stays within the requesting state.
        returned:
          life.returned_by && life.returned_at && sameState(side, 'requesting')
            ? { by: life.returned_by, at: life.returned_at, comments: life.return_comments ?? '' }
            : null,
        informationRequest:
          life.information_requested_at && life.information_questions
            ? { at: life.information_requested_at, questions: life.information_questions }
            : null,
        postponement:
          life.postponed_until && life.postpone_reason
            ? { reason: life.postpone_reason, until: life.postponed_until }
            : null,
        refusal: refusal
          ? {
              reasons: refusal.reasons,
              grounds: refusal.grounds.map((id) => {
                const g = grounds.get(id);
                return g
                  ? { id, description: g.description, citation: g.citation, verified: g.verified }
                  : { id, description: 'Other ground', citation: 'not encoded', verified: false };
              }),
            }
          : null,
        consent: life.consent,
        nextDeadline: next
          ? {
              id: next.id,
              action: next.action,
              dueAt: next.due_at,
              overdue: next.due_at < now,
              citation: next.citation,
              verified: fromBool(next.verified),
            }
          : null,
        createdBy: own ? request.created_by : null,
        createdAt: request.created_at,
        updatedAt: later(life.updated_at, request.updated_at),
      },
      policies: policiesOf(ctx, who, allowed),
      allowedActions: allowed,
    };
  }

  private async readAudited(
    actor: Actor,
    meta: RequestMeta,
    requestId: string,
    action: string,
    details = {},
  ) {
    await this.d.gate.require(actor, 'request.read', [requestId]);
    await this.d.audit.record(
      { actor, meta },
      { action, objectType: 'request', objectId: requestId, details },
    );
  }

  /** GET …/lifecycle. Someone of the recipient agency opening it is the `retrieved` receipt. */
  async read(actor: Actor, meta: RequestMeta, requestId: string) {
    if (await this.isReceived(requestId))
      return this.d.received!.read(actor, meta, requestId) as ReturnType<LifecycleReads['view']>;
    await this.readAudited(actor, meta, requestId, 'request.lifecycle.read');
    const life = await repo.byId(this.d.database.db, requestId);
    // The requesting side of a request sent to a partner node opens what that node sent back.
    if (
      life?.recipient_agency_id === actor.agencyId ||
      (life?.recipient_node && life.requesting_agency_id === actor.agencyId)
    ) {
      const at = this.d.clock.now().toISOString();
      await inTransaction(this.d.database, async (uow) => {
        const marked = await this.d.deliveries.markRetrieved(
          uow,
          requestId,
          actor.agencyId,
          actor.userId,
          at,
        );
        // The receipts are a write of their own, apart from the read: audited with them.
        if (marked)
          await this.d.audit.append(
            uow,
            { actor, meta },
            { action: 'request.retrieved', objectType: 'request', objectId: requestId, details: { marked } },
          );
      });
    }
    return this.view(actor, requestId);
  }

  private async isReceived(requestId: string): Promise<boolean> {
    return this.d.received !== undefined && (await this.d.received.has(this.d.database.db, requestId));
  }

  async deliveries(actor: Actor, meta: RequestMeta, requestId: string) {
    if (await this.isReceived(requestId)) return this.d.received!.deliveries(actor, meta, requestId);
    await this.readAudited(actor, meta, requestId, 'request.deliveries.read');
    return this.d.deliveries.list(this.d.database.db, requestId, actor.agencyId);
  }

  async deadlines(actor: Actor, meta: RequestMeta, requestId: string) {
    if (await this.isReceived(requestId)) return this.d.received!.deadlines(actor, meta, requestId);
    await this.readAudited(actor, meta, requestId, 'request.deadlines.read');
    const registry = await this.d.legal.registry();
    const l = await this.d.load(this.d.database.db, registry, requestId);
    return this.d.deadlines.list(this.d.database.db, requestId, l.instrument, factsOf(l.draft));
  }

  /**
   * Every transition (who, from which agency, what) and every receipt, in time order; for the
   * requested side also what happened to the execution tasks it may see.
   */
  async timeline(actor: Actor, meta: RequestMeta, requestId: string) {
    if (await this.isReceived(requestId)) return this.d.received!.timeline(actor, meta, requestId);
    await this.readAudited(actor, meta, requestId, 'request.timeline.read');
    const db = this.d.database.db;
    const life = await repo.byId(db, requestId);
    const viewer = life ? mainSide(actor, life) : 'requesting';
    // What the other state did without telling (submission, four-eyes approval or return with its
    // comments, validation) is its own business; what it communicated is part of the exchange.
    const transitions = (await repo.transitions(db, requestId)).filter(
      (t) => sameState(t.side, viewer) || COMMUNICATED.has(`${t.side}:${t.action}`),
    );
    const tasks = await taskHistory(db, actor, requestId, life?.recipient_agency_id ?? null);
    const deliveries = await repo.deliveries(db, requestId);
    const receipts = await repo.receipts(
      db,
      deliveries.map((d) => d.id),
    );
    const users = await this.d.people.users(db, [
      ...transitions.map((t) => t.actor_user_id).filter((x): x is string => x !== null),
      ...receipts.map((r) => r.by_user_id).filter((x): x is string => x !== null),
      ...tasks.map((e) => e.byUserId).filter((x): x is string => x !== null),
    ]);
    const agencies = await this.d.people.agencies(db, [
      ...transitions.map((t) => t.actor_agency_id).filter((x): x is string => x !== null),
      ...deliveries.flatMap((d) => [d.sender_agency_id, d.recipient_agency_id]),
      ...tasks.flatMap((e) => [e.ownerAgencyId, ...(e.byAgencyId ? [e.byAgencyId] : [])]),
    ]);
    const person = (id: string | null) => (id ? { id, name: users.get(id)?.displayName ?? 'unknown' } : null);
    // An agency of a partner node is named as its node document names it.
    const agency = (id: string | null) =>
      id
        ? { id, name: agencies.get(id)?.name ?? this.d.partnerAgency?.(id)?.name ?? 'partner agency' }
        : null;
    const items: {
      at: string;
      kind: 'transition' | 'receipt' | 'task';
      action: string;
      from: RequestState | null;
      to: RequestState | null;
      by: { id: string; name: string } | null;
      agency: { id: string; name: string } | null;
      details: Record<string, unknown>;
    }[] = [
      ...transitions.map((t) => ({
        at: t.at,
        kind: 'transition' as const,
        action: t.action,
        from: t.from_state,
        to: t.to_state,
        by: person(t.actor_user_id),
        agency: agency(t.actor_agency_id),
        details: { version: t.version, side: t.side, ...(JSON.parse(t.payload) as Record<string, unknown>) },
      })),
      ...receipts.map((r) => {
        const d = deliveries.find((x) => x.id === r.delivery_id)!;
        return {
          at: r.at,
          kind: 'receipt' as const,
          action: r.kind,
          from: null,
          to: null,
          by: person(r.by_user_id),
          agency: agency(r.kind === 'submitted' ? d.sender_agency_id : d.recipient_agency_id),
          details: {
            deliveryId: d.id,
            of: d.action,
            type: d.type,
            carrier: d.carrier,
            recipientAgencyId: d.recipient_agency_id,
          },
        };
      }),
      ...tasks.map((e) => taskTimelineEntry(e, person, agency)),
    ];
    // Evidence offered by a partner node, and when it was pulled and found to match its hash.
    const evidence = await db
      .selectFrom('request_evidence')
      .selectAll()
      .where('request_id', '=', requestId)
      .where('direction', '=', 'in')
      .execute();
    const evidenceEntry = {
      kind: 'receipt' as const,
      from: null,
      to: null,
      by: null,
      agency: null,
      details: { of: 'return-results', type: 'evidence.offer', carrier: 'remote' },
    };
    for (const x of evidence) {
      const details = { sha256: x.sha256, size: Number(x.size), name: x.name, envelopeId: x.envelope_id };
      items.push({
        ...evidenceEntry,
        at: x.offered_at,
        action: 'evidence-offered',
        details: { ...evidenceEntry.details, ...details },
      });
      if (x.pulled_at)
        items.push({
          ...evidenceEntry,
          at: x.pulled_at,
          action: 'evidence-pulled',
          details: { ...evidenceEntry.details, ...details },
        });
    }
    return items.sort(byTimelineOrder);
  }
}
