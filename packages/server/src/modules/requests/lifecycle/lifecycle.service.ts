import type { RequestDraft, TransitionBody } from '@comity/contracts';
import type { Clock } from '../../../platform/clock.ts';
import type { Database, Queryable } from '../../../platform/db/database.ts';
import { inTransaction, type UnitOfWork } from '../../../platform/db/unit-of-work.ts';
import type { DomainEvents } from '../../../platform/events/domain-events.ts';
import { AppError, notFound, validationFailed } from '../../../platform/http/errors.ts';
import { newId } from '../../../platform/ids.ts';
import type { JobQueue } from '../../../platform/jobs/job-queue.ts';
import type { AccessGate } from '../../access/access-gate.ts';
import type { Actor, RequestMeta } from '../../access/actor.ts';
import { systemMeta } from '../../access/actor.ts';
import type { AuditLog } from '../../audit/audit.service.ts';
import type { LegalRegistry } from '../../legal/index.ts';
import type { LegalService } from '../../legal/legal.service.ts';
import { factsOf } from '../deadlines/deadline-clock.ts';
import { deadlinesRepository } from '../deadlines/deadlines.repository.ts';
import type { Deadlines } from '../deadlines/deadlines.service.ts';
import type { FindingsReport, RequestsService } from '../requests.service.ts';
import { cancelTasksEndedBy } from '../tasks/tasks.service.ts';
import { translationNeed } from '../tasks/translation-fields.ts';
import type { TranslationsService } from '../tasks/translations.service.ts';
import { lifecycleRepository as repo } from './lifecycle.repository.ts';
import {
  contextOf,
  initialLifecycle,
  type Loaded,
  lifecycleActor,
  validationOf,
} from './lifecycle-context.ts';
import type { LifecycleReads } from './lifecycle-reads.ts';
import { TRANSITIONS } from './lifecycle-table.ts';
import type { AgencyInfo, People } from './people.ts';
import { decide } from './request-lifecycle.ts';
import { prepare, type Warning } from './transition-effects.ts';
import { Outcome } from './transition-outcome.ts';
import type { Deliveries } from './transmission/deliveries.ts';
import type { InboundEnvelope, InboundOutcome } from './transmission/federated-carrier.ts';
import {
  bodyOf,
  partnerExtension,
  type ReceivedRequests,
  wireBody,
} from './transmission/received-requests.ts';

export type LifecycleView = Awaited<ReturnType<LifecycleReads['view']>>;

export const NOTIFY_JOB = 'lifecycle.notify';

/** Audit details hold ids, versions, dates and codes only: free text (comments, reasons) stays out. */
const AUDITABLE = [
  'recipientAgencyId',
  'validatingAgencyId',
  'version',
  'contentVersion',
  'contentHash',
  'until',
  'deadlineId',
  'taskIds',
  'measures',
  'partial',
  'consentAt',
  'arrestedAt',
];
function auditable(payload: Record<string, unknown>): Record<string, unknown> {
  const out = Object.fromEntries(Object.entries(payload).filter(([k]) => AUDITABLE.includes(k)));
  if (Array.isArray(payload.grounds))
    out.grounds = payload.grounds.map((g) => (typeof g === 'string' ? g : (g as { id: string }).id));
  return out;
}

export interface LifecycleDeps {
  database: Database;
  gate: AccessGate;
  audit: AuditLog;
  events: DomainEvents;
  jobs: JobQueue;
  clock: Clock;
  legal: LegalService;
  people: People;
  deliveries: Deliveries;
  deadlines: Deadlines;
  translations: TranslationsService;
  requests: RequestsService;
  /** The lifecycle view of a request for an actor (lifecycle-reads.ts). */
  view: (actor: Actor, requestId: string) => Promise<LifecycleView>;
  /** The same, for a request already loaded (the state after a transition, without reloading it). */
  viewOf: (actor: Actor, loaded: Loaded) => Promise<LifecycleView>;
  /** Requests received from partner nodes (their requested side lives here); absent without federation. */
  received?: ReceivedRequests | undefined;
  /** An agency a partner node hosts, from its node document (the recipient of a request sent there). */
  partnerAgency?: ((agencyId: string) => AgencyInfo | undefined) | undefined;
}

