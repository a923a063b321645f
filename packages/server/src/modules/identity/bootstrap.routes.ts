import { BootstrapBody, User } from '@comity/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { BootstrapService } from './bootstrap.service.ts';

export async function bootstrapRoutes(
  fastify: FastifyInstance,
  bootstrap: BootstrapService,
  authRateLimit: number,
): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/bootstrap',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['setup'],
        summary: 'Whether this node still needs its first administrator',
        response: { 200: z.object({ needed: z.boolean() }) },
      },
    },
    async () => ({ needed: await bootstrap.needed() }),
  );

  app.post(
    '/api/bootstrap',
    {
      config: { permission: 'public', rateLimit: { max: authRateLimit, timeWindow: '1 minute' } },
      schema: {
        tags: ['setup'],
        summary: 'Create the first administrator with the one-time code from the server console',
        body: BootstrapBody,
        response: { 201: User },
      },
    },
    async (req, reply) => {
      const { code, ...rest } = req.body;
      return reply
        .code(201)
        .send((await bootstrap.createFirstAdmin(rest, code, req.meta)) as z.infer<typeof User>);
    },
  );
}
