import {
  CreatePermissionRequest,
  CreateThread,
  DecidePermission,
  EditMessage,
  ForwardedResponse,
  ForwardMessage,
  IdParams,
  MessageListResponse,
  MessageResponse,
  MessageRevisionListResponse,
  PermissionRequest,
  PermissionRequestedResponse,
  PostMessage,
  ProblemDetails,
  ThreadListResponse,
  ThreadResponse,
} from '@comity/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../platform/http/errors.ts';
import { toProblem } from '../../platform/http/problem.ts';
import { noContent } from '../../platform/http/response-docs.ts';
import { actorOf } from '../access/route-permission.ts';
import type { EvidenceService } from '../evidence/evidence.service.ts';
import { type MessagingService, StaleMessageError } from './messaging.service.ts';

const labelled = <T extends { labels: unknown }>(data: T) => ({ data, labels: data.labels as T['labels'] });

// OpenAPI examples (the request bodies as a client sends them).
const AGENCY = '01a229fe-8b10-79f9-be8e-ac1b6e009d49';
const REQUEST = '01a229fe-8f17-7e7e-b069-d13e2fe4c1a9';
const CreateThreadDoc = CreateThread.meta({
  examples: [
    {
      subject: 'Request 7410 Js 1234/26',
      requestId: REQUEST,
      participants: [AGENCY],
      labels: { tlp: 'AMBER', handlingCode: 'H0' },
    },
  ],
});
const PostMessageDoc = PostMessage.meta({
  examples: [
    {
      kind: 'text',
      body: 'IBAN FR76 3000 6000 0112 3456 7890 189, January to June 2026.',
      labels: { tlp: 'AMBER', handlingCode: 'H2', sourceReliability: 'B', informationAssessment: '2' },
    },
    { kind: 'acknowledgement', body: 'We acknowledge receipt of request 7410 Js 1234/26.' },
  ],
});
const EditMessageDoc = EditMessage.meta({
  examples: [{ body: 'Corrected: January to July 2026.', expectedRevision: 1 }],
});
const ForwardMessageDoc = ForwardMessage.meta({
  examples: [{ threadId: '01a229fe-9390-70a3-a2e1-d07fd09dee9f', reason: 'Needed by the joint team' }],
});
const CreatePermissionDoc = CreatePermissionRequest.meta({
  examples: [
    {
      kind: 'judicial',
      objectType: 'evidence',
      objectId: '01a229fe-939e-77ac-afef-b65bbc20b5c0',
      reason: 'To produce the bank statements before the Frankfurt regional court.',
    },
  ],
});
const DecidePermissionDoc = DecidePermission.meta({
  examples: [{ note: 'Granted for these proceedings only.' }],
});

