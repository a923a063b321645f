import { RecipientListResponse, RecipientQuery } from '@comity/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../access/route-permission.ts';
import type { RecipientsService } from './recipients.service.ts';

export async function recipientRoutes(
  fastify: FastifyInstance,
  recipients: RecipientsService,
): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/directory/recipients',
    {
      config: { permission: 'agency.read' },
      schema: {
        tags: ['directory'],
        summary: 'Agencies a request or a message can be sent to, here and on partner nodes',
        description:
          'The agencies of state `state` (every state when it is left out) on this node, then those hosted by active partner nodes (as their node documents publish them, with the partner node named). Transmission reaches each of them: locally, or by signed envelope; so does a message thread naming them.',
        querystring: RecipientQuery,
        response: { 200: RecipientListResponse },
      },
    },
    async (req) => ({ items: await recipients.list(actorOf(req), req.meta, req.query.state) }),
  );
}
