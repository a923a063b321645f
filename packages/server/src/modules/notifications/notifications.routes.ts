import type { FastifyInstance } from 'fastify';
import type { DomainEvent, DomainEvents } from '../../platform/events/domain-events.ts';
import { textBody } from '../../platform/http/response-docs.ts';
import { actorOf } from '../access/route-permission.ts';

/** Event ids are UUIDs; anything else in Last-Event-ID is ignored. */
const EVENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Server-sent events: each open browser gets the domain events addressed to its user's agency,
 * as notifications. Only types and ids travel; the client fetches details through the gate. A
 * browser that reconnects (EventSource sends Last-Event-ID) is first sent the events it missed.
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
        response: { 200: textBody('Server-sent events, one per notification, until the client leaves') },
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
      // `mine`: the reader's own action (their other tabs refresh; the bell does not count it). Who
      // else acted is not told.
      const send = (e: DomainEvent) =>
        res.write(
          `id: ${e.id}\nevent: ${e.type}\ndata: ${JSON.stringify({ id: e.id, type: e.type, payload: e.payload, createdAt: e.createdAt, ...(e.actorUserId === actor.userId ? { mine: true } : {}) })}\n\n`,
        );
      // Live events that arrive while the missed ones are read wait, so none is sent twice or out of order.
      let held: DomainEvent[] | undefined = [];
      const unsubscribe = events.subscribe((e) => {
        if (!e.agencyIds.includes(actor.agencyId)) return;
        if (held) held.push(e);
        else send(e);
      });
      // Events this instance may have missed (its link to the other instances was down): reload.
      const unsubscribeResync = events.onResync(() => res.write('event: resync\ndata: {}\n\n'));
      const ping = setInterval(() => res.write(': ping\n\n'), 25_000);
      req.raw.on('close', () => {
        clearInterval(ping);
        unsubscribe();
        unsubscribeResync();
      });
      // A browser that reconnects names the last event it saw: it is sent what it missed, or told
      // to reload everything (`resync`) when that cannot be read or is more than a replay holds.
      const lastEventId = req.headers['last-event-id'];
      const missed =
        typeof lastEventId === 'string' && EVENT_ID.test(lastEventId)
          ? await events.since(lastEventId, actor.agencyId).catch((err: unknown) => {
              req.log.warn({ err }, 'event stream replay failed; the browser is told to reload');
              return { events: [], complete: false };
            })
          : { events: [], complete: true };
      if (res.destroyed) return;
      if (!missed.complete) res.write(`event: resync\ndata: {}\n\n`);
      const seen = new Set(missed.events.map((e) => e.id));
      for (const e of missed.events) send(e);
      for (const e of held) if (!seen.has(e.id)) send(e);
      held = undefined;
    },
  );
}
