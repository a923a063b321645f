import {
  CreateUser,
  IdParams,
  UpdateUser,
  UserListQuery,
  UserListResponse,
  UserResponse,
} from '@comity/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../access/route-permission.ts';
import type { UsersService, UserWithPolicies } from './users.service.ts';

export async function usersRoutes(fastify: FastifyInstance, users: UsersService): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['users'];

  app.get(
    '/api/users',
    {
      config: { permission: 'user.read' },
      schema: {
        tags,
        summary: 'User accounts the caller may see',
        querystring: UserListQuery,
        response: { 200: UserListResponse },
      },
    },
    async (req) => ({ items: await users.list(actorOf(req), req.meta, req.query) }),
  );

  app.post(
    '/api/users',
    {
      config: { permission: 'user.manage' },
      schema: {
        tags,
        summary: 'Create a user account',
        description:
          'The password must be at least 12 characters and not a common one; a refusal says why. The user enrols a second factor at first sign-in.',
        body: CreateUser,
        response: { 201: UserResponse },
      },
    },
    async (req, reply) =>
      reply.code(201).send((await users.create(actorOf(req), req.meta, req.body)) as UserWithPolicies),
  );

  app.get(
    '/api/users/:id',
    {
      config: { permission: 'user.read' },
      schema: { tags, summary: 'One user account', params: IdParams, response: { 200: UserResponse } },
    },
    async (req) => users.get(actorOf(req), req.meta, req.params.id),
  );

  app.patch(
    '/api/users/:id',
    {
      config: { permission: 'user.manage' },
      schema: {
        tags,
        summary: 'Change roles, clearance, languages or status',
        params: IdParams,
        body: UpdateUser,
        response: { 200: UserResponse },
      },
    },
    async (req) => users.update(actorOf(req), req.meta, req.params.id, req.body),
  );

  for (const [action, summary] of [
    ['lock', 'Lock the account and end its sessions'],
    ['unlock', 'Unlock the account'],
    ['reset-mfa', 'Reset the second factor (the user enrols again)'],
  ] as const) {
    app.post(
      `/api/users/:id/${action}`,
      {
        config: { permission: 'user.manage' },
        schema: { tags, summary, params: IdParams, response: { 200: UserResponse } },
      },
      async (req) => {
        const actor = actorOf(req);
        if (action === 'lock') return users.lock(actor, req.meta, req.params.id);
        if (action === 'unlock') return users.unlock(actor, req.meta, req.params.id);
        return users.resetMfa(actor, req.meta, req.params.id);
      },
    );
  }
}
