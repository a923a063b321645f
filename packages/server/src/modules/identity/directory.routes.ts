import {
  AgencyListResponse,
  AgencyResponse,
  CreateAgency,
  CreateJurisdiction,
  CreateUnit,
  Id,
  IdParams,
  Jurisdiction,
  Unit,
  UpdateAgency,
} from '@comity/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../access/route-permission.ts';
import type { DirectoryService } from './directory.service.ts';

export async function directoryRoutes(fastify: FastifyInstance, directory: DirectoryService): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['directory'];

  app.get(
    '/api/jurisdictions',
    {
      config: { permission: 'jurisdiction.read' },
      schema: {
        tags,
        summary: 'Jurisdictions known to this node',
        response: { 200: z.object({ items: z.array(Jurisdiction) }) },
      },
    },
    async () => ({ items: await directory.listJurisdictions() }),
  );

  app.post(
    '/api/jurisdictions',
    {
      config: { permission: 'jurisdiction.manage' },
      schema: {
        tags,
        summary: 'Add a jurisdiction (ISO 3166-1 alpha-2)',
        body: CreateJurisdiction,
        response: { 201: Jurisdiction },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await directory.createJurisdiction(actorOf(req), req.meta, req.body)),
  );

  app.get(
    '/api/agencies',
    {
      config: { permission: 'agency.read' },
      schema: {
        tags,
        summary: 'Agencies on this node, with the actions the caller may take',
        response: { 200: AgencyListResponse },
      },
    },
    async (req) => ({ items: await directory.listAgencies(actorOf(req), req.meta) }),
  );

  app.get(
    '/api/agencies/:id',
    {
      config: { permission: 'agency.read' },
      schema: { tags, summary: 'One agency', params: IdParams, response: { 200: AgencyResponse } },
    },
    async (req) => directory.getAgency(actorOf(req), req.meta, req.params.id),
  );

  app.post(
    '/api/agencies',
    {
      config: { permission: 'agency.manage' },
      schema: { tags, summary: 'Create an agency', body: CreateAgency, response: { 201: AgencyResponse } },
    },
    async (req, reply) =>
      reply.code(201).send(await directory.createAgency(actorOf(req), req.meta, req.body)),
  );

  app.patch(
    '/api/agencies/:id',
    {
      config: { permission: 'agency.manage' },
      schema: {
        tags,
        summary: 'Change an agency',
        params: IdParams,
        body: UpdateAgency,
        response: { 200: AgencyResponse },
      },
    },
    async (req) => directory.updateAgency(actorOf(req), req.meta, req.params.id, req.body),
  );

  app.get(
    '/api/units',
    {
      config: { permission: 'agency.read' },
      schema: {
        tags,
        summary: 'Units (optionally of one agency)',
        querystring: z.object({ agencyId: Id.optional() }).strict(),
        response: { 200: z.object({ items: z.array(Unit) }) },
      },
    },
    async (req) => ({ items: await directory.listUnits(actorOf(req), req.meta, req.query.agencyId) }),
  );

  app.post(
    '/api/units',
    {
      config: { permission: 'agency.manage' },
      schema: { tags, summary: 'Create a unit in an agency', body: CreateUnit, response: { 201: Unit } },
    },
    async (req, reply) => reply.code(201).send(await directory.createUnit(actorOf(req), req.meta, req.body)),
  );
}
