import type { Clock } from '../../../../platform/clock.ts';
import type { Database } from '../../../../platform/db/database.ts';
import { fromBool } from '../../../../platform/db/schema.ts';
import type { UnitOfWork } from '../../../../platform/db/unit-of-work.ts';
import type { JobQueue } from '../../../../platform/jobs/job-queue.ts';
import { systemMeta } from '../../../access/actor.ts';
import type { AuditLog } from '../../../audit/audit.service.ts';
import { evidenceOfferPayloadSchema } from '../../../federation/evidence-offer.ts';
import { requestsRepository } from '../../requests.repository.ts';
import { lifecycleRepository as repo } from '../lifecycle.repository.ts';
import { requestReference } from '../lifecycle-context.ts';
import type { Deliveries } from './deliveries.ts';
import type { EvidencePort } from './evidence-port.ts';
import {
  COMMUNICATION_TYPE,
  EVIDENCE_OFFER_TYPE,
  type InboundEnvelope,
  type InboundOutcome,
  type RemoteTransport,
  TRANSMISSION_TYPE,
} from './federated-carrier.ts';
import type { ReceivedRequests } from './received-requests.ts';

export const EVIDENCE_PULL_JOB = 'lifecycle.evidence-pull';

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** The answer to anything about a request the sending node is not party to (no hint whether it exists). */
const notParty: InboundOutcome = {
  outcome: 'rejected',
  problem: { code: 'forbidden', detail: 'The sending node is not party to this request.' },
};

export interface InboundDeps {
  database: Database;
  clock: Clock;
  audit: AuditLog;
  jobs: JobQueue;
  remote: RemoteTransport;
  deliveries: Deliveries;
  received: ReceivedRequests;
  /** The requesting side applying a move of the partner hosting the recipient (LifecycleService.applyRemote). */
  applyRemote: (uow: UnitOfWork, e: InboundEnvelope) => Promise<InboundOutcome>;
  /** The evidence module: pulled files become encrypted evidence items there. */
  evidence?: EvidencePort | undefined;
}

/** One offered file to pull, with what the offer said about it (labels go onto the evidence item). */
interface PullPayload {
  requestId: string;
  node: string;
  sha256: string;
  size: number;
  envelopeId?: string;
  fromAgencyId?: string | null;
  tlp?: string;
  name?: string | null;
  mediaType?: string | null;
  exhibitNumber?: string | null;
  description?: string | null;
  labels?: unknown;
}

/**
 * What arrives from partner nodes for requests, at start: one handler per envelope type (each runs
 * in the transaction that marks its envelope processed), receipts for what this node sent, and the
 * durable job that pulls offered evidence (network I/O stays out of the inbox transaction).
 */
export function registerRemoteInbound(d: InboundDeps): void {
  d.remote.onReceived(TRANSMISSION_TYPE, (uow, e) => d.received.receive(uow, e));
  // One envelope type for both directions: the request is either received here from the sending
  // node (we are the requested side) or was sent from here to it (we are the requesting side). The
  // row is chosen by the partner node it is shared with, never by the id alone: a node that is not
  // party to the request is refused whatever id it names.
  d.remote.onReceived(COMMUNICATION_TYPE, async (uow, e) => {
    if (await d.received.isFrom(uow.tx, e.conversationId, e.sender.node))
      return d.received.applyFromRequesting(uow, e);
    const life = await repo.byId(uow.tx, e.conversationId);
    if (life && life.recipient_node === e.sender.node) return d.applyRemote(uow, e);
    return notParty;
  });
  d.remote.onReceived(EVIDENCE_OFFER_TYPE, (uow, e) => offered(d, uow, e));
  d.remote.onReceipt(async (uow, r) => {
    // The federation passes on only receipts from the node the envelope went to, for exactly what
    // was sent (docs/federation.md §14a); the delivery also checks the node it went to.
    if (r.direction === 'received' && r.digestMatches !== false)
      await d.deliveries.remoteReceipt(uow.tx, r.envelopeId, r.kind, r.at, {
        partnerNode: r.partnerNode,
        now: d.clock.now().toISOString(),
      });
  });
  d.jobs.register<PullPayload>({
    name: EVIDENCE_PULL_JOB,
    maxAttempts: 20,
    handle: (p) => pull(d, p),
  });
}

/** The states in which results, and the evidence offered with them, come back. */
const TAKES_EVIDENCE: readonly string[] = [
  'in-execution',
  'partially-executed',
  'executed',
  'results-returned',
];

