import { CaseListResponse, CaseResponse, CreateCase, IdParams } from '@comity/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../access/route-permission.ts';
import type { CasesService } from './cases.service.ts';

export async function casesRoutes(fastify: FastifyInstance, cases: CasesService): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['cases'];

  app.get(
    '/api/cases',
    {
      config: { permission: 'case.read' },
      schema: {
        tags,
        summary: 'Case files of my agency that my clearance allows',
        response: { 200: CaseListResponse },
      },
    },
    async (req) => ({ items: await cases.list(actorOf(req), req.meta) }),
  );

  app.get(
    '/api/cases/:id',
    {
      config: { permission: 'case.read' },
      schema: {
        tags,
        summary: 'One case file',
        description:
          'Unknown ids and cases the caller may not see both answer 404. Send `x-comity-purpose` to record why.',
        params: IdParams,
        response: { 200: CaseResponse },
      },
    },
    async (req) => cases.get(actorOf(req), req.meta, req.params.id),
  );

  app.post(
    '/api/cases',
    {
      config: { permission: 'case.create' },
      schema: {
        tags,
        summary: 'Open a case file in my agency',
        body: CreateCase,
        response: { 201: CaseResponse },
      },
    },
    async (req, reply) => reply.code(201).send(await cases.create(actorOf(req), req.meta, req.body)),
  );
}
