import { Id, Labels } from '@comity/contracts';
import { z } from 'zod';
import type { Clock } from '../../platform/clock.ts';
import type { Database, Queryable } from '../../platform/db/database.ts';
import { fromBool, toBool } from '../../platform/db/schema.ts';
import type { UnitOfWork } from '../../platform/db/unit-of-work.ts';
import type { DomainEvents } from '../../platform/events/domain-events.ts';
import { normaliseText } from '../../platform/text-search.ts';
import { systemMeta } from '../access/actor.ts';
import { worldRefusal } from '../access/exercise-world.ts';
import type { AuditLog } from '../audit/audit.service.ts';
import { canRead } from '../dissemination/handling.ts';
import { type MessageRow, messagingRepository as repo, type ThreadRow } from './messaging.repository.ts';

/** Envelope type of a thread message crossing to a partner node (docs/federation.md §14b). */
export const THREAD_MESSAGE_TYPE = 'thread.message';

/** The part of the federation's remote carrier threads use (structurally typed; node.ts passes it). */
export interface ThreadTransport {
  nodeForAgency(agencyId: string): string | undefined;
  partnerAgency(agencyId: string): { id: string; name: string; node: string } | undefined;
  transmit(
    uow: UnitOfWork,
    message: {
      recipientNode: string;
      senderAgency?: string | undefined;
      type: string;
      conversationId: string;
      // biome-ignore lint/suspicious/noExplicitAny: JSON payload, typed by the federation as JsonValue
      payload: any;
      labels: { tlp: string; [label: string]: unknown };
      idempotencyKey: string;
      refs?: string[] | undefined;
    },
  ): Promise<{ envelopeId: string }>;
  onReceived(
    type: string,
    handler: (uow: UnitOfWork, envelope: ReceivedThreadEnvelope) => Promise<ThreadOutcome>,
  ): void;
}

export interface ReceivedThreadEnvelope {
  id: string;
  sender: { node: string; agency?: string | undefined };
  conversationId: string;
  payload: unknown;
}

type ThreadOutcome =
  | undefined
  | { outcome: 'rejected' | 'not-delivered'; problem: { code: string; detail?: string } };

/** What travels: the thread as its participants share it, and one message. */
const ThreadMessagePayload = z.object({
  thread: z.object({
    id: Id,
    subject: z.string().min(1).max(300),
    requestId: Id.nullable(),
    participants: z.array(Id).min(2).max(50),
    labels: Labels,
    exercise: z.boolean(),
  }),
  message: z.object({
    id: Id,
    kind: z.string().min(1).max(40),
    body: z.string().min(1).max(20_000),
    labels: Labels,
    createdAt: z.string().datetime({ offset: true }),
  }),
});

const rejected = (code: string, detail: string): ThreadOutcome => ({
  outcome: 'rejected',
  problem: { code, detail },
});

/**
 * Threads whose participants include agencies of partner nodes. The thread keeps one id on every
 * node; each message posted on a node goes, signed and encrypted in the transaction of the post, to
 * every partner node hosting a participant the message's labels let read it — a TLP:RED message
 * named for an agency of this node never leaves it. The receiving node stores the thread (first
 * message) and the message, shows it to its own participant agencies as the labels allow, and
 * posts its officers' replies back the same way. Case files, evidence attachments and mentions
 * name objects of one node and stay there.
 */
export class FederatedThreads {
  constructor(
    private readonly d: {
      database: Database;
      remote: ThreadTransport;
      audit: AuditLog;
      events: DomainEvents;
      clock: Clock;
      /** Whether this node takes exercise data (it runs the demo world). */
      acceptsExercise: boolean;
    },
  ) {
    d.remote.onReceived(THREAD_MESSAGE_TYPE, (uow, e) => this.receive(uow, e));
  }

  /** Participants hosted by partner nodes, by node; the rest are this node's (or unknown). */
  partnerNodes(participants: readonly string[]): Map<string, string> {
    const out = new Map<string, string>();
    for (const agency of participants) {
      const node = this.d.remote.nodeForAgency(agency);
      if (node) out.set(agency, node);
    }
    return out;
  }

  /** Sends a message just written to the partner nodes of the participants its labels let read it. */
  async send(
    uow: UnitOfWork,
    thread: ThreadRow,
    participants: readonly string[],
    m: MessageRow,
  ): Promise<number> {
    const labels = JSON.parse(m.labels) as Labels;
    const nodes = new Set<string>();
    for (const [agency, node] of this.partnerNodes(participants))
      if (canRead(labels, agency).allowed) nodes.add(node);
    for (const node of nodes)
      await this.d.remote.transmit(uow, {
        recipientNode: node,
        senderAgency: m.author_agency_id,
        type: THREAD_MESSAGE_TYPE,
        conversationId: thread.id,
        payload: {
          thread: {
            id: thread.id,
            subject: thread.subject,
            requestId: thread.request_id,
            participants: [...participants],
            labels: JSON.parse(thread.labels) as Labels,
            exercise: fromBool(thread.exercise),
          },
          message: { id: m.id, kind: m.kind, body: m.body, labels, createdAt: m.created_at },
        },
        // The labels travel signed with the data; the receiving node enforces them.
        labels: { tlp: `TLP:${labels.tlp}`, originatorAgency: labels.originatorAgencyId },
        idempotencyKey: `thread-message:${m.id}`,
        refs: [thread.id, ...(thread.request_id ? [thread.request_id] : [])],
      });
    return nodes.size;
  }