/** What a partner node keeps of a request besides its content: what it lists and shows. */
function transmittedRequest(l: Loaded) {
  return {
    kind: l.request.kind,
    instrumentId: l.request.instrument_id,
    title: l.request.title,
    reference: l.request.reference,
    classification: l.request.classification,
    urgent: l.request.urgent === 1,
    // Drafted in an exercise: the partner keeps the mark, or refuses it if it holds operational data.
    exercise: l.request.exercise === 1,
    requestingState: l.request.requesting_state,
    requestedState: l.request.requested_state,
    requestingAgencyName: l.agencies.get(l.life.requesting_agency_id)?.name ?? null,
    transmittedAt: l.life.transmitted_at,
    // The judicial validation the request went through, if its instrument asks for one (EIO Art.
    // 2(c)(ii)): the executing authority checks it.
    validation: {
      required: l.life.validation_required === 1,
      agencyId: l.life.validator_agency_id,
      agencyName: l.life.validator_agency_id
        ? (l.agencies.get(l.life.validator_agency_id)?.name ?? null)
        : null,
      validatedAt: l.life.validated_at,
    },
  };
}

/** A partner's move is checked against the state machine and its side, not against our roles. */
const ANY_PERMISSION = new Set(TRANSITIONS.map((r) => r.permission));

/** Not a request of this node the actor may read (the transaction writes nothing and ends). */
class NotReadableHere extends Error {}

/** A refused transition, carrying what the 409 answer shows: the current state. */
export class TransitionConflict extends AppError {
  current: unknown;
  constructor(detail: string) {
    super('conflict', detail);
  }
}

/** Every 409 of a transition carries the current state; other errors pass unchanged. */
async function withCurrent(e: unknown, current: () => Promise<unknown>): Promise<unknown> {
  if (!(e instanceof AppError) || e.code !== 'conflict' || e instanceof TransitionConflict) return e;
  const err = new TransitionConflict(e.detail ?? 'Not possible now.');
  err.current = await current();
  return err;
}

/**
 * Transitions of the request lifecycle, the only way a request changes state. Each runs in one
 * transaction: the state (optimistic concurrency on the lifecycle version), the transition record,
 * the delivery to the other side through a carrier, the clocks, the audit event, the domain event
 * and the notification job — all or nothing.
 */
export class LifecycleService {
  constructor(private readonly d: LifecycleDeps) {}

  /** Loads the request and its lifecycle; inside a transaction pass its `tx`. Two queries. */
  async load(db: Queryable, registry: LegalRegistry, requestId: string): Promise<Loaded> {
    const rv = await repo.withLifecycle(db, requestId);
    if (!rv) throw notFound();
    const { request, content, contentHash: content_hash, life: stored } = rv;
    const life = stored ?? initialLifecycle(request);
    const draft = JSON.parse(content) as RequestDraft;
    const { drafters, tasks } = await repo.draftersAndTasks(db, requestId);
    const agencyIds = [life.requesting_agency_id, life.recipient_agency_id, life.validator_agency_id].filter(
      (x): x is string => x !== null,
    );
    const agencies = await this.agencies(db, agencyIds);
    const instrument = draft.instrumentId ? registry.instrumentsById.get(draft.instrumentId) : undefined;
    const partial = {
      request,
      life,
      stored: stored !== undefined,
      draft,
      contentText: content,
      contentHash: content_hash,
      drafters,
      openTasks: tasks.filter((t) => t.status === 'open' || t.status === 'in-progress').length,
      taskAgencies: [...new Set(tasks.map((t) => t.owner_agency_id))],
      agencies,
      instrument,
    };
    return { ...partial, validation: validationOf(registry, partial) };
  }

  /** Agencies of this node, and those partner nodes host (a request's recipient may be there). */
  private async agencies(db: Queryable, ids: readonly string[]) {
    const agencies = await this.d.people.agencies(db, ids);
    for (const id of ids) {
      const partner = agencies.has(id) ? undefined : this.d.partnerAgency?.(id);
      if (partner) agencies.set(id, partner);
    }
    return agencies;
  }

