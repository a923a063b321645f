import {
  ClearanceLevel,
  CountryCode,
  Id,
  InstrumentId,
  IsoDate,
  RequestKind,
  type RequestListResponse,
  Timestamp,
  type TransitionAction,
  TransitionBody,
} from '@comity/contracts';
import { z } from 'zod';
import type { Clock } from '../../../../platform/clock.ts';
import type { Database, Queryable } from '../../../../platform/db/database.ts';
import { runHot } from '../../../../platform/db/hot-query.ts';
import type { Tables } from '../../../../platform/db/schema.ts';
import { inTransaction, type UnitOfWork } from '../../../../platform/db/unit-of-work.ts';
import type { DomainEvents } from '../../../../platform/events/domain-events.ts';
import { AppError, notFound } from '../../../../platform/http/errors.ts';
import { newId } from '../../../../platform/ids.ts';
import type { JobQueue } from '../../../../platform/jobs/job-queue.ts';
import type { AccessGate } from '../../../access/access-gate.ts';
import { type Actor, type RequestMeta, systemMeta } from '../../../access/actor.ts';
import { worldRefusal } from '../../../access/exercise-world.ts';
import type { AuditLog } from '../../../audit/audit.service.ts';
import type { LegalRegistry } from '../../../legal/index.ts';
import type { LegalService } from '../../../legal/legal.service.ts';
import { factsOf } from '../../deadlines/deadline-clock.ts';
import { deadlinesRepository } from '../../deadlines/deadlines.repository.ts';
import type { ClockOptions, ClockScope, Deadlines } from '../../deadlines/deadlines.service.ts';
import { canonicalContent } from '../../draft-content.ts';
import type { RequestRow } from '../../requests.repository.ts';
import { taskHistory, taskTimelineEntry } from '../../tasks/task-history.ts';
import { cancelTasksEndedBy } from '../../tasks/tasks.service.ts';
import type { LifecycleRow } from '../lifecycle.repository.ts';
import { contextOf, type Loaded, validationOf } from '../lifecycle-context.ts';
import { TRANSITIONS } from '../lifecycle-table.ts';
import type { People } from '../people.ts';
import { allowedActions, decide, TURN } from '../request-lifecycle.ts';
import { byTimelineOrder } from '../timeline-order.ts';
import { prepare } from '../transition-effects.ts';
import { Outcome } from '../transition-outcome.ts';
import type { EvidencePort, OfferedFile } from './evidence-port.ts';
import {
  COMMUNICATION_TYPE,
  EVIDENCE_OFFER_TYPE,
  type InboundEnvelope,
  type InboundOutcome,
  type RemoteTransport,
} from './federated-carrier.ts';

type ReceivedRow = Tables['request_received'];
type EventRow = Tables['request_received_event'];

/** Every permission of the table: a partner's move is checked against the state machine, not our roles. */
const ANY_PERMISSION = new Set(TRANSITIONS.map((r) => r.permission));

/** The transition body as it travels: the input of the action, without our concurrency token. */
export function wireBody(body: TransitionBody, extended?: { ruleId: string }): Record<string, unknown> {
  // Task, evidence item and deadline ids name objects of the sending node only (evidence goes as an
  // `evidence.offer`; an extended clock is named by its rule, which both nodes' copies share); the
  // version is the sender's own counter.
  const { expectedVersion: _v, ...rest } = body as TransitionBody & { taskIds?: unknown };
  if ('taskIds' in rest) delete (rest as { taskIds?: unknown }).taskIds;
  if ('evidenceItemIds' in rest) delete (rest as { evidenceItemIds?: unknown }).evidenceItemIds;
  if (rest.action === 'extend' && extended) {
    const { deadlineId: _d, ...kept } = rest;
    return { ...kept, ruleId: extended.ruleId };
  }
  return rest;
}

/** The received request as a row of this node's requests: its sender's agency stands for the people. */
const requestRowOf = (row: ReceivedRow): RequestRow => ({
  id: row.request_id,
  agency_id: row.requesting_agency_id,
  case_id: null,
  status: row.state,
  kind: row.kind,
  title: row.title,
  instrument_id: row.instrument_id,
  requesting_state: row.requesting_state,
  requested_state: row.requested_state,
  reference: row.reference,
  urgent: row.urgent,
  classification: row.classification,
  person_count: 0,
  current_version: row.content_version,
  exercise: row.exercise,
  created_by: row.requesting_agency_id,
  updated_by: row.updated_by ?? row.requesting_agency_id,
  created_at: row.transmitted_at,
  updated_at: row.updated_at,
});

/** Stands for "no clock of this node" in a partner's `extend` that names none here (never a row's id). */
const NO_CLOCK = '00000000-0000-7000-8000-000000000000';

/** A partner's `extend` made a transition body of this node, and the clock it extends here, if any. */
export interface PartnerExtension {
  payload: unknown;
  /** This node's copy of the named requested-side clock; undefined: `notExtended` says why. */
  deadlineId?: string;
  ruleId?: string;
  notExtended?: string;
}

/**
 * A partner's `extend` names the clock by its rule (wireBody): the body gets this node's copy of
 * that requested-side clock — the only running or paused one of the rule — as its `deadlineId`.
 * Without exactly one, the move is still recorded (the partner's clock was extended, and the
 * issuing side must know) but no clock here changes, and `notExtended` says why.
 */
export async function partnerExtension(
  db: Queryable,
  requestId: string,
  payload: unknown,
): Promise<PartnerExtension> {
  const p = (payload ?? {}) as { action?: unknown; body?: unknown };
  if (p.action !== 'extend' || typeof p.body !== 'object' || !p.body) return { payload };
  const { ruleId, deadlineId: _theirs, ...rest } = p.body as Record<string, unknown>;
  const named = typeof ruleId === 'string' ? ruleId.slice(0, 200) : undefined;
  const live = named
    ? (await deadlinesRepository.forRequest(db, requestId)).filter(
        (c) =>
          c.rule_id === named &&
          c.owner_side === 'requested' &&
          (c.status === 'running' || c.status === 'paused'),
      )
    : [];
  const clock = live.length === 1 ? live[0] : undefined;
  const notExtended = clock
    ? undefined
    : !named
      ? 'The partner named no clock rule.'
      : live.length
        ? `Several running clocks of rule ${named} here.`
        : `No running or paused clock of rule ${named} here.`;
  return {
    payload: { ...p, body: { ...rest, deadlineId: clock?.id ?? NO_CLOCK } },
    ...(clock ? { deadlineId: clock.id } : {}),
    ...(named ? { ruleId: named } : {}),
    ...(notExtended ? { notExtended } : {}),
  };
}

