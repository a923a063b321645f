import {
  CreatePermissionRequest,
  CreateThread,
  DecidePermission,
  EditMessage,
  ForwardMessage,
  IdParams,
  MessageListResponse,
  MessageResponse,
  PermissionRequest,
  PostMessage,
  ThreadListResponse,
  ThreadResponse,
} from '@comity/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../platform/http/errors.ts';
import { actorOf } from '../access/route-permission.ts';
import type { EvidenceService } from '../evidence/evidence.service.ts';
import type { MessagingService } from './messaging.service.ts';

const labelled = <T extends { labels: unknown }>(data: T) => ({ data, labels: data.labels as T['labels'] });

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
        body: CreateThread,
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
        body: PostMessage,
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
        params: IdParams,
        body: EditMessage,
        response: { 200: MessageResponse },
      },
    },
    async (req) => labelled(await msg.edit(who(req), req.params.id, req.body.body)),
  );
  app.get(
    '/api/messages/:id/revisions',
    {
      config: { permission: 'thread.read' },
      schema: { tags, summary: 'Earlier revisions of a message', params: IdParams },
    },
    async (req) => ({ items: await msg.revisions(actorOf(req), req.params.id) }),
  );
  app.post(
    '/api/messages/:id/read',
    { config: { permission: 'thread.read' }, schema: { tags, summary: 'Read receipt', params: IdParams } },
    async (req, reply) => {
      await msg.markRead(who(req), req.params.id);
      return reply.code(204).send();
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
        body: ForwardMessage,
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
      config: { permission: 'thread.read' },
      schema: {
        tags: ptags,
        summary: 'Ask the originator for permission (H1 judicial use, H2 onward sharing)',
        body: CreatePermissionRequest,
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
          body: DecidePermission,
          response: { 200: PermissionRequest },
        },
      },
      async (req) => msg.permissions.decide(actorOf(req), req.meta, req.params.id, decision, req.body.note),
    );
  }
}
