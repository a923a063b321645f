import type { Labels, LabelsInput } from '@comity/contracts';
import type { Clock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/database.ts';
import { fromBool, toBool } from '../../platform/db/schema.ts';
import { inTransaction } from '../../platform/db/unit-of-work.ts';
import type { DomainEvents } from '../../platform/events/domain-events.ts';
import { AppError, notFound, validationFailed } from '../../platform/http/errors.ts';
import { newId } from '../../platform/ids.ts';
import { normaliseText, queryTerms } from '../../platform/text-search.ts';
import type { AccessGate } from '../access/access-gate.ts';
import type { Actor, RequestMeta } from '../access/actor.ts';
import { worldRefusal } from '../access/exercise-world.ts';
import { type RequestReaders, requireReadableLinks } from '../access/linked-objects.ts';
import type { AuditLog } from '../audit/audit.service.ts';
import { canForward, canRead, labelsFrom } from '../dissemination/handling.ts';
import type { PermissionRequests } from '../dissemination/permission-requests.ts';
import { refusal } from '../dissemination/refusal.ts';
import type { FederatedThreads } from './federated-threads.ts';
import {
  type MessageRow,
  type MessageView,
  messagingRepository as repo,
  toMessage,
  toThread,
} from './messaging.repository.ts';

type Who = { actor: Actor; meta: RequestMeta };

/** An edit that lost a race or started from an older revision; carries the current message (409). */
export class StaleMessageError extends AppError {
  constructor(
    readonly current: MessageView,
    expected: number,
  ) {
    super(
      'conflict',
      `The message is at revision ${current.revision}, not ${expected}: it was edited meanwhile. Edit the current text and send its revision.`,
    );
  }
}
export interface PostInput {
  kind: string;
  body: string;
  mentions?: string[] | undefined;
  attachments?: string[] | undefined;
  labels?: LabelsInput | undefined;
}

/** Registers the thread rules: a thread is for the officers of its participant agencies. */
export function registerThreadRules(gate: AccessGate, database: Database): void {
  const rule = async (actor: Actor, ids: readonly string[]) =>
    new Set(await repo.threadIdsOf(database.db, actor.agencyId, ids));
  gate.register('thread.read', rule);
  gate.register('thread.post', rule);
}

export class MessagingService {
  constructor(
    private readonly database: Database,
    private readonly gate: AccessGate,
    private readonly audit: AuditLog,
    private readonly events: DomainEvents,
    private readonly clock: Clock,
    readonly permissions: PermissionRequests,
    /** Evidence items the actor may read and share (for attachments). */
    private readonly evidenceLabels: (actor: Actor, ids: string[]) => Promise<Map<string, Labels>>,
    /** Requests the actor may read (what a thread may be about). */
    private readonly requests: RequestReaders,
    /** Threads shared with agencies of partner nodes (absent without federation). */
    private readonly federated?: FederatedThreads | undefined,
  ) {}

  /** Participants of a thread hosted by partner nodes. */
  private partnerParticipants(participants: readonly string[]): string[] {
    return [...(this.federated?.partnerNodes(participants).keys() ?? [])];
  }

  private now = () => this.clock.now().toISOString();

  async createThread(
    actor: Actor,
    meta: RequestMeta,
    input: {
      subject: string;
      requestId?: string | null | undefined;
      caseId?: string | null | undefined;
      participants: string[];
      labels: LabelsInput;
    },
  ) {
    await requireReadableLinks(
      { gate: this.gate, requests: this.requests, db: this.database.db },
      actor,
      input,
    );
    const participants = [...new Set([actor.agencyId, ...input.participants])];
    const known = await this.database.db
      .selectFrom('agency')
      .select(['id', 'exercise'])
      .where('id', 'in', participants)
      .execute();
    // An agency of this node, or one a partner node hosts (that node judges its world on receipt).
    const partners = new Set(this.partnerParticipants(participants));
    const unknown = participants.findIndex((p) => !partners.has(p) && !known.some((k) => k.id === p));
    if (unknown >= 0)
      throw validationFailed([{ path: `body.participants.${unknown}`, message: 'Unknown agency.' }]);
    for (const agency of known) {
      const mixes = worldRefusal(actor, { exercise: fromBool(agency.exercise) });
      if (mixes) throw validationFailed([{ path: 'participants', message: mixes }]);
    }
    const labels = labelsFrom(input.labels, actor.agencyId, participants);
    const now = this.now();
    const row = {
      id: newId(),
      subject: input.subject,
      request_id: input.requestId ?? null,
      case_id: input.caseId ?? null,
      agency_id: actor.agencyId,
      labels: JSON.stringify(labels),
      exercise: toBool(actor.exercise),
      created_by: actor.userId,
      created_at: now,
      updated_at: now,
    };
    await inTransaction(this.database, async (uow) => {
      await uow.tx.insertInto('thread').values(row).execute();
      await uow.tx
        .insertInto('thread_participant')
        .values(participants.map((agency_id) => ({ thread_id: row.id, agency_id, added_at: now })))
        .execute();
      await this.audit.append(
        uow,
        { actor, meta },
        {
          action: 'thread.create',
          objectType: 'thread',
          objectId: row.id,
          details: { participants, requestId: row.request_id, caseId: row.case_id },
        },
      );
      await this.events.emit(uow, 'thread.created', { threadId: row.id }, participants, actor.userId);
    });
    return toThread(row, participants);
  }

  async listThreads(
    actor: Actor,
    meta: RequestMeta,
    filter: { requestId?: string | undefined; caseId?: string | undefined } = {},
  ) {
    const ids = await repo.threadIdsOf(this.database.db, actor.agencyId);
    const rows = (await repo.threads(this.database.db, ids)).filter(
      (t) =>
        (!filter.requestId || t.request_id === filter.requestId) &&
        (!filter.caseId || t.case_id === filter.caseId),
    );
    const parts = await repo.participants(
      this.database.db,
      rows.map((r) => r.id),
    );
    await this.audit.record(
      { actor, meta },
      { action: 'thread.list', objectType: 'thread', details: { count: rows.length } },
    );
    return rows.map((r) => toThread(r, parts.get(r.id) ?? []));
  }

  async thread(actor: Actor, id: string, permission: 'thread.read' | 'thread.post' = 'thread.read') {
    await this.gate.require(actor, permission, [id]);
    const [row] = await repo.threads(this.database.db, [id]);
    if (!row) throw notFound();
    return toThread(row, (await repo.participants(this.database.db, [id])).get(id) ?? []);
  }

  private async view(actor: Actor, rows: MessageRow[]) {
    const visible = rows.filter((r) => canRead(JSON.parse(r.labels) as Labels, actor.agencyId).allowed);
    const reads = await repo.reads(
      this.database.db,
      visible.map((m) => m.id),
    );
    return { items: visible.map((m) => toMessage(m, reads)), withheld: rows.length - visible.length };
  }

  /** Messages of a thread the caller's labels allow; the number withheld is reported, not their content. */
  async messages(actor: Actor, meta: RequestMeta, threadId: string) {
    await this.thread(actor, threadId);
    const out = await this.view(actor, await repo.messages(this.database.db, threadId));
    await this.audit.record(
      { actor, meta },
      {
        action: 'thread.read',
        objectType: 'thread',
        objectId: threadId,
        details: { count: out.items.length, withheld: out.withheld },
      },
    );
    return out;
  }

  async message(
    actor: Actor,
    id: string,
    permission: 'thread.read' | 'thread.post' = 'thread.read',
  ): Promise<MessageView> {
    const [row] = await repo.messagesByIds(this.database.db, [id]);
    if (!row) throw notFound();
    await this.gate.require(actor, permission, [row.thread_id]);
    const v = await this.view(actor, [row]);
    if (!v.items[0]) throw notFound();
    return v.items[0];
  }

  async post(who: Who, threadId: string, input: PostInput, forwardedFrom?: { id: string; labels: Labels }) {
    const thread = await this.thread(who.actor, threadId, 'thread.post');
    const labels: Labels = forwardedFrom
      ? {
          ...forwardedFrom.labels,
          recipients: [...new Set([...forwardedFrom.labels.recipients, ...thread.participants])].filter(
            (a) => a !== forwardedFrom.labels.originatorAgencyId,
          ),
        }
      : labelsFrom(
          input.labels ?? thread.labels,
          who.actor.agencyId,
          input.labels?.recipients ? [] : thread.participants,
        );
    const attachments = [...new Set(input.attachments ?? [])];
    const shared = this.partnerParticipants(thread.participants).length > 0;
    if (attachments.length && shared)
      throw validationFailed([
        {
          path: 'body.attachments',
          message:
            'Evidence goes to a partner node with the results of a request (an offer it pulls), not attached to a message.',
        },
      ]);
    if (attachments.length) {
      const ev = await this.evidenceLabels(who.actor, attachments);
      for (const id of attachments) {
        const l = ev.get(id);
        if (!l) throw notFound(`Evidence item ${id} not found.`);
        for (const agency of thread.participants) {
          const d = canForward(l, who.actor.agencyId, agency, { acknowledgeRestriction: true });
          if (!d.allowed) throw refusal(d);
        }
      }
    }
    const now = this.now();
    const row: MessageRow = {
      id: newId(),
      thread_id: threadId,
      kind: input.kind,
      body: input.body,
      search: normaliseText(input.body),
      mentions: JSON.stringify(input.mentions ?? []),
      attachments: JSON.stringify(attachments),
      labels: JSON.stringify(labels),
      forwarded_from: forwardedFrom?.id ?? null,
      author_id: who.actor.userId,
      author_agency_id: who.actor.agencyId,
      revision: 1,
      created_at: now,
      edited_at: null,
    };
    await inTransaction(this.database, async (uow) => {
      await uow.tx.insertInto('message').values(row).execute();
      await repo.index(uow.tx, this.database.engine, row.id, row.search);
      await uow.tx.updateTable('thread').set({ updated_at: now }).where('id', '=', threadId).execute();
      // To the partner nodes of participants the labels let read it, with the post or not at all.
      const [stored] = shared && this.federated ? await repo.threads(uow.tx, [threadId]) : [];
      const partnerNodes = stored ? await this.federated!.send(uow, stored, thread.participants, row) : 0;
      await this.audit.append(uow, who, {
        action: forwardedFrom ? 'message.forward' : `message.post`,
        objectType: 'message',
        objectId: row.id,
        details: {
          threadId,
          kind: row.kind,
          tlp: labels.tlp,
          handlingCode: labels.handlingCode,
          forwardedFrom: row.forwarded_from,
          partnerNodes,
        },
      });
      // Real time: only agencies the labels let read the message hear about it.
      const audience = thread.participants.filter((a) => canRead(labels, a).allowed);
      await this.events.emit(
        uow,
        'message.posted',
        { threadId, messageId: row.id, kind: row.kind, mentions: input.mentions ?? [] },
        audience,
        who.actor.userId,
      );
    });
    return toMessage(row);
  }

  /**
   * Edits keep every earlier revision: the message shows the latest, the history stays. The edit
   * applies to the revision read inside its transaction, or to `expectedRevision` when given; if
   * another edit got there first, nothing is written and StaleMessageError (409) carries the
   * current message.
   */
  async edit(who: Who, id: string, body: string, expectedRevision?: number) {
    const msg = await this.message(who.actor, id, 'thread.post');
    if (msg.authorId !== who.actor.userId)
      throw new AppError('forbidden', 'Only the author edits a message.');
    const thread = await this.thread(who.actor, msg.threadId);
    if (this.partnerParticipants(thread.participants).length > 0)
      throw new AppError(
        'conflict',
        'A message shared with a partner node stays as sent there: post a correction instead.',
      );
    const now = this.now();
    const search = normaliseText(body);
    try {
      return await inTransaction(this.database, async (uow) => {
        // Re-read in the unit: the read above may be stale relative to it.
        const [row] = await repo.messagesByIds(uow.tx, [id]);
        if (!row) throw notFound();
        const stale = async (): Promise<never> => {
          const [current] = await repo.messagesByIds(uow.tx, [id]);
          if (!current) throw notFound();
          throw new StaleMessageError(
            toMessage(current, await repo.reads(uow.tx, [id])),
            expectedRevision ?? row.revision,
          );
        };
        if (expectedRevision !== undefined && row.revision !== expectedRevision) return stale();
        const updated = await uow.tx
          .updateTable('message')
          .set({ body, search, revision: row.revision + 1, edited_at: now })
          .where('id', '=', id)
          .where('revision', '=', row.revision)
          .executeTakeFirst();
        // Another edit committed since the read (PostgreSQL): throwing rolls the unit back.
        if (Number(updated.numUpdatedRows) !== 1) return stale();
        await uow.tx
          .insertInto('message_revision')
          .values({
            id: newId(),
            message_id: id,
            revision: row.revision,
            body: row.body,
            edited_by: who.actor.userId,
            edited_at: now,
          })
          .execute();
        await repo.index(uow.tx, this.database.engine, id, search);
        await this.audit.append(uow, who, {
          action: 'message.edit',
          objectType: 'message',
          objectId: id,
          details: { revision: row.revision + 1 },
        });
        await this.events.emit(
          uow,
          'message.edited',
          { threadId: row.thread_id, messageId: id },
          [who.actor.agencyId],
          who.actor.userId,
        );
        return toMessage(
          { ...row, body, search, revision: row.revision + 1, edited_at: now },
          await repo.reads(uow.tx, [id]),
        );
      });
    } catch (e) {
      if (!(e instanceof StaleMessageError)) throw e;
      // Refused, and the answer is a read of the current text: both audited.
      await this.audit.record(who, {
        action: 'message.edit',
        objectType: 'message',
        objectId: id,
        outcome: 'failure',
        details: {
          reason: 'stale-revision',
          expectedRevision: expectedRevision ?? null,
          currentRevision: e.current.revision,
        },
      });
      throw e;
    }
  }

  /** Earlier bodies of a message: a read of its content, audited like the messages themselves. */
  async revisions(actor: Actor, meta: RequestMeta, id: string) {
    const msg = await this.message(actor, id);
    const rows = await this.database.db
      .selectFrom('message_revision')
      .selectAll()
      .where('message_id', '=', id)
      .orderBy('revision')
      .execute();
    await this.audit.record(
      { actor, meta },
      {
        action: 'message.revisions',
        objectType: 'message',
        objectId: id,
        details: { threadId: msg.threadId, count: rows.length },
      },
    );
    return rows;
  }

  /** Records that I read the message (once; later receipts keep the first time), audited with it. */
  async markRead(who: Who, id: string) {
    const msg = await this.message(who.actor, id, 'thread.post');
    await inTransaction(this.database, async (uow) => {
      const r = await uow.tx
        .insertInto('message_read')
        .values({ message_id: id, user_id: who.actor.userId, read_at: this.now() })
        .onConflict((oc) => oc.columns(['message_id', 'user_id']).doNothing())
        .executeTakeFirst();
      await this.audit.append(uow, who, {
        action: 'message.read-receipt',
        objectType: 'message',
        objectId: id,
        details: { threadId: msg.threadId, recorded: Number(r.numInsertedOrUpdatedRows ?? 0n) > 0 },
      });
    });
  }

  /**
   * Forwards a message into another thread when its labels allow every agency of that thread to
   * receive it. H2 without permission files a permission request to the originator instead.
   */
  async forward(
    who: Who,
    id: string,
    input: { threadId: string; acknowledgeRestriction?: boolean | undefined; reason?: string | undefined },
  ) {
    const msg = await this.message(who.actor, id);
    const target = await this.thread(who.actor, input.threadId, 'thread.post');
    for (const agency of target.participants) {
      const d = canForward(msg.labels, who.actor.agencyId, agency, {
        acknowledgeRestriction: input.acknowledgeRestriction ?? false,
      });
      if (d.allowed) continue;
      if (d.remedy === 'permission-request') {
        const pr = await inTransaction(this.database, (uow) =>
          this.permissions.create(uow, who, {
            kind: 'forward',
            objectType: 'message',
            objectId: id,
            labels: msg.labels,
            targetAgencyId: agency,
            targetThreadId: target.id,
            reason: input.reason ?? `Forward to thread "${target.subject}"`,
          }),
        );
        return { status: 'permission-requested' as const, permissionRequest: pr };
      }
      await this.audit.record(who, {
        action: 'message.forward.refused',
        outcome: 'denied',
        objectType: 'message',
        objectId: id,
        details: { rule: d.rule, to: agency },
      });
      throw refusal(d);
    }
    const message = await this.post(
      who,
      target.id,
      { kind: msg.kind, body: msg.body, mentions: [], attachments: msg.attachments },
      { id: msg.id, labels: msg.labels },
    );
    return { status: 'forwarded' as const, message };
  }

  /** Full-text search over the messages the caller may read (threads of the agency, labels allowing). */
  async search(actor: Actor, meta: RequestMeta, q: string) {
    const ids = await repo.search(this.database.db, this.database.engine, queryTerms(q));
    const rows = await repo.messagesByIds(this.database.db, ids);
    const threads = new Set(
      await repo.threadIdsOf(this.database.db, actor.agencyId, [...new Set(rows.map((r) => r.thread_id))]),
    );
    const out = await this.view(
      actor,
      rows.filter((r) => threads.has(r.thread_id)),
    );
    await this.audit.record(
      { actor, meta },
      { action: 'message.search', objectType: 'message', details: { count: out.items.length } },
    );
    return out.items.sort((a, b) => (a.id < b.id ? 1 : -1));
  }
}