/** Parses a communication's action and input as a transition body at `version` (or why not). */
export function bodyOf(payload: unknown, version: number): TransitionBody | string {
  const p = (payload ?? {}) as { action?: unknown; body?: unknown };
  const parsed = TransitionBody.safeParse({
    ...(typeof p.body === 'object' && p.body ? p.body : {}),
    action: p.action,
    expectedVersion: version,
  });
  return parsed.success ? parsed.data : `Not a transition: ${parsed.error.issues[0]?.message ?? 'malformed'}`;
}

const rejected = (code: string, detail: string): InboundOutcome => ({
  outcome: 'rejected',
  problem: { code, detail },
});

/** Tells the recipient agency's caseworkers when a received request is theirs to act on. */
export const NOTIFY_RECEIVED_JOB = 'lifecycle.notify-received';

export interface ReceivedDeps {
  database: Database;
  jobs: JobQueue;
  gate: AccessGate;
  audit: AuditLog;
  events: DomainEvents;
  clock: Clock;
  legal: LegalService;
  people: People;
  remote: RemoteTransport;
  /** The requested side's clocks run here, as for a local incoming request. */
  deadlines: Deadlines;
  /** The evidence module: returned evidence items are offered from its store. */
  evidence?: EvidencePort | undefined;
  /** Whether this node takes exercise data: only while it runs the demo world (as for accounts). */
  acceptsExercise: boolean;
  viewOf: (actor: Actor, loaded: Loaded) => Promise<unknown>;
}

/**
 * The requested side of a request that came from a partner node. The drafting agency and its people
 * are on the other node, so the request is kept in `request_received` (the frozen version as sent,
 * this side's state) and not in `mla_request`. Each side moves the request by the same state machine:
 * this node's officers take the requested side's actions here (each answered to the partner as a
 * `formal-communication` in the same transaction), and the partner's moves arrive as envelopes.
 */
export class ReceivedRequests {
  constructor(private readonly d: ReceivedDeps) {}

  /**
   * Whether the request is one received from a partner node (and not one of this node's own: a
   * request of this node always wins, whatever a partner sent under its id).
   */
  async has(db: Queryable, requestId: string): Promise<boolean> {
    return (await this.row(db, requestId)) !== undefined && !(await this.isLocal(db, requestId));
  }

  /** Whether `node` sent us this request (it is received here, from that node). */
  async isFrom(db: Queryable, requestId: string, node: string): Promise<boolean> {
    return (await this.row(db, requestId))?.sender_node === node && !(await this.isLocal(db, requestId));
  }

  /** Whether the id names a request of this node (drafted here, in any state). */
  private async isLocal(db: Queryable, requestId: string): Promise<boolean> {
    const local = await runHot(db, 'received.isLocal', [requestId], () =>
      db.selectFrom('mla_request').select('id').where('id', '=', requestId),
    );
    if (local.rows.length) return true;
    const life = await runHot(db, 'received.isLocalLifecycle', [requestId], () =>
      db.selectFrom('request_lifecycle').select('request_id').where('request_id', '=', requestId),
    );
    return life.rows.length > 0;
  }

  private async row(db: Queryable, requestId: string): Promise<ReceivedRow | undefined> {
    return (
      await runHot<ReceivedRow>(db, 'received.row', [requestId], () =>
        db.selectFrom('request_received').selectAll().where('request_id', '=', requestId),
      )
    ).rows[0];
  }

  /** Gate rule of `request.receive`: requests received by the actor's agency within its clearance. */
  async receivedIds(db: Queryable, ids: readonly string[], agencyId: string, clearance: number) {
    const rows = await db
      .selectFrom('request_received')
      .select('request_id')
      .where('request_id', 'in', [...ids])
      .where('recipient_agency_id', '=', agencyId)
      .where('classification', '<=', clearance)
      .execute();
    const local = await db
      .selectFrom('request_incoming')
      .select('request_id')
      .where('request_id', 'in', [...ids])
      .where('agency_id', '=', agencyId)
      .execute();
    return new Set([...rows, ...local].map((r) => r.request_id));
  }