  /** A partner's message: stored in the thread (created at its first message) for this node's participants. */
  private async receive(uow: UnitOfWork, e: ReceivedThreadEnvelope): Promise<ThreadOutcome> {
    const { tx } = uow;
    const parsed = ThreadMessagePayload.safeParse(e.payload);
    if (!parsed.success)
      return rejected(
        'validation-failed',
        `The thread message's ${parsed.error.issues[0]?.path.join('.') || 'shape'} is malformed.`,
      );
    const { thread, message } = parsed.data;
    const author = e.sender.agency;
    if (thread.id !== e.conversationId || !author || !thread.participants.includes(author))
      return rejected(
        'validation-failed',
        'A thread message names its thread and an author agency among its participants.',
      );
    // The author's agency is one the sending node hosts, by its signed node document.
    if (this.d.remote.partnerAgency(author)?.node !== e.sender.node)
      return rejected('forbidden', 'The sending node does not host the author agency.');
    if (message.labels.originatorAgencyId !== author)
      return rejected('forbidden', 'A partner writes only messages its own agency originates.');
    const mine = await this.localAgencies(tx, thread.participants);
    if (mine.length === 0)
      return {
        outcome: 'not-delivered',
        problem: { code: 'not-found', detail: 'No participant agency on this node.' },
      };
    // Exercise data only where the demo world runs, and only among exercise agencies (exercise-world.ts).
    if (thread.exercise && !this.d.acceptsExercise)
      return rejected('forbidden', 'This node takes no exercise data: it does not run the demo world.');
    for (const a of mine) {
      const mixes = worldRefusal({ exercise: thread.exercise }, { exercise: fromBool(a.exercise) });
      if (mixes) return rejected('forbidden', mixes);
    }
    const stored = await tx.selectFrom('thread').selectAll().where('id', '=', thread.id).executeTakeFirst();
    if (stored) {
      // A thread of this node, or one a partner opened: the author must be one of its participants.
      const members = await repo.participants(tx, [thread.id]);
      if (!(members.get(thread.id) ?? []).includes(author))
        return rejected('forbidden', 'The author agency is not a participant of this thread.');
    } else {
      if (await tx.selectFrom('message').select('id').where('id', '=', message.id).executeTakeFirst())
        return rejected('conflict', 'This message id is already in use on this node.');
      const at = this.d.clock.now().toISOString();
      await tx
        .insertInto('thread')
        .values({
          id: thread.id,
          subject: thread.subject,
          // A request of this node or one received here; any other id is only a label to show.
          request_id: thread.requestId,
          case_id: null,
          // The agency holding it on this node (the opener is on the other node, not in this directory).
          agency_id: mine[0]!.id,
          labels: JSON.stringify(thread.labels),
          exercise: toBool(thread.exercise),
          // The officer who opened it is on the other node: their agency stands for them here.
          created_by: author,
          created_at: at,
          updated_at: at,
        })
        .execute();
      await tx
        .insertInto('thread_participant')
        .values(thread.participants.map((agency_id) => ({ thread_id: thread.id, agency_id, added_at: at })))
        .execute();
    }
    const row: MessageRow = {
      id: message.id,
      thread_id: thread.id,
      kind: message.kind,
      body: message.body,
      search: normaliseText(message.body),
      mentions: '[]',
      attachments: '[]',
      labels: JSON.stringify(message.labels),
      forwarded_from: null,
      author_id: author,
      author_agency_id: author,
      revision: 1,
      created_at: message.createdAt,
      edited_at: null,
    };
    const inserted = await tx
      .insertInto('message')
      .values(row)
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return undefined;
    await repo.index(tx, this.d.database.engine, row.id, row.search);
    await tx.updateTable('thread').set({ updated_at: row.created_at }).where('id', '=', thread.id).execute();
    await this.d.audit.append(
      uow,
      { actor: null, meta: systemMeta },
      {
        action: 'message.receive',
        objectType: 'message',
        objectId: row.id,
        details: {
          threadId: thread.id,
          partner: e.sender.node,
          agencyId: author,
          envelopeId: e.id,
          tlp: message.labels.tlp,
        },
      },
    );
    const audience = mine.map((a) => a.id).filter((a) => canRead(message.labels, a).allowed);
    await this.d.events.emit(
      uow,
      'message.posted',
      { threadId: thread.id, messageId: row.id, kind: row.kind, mentions: [] },
      audience,
      null,
    );
    return undefined;
  }

  private localAgencies(tx: Queryable, ids: readonly string[]) {
    return tx
      .selectFrom('agency')
      .select(['id', 'exercise'])
      .where('id', 'in', [...ids])
      .execute();
  }
}
