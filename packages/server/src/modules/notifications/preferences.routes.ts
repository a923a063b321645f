import {
  IdParams,
  NotificationPreferences,
  NotificationsResponse,
  Ok,
  PutNotificationPreferences,
} from '@comity/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../access/route-permission.ts';
import type { NotificationsService } from './notifications.service.ts';

export async function notificationPreferencesRoutes(
  fastify: FastifyInstance,
  notifications: NotificationsService,
): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['notifications'];

  app.get(
    '/api/me/notification-preferences',
    {
      config: { permission: 'me.read' },
      schema: {
        tags,
        summary: 'My notification preferences',
        description:
          'In-app notifications always arrive (live over GET /api/events/stream). E-mail goes out for the kinds listed when `email` is on, and the daily digest when `digest` is `daily`. E-mails carry only a link and a neutral reference, never operational details.',
        response: { 200: NotificationPreferences },
      },
    },
    async (req) => notifications.getPreferences(actorOf(req)),
  );

  app.put(
    '/api/me/notification-preferences',
    {
      config: { permission: 'notification.manage' },
      schema: {
        tags,
        summary: 'Set my notification preferences',
        body: PutNotificationPreferences,
        response: { 200: NotificationPreferences },
      },
    },
    async (req) => notifications.setPreferences(actorOf(req), req.meta, req.body),
  );

  app.get(
    '/api/me/notifications',
    {
      config: { permission: 'me.read' },
      schema: {
        tags,
        summary: 'My notifications, newest first',
        querystring: z
          .object({
            unread: z.enum(['true', 'false']).optional(),
            limit: z.coerce.number().int().min(1).max(200).default(50),
          })
          .strict(),
        response: { 200: NotificationsResponse },
      },
    },
    async (req) =>
      notifications.list(actorOf(req), req.meta, {
        unreadOnly: req.query.unread === 'true',
        limit: req.query.limit,
      }),
  );

  app.post(
    '/api/me/notifications/:id/read',
    {
      config: { permission: 'notification.manage' },
      schema: { tags, summary: 'Mark one of my notifications read', params: IdParams, response: { 200: Ok } },
    },
    async (req) => {
      await notifications.markRead(actorOf(req), req.meta, req.params.id);
      return { ok: true as const };
    },
  );
}