  async transition(actor: Actor, meta: RequestMeta, requestId: string, body: TransitionBody) {
    const registry = await this.d.legal.registry();
    // The submission gate reads the findings before the transaction (they are computed in memory),
    // for a request the actor may read.
    const findings =
      body.action === 'submit' &&
      (await this.d.gate.filter(actor, 'request.read', [requestId])).has(requestId)
        ? await this.d.requests.findingsFor(requestId)
        : undefined;
    let done: { warnings: Warning[]; loaded: Loaded };
    try {
      done = await inTransaction(this.d.database, (uow) =>
        this.run(uow, actor, meta, registry, requestId, body, findings),
      );
    } catch (e) {
      if (e instanceof NotReadableHere) return this.receivedTransition(actor, meta, requestId, body);
      throw await this.refusal(actor, meta, requestId, body, e, () => this.d.view(actor, requestId));
    }
    const view = await this.d.viewOf(actor, done.loaded);
    return { ...view, ...(done.warnings.length ? { warnings: done.warnings } : {}) };
  }

  /** A request received from a partner node: moved in its own table, refused and answered alike. */
  private async receivedTransition(actor: Actor, meta: RequestMeta, requestId: string, body: TransitionBody) {
    const received = this.d.received;
    if (!received || !(await received.has(this.d.database.db, requestId))) throw notFound();
    await this.d.gate.require(actor, 'request.receive', [requestId]);
    let loaded: Loaded;
    try {
      loaded = await received.transition(actor, meta, requestId, body);
    } catch (e) {
      throw await this.refusal(actor, meta, requestId, body, e, () => received.view(actor, requestId));
    }
    return this.d.viewOf(actor, loaded);
  }

  /**
   * A transition not taken: audited, then the answer — 404 for another side's or a forbidden
   * action, 409 with the current state for a stale version, a state that does not allow it or a
   * failed guard; any other error unchanged.
   */
  private async refusal(
    actor: Actor,
    meta: RequestMeta,
    requestId: string,
    body: TransitionBody,
    e: unknown,
    current: () => Promise<unknown>,
  ): Promise<unknown> {
    await this.refused(actor, meta, requestId, body, e);
    if (e instanceof Outcome) {
      const err =
        e.result.kind === 'stale'
          ? new TransitionConflict(
              `The request is at lifecycle version ${e.result.version}, not ${body.expectedVersion}: someone acted on it meanwhile. Here is its current state.`,
            )
          : e.result.reason === 'not-your-side' ||
              e.result.reason === 'no-permission' ||
              e.result.reason === 'unknown-action'
            ? notFound(e.result.detail)
            : new TransitionConflict(e.result.detail);
      if (err instanceof TransitionConflict) err.current = await current();
      return err;
    }
    return withCurrent(e, current);
  }

  private async refused(
    actor: Actor,
    meta: RequestMeta,
    requestId: string,
    body: TransitionBody,
    e: unknown,
  ) {
    const reason =
      e instanceof Outcome
        ? e.result.kind === 'stale'
          ? 'stale-version'
          : e.result.reason
        : e instanceof AppError
          ? e.code
          : 'error';
    await this.d.audit.record(
      { actor, meta },
      {
        action: 'request.transition',
        objectType: 'request',
        objectId: requestId,
        outcome: reason === 'not-your-side' || reason === 'no-permission' ? 'denied' : 'failure',
        details: {
          transition: body.action,
          expectedVersion: body.expectedVersion,
          reason,
          ...(e instanceof Outcome && e.result.kind === 'refused' ? { state: e.result.state } : {}),
          ...(e instanceof Outcome && e.result.kind === 'refused' && e.result.reason === 'guard'
            ? { guard: e.result.guard }
            : {}),
        },
      },
    );
  }

