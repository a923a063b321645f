import {
  CreateTask,
  IdParams,
  ProblemDetails,
  TaskListQuery,
  TaskListResponse,
  TaskResponse,
  TranslationsResponse,
  TranslationTask,
  UpdateTask,
  UpdateTranslationTask,
} from '@comity/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../access/route-permission.ts';
import type { TasksService } from './tasks.service.ts';
import type { TranslationsService } from './translations.service.ts';

export async function tasksRoutes(
  fastify: FastifyInstance,
  d: { tasks: TasksService; translations: TranslationsService },
): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['tasks'];

  app.get(
    '/api/requests/:id/tasks',
    {
      config: { permission: 'request.read' },
      schema: {
        tags,
        summary: 'Execution tasks of an incoming request',
        description:
          'The receiving authority sees every task; an executing agency sees its own. The requesting side does not see the other state’s internal split (404); results reach it through `return-results`.',
        params: IdParams,
        response: { 200: TaskListResponse },
      },
    },
    async (req) => ({ items: await d.tasks.list(actorOf(req), req.meta, req.params.id) }),
  );

  app.post(
    '/api/requests/:id/tasks',
    {
      config: { permission: 'request.receive' },
      schema: {
        tags,
        summary: 'Assign an execution task to an executing agency',
        description:
          'By the recipient agency (central authority or executing judicial authority) once the request is acknowledged: an owner agency in the requested state on this node, optionally an officer of it, a due date and the measure concerned. The owner agency is notified. Audited.',
        params: IdParams,
        body: CreateTask,
        response: { 201: TaskResponse },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await d.tasks.create(actorOf(req), req.meta, req.params.id, req.body)),
  );

  app.patch(
    '/api/tasks/:id',
    {
      config: { permission: 'task.update' },
      schema: {
        tags,
        summary: 'Update a task: status, result, owner officer, due date',
        description:
          'By the owner agency (task.update) or the recipient agency. `done` needs a `result`. `expectedVersion` is the task’s version: 409 if someone changed it since. Audited.',
        params: IdParams,
        body: UpdateTask,
        response: {
          200: TaskResponse,
          409: ProblemDetails.extend({ current: TaskResponse.optional() }).describe(
            'Changed since you read it (the task as it is now), or closed with its request',
          ),
        },
      },
    },
    async (req) => d.tasks.update(actorOf(req), req.meta, req.params.id, req.body),
  );

  app.get(
    '/api/tasks',
    {
      config: { permission: 'request.read' },
      schema: {
        tags,
        summary: 'Task board: my agency’s execution tasks (or mine)',
        description:
          'By due date, the first 500 tasks whose request I may read: tasks of a request above my clearance are left out and never take a place on the board.',
        querystring: TaskListQuery,
        response: { 200: TaskListResponse },
      },
    },
    async (req) => ({
      items: await d.tasks.board(actorOf(req), req.meta, {
        status: req.query.status,
        mine: req.query.mine === 'true',
      }),
    }),
  );

  app.get(
    '/api/requests/:id/translations',
    {
      config: { permission: 'request.read' },
      schema: {
        tags,
        summary: 'Translation tasks: free-text fields to translate into an accepted language',
        description:
          'One task per free-text field while the request’s language is not one the requested state accepts under the instrument. A translation attached into an accepted language satisfies them all. `blocking`: the instrument requires the translation (its language rule is verified law), so transmission waits; otherwise transmission only warns.',
        params: IdParams,
        response: { 200: TranslationsResponse },
      },
    },
    async (req) => d.translations.list(actorOf(req), req.meta, req.params.id),
  );

  app.patch(
    '/api/translation-tasks/:id',
    {
      config: { permission: 'task.update' },
      schema: {
        tags,
        summary: 'Update a translation task (status, assignee, note)',
        params: IdParams,
        body: UpdateTranslationTask,
        response: {
          200: TranslationTask,
          409: ProblemDetails.extend({ current: TranslationTask.optional() }).describe(
            'Changed since you read it (the task as it is now), or settled with its request',
          ),
        },
      },
    },
    async (req) => d.translations.update(actorOf(req), req.meta, req.params.id, req.body),
  );
}