/** An evidence offer for a request this node sent: recorded, and its files queued for pulling. */
async function offered(d: InboundDeps, uow: UnitOfWork, e: InboundEnvelope): Promise<InboundOutcome> {
  const life = await repo.byId(uow.tx, e.conversationId);
  if (!life || life.recipient_node !== e.sender.node)
    return {
      outcome: 'not-delivered',
      problem: { code: 'not-found', detail: 'No request of this node was sent to that node.' },
    };
  // The agency answering for the request is its recipient agency on that node, never another.
  if (!life.recipient_agency_id || (e.sender.agency && e.sender.agency !== life.recipient_agency_id))
    return notParty;
  // Validated like an offer this node sends: a malformed offer is refused for good (a `rejected`
  // receipt), never thrown, so it cannot hold back the envelopes after it in the conversation.
  const parsed = evidenceOfferPayloadSchema.safeParse(e.payload);
  if (!parsed.success)
    return {
      outcome: 'rejected',
      problem: {
        code: 'validation-failed',
        detail:
          `Not an evidence offer: ${parsed.error.issues[0]?.path.join('.') ?? ''} ${parsed.error.issues[0]?.message ?? 'malformed'}`.slice(
            0,
            500,
          ),
      },
    };
  // Evidence comes with results: while the request is executed, and for an offer made before it was
  // closed; never for a request refused, withdrawn or still being assessed.
  const takesEvidence =
    TAKES_EVIDENCE.includes(life.state) ||
    (life.state === 'closed' && life.closed_at !== null && e.createdAt <= life.closed_at);
  if (!takesEvidence)
    return {
      outcome: 'rejected',
      problem: { code: 'conflict', detail: `The request is ${life.state}: it takes no evidence.` },
    };
  const str = (v: unknown, max: number) => (typeof v === 'string' ? v.slice(0, max) : undefined);
  const p = {
    items: parsed.data.items.map((x) => ({
      sha256: x.sha256,
      size: x.size,
      name: x.name,
      mediaType: x.mediaType,
      exhibitNumber: str(x.exhibitNumber, 200),
      description: str(x.description, 10_000),
      labels: x.labels !== null && typeof x.labels === 'object' ? x.labels : undefined,
    })),
  };
  const fromAgencyId = life.recipient_agency_id;
  const at = d.clock.now().toISOString();
  for (const item of p.items ?? []) {
    await uow.tx
      .insertInto('request_evidence')
      .values({
        request_id: e.conversationId,
        sha256: item.sha256,
        direction: 'in',
        partner_node: e.sender.node,
        size: item.size,
        name: item.name ?? null,
        media_type: item.mediaType ?? null,
        envelope_id: e.id,
        status: 'offered',
        offered_at: at,
        pulled_at: null,
      })
      .onConflict((oc) => oc.columns(['request_id', 'sha256', 'direction']).doNothing())
      .execute();
    await d.jobs.enqueue(
      uow.tx,
      EVIDENCE_PULL_JOB,
      {
        requestId: e.conversationId,
        node: e.sender.node,
        sha256: item.sha256,
        size: item.size,
        envelopeId: e.id,
        fromAgencyId,
        tlp: e.labels.tlp,
        name: item.name ?? null,
        mediaType: item.mediaType ?? null,
        exhibitNumber: item.exhibitNumber ?? null,
        description: item.description ?? null,
        labels: item.labels ?? null,
      } satisfies PullPayload,
      { idempotencyKey: `evidence-pull:${e.conversationId}:${item.sha256}` },
    );
  }
  await d.audit.append(
    uow,
    { actor: null, meta: systemMeta },
    {
      action: 'request.evidence.offered',
      objectType: 'request',
      objectId: e.conversationId,
      details: {
        partner: e.sender.node,
        envelopeId: e.id,
        files: (p.items ?? []).map((x) => ({ sha256: x.sha256, size: x.size })),
      },
    },
  );
  return undefined;
}

/**
 * Pulls one offered file into the evidence module's encrypted store (resumable, hash-checked) as an
 * evidence item of the requesting agency, and marks the offer pulled in the same transaction.
 */
async function pull(d: InboundDeps, p: PullPayload): Promise<void> {
  if (!d.evidence) throw new Error('This node keeps no evidence store to pull into.');
  // The hash names files and staging paths: never anything but lowercase hex (jobs queued before
  // offers were validated included).
  if (!SHA256_HEX.test(p.sha256)) throw new Error('The offered SHA-256 is not lowercase hex.');
  const life = await repo.byId(d.database.db, p.requestId);
  if (!life) throw new Error(`No request ${p.requestId} on this node.`);
  if (life.recipient_node !== p.node) throw new Error(`Request ${p.requestId} was not sent to ${p.node}.`);
  // The request's recipient agency answers for it (an offer's claim is never taken).
  const fromAgencyId = life.recipient_agency_id;
  if (!fromAgencyId) throw new Error(`Request ${p.requestId} has no recipient agency.`);
  const request = await requestsRepository.byId(d.database.db, p.requestId);
  if (!request) throw new Error(`No request ${p.requestId} on this node.`);
  await d.evidence.receive(
    {
      requestId: p.requestId,
      reference: requestReference(p.requestId),
      holderAgencyId: life.requesting_agency_id,
      exercise: fromBool(request.exercise),
      fromNode: p.node,
      fromAgencyId,
      fromAgencyName: d.remote.partnerAgency(fromAgencyId)?.name ?? null,
      envelopeId: p.envelopeId ?? '',
      sha256: p.sha256,
      size: p.size,
      name: p.name,
      mediaType: p.mediaType,
      exhibitNumber: p.exhibitNumber,
      description: p.description,
      labels: p.labels,
      fallbackTlp: p.tlp,
    },
    (sink) => d.remote.pull(p.node, { sha256: p.sha256, size: p.size }, sink),
    async (uow, stored) => {
      const at = d.clock.now().toISOString();
      const r = await uow.tx
        .updateTable('request_evidence')
        .set({ status: 'pulled', pulled_at: at })
        .where('request_id', '=', p.requestId)
        .where('sha256', '=', p.sha256)
        .where('direction', '=', 'in')
        .where('status', '!=', 'pulled')
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) return;
      await d.audit.append(
        uow,
        { actor: null, meta: systemMeta },
        {
          action: 'request.evidence.pulled',
          objectType: 'request',
          objectId: p.requestId,
          details: { partner: p.node, sha256: p.sha256, size: p.size, evidenceItemId: stored.itemId },
        },
      );
    },
  );
}