  private async run(
    uow: UnitOfWork,
    actor: Actor,
    meta: RequestMeta,
    registry: LegalRegistry,
    requestId: string,
    body: TransitionBody,
    findings: FindingsReport | undefined,
  ): Promise<{ warnings: Warning[]; loaded: Loaded }> {
    const { tx } = uow;
    // Decided on the connection the transaction holds: no read of its own on the other one. Not
    // one of this node's requests the actor may read: it may be one received from a partner node.
    if (!(await this.d.gate.filter(actor, 'request.read', [requestId], tx)).has(requestId))
      throw new NotReadableHere();
    const now = this.d.clock.now();
    const at = now.toISOString();
    let loaded = await this.load(tx, registry, requestId);
    if (!loaded.stored) {
      await repo.insertIfMissing(tx, loaded.life);
      loaded = { ...loaded, life: (await repo.byId(tx, requestId))!, stored: true };
    }
    const life = loaded.life;
    if (life.version !== body.expectedVersion) throw new Outcome({ kind: 'stale', version: life.version });
    if (findings && findings.version !== loaded.request.current_version)
      throw new Outcome({ kind: 'stale', version: life.version });
    const decision = decide(contextOf(loaded), lifecycleActor(actor, life), body.action);
    if (!decision.ok) {
      const { ok: _ok, ...refusal } = decision;
      throw new Outcome({ kind: 'refused', state: life.state, ...refusal });
    }
    // The validator's gate: 422 naming every field with a blocking finding.
    if (findings && !findings.submittable)
      throw validationFailed(
        findings.findings
          .filter((f) => f.severity === 'blocking')
          .map((f) => ({ path: f.path ? `draft.${f.path}` : 'draft', message: f.message })),
        `The draft has ${findings.blocking} blocking finding(s) and cannot be submitted for approval.`,
      );
    // Evidence items travel with results only to a partner node (offered, then pulled into its
    // store; received-requests.ts). Between two agencies of this node the item is handed over by a
    // custody transfer; silently ignoring the ids would let the officer believe it had been sent.
    if (body.action === 'return-results' && body.evidenceItemIds?.length)
      throw validationFailed([
        {
          path: 'body.evidenceItemIds',
          message:
            'Both agencies are on this node: hand the evidence over with a custody transfer of the item.',
        },
      ]);
    const need = body.action === 'transmit' ? translationNeed(registry, loaded.draft) : undefined;
    const openTranslations =
      need?.required && !need.attached ? await this.d.translations.openCount(tx, requestId) : 0;
    const prepared = await prepare({
      db: tx,
      registry,
      loaded,
      actor,
      body,
      now,
      people: this.d.people,
      openTranslations,
      reaches: async (agencyId) => (await this.d.deliveries.carrierFor(tx, agencyId)) !== undefined,
    });
    const to = decision.to;
    const version = life.version + 1;
    if (
      !(await repo.advance(tx, requestId, life.version, {
        ...prepared.patch,
        state: to,
        updated_at: at,
        updated_by: actor.userId,
      }))
    )
      throw new Outcome({ kind: 'stale', version: life.version });
    const after = {
      ...life,
      ...prepared.patch,
      state: to,
      version,
      updated_at: at,
      updated_by: actor.userId,
    };
    const contentVersion = loaded.request.current_version;
    if (!(await repo.setRequestStatus(tx, requestId, { state: to, contentVersion, at, by: actor.userId })))
      throw new Outcome({ kind: 'stale', version: life.version });
    const side = decision.rule.side;
    await repo.insertTransition(tx, {
      id: newId(),
      request_id: requestId,
      version,
      action: body.action,
      from_state: life.state,
      to_state: to,
      side,
      actor_user_id: actor.userId,
      actor_agency_id: actor.agencyId,
      payload: JSON.stringify(prepared.payload),
      at,
    });
    if (body.action === 'submit')
      await this.d.translations.sync(
        uow,
        { actor, meta },
        requestId,
        translationNeed(registry, loaded.draft),
      );
    if (body.action === 'extend')
      await this.d.deadlines.extend(
        uow,
        requestId,
        body.deadlineId,
        body.reasons,
        side === 'requesting' ? 'requesting' : 'requested',
      );
    if (decision.rule.communicates && after.recipient_agency_id) {
      const t = prepared.transmission;
      const other = side === 'requesting' ? after.recipient_agency_id : after.requesting_agency_id;
      const sent = await this.d.deliveries.send(uow, {
        requestId,
        type: t ? 'request.transmission' : 'request.communication',
        action: body.action,
        senderAgencyId: actor.agencyId,
        recipientAgencyId: other,
        recipientNode: side === 'requesting' ? after.recipient_node : null,
        conversationId: requestId,
        // A partner node keeps its own copy of the request: the transmission carries what it lists
        // and shows; a communication carries the action's input, which the other side checks again
        // against its own registry (refusal grounds, dates) before it moves its side.
        payload: t
          ? { content: t.content as Record<string, unknown>, request: transmittedRequest(loaded) }
          : { body: wireBody(body), details: prepared.payload },
        labels: { tlp: loaded.request.classification > 0 ? 'TLP:AMBER+STRICT' : 'TLP:AMBER' },
        version: t?.version ?? null,
        contentHash: t?.hash ?? null,
        idempotencyKey: `request:${requestId}:${body.action}:v${version}`,
        at,
      });
      // Set once, by the transmission: the request's counterpart node never changes after.
      if (sent.recipientNode && !after.recipient_node) {
        await repo.setRecipientNode(tx, requestId, sent.recipientNode);
        after.recipient_node = sent.recipientNode;
      }
    }
    await this.d.deadlines.apply(
      uow,
      body.action,
      {
        requestId,
        instrument: loaded.instrument,
        facts: factsOf(loaded.draft),
        requestingAgencyId: after.requesting_agency_id,
        requestedAgencyId: after.recipient_agency_id,
        requestedDate: loaded.draft.urgency?.deadline ?? null,
      },
      prepared.clock,
      // The notification job goes in the same statement as the clocks' jobs.
      [
        {
          name: NOTIFY_JOB,
          payload: { requestId, version },
          opts: { idempotencyKey: `transition:${requestId}:${version}` },
        },
      ],
    );
    // Run whatever the tasks loaded: one assigned meanwhile has committed by now (see TasksService.create).
    const tasksCancelled = await cancelTasksEndedBy(tx, requestId, to, actor.userId, at);
    await this.d.audit.append(
      uow,
      { actor, meta },
      {
        action: 'request.transition',
        objectType: 'request',
        objectId: requestId,
        details: {
          transition: body.action,
          from: life.state,
          to,
          version,
          ...auditable(prepared.payload),
          ...(tasksCancelled > 0 ? { tasksCancelled } : {}),
        },
      },
    );
    const parties = [
      after.requesting_agency_id,
      after.recipient_agency_id,
      after.validator_agency_id,
      ...loaded.taskAgencies,
    ];
    await this.d.events.emit(
      uow,
      'request.transition',
      { requestId, action: body.action, from: life.state, to, version },
      parties.filter((x): x is string => x !== null),
      actor.userId,
    );
    const agencies = await this.agencies(
      tx,
      [after.requesting_agency_id, after.recipient_agency_id, after.validator_agency_id].filter(
        (x): x is string => x !== null,
      ),
    );
    const request = { ...loaded.request, status: to, updated_at: at, updated_by: actor.userId };
    // The view answers with the clocks as this transaction left them: read here, on the connection
    // that wrote them, rather than after the commit.
    const nextClock = (await deadlinesRepository.nextRunning(tx, requestId)) ?? null;
    return { warnings: prepared.warnings, loaded: { ...loaded, life: after, request, agencies, nextClock } };
  }