  /**
   * Received requests on which the agency owns an execution task, within the clearance: read by
   * that executing agency, as a request of this node is by the agencies with tasks on it (the
   * `request.read` rule, requests.repository.ts).
   */
  private async executingIds(db: Queryable, ids: readonly string[], agencyId: string, clearance: number) {
    if (!ids.length) return [];
    const rows = await db
      .selectFrom('request_received as r')
      .select('r.request_id')
      .where('r.request_id', 'in', [...ids])
      .where('r.classification', '<=', clearance)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('execution_task as t')
            .select('t.id')
            .whereRef('t.request_id', '=', 'r.request_id')
            .where('t.owner_agency_id', '=', agencyId),
        ),
      )
      .execute();
    return rows.map((r) => r.request_id);
  }

  /**
   * Which of the ids, requests received from partner nodes, the actor may read: its recipient
   * agency's officers through the gate (`request.receive`), and the officers of an executing agency
   * with a task on it who may read requests (`request.read`) and whose clearance reaches its
   * classification. Ids of this node's own requests are never among them (`has`).
   */
  async readableBy(actor: Actor, ids: readonly string[]): Promise<Set<string>> {
    const db = this.d.database.db;
    const received: string[] = [];
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += 500)
      received.push(...(await this.receivedOnly(db, unique.slice(i, i + 500))));
    const out = await this.d.gate.filter(actor, 'request.receive', received);
    const rest = received.filter((id) => !out.has(id));
    if (rest.length && actor.permissions.has('request.read'))
      for (let i = 0; i < rest.length; i += 500)
        for (const id of await this.executingIds(db, rest.slice(i, i + 500), actor.agencyId, actor.clearance))
          out.add(id);
    return out;
  }

  /** Which of the ids name requests received from partner nodes (never one of this node's: `has`). */
  private async receivedOnly(db: Queryable, ids: readonly string[]): Promise<string[]> {
    if (!ids.length) return [];
    const rows = await db
      .selectFrom('request_received as r')
      .select('r.request_id')
      .where('r.request_id', 'in', [...ids])
      .where((eb) =>
        eb.and([
          eb.not(
            eb.exists(eb.selectFrom('mla_request as m').select('m.id').whereRef('m.id', '=', 'r.request_id')),
          ),
          eb.not(
            eb.exists(
              eb
                .selectFrom('request_lifecycle as l')
                .select('l.request_id')
                .whereRef('l.request_id', '=', 'r.request_id'),
            ),
          ),
        ]),
      )
      .execute();
    return rows.map((r) => r.request_id);
  }

  /** Not-found unless the actor may read the received request (readableBy): forbidden looks unknown. */
  private async requireReader(actor: Actor, requestId: string): Promise<void> {
    if (!(await this.readableBy(actor, [requestId])).has(requestId)) throw notFound();
  }

  /**
   * The requested side of a received request as its execution tasks need it (whose it is, where it
   * stands), if the actor may read it; undefined otherwise.
   */
  async requestedSide(
    actor: Actor,
    requestId: string,
  ): Promise<{ recipient_agency_id: string; state: ReceivedRow['state'] } | undefined> {
    if (!(await this.readableBy(actor, [requestId])).has(requestId)) return undefined;
    const row = await this.row(this.d.database.db, requestId);
    return row && { recipient_agency_id: row.recipient_agency_id, state: row.state };
  }

  // ── Inbound (handlers run in the transaction that marks the envelope processed) ─────────────────

  /** `request.transmission`: the request arrives in the recipient agency's worklist on this node. */
  async receive(uow: UnitOfWork, e: InboundEnvelope): Promise<InboundOutcome> {
    const { tx } = uow;
    const p = e.payload as {
      requestId?: string;
      version?: number;
      contentHash?: string;
      content?: unknown;
      request?: Record<string, unknown>;
    };
    const recipient = e.recipient.agency;
    const recipientAgency = recipient
      ? (await this.d.people.agencies(tx, [recipient])).get(recipient)
      : undefined;
    if (!recipient || !recipientAgency)
      return {
        outcome: 'not-delivered',
        problem: { code: 'not-found', detail: 'No such agency on this node.' },
      };
    if (!e.sender.agency || !p.requestId || p.requestId !== e.conversationId || !p.content || !p.request)
      return rejected('validation-failed', 'A transmission names its request, sender agency and content.');
    // The ids this node lists and routes by are UUIDs (its API takes no other).
    if (!Id.safeParse(p.requestId).success || !Id.safeParse(e.sender.agency).success)
      return rejected('validation-failed', 'A transmission names its request and sender agency by UUID.');
    const canonical = canonicalContent(p.content);
    if (typeof p.version !== 'number' || canonical.hash !== p.contentHash)
      return rejected('validation-failed', 'The content does not match its SHA-256.');
    // What this node starts clocks from must have its documented shape (the rest is shown as sent).
    const clockInput = ClockInput.safeParse(p.content);
    if (!clockInput.success)
      return rejected(
        'validation-failed',
        `The content's ${clockInput.error.issues[0]?.path.join('.') || 'shape'} is malformed.`,
      );
    // The requesting agency is one the sending node hosts, by its signed node document (the inbox
    // checked it on arrival; checked again here against the document in force now).
    if (await tx.selectFrom('agency').select('id').where('id', '=', e.sender.agency).executeTakeFirst())
      return rejected('forbidden', 'The sending agency is an agency of this node.');
    const from = this.d.remote.partnerAgency(e.sender.agency);
    // Not (yet) in the documents this instance holds (another instance refetched it): not now.
    if (!from) throw new Error(`Agency ${e.sender.agency} is not in a partner document held here yet.`);
    if (from.node !== e.sender.node)
      return rejected('forbidden', 'The sending node does not host the sending agency.');
    // An id is one request on this node: never one of ours, never one already received.
    if ((await this.row(tx, p.requestId)) || (await this.isLocal(tx, p.requestId)))
      return rejected('conflict', 'This request id is already in use on this node.');
    const described = TransmittedRequest.safeParse(p.request);
    if (!described.success)
      return rejected(
        'validation-failed',
        `The request's ${described.error.issues[0]?.path.join('.') || 'description'} is not one this node knows.`,
      );
    const r = described.data;
    // Exercise data goes only to a node running the demo world (as exercise accounts do), and
    // there only to an exercise agency; operational data never to one (see exercise-world.ts).
    const exercise = r.exercise === true;
    if (exercise && !this.d.acceptsExercise)
      return rejected('forbidden', 'This node takes no exercise data: it does not run the demo world.');
    const mixes = worldRefusal({ exercise }, recipientAgency);
    if (mixes) return rejected('forbidden', mixes);
    const at = this.d.clock.now().toISOString();
    const stored: ReceivedRow = {
      request_id: p.requestId,
      sender_node: e.sender.node,
      requesting_agency_id: e.sender.agency,
      // The name the sending node publishes in its signed document, never the payload's.
      requesting_agency_name: from.name,
      requesting_state: r.requestingState ?? null,
      requested_state: r.requestedState ?? null,
      recipient_agency_id: recipient,
      kind: r.kind,
      instrument_id: r.instrumentId ?? null,
      title: r.title ?? null,
      reference: r.reference ?? null,
      classification: r.classification ?? 0,
      urgent: r.urgent ? 1 : 0,
      exercise: exercise ? 1 : 0,
      labels: JSON.stringify(e.labels),
      validation: r.validation ? JSON.stringify(r.validation) : null,
      content: canonical.text,
      content_version: p.version,
      content_hash: p.contentHash,
      state: 'transmitted',
      version: 1,
      resume_state: null,
      information_questions: null,
      information_requested_at: null,
      postponed_until: null,
      postpone_reason: null,
      refusal: null,
      consent: null,
      arrested_at: null,
      transmitted_at: r.transmittedAt ?? e.createdAt,
      received_at: at,
      retrieved_at: null,
      retrieved_by: null,
      closed_at: null,
      updated_at: at,
      updated_by: null,
    };
    await tx.insertInto('request_received').values(stored).execute();
    await this.insertEvent(tx, {
      request_id: p.requestId,
      version: 1,
      direction: 'in',
      action: 'transmit',
      from_state: 'approved',
      to_state: 'transmitted',
      side: 'requesting',
      actor_user_id: null,
      actor_agency_id: e.sender.agency,
      envelope_id: e.id,
      payload: JSON.stringify({ version: p.version, contentHash: p.contentHash, sentAt: e.createdAt }),
      at,
    });
    await this.d.audit.append(
      uow,
      { actor: null, meta: systemMeta },
      {
        action: 'request.received',
        objectType: 'request',
        objectId: p.requestId,
        details: {
          partner: e.sender.node,
          fromAgencyId: e.sender.agency,
          recipientAgencyId: recipient,
          version: p.version,
          contentHash: p.contentHash,
          envelopeId: e.id,
        },
      },
    );
    await this.d.events.emit(
      uow,
      'request.transition',
      { requestId: p.requestId, action: 'transmit', from: 'approved', to: 'transmitted', version: 1 },
      [recipient],
      null,
    );
    // Receipt starts the requested side's clocks here (EIO Art. 16(1) acknowledge, 12(3) decide…),
    // from the instrument as this node's registry has it.
    const loaded = await this.loaded(tx, await this.d.legal.registry(), stored);
    await this.d.deadlines.apply(uow, 'transmit', clockScopeOf(loaded, stored));
    await this.notifyLater(uow, p.requestId, 1);
    return undefined;
  }

  /** A formal communication of the requesting side (answer, closure, withdrawal…) for a received request. */
  async applyFromRequesting(uow: UnitOfWork, e: InboundEnvelope): Promise<InboundOutcome> {
    const { tx } = uow;
    const row = await this.row(tx, e.conversationId);
    if (!row) return { outcome: 'not-delivered', problem: { code: 'not-found', detail: 'Unknown request.' } };
    if (row.sender_node !== e.sender.node || row.requesting_agency_id !== e.sender.agency)
      return rejected('forbidden', 'Only the requesting agency moves its side of the request.');
    const body = bodyOf(e.payload, row.version);
    if (typeof body === 'string') return rejected('validation-failed', body);
    const registry = await this.d.legal.registry();
    const loaded = await this.loaded(tx, registry, row);
    const decision = decide(
      contextOf(loaded),
      { userId: '', sides: new Set(['requesting']), permissions: ANY_PERMISSION },
      body.action,
    );
    if (!decision.ok) return rejected('conflict', decision.detail);
    let prepared: Awaited<ReturnType<typeof prepare>>;
    try {
      prepared = await prepare({
        db: tx,
        registry,
        loaded,
        // The partner's officer acted there; only the action's input is checked here.
        actor: { userId: '', agencyId: row.requesting_agency_id } as Actor,
        body,
        now: this.d.clock.now(),
        people: this.d.people,
        openTranslations: 0,
        reaches: async () => true,
      });
    } catch (err) {
      if (err instanceof AppError) return rejected(err.code, err.detail ?? err.message);
      throw err;
    }
    await this.move(uow, row, {
      action: body.action,
      to: decision.to,
      side: decision.rule.side,
      patch: prepared.patch,
      payload: prepared.payload,
      direction: 'in',
      actorUserId: null,
      actorAgencyId: row.requesting_agency_id,
      envelopeId: e.id,
      who: { actor: null, meta: systemMeta },
      clock: prepared.clock,
      loaded,
    });
    return undefined;
  }

  // ── This node's officers ──────────────────────────────────────────────────────────────────────

  /**
   * One of this node's officers moves the request (the caller checked `request.receive` through the
   * gate); refusals are thrown as `Outcome`s and answered by LifecycleService.transition.
   */
  async transition(
    actor: Actor,
    meta: RequestMeta,
    requestId: string,
    body: TransitionBody,
  ): Promise<Loaded> {
    const registry = await this.d.legal.registry();
    // Evidence returned with the results: checked (gate, holder, labels for the requesting agency)
    // before the transaction, since the access gate reads outside it.
    const itemIds = body.action === 'return-results' ? (body.evidenceItemIds ?? []) : [];
    let offered: OfferedFile[] = [];
    if (itemIds.length) {
      if (!this.d.evidence) throw new AppError('conflict', 'This node keeps no evidence store.');
      const requesting = (await this.row(this.d.database.db, requestId))?.requesting_agency_id;
      if (!requesting) throw notFound();
      offered = await this.d.evidence.prepareOffer(actor, meta, itemIds, requesting);
    }
    return inTransaction(this.d.database, async (uow) => {
      const row = await this.row(uow.tx, requestId);
      if (!row) throw notFound();
      if (row.version !== body.expectedVersion) throw new Outcome({ kind: 'stale', version: row.version });
      const loaded = await this.loaded(uow.tx, registry, row);
      const decision = decide(
        contextOf(loaded),
        { userId: actor.userId, sides: new Set(['requested']), permissions: actor.permissions },
        body.action,
      );
      if (!decision.ok) throw new Outcome({ kind: 'refused', state: row.state, ...decision });
      // EIO Art. 12(5), EAW Art. 17(4): this node's clock is extended here; the requesting node
      // extends its copy of it when the communication arrives (wireBody names it by its rule).
      const extended =
        body.action === 'extend'
          ? await this.d.deadlines.extend(uow, requestId, body.deadlineId, body.reasons, 'requested')
          : undefined;
      const prepared = await prepare({
        db: uow.tx,
        registry,
        loaded,
        actor,
        body,
        now: this.d.clock.now(),
        people: this.d.people,
        openTranslations: 0,
        reaches: async () => true,
      });
      const version = await this.move(uow, row, {
        action: body.action,
        to: decision.to,
        side: decision.rule.side,
        patch: prepared.patch,
        // An extended clock is named by its rule to the partner (its id names nothing there), with
        // the due time it has here now.
        payload: extended
          ? {
              ruleId: extended.rule_id,
              reasons: body.action === 'extend' ? body.reasons : '',
              dueAt: extended.due_at,
            }
          : prepared.payload,
        direction: 'out',
        actorUserId: actor.userId,
        actorAgencyId: actor.agencyId,
        envelopeId: null,
        who: { actor, meta },
        body,
        offered,
        clock: prepared.clock,
        loaded,
        extended: extended && { ruleId: extended.rule_id },
      });
      return this.loaded(uow.tx, registry, { ...(await this.row(uow.tx, requestId))!, version });
    });
  }

  /** Writes one move of either side: state, event, envelope to the partner (ours), audit, domain event. */
  private async move(
    uow: UnitOfWork,
    row: ReceivedRow,
    m: {
      action: string;
      to: ReceivedRow['state'];
      side: string;
      patch: Partial<LifecycleRow>;
      payload: Record<string, unknown>;
      direction: 'in' | 'out';
      actorUserId: string | null;
      actorAgencyId: string | null;
      envelopeId: string | null;
      who: { actor: Actor | null; meta: RequestMeta };
      body?: TransitionBody;
      /** Files of evidence items returned with `return-results` (prepareOffer). */
      offered?: OfferedFile[];
      /** What the action's input says about its clocks (when consent was given, the measures…). */
      clock: ClockOptions;
      loaded: Loaded;
      /** The clock this node's `extend` extended (its rule names it to the partner). */
      extended?: { ruleId: string } | undefined;
    },
  ): Promise<number> {
    const { tx } = uow;
    const at = this.d.clock.now().toISOString();
    const version = row.version + 1;
    const p = m.patch;
    const set: Partial<ReceivedRow> = {
      state: m.to,
      version,
      updated_at: at,
      updated_by: m.actorUserId,
      ...('resume_state' in p ? { resume_state: p.resume_state ?? null } : {}),
      ...('information_questions' in p ? { information_questions: p.information_questions ?? null } : {}),
      ...('information_requested_at' in p
        ? { information_requested_at: p.information_requested_at ?? null }
        : {}),
      ...('postponed_until' in p ? { postponed_until: p.postponed_until ?? null } : {}),
      ...('postpone_reason' in p ? { postpone_reason: p.postpone_reason ?? null } : {}),
      ...('refusal' in p ? { refusal: p.refusal ?? null } : {}),
      ...('consent' in p ? { consent: p.consent ?? null } : {}),
      ...('arrested_at' in p ? { arrested_at: p.arrested_at ?? null } : {}),
      ...('closed_at' in p ? { closed_at: p.closed_at ?? null } : {}),
    };
    const moved = await tx
      .updateTable('request_received')
      .set(set)
      .where('request_id', '=', row.request_id)
      .where('version', '=', row.version)
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1)
      throw new AppError('conflict', 'Someone acted on the request meanwhile: reload it.');
    let envelopeId = m.envelopeId;
    let evidenceEnvelope: string | null = null;
    const labels = JSON.parse(row.labels) as { tlp: string; [k: string]: unknown };
    if (m.direction === 'out' && m.body) {
      const queued = await this.d.remote.transmit(uow, {
        recipientNode: row.sender_node,
        recipientAgency: row.requesting_agency_id,
        senderAgency: m.actorAgencyId ?? undefined,
        type: COMMUNICATION_TYPE,
        conversationId: row.request_id,
        payload: {
          requestId: row.request_id,
          action: m.action,
          at,
          body: wireBody(m.body, m.extended),
          details: m.payload,
        },
        // The labels the request came with govern everything said about it.
        labels: { ...labels, tlp: labels.tlp, originatorAgency: row.requesting_agency_id },
        idempotencyKey: `request:${row.request_id}:${m.action}:v${version}`,
        refs: [row.request_id],
      });
      envelopeId = queued.envelopeId;
      const evidence = m.offered ?? [];
      if (evidence.length) {
        // Files never travel in envelopes: they are offered with their hashes, sizes and labels, and
        // the requesting node pulls them from this node's evidence store.
        const offer = await this.d.remote.transmit(uow, {
          recipientNode: row.sender_node,
          recipientAgency: row.requesting_agency_id,
          senderAgency: m.actorAgencyId ?? undefined,
          type: EVIDENCE_OFFER_TYPE,
          conversationId: row.request_id,
          payload: {
            requestId: row.request_id,
            items: evidence.map((x) => ({
              sha256: x.sha256,
              size: x.size,
              name: x.name,
              mediaType: x.mediaType,
              exhibitNumber: x.exhibitNumber,
              description: x.description,
              labels: x.labels,
            })),
          },
          labels: { ...labels, originatorAgency: m.actorAgencyId ?? row.recipient_agency_id },
          idempotencyKey: `request:${row.request_id}:evidence:v${version}`,
          refs: [row.request_id, queued.envelopeId],
        });
        evidenceEnvelope = offer.envelopeId;
        await this.d.evidence!.recordOffer(uow, m.who, evidence, {
          requestId: row.request_id,
          partnerNode: row.sender_node,
          partnerAgencyId: row.requesting_agency_id,
          envelopeId: offer.envelopeId,
        });
        for (const x of evidence)
          await tx
            .insertInto('request_evidence')
            .values({
              request_id: row.request_id,
              sha256: x.sha256,
              direction: 'out',
              partner_node: row.sender_node,
              size: x.size,
              name: x.name,
              media_type: x.mediaType,
              envelope_id: offer.envelopeId,
              status: 'offered',
              offered_at: at,
              pulled_at: null,
            })
            .onConflict((oc) => oc.columns(['request_id', 'sha256', 'direction']).doNothing())
            .execute();
      }
    }
    await this.insertEvent(tx, {
      request_id: row.request_id,
      version,
      direction: m.direction,
      action: m.action,
      from_state: row.state,
      to_state: m.to,
      side: m.side,
      actor_user_id: m.actorUserId,
      actor_agency_id: m.actorAgencyId,
      envelope_id: envelopeId,
      payload: JSON.stringify({
        ...m.payload,
        ...(evidenceEnvelope ? { evidenceOffer: evidenceEnvelope } : {}),
      }),
      at,
    });
    // A refusal, a withdrawal or the closure ends the request's open tasks with it, as for a
    // request of this node. A partner's move has no officer here: its agency stands for them.
    // Run whatever the tasks loaded: one assigned meanwhile has committed by now (see TasksService.create).
    const tasksCancelled = await cancelTasksEndedBy(
      tx,
      row.request_id,
      m.to,
      m.actorUserId ?? m.actorAgencyId ?? row.requesting_agency_id,
      at,
    );
    await this.d.audit.append(uow, m.who, {
      action: 'request.transition',
      objectType: 'request',
      objectId: row.request_id,
      details: {
        transition: m.action,
        from: row.state,
        to: m.to,
        version,
        partner: row.sender_node,
        envelopeId,
        ...(evidenceEnvelope ? { evidenceOffer: evidenceEnvelope } : {}),
        ...(tasksCancelled > 0 ? { tasksCancelled } : {}),
      },
    });
    await this.d.events.emit(
      uow,
      'request.transition',
      { requestId: row.request_id, action: m.action, from: row.state, to: m.to, version },
      [...new Set([row.recipient_agency_id, ...m.loaded.taskAgencies])],
      m.actorUserId,
    );
    // Either side's move meets, pauses, resumes, starts or stops the clocks kept here.
    await this.d.deadlines.apply(uow, m.action as TransitionAction, clockScopeOf(m.loaded, row), m.clock);
    await this.notifyLater(uow, row.request_id, version);
    return version;
  }

  /** A durable job, in the transaction that moved the request: notified once, also across restarts. */
  private notifyLater(uow: UnitOfWork, requestId: string, version: number) {
    return this.d.jobs.enqueue(
      uow.tx,
      NOTIFY_RECEIVED_JOB,
      { requestId, version },
      { idempotencyKey: `received:${requestId}:${version}` },
    );
  }

  private insertEvent(db: Queryable, e: Omit<EventRow, 'id'>) {
    return db
      .insertInto('request_received_event')
      .values({ id: newId(), ...e })
      .execute();
  }

  // ── Reads ────────────────────────────────────────────────────────────────────────────────────

  /**
   * The received requests the actor may read as worklist entries (the inbox merges them with local
   * ones): its agency's, and those it has execution tasks on (side `executing`), with the date its issuing authority asked for (urgency),
   * if any: the inbox's deadline for a request received before its clocks were kept here.
   */
  async worklist(actor: Actor, limit = 2000) {
    const db = this.d.database.db;
    const rows = await this.receivedBy(actor, limit);
    if (!rows.length) return [];
    const registry = await this.d.legal.registry();
    const out = [];
    for (const row of rows) {
      const loaded = await this.loaded(db, registry, row);
      // The recipient agency takes the requested side's actions; an executing agency none (it
      // finishes its tasks).
      const side =
        row.recipient_agency_id === actor.agencyId ? ('requested' as const) : ('executing' as const);
      const actions = allowedActions(contextOf(loaded), {
        userId: actor.userId,
        sides: new Set(side === 'requested' ? ['requested'] : []),
        permissions: actor.permissions,
      });
      const deadline = (loaded.draft as { urgency?: { deadline?: string } }).urgency?.deadline;
      out.push({
        row,
        side,
        actions,
        turn: TURN[row.state],
        // End of the requested day, in UTC: the date is the authority's, without a time.
        requestedBy: deadline ? `${deadline}T23:59:59.999Z` : null,
      });
    }
    return out;
  }

  /**
   * The received requests the actor may read (its agency's, and those it has tasks on) as
   * request-list summaries (GET /api/requests merges them with local ones), newest first. Their author is on the partner
   * node: `createdBy` and `updatedBy` are null; `agencyId` is the requesting agency.
   */
  async summaries(actor: Actor, limit: number): Promise<RequestListEntry[]> {
    const rows = await this.receivedBy(actor, limit);
    return rows.map((row) => ({
      data: {
        id: row.request_id,
        version: row.version,
        status: row.state,
        kind: row.kind as RequestListEntry['data']['kind'],
        title: row.title,
        instrumentId: row.instrument_id as RequestListEntry['data']['instrumentId'],
        requestingState: row.requesting_state,
        requestedState: row.requested_state,
        reference: row.reference,
        urgent: Boolean(row.urgent),
        classification: row.classification,
        caseId: null,
        agencyId: row.requesting_agency_id,
        createdBy: null,
        updatedBy: null,
        personCount: personsIn(row.content),
        exercise: Boolean(row.exercise),
        createdAt: row.received_at,
        updatedAt: row.updated_at,
      },
      // Read through its lifecycle view; the draft and its PDF stay on the requesting node.
      policies: { read: true, update: false, document: false },
    }));
  }

  /**
   * The received requests the actor may read (readableBy), newest first: those its agency received,
   * and those it has execution tasks on.
   */
  private async receivedBy(actor: Actor, limit: number): Promise<ReceivedRow[]> {
    const db = this.d.database.db;
    const candidates = await db
      .selectFrom('request_received as r')
      .select('r.request_id')
      .where((eb) =>
        eb.or([
          eb('r.recipient_agency_id', '=', actor.agencyId),
          eb.exists(
            eb
              .selectFrom('execution_task as t')
              .select('t.id')
              .whereRef('t.request_id', '=', 'r.request_id')
              .where('t.owner_agency_id', '=', actor.agencyId),
          ),
        ]),
      )
      .orderBy('r.request_id', 'desc')
      .limit(limit)
      .execute();
    const ids = await this.readableBy(
      actor,
      candidates.map((c) => c.request_id),
    );
    if (!ids.size) return [];
    return db
      .selectFrom('request_received')
      .selectAll()
      .where('request_id', 'in', [...ids])
      .orderBy('request_id', 'desc')
      .execute();
  }

  private async readAudited(actor: Actor, meta: RequestMeta, requestId: string, action: string) {
    await this.requireReader(actor, requestId);
    await this.d.audit.record(
      { actor, meta },
      { action, objectType: 'request', objectId: requestId, details: {} },
    );
    const row = await this.row(this.d.database.db, requestId);
    if (!row) throw notFound();
    return row;
  }

  /**
   * Opening it is the e-CODEX `retrieved` receipt for everything the partner sent that waited here,
   * when the recipient agency opens it (an executing agency reading it receives nothing).
   */
  async read(actor: Actor, meta: RequestMeta, requestId: string) {
    const read = await this.readAudited(actor, meta, requestId, 'request.lifecycle.read');
    const registry = await this.d.legal.registry();
    if (read.recipient_agency_id !== actor.agencyId)
      return this.d.viewOf(actor, await this.loaded(this.d.database.db, registry, read));
    const loaded = await inTransaction(this.d.database, async (uow) => {
      const row = (await this.row(uow.tx, requestId))!;
      const incoming = await uow.tx
        .selectFrom('request_received_event')
        .select('envelope_id')
        .where('request_id', '=', requestId)
        .where('direction', '=', 'in')
        .where('envelope_id', 'is not', null)
        .execute();
      let receipted = 0;
      for (const ev of incoming) if (await this.d.remote.markRetrieved(uow, ev.envelope_id!)) receipted++;
      let first = false;
      if (!row.retrieved_at) {
        const at = this.d.clock.now().toISOString();
        const r = await uow.tx
          .updateTable('request_received')
          .set({ retrieved_at: at, retrieved_by: actor.userId })
          .where('request_id', '=', requestId)
          .where('retrieved_at', 'is', null)
          .executeTakeFirst();
        first = Number(r.numUpdatedRows) > 0;
      }
      // The mark and the receipts are a write of their own, apart from the read: audited with them.
      if (first || receipted)
        await this.d.audit.append(
          uow,
          { actor, meta },
          {
            action: 'request.retrieved',
            objectType: 'request',
            objectId: requestId,
            details: { marked: receipted, first },
          },
        );
      return this.loaded(uow.tx, registry, row);
    });
    return this.d.viewOf(actor, loaded);
  }

  /** The clocks this side keeps for the request (the requesting side keeps its own on its node). */
  async deadlines(actor: Actor, meta: RequestMeta, requestId: string) {
    const row = await this.readAudited(actor, meta, requestId, 'request.deadlines.read');
    const loaded = await this.loaded(this.d.database.db, await this.d.legal.registry(), row);
    const { facts, instrument } = clockScopeOf(loaded, row);
    return this.d.deadlines.list(this.d.database.db, requestId, instrument, facts, {
      keptByPartner: 'requesting',
    });
  }

  async view(actor: Actor, requestId: string) {
    await this.d.gate.require(actor, 'request.receive', [requestId]);
    const row = await this.row(this.d.database.db, requestId);
    if (!row) throw notFound();
    return this.d.viewOf(actor, await this.loaded(this.d.database.db, await this.d.legal.registry(), row));
  }

  /**
   * The request as the partner sent it — its row and exactly the content of the version sent — if
   * the actor may read it; not-found otherwise (forbidden looks unknown). The caller audits the read.
   */
  async sent(actor: Actor, requestId: string) {
    await this.requireReader(actor, requestId);
    const row = await this.row(this.d.database.db, requestId);
    if (!row) throw notFound();
    const stated = row.validation ? (JSON.parse(row.validation) as SentValidation) : null;
    return {
      request: requestRowOf(row),
      version: row.content_version,
      content: row.content,
      validation: stated?.validatedAt
        ? { agencyName: stated.agencyName, validatedAt: stated.validatedAt }
        : undefined,
    };
  }

  private async receiptsOf(envelopeId: string | null) {
    return envelopeId ? await this.d.remote.receipts(envelopeId) : [];
  }

  /** Deliveries in both directions, with the federation's receipts for each envelope. */
  async deliveries(actor: Actor, meta: RequestMeta, requestId: string) {
    const row = await this.readAudited(actor, meta, requestId, 'request.deliveries.read');
    const events = await this.eventsOf(requestId);
    const out = [];
    for (const ev of events.filter((x) => x.envelope_id)) {
      const receipts = await this.receiptsOf(ev.envelope_id);
      const incoming = ev.direction === 'in';
      const payload = JSON.parse(ev.payload) as { sentAt?: string; version?: number; contentHash?: string };
      out.push({
        id: ev.envelope_id!,
        type:
          ev.action === 'transmit' ? ('request.transmission' as const) : ('request.communication' as const),
        action: ev.action as TransitionBody['action'],
        carrier: 'remote' as const,
        direction: incoming ? ('incoming' as const) : ('outgoing' as const),
        senderAgencyId: incoming ? row.requesting_agency_id : row.recipient_agency_id,
        recipientAgencyId: incoming ? row.recipient_agency_id : row.requesting_agency_id,
        recipientNode: incoming ? null : row.sender_node,
        version: ev.action === 'transmit' ? row.content_version : null,
        contentHash: ev.action === 'transmit' ? row.content_hash : null,
        createdAt: ev.at,
        receipts: [
          { kind: 'submitted' as const, at: incoming ? (payload.sentAt ?? ev.at) : ev.at, by: null },
          ...receipts
            .filter((r) => r.kind === 'delivered' || r.kind === 'retrieved')
            .map((r) => ({ kind: r.kind as 'delivered' | 'retrieved', at: r.at, by: null })),
          ...(incoming && !receipts.some((r) => r.kind === 'delivered')
            ? [{ kind: 'delivered' as const, at: ev.at, by: null }]
            : []),
        ].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)),
      });
    }
    return out;
  }

  /** Transitions of both sides and every e-CODEX receipt, in time order. */
  async timeline(actor: Actor, meta: RequestMeta, requestId: string) {
    const row = await this.readAudited(actor, meta, requestId, 'request.timeline.read');
    const events = await this.eventsOf(requestId);
    const db = this.d.database.db;
    const users = await this.d.people.users(
      db,
      events.map((e) => e.actor_user_id).filter((x): x is string => x !== null),
    );
    const agencyName = async (id: string | null) =>
      id === null
        ? null
        : {
            id,
            name:
              id === row.requesting_agency_id
                ? row.requesting_agency_name
                : ((await this.d.people.agencies(db, [id])).get(id)?.name ?? 'agency'),
          };
    const items = [];
    for (const ev of events) {
      items.push({
        at: ev.at,
        kind: 'transition' as const,
        action: ev.action,
        from: ev.from_state,
        to: ev.to_state,
        by: ev.actor_user_id
          ? { id: ev.actor_user_id, name: users.get(ev.actor_user_id)?.displayName ?? 'unknown' }
          : null,
        agency: await agencyName(ev.actor_agency_id),
        details: {
          version: ev.version,
          side: ev.side,
          direction: ev.direction,
          envelopeId: ev.envelope_id,
          ...(JSON.parse(ev.payload) as Record<string, unknown>),
        },
      });
      for (const r of await this.receiptsOf(ev.envelope_id))
        items.push({
          at: r.at,
          kind: 'receipt' as const,
          action: r.kind,
          from: null,
          to: null,
          by: null,
          agency: null,
          details: { of: ev.action, envelopeId: ev.envelope_id, carrier: 'remote', receipt: r.direction },
        });
    }
    // What happened to its execution tasks here, as on a request of this node's timeline: the
    // central authority sees all of them, an executing agency its own.
    const tasks = await taskHistory(db, actor, requestId, row.recipient_agency_id);
    const taskPeople = await this.d.people.users(
      db,
      tasks.map((e) => e.byUserId).filter((x): x is string => x !== null),
    );
    const taskAgencies = await this.d.people.agencies(
      db,
      tasks.flatMap((e) => [e.ownerAgencyId, ...(e.byAgencyId ? [e.byAgencyId] : [])]),
    );
    const taskAgency = (id: string | null) =>
      id ? { id, name: taskAgencies.get(id)?.name ?? 'agency' } : null;
    const taskPerson = (id: string | null) =>
      id ? { id, name: taskPeople.get(id)?.displayName ?? 'unknown' } : null;
    const taskItems = tasks.map((e) => taskTimelineEntry(e, taskPerson, taskAgency));
    return [...items, ...taskItems].sort(byTimelineOrder);
  }

  private eventsOf(requestId: string) {
    return this.d.database.db
      .selectFrom('request_received_event')
      .selectAll()
      .where('request_id', '=', requestId)
      .orderBy('version')
      .orderBy('at')
      .execute();
  }

  /** The received request in the shape the state machine and the lifecycle view read. */
  private async loaded(db: Queryable, registry: LegalRegistry, row: ReceivedRow): Promise<Loaded> {
    const draft = JSON.parse(row.content) as Loaded['draft'];
    const request = requestRowOf(row);
    // The validation as the requesting node stated it (older nodes stated none).
    const validated = row.validation ? (JSON.parse(row.validation) as SentValidation) : null;
    const life: LifecycleRow = {
      request_id: row.request_id,
      state: row.state,
      version: row.version,
      requesting_agency_id: row.requesting_agency_id,
      recipient_agency_id: row.recipient_agency_id,
      recipient_node: null,
      validator_agency_id: validated?.agencyId ?? null,
      validation_required: validated?.required ? 1 : 0,
      parent_request_id: null,
      submitted_by: null,
      submitted_at: null,
      approved_by: null,
      approved_at: null,
      approved_version: null,
      approved_hash: null,
      validated_by: null,
      validated_at: validated?.validatedAt ?? null,
      // The person who sent it is on the other node: their agency stands for them here.
      transmitted_by: row.requesting_agency_id,
      transmitted_at: row.transmitted_at,
      transmitted_version: row.content_version,
      transmitted_hash: row.content_hash,
      resume_state: row.resume_state,
      information_questions: row.information_questions,
      information_requested_at: row.information_requested_at,
      postponed_until: row.postponed_until,
      postpone_reason: row.postpone_reason,
      refusal: row.refusal,
      returned_by: null,
      returned_at: null,
      return_comments: null,
      consent: row.consent,
      arrested_at: row.arrested_at,
      production_requested_at: null,
      closed_at: row.closed_at,
      created_at: row.received_at,
      updated_at: row.updated_at,
      updated_by: row.updated_by,
    };
    const tasks = await db
      .selectFrom('execution_task')
      .select(['owner_agency_id', 'status'])
      .where('request_id', '=', row.request_id)
      .execute();
    const agencies = await this.d.people.agencies(db, [row.recipient_agency_id]);
    agencies.set(row.requesting_agency_id, {
      id: row.requesting_agency_id,
      name: row.requesting_agency_name,
      kind: this.d.remote.partnerAgency(row.requesting_agency_id)?.kind ?? 'other',
      jurisdiction: row.requesting_state ?? '',
    });
    if (validated?.agencyId)
      agencies.set(validated.agencyId, {
        id: validated.agencyId,
        name: validated.agencyName ?? '',
        kind: this.d.remote.partnerAgency(validated.agencyId)?.kind ?? 'other',
        jurisdiction: row.requesting_state ?? '',
      });
    const instrument = draft.instrumentId ? registry.instrumentsById.get(draft.instrumentId) : undefined;
    const partial = {
      request,
      life,
      stored: true,
      draft,
      contentText: row.content,
      contentHash: row.content_hash,
      drafters: [],
      // Its execution tasks on this node: `complete` waits for them, a move that ends it cancels
      // the open ones, and their agencies are told of its moves.
      openTasks: tasks.filter((t) => t.status === 'open' || t.status === 'in-progress').length,
      taskAgencies: [...new Set(tasks.map((t) => t.owner_agency_id))],
      agencies,
      instrument,
    };
    // What the requesting node says stands; this node's registry gives the rule and its citation.
    // A node that stated nothing leaves the question open here (no answer rather than a wrong one).
    return { ...partial, validation: validated ? validationOf(registry, partial) : null };
  }
}