export async function messagingRoutes(
  fastify: FastifyInstance,
  msg: MessagingService,
  evidence: EvidenceService,
): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['messaging'];
  const who = (req: { actor: unknown; meta: import('../access/actor.ts').RequestMeta }) => ({
    actor: actorOf(req as never),
    meta: req.meta,
  });

  app.get(
    '/api/threads',
    {
      config: { permission: 'thread.read' },
      schema: {
        tags,
        summary: 'Threads of my agency',
        querystring: z.object({ requestId: z.uuid().optional(), caseId: z.uuid().optional() }),
        response: { 200: ThreadListResponse },
      },
    },
    async (req) => ({ items: (await msg.listThreads(actorOf(req), req.meta, req.query)).map(labelled) }),
  );
  app.post(
    '/api/threads',
    {
      config: { permission: 'thread.post' },
      schema: {
        tags,
        summary: 'Open a thread on a request or a case',
        body: CreateThreadDoc,
        response: { 201: ThreadResponse },
      },
    },
    async (req, reply) =>
      reply.code(201).send(labelled(await msg.createThread(actorOf(req), req.meta, req.body))),
  );
  app.get(
    '/api/threads/:id/messages',
    {
      config: { permission: 'thread.read' },
      schema: {
        tags,
        summary: 'Messages my labels allow (others counted as withheld)',
        params: IdParams,
        response: { 200: MessageListResponse },
      },
    },
    async (req) => {
      const out = await msg.messages(actorOf(req), req.meta, req.params.id);
      return { items: out.items.map(labelled), withheld: out.withheld };
    },
  );
  app.post(
    '/api/threads/:id/messages',
    {
      config: { permission: 'thread.post' },
      schema: {
        tags,
        summary: 'Post a message or a formal communication',
        params: IdParams,
        body: PostMessageDoc,
        response: { 201: MessageResponse },
      },
    },
    async (req, reply) => reply.code(201).send(labelled(await msg.post(who(req), req.params.id, req.body))),
  );
  app.patch(
    '/api/messages/:id',
    {
      config: { permission: 'thread.post' },
      schema: {
        tags,
        summary: 'Edit my message (a new revision; history kept)',
        description:
          '`expectedRevision` is the revision the edit started from: if the message was edited since (or another edit wins a race), 409 with the current message in `current` (nothing is saved). A message of a thread shared with a partner node stays as sent there: 409 without `current`. Audited in the same transaction; a refused edit is audited too.',
        params: IdParams,
        body: EditMessageDoc,
        response: {
          200: MessageResponse,
          409: ProblemDetails.extend({ current: MessageResponse.optional() }).describe(
            'Edited meanwhile: the current message; or shared with a partner node',
          ),
        },
      },
    },
    async (req, reply) => {
      try {
        return labelled(await msg.edit(who(req), req.params.id, req.body.body, req.body.expectedRevision));
      } catch (e) {
        if (!(e instanceof StaleMessageError)) throw e;
        return reply
          .code(409)
          .type('application/problem+json')
          .send({ ...toProblem(e, req).body, current: labelled(e.current) });
      }
    },
  );
  app.get(
    '/api/messages/:id/revisions',
    {
      config: { permission: 'thread.read' },
      schema: {
        tags,
        summary: 'Earlier revisions of a message',
        params: IdParams,
        response: { 200: MessageRevisionListResponse },
      },
    },
    async (req) => ({ items: await msg.revisions(actorOf(req), req.meta, req.params.id) }),
  );
  app.post(
    '/api/messages/:id/read',
    {
      // A write (the receipt and its audit event): a read-only token may not make it.
      config: { permission: 'thread.post' },
      schema: {
        tags,
        summary: 'Read receipt (audited)',
        params: IdParams,
        response: { 204: noContent('Receipt recorded') },
      },
    },
    async (req, reply) => {
      await msg.markRead(who(req), req.params.id);
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/api/messages/:id/forward',
    {
      config: { permission: 'thread.post' },
      schema: {
        tags,
        summary: 'Forward into another thread (H2: files a permission request instead)',
        params: IdParams,
        body: ForwardMessageDoc,
        response: {
          201: ForwardedResponse.describe('Forwarded: the new message'),
          202: PermissionRequestedResponse.describe('Permission requested from the originator (H2)'),
        },
      },
    },
    async (req, reply) => {
      const out = await msg.forward(who(req), req.params.id, req.body);
      return out.status === 'forwarded'
        ? reply.code(201).send({ status: out.status, message: labelled(out.message) })
        : reply.code(202).send(out);
    },
  );
  app.get(
    '/api/messages/search',
    {
      config: { permission: 'thread.read' },
      schema: {
        tags,
        summary: 'Full-text search over messages I may read',
        querystring: z.object({ q: z.string().min(1).max(300) }),
        response: { 200: z.object({ items: z.array(MessageResponse) }) },
      },
    },
    async (req) => ({ items: (await msg.search(actorOf(req), req.meta, req.query.q)).map(labelled) }),
  );

  const ptags = ['permission-requests'];
  app.get(
    '/api/permission-requests',
    {
      config: { permission: 'thread.read' },
      schema: {
        tags: ptags,
        summary: 'Permission requests to or from my agency',
        response: { 200: z.object({ items: z.array(PermissionRequest) }) },
      },
    },
    async (req) => ({ items: await msg.permissions.list(actorOf(req), req.meta) }),
  );
  app.post(
    '/api/permission-requests',
    {
      // Files a request (a write): not for read-only tokens.
      config: { permission: 'thread.post' },
      schema: {
        tags: ptags,
        summary: 'Ask the originator for permission (H1 judicial use, H2 onward sharing)',
        body: CreatePermissionDoc,
        response: { 201: PermissionRequest },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const labels =
        req.body.objectType === 'message'
          ? (await msg.message(actor, req.body.objectId)).labels
          : (await evidence.readable(actor, req.meta, req.body.objectId)).labels;
      if (!labels) throw notFound();
      return reply.code(201).send(await msg.permissions.request(actor, req.meta, req.body, labels));
    },
  );
  for (const [verb, decision] of [
    ['grant', 'granted'],
    ['refuse', 'refused'],
  ] as const) {
    app.post(
      `/api/permission-requests/:id/${verb}`,
      {
        config: { permission: 'permission.decide' },
        schema: {
          tags: ptags,
          summary: `${verb === 'grant' ? 'Grant' : 'Refuse'} (originator agency only)`,
          params: IdParams,
          body: DecidePermissionDoc,
          response: { 200: PermissionRequest },
        },
      },
      async (req) => msg.permissions.decide(actorOf(req), req.meta, req.params.id, decision, req.body.note),
    );
  }
}