  /**
   * A formal communication from the partner node hosting the recipient agency (acknowledgement,
   * questions, decision, results…): that side's move, applied here through the same state machine in
   * the transaction that marks the envelope processed. A move the state does not allow is refused
   * (the partner gets a `rejected` receipt), never applied.
   */
  async applyRemote(uow: UnitOfWork, e: InboundEnvelope): Promise<InboundOutcome> {
    const { tx } = uow;
    const requestId = e.conversationId;
    const stored = await repo.byId(tx, requestId);
    if (!stored || stored.recipient_node !== e.sender.node || stored.recipient_agency_id !== e.sender.agency)
      return {
        outcome: 'not-delivered',
        problem: { code: 'not-found', detail: 'No request of this node was sent to that agency.' },
      };
    // An extension names the partner's clock by its rule: this node extends its own copy of it.
    const extension = await partnerExtension(tx, requestId, e.payload);
    const body = bodyOf(extension.payload, stored.version);
    if (typeof body === 'string')
      return { outcome: 'rejected', problem: { code: 'validation-failed', detail: body } };
    const registry = await this.d.legal.registry();
    const loaded = await this.load(tx, registry, requestId);
    const life = loaded.life;
    const decision = decide(
      contextOf(loaded),
      { userId: '', sides: new Set(['requested']), permissions: ANY_PERMISSION },
      body.action,
    );
    if (!decision.ok) return { outcome: 'rejected', problem: { code: 'conflict', detail: decision.detail } };
    const now = this.d.clock.now();
    const at = now.toISOString();
    let prepared: Awaited<ReturnType<typeof prepare>>;
    try {
      prepared = await prepare({
        db: tx,
        registry,
        loaded,
        // The partner's officer acted on the other node; only the action's input is checked here.
        actor: { userId: '', agencyId: e.sender.agency } as Actor,
        body,
        now,
        people: this.d.people,
        openTranslations: 0,
        reaches: async () => true,
      });
    } catch (err) {
      if (err instanceof AppError)
        return { outcome: 'rejected', problem: { code: err.code, detail: err.detail ?? err.message } };
      throw err;
    }
    // EIO Art. 12(5), EAW Art. 17(4): the partner extended its clock; this node's copy follows when
    // it can (checked before anything is written). When it cannot, the move is still recorded with
    // why, since the issuing side must learn of the extension and its reasons either way.
    let notExtended = extension.notExtended;
    if (body.action === 'extend' && extension.deadlineId) {
      try {
        await this.d.deadlines.extend(uow, requestId, extension.deadlineId, body.reasons, 'requested');
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        // The reason itself (a field error's message), not the path of a body this side never sent.
        notExtended = err.errors?.[0]?.message ?? err.detail ?? err.message;
      }
    }
    if (body.action === 'extend') {
      const { deadlineId: _here, ...kept } = prepared.payload;
      prepared.payload = {
        ...kept,
        ruleId: extension.ruleId ?? null,
        ...(notExtended ? { clockNotExtended: notExtended } : {}),
      };
    }
    const to = decision.to;
    const version = life.version + 1;
    // Someone here moved it meanwhile: throwing retries the envelope later, in order.
    if (
      !(await repo.advance(tx, requestId, life.version, {
        ...prepared.patch,
        state: to,
        updated_at: at,
        updated_by: null,
      }))
    )
      throw new Error(`request ${requestId} moved meanwhile`);
    await repo.setRequestState(tx, requestId, to, at);
    // What this node validated is the record; the partner's own account of the move is kept beside
    // it, under its own key, and never overrides it.
    const claimed = (e.payload as { details?: unknown } | null)?.details;
    const details = {
      ...prepared.payload,
      ...(claimed !== null && typeof claimed === 'object' && !Array.isArray(claimed)
        ? { partnerDetails: claimed }
        : {}),
    };
    await repo.insertTransition(tx, {
      id: newId(),
      request_id: requestId,
      version,
      action: body.action,
      from_state: life.state,
      to_state: to,
      side: decision.rule.side,
      actor_user_id: null,
      actor_agency_id: e.sender.agency ?? null,
      payload: JSON.stringify({ ...details, node: e.sender.node, envelopeId: e.id }),
      at,
    });
    await this.d.deliveries.recordIncoming(uow, {
      requestId,
      action: body.action,
      senderAgencyId: stored.recipient_agency_id!,
      recipientAgencyId: stored.requesting_agency_id,
      envelopeId: e.id,
      sentAt: e.createdAt,
      at,
    });
    await this.d.deadlines.apply(
      uow,
      body.action,
      {
        requestId,
        instrument: loaded.instrument,
        facts: factsOf(loaded.draft),
        requestingAgencyId: life.requesting_agency_id,
        requestedAgencyId: life.recipient_agency_id,
        requestedDate: loaded.draft.urgency?.deadline ?? null,
      },
      prepared.clock,
    );
    await this.d.audit.append(
      uow,
      { actor: null, meta: systemMeta },
      {
        action: 'request.transition',
        objectType: 'request',
        objectId: requestId,
        details: {
          transition: body.action,
          from: life.state,
          to,
          version,
          partner: e.sender.node,
          agencyId: e.sender.agency,
          envelopeId: e.id,
          ...auditable(prepared.payload),
        },
      },
    );
    await this.d.events.emit(
      uow,
      'request.transition',
      { requestId, action: body.action, from: life.state, to, version },
      [life.requesting_agency_id],
      null,
    );
    await this.d.jobs.enqueue(
      tx,
      NOTIFY_JOB,
      { requestId, version },
      { idempotencyKey: `transition:${requestId}:${version}` },
    );
    return undefined;
  }
}
