import type { FastifyInstance } from 'fastify';
import type { DomainEvents } from '../../platform/events/domain-events.ts';
import { actorOf } from '../access/route-permission.ts';

/**
 * Server-sent events: each open browser gets the domain events addressed to its user's agency,
 * as notifications. Only types and ids travel; the client fetches details through the gate.
 */
export async function notificationsRoutes(app: FastifyInstance, events: DomainEvents): Promise<void> {
  app.get(
    '/api/events/stream',
    {
      config: { permission: 'me.read' },
      schema: {
        tags: ['notifications'],
        summary: 'Real-time notifications (text/event-stream)',
        produces: ['text/event-stream'],
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.write('retry: 5000\n\n');
      const unsubscribe = events.subscribe((e) => {
        if (!e.agencyIds.includes(actor.agencyId)) return;
        res.write(
          `id: ${e.id}\nevent: ${e.type}\ndata: ${JSON.stringify({ id: e.id, type: e.type, payload: e.payload, createdAt: e.createdAt })}\n\n`,
        );
      });
      const ping = setInterval(() => res.write(': ping\n\n'), 25_000);
      req.raw.on('close', () => {
        clearInterval(ping);
        unsubscribe();
      });
    },
  );
}
