import {
  CompetenceInput,
  CompetenceListQuery,
  CompetenceListResponse,
  CompetenceResponse,
  CompetentQuery,
  CompetentResponse,
  IdParams,
  Ok,
} from '@comity/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../access/route-permission.ts';
import type { CompetenceService } from './competence.service.ts';

export async function competenceRoutes(
  fastify: FastifyInstance,
  competences: CompetenceService,
): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['directory'];

  app.get(
    '/api/directory/competent',
    {
      config: { permission: 'agency.read' },
      schema: {
        tags,
        summary: 'Who executes measure M in place P of state S',
        description:
          'The competent-authority finder, like the EJN Atlas: agencies whose directory entries cover the measure in the state, those naming the place first (matched without case or accents; ISO 3166-2 codes work too), then those competent for the whole state. With their languages, contact channels and 24/7 contact point.',
        querystring: CompetentQuery,
        response: { 200: CompetentResponse },
      },
    },
    async (req) => ({ items: await competences.find(actorOf(req), req.meta, req.query) }),
  );

  app.get(
    '/api/directory/competences',
    {
      config: { permission: 'agency.read' },
      schema: {
        tags,
        summary: 'Directory entries (competences) of agencies on this node',
        querystring: CompetenceListQuery,
        response: { 200: CompetenceListResponse },
      },
    },
    async (req) => ({ items: await competences.list(actorOf(req), req.meta, req.query.agencyId) }),
  );

  app.post(
    '/api/directory/competences',
    {
      config: { permission: 'agency.manage' },
      schema: {
        tags,
        summary: 'Add a directory entry for an agency (administrators)',
        description:
          'What the agency does (issuing, executing, receiving, validating, central authority) for which measures and instruments, in which regions (none: the whole state), accepted languages, contact channels and 24/7 contact point. The state is the agency’s jurisdiction. Audited.',
        body: CompetenceInput,
        response: { 201: CompetenceResponse },
      },
    },
    async (req, reply) => reply.code(201).send(await competences.create(actorOf(req), req.meta, req.body)),
  );

  app.put(
    '/api/directory/competences/:id',
    {
      config: { permission: 'agency.manage' },
      schema: {
        tags,
        summary: 'Replace a directory entry (administrators)',
        params: IdParams,
        body: CompetenceInput,
        response: { 200: CompetenceResponse },
      },
    },
    async (req) => competences.replace(actorOf(req), req.meta, req.params.id, req.body),
  );

  app.delete(
    '/api/directory/competences/:id',
    {
      config: { permission: 'agency.manage' },
      schema: {
        tags,
        summary: 'Withdraw a directory entry (administrators)',
        description: 'The entry stops being found; it is kept, marked withdrawn.',
        params: IdParams,
        response: { 200: Ok },
      },
    },
    async (req) => {
      await competences.withdraw(actorOf(req), req.meta, req.params.id);
      return { ok: true as const };
    },
  );
}
