import {
  ApiTokenListResponse,
  CreateApiToken,
  CreateApiTokenResponse,
  IdParams,
  Ok,
} from '@comity/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../access/route-permission.ts';
import type { TokensService } from './tokens.service.ts';

export async function tokensRoutes(fastify: FastifyInstance, tokens: TokensService): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['tokens'];

  app.get(
    '/api/tokens',
    {
      config: { permission: 'token.manage' },
      schema: { tags, summary: 'My API tokens (never the secret)', response: { 200: ApiTokenListResponse } },
    },
    async (req) => ({ items: await tokens.list(actorOf(req)) }),
  );

  app.post(
    '/api/tokens',
    {
      config: { permission: 'token.manage' },
      schema: {
        tags,
        summary: 'Create a personal API token',
        description:
          'The secret is returned once. Use it as `Authorization: Bearer <token>`. Scopes narrow what the token can do below the user’s own permissions.',
        body: CreateApiToken,
        response: { 201: CreateApiTokenResponse },
      },
    },
    async (req, reply) => reply.code(201).send(await tokens.create(actorOf(req), req.meta, req.body)),
  );

  app.delete(
    '/api/tokens/:id',
    {
      config: { permission: 'token.manage' },
      schema: { tags, summary: 'Revoke one of my API tokens', params: IdParams, response: { 200: Ok } },
    },
    async (req) => {
      await tokens.revoke(actorOf(req), req.meta, req.params.id);
      return { ok: true as const };
    },
  );
}