type SentValidation = {
  required: boolean;
  agencyId: string | null;
  agencyName: string | null;
  validatedAt: string | null;
};

/** A request-list entry: contracts RequestSummary with its policies. */
export type RequestListEntry = z.infer<typeof RequestListResponse>['items'][number];

/** How many persons concerned the frozen content names (the list shows a count, never names). */
function personsIn(content: string): number {
  const persons = (JSON.parse(content) as { persons?: unknown }).persons;
  return Array.isArray(persons) ? persons.length : 0;
}

/**
 * What a transmission says of its request, as this node lists and shows it: an unknown kind,
 * instrument or state, or a malformed date, is refused on receipt (`validation-failed`) rather than
 * stored to break every list that shows it. Fields this node does not know are ignored.
 */
const TransmittedRequest = z.looseObject({
  kind: RequestKind,
  instrumentId: InstrumentId.nullish(),
  title: z.string().max(200).nullish(),
  reference: z.string().max(500).nullish(),
  classification: ClearanceLevel.optional(),
  urgent: z.boolean().optional(),
  exercise: z.boolean().optional(),
  requestingState: CountryCode.nullish(),
  requestedState: CountryCode.nullish(),
  transmittedAt: Timestamp.nullish(),
  validation: z
    .object({
      required: z.boolean(),
      agencyId: Id.nullable(),
      agencyName: z.string().max(300).nullable(),
      validatedAt: Timestamp.nullable(),
    })
    .nullish(),
});

/**
 * The fields of a received request's content its clocks depend on: loose elsewhere (a partner's
 * catalogue may name measures this node does not know), exact here.
 */
const ClockInput = z.looseObject({
  urgency: z.looseObject({ urgent: z.boolean().optional(), deadline: IsoDate.nullish() }).nullish(),
  measures: z.array(z.looseObject({ id: z.string() })).nullish(),
});

/**
 * The clocks of a received request as kept on this node: only the requested side's (owned by the
 * recipient agency); the requesting side's run on its own node, which extends them too.
 */
function clockScopeOf(loaded: Loaded, row: ReceivedRow): ClockScope {
  return {
    requestId: row.request_id,
    instrument: loaded.instrument,
    facts: factsOf(loaded.draft),
    requestingAgencyId: null,
    requestedAgencyId: row.recipient_agency_id,
    requestedDate: loaded.draft.urgency?.deadline ?? null,
  };
}
