import {
  CreateSavedView,
  IdParams,
  InboxQuery,
  InboxResponse,
  Ok,
  SavedView,
  SavedViewsResponse,
} from '@comity/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../access/route-permission.ts';
import type { InboxService } from './inbox.service.ts';

export async function inboxRoutes(fastify: FastifyInstance, inbox: InboxService): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['inbox'];

  app.get(
    '/api/inbox',
    {
      config: { permission: 'request.read' },
      schema: {
        tags,
        summary: 'Worklist: needs my action, waiting on others, overdue, due this week',
        description:
          '`scope=me`: what I may act on now (my drafts, approvals and validations for my roles, incoming requests for my roles, tasks assigned to me or unassigned in my agency); `scope=agency`: everything my agency is party to. `waiting-on-partner`: the other side’s move, or (for what I drafted) a colleague’s, such as an approval. `overdue` and `due-this-week` follow the clocks my agency owns; `nextDue` is my agency’s next clock, or else the other side’s. Filters by kind, instrument, state, side (outgoing / incoming), urgency and text (title or reference); sorted by next due time (default), update or creation. `counts` gives the size of every view with the same scope and filters.',
        querystring: InboxQuery,
        response: { 200: InboxResponse },
      },
    },
    async (req) => {
      const { view, ...filters } = req.query;
      return inbox.inbox(actorOf(req), req.meta, view, filters);
    },
  );

  app.get(
    '/api/inbox/views',
    {
      config: { permission: 'request.read' },
      schema: { tags, summary: 'My saved inbox views', response: { 200: SavedViewsResponse } },
    },
    async (req) => ({ items: await inbox.views(actorOf(req)) }),
  );

  app.post(
    '/api/inbox/views',
    {
      // A write, if only of one's own settings: a read-only API token does not make it.
      config: { permission: 'notification.manage' },
      schema: {
        tags,
        summary: 'Save an inbox view (a view with its filters) under a name',
        body: CreateSavedView,
        response: { 201: SavedView },
      },
    },
    async (req, reply) => reply.code(201).send(await inbox.saveView(actorOf(req), req.body)),
  );

  app.delete(
    '/api/inbox/views/:id',
    {
      config: { permission: 'notification.manage' },
      schema: { tags, summary: 'Delete one of my saved views', params: IdParams, response: { 200: Ok } },
    },
    async (req) => {
      await inbox.deleteView(actorOf(req), req.params.id);
      return { ok: true as const };
    },
  );
}
