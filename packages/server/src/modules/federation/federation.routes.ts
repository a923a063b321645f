import {
  AddFederationPartner,
  ConfirmFederationPartner,
  FederationEnvelopeListQuery,
  FederationEnvelopeListResponse,
  FederationEnvelopeResponse,
  FederationKeyListResponse,
  FederationKeyRotationResponse,
  FederationPartnerListResponse,
  FederationPartnerResponse,
  FederationPingResponse,
  FederationRetryResponse,
  FederationStatus,
  IdParams,
  PingFederationPartner,
} from '@comity/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Actor } from '../access/actor.ts';
import { actorOf } from '../access/route-permission.ts';
import type { Federation } from './federation.service.ts';
import { federationWireRoutes } from './federation-wire.routes.ts';
import type { FederationOperations } from './operations.service.ts';

const tags = ['federation'];

/**
 * The administrator's federation API: partners (add from their document, confirm the fingerprint,
 * suspend, resume), the delivery queue and its failures, receipts per envelope. Plus the routes
 * other nodes call (federation-wire.routes.ts).
 */
export async function federationRoutes(
  fastify: FastifyInstance,
  federation: Federation,
  options: {
    /** Envelope listings, keys and their rotation, removal of pending partners. */
    operations: FederationOperations;
    /** Mutual TLS: the wire routes refuse requests without a trusted client certificate. */
    requireClientCert: boolean;
  },
): Promise<void> {
  const { operations } = options;
  await federationWireRoutes(fastify, federation, { requireClientCert: options.requireClientCert });
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const policies = (actor: Actor) => ({ manage: actor.permissions.has('federation.manage') });
  /** A read of the dashboard, a partner or an envelope, recorded for its reader. */
  const audited = (req: FastifyRequest, event: Parameters<FederationOperations['recordRead']>[2]) =>
    operations.recordRead(actorOf(req), req.meta, event);

  app.get(
    '/api/federation/status',
    {
      config: { permission: 'federation.read' },
      schema: {
        tags,
        summary: 'Federation dashboard',
        description:
          'This node’s identity and fingerprint, each partner with its status, availability, circuit and queue, outbox and inbox totals, and the latest failed deliveries with the partner’s answer.',
        response: { 200: FederationStatus },
      },
    },
    async (req) => {
      const status = await federation.status();
      await audited(req, { action: 'federation.status.read', objectType: 'federation-partner' });
      return status;
    },
  );

  app.get(
    '/api/federation/partners',
    {
      config: { permission: 'federation.read' },
      schema: { tags, summary: 'Partner nodes', response: { 200: FederationPartnerListResponse } },
    },
    async (req) => {
      const items = (await federation.listPartners()).map((data) => ({
        data,
        policies: policies(actorOf(req)),
      }));
      await audited(req, { action: 'federation.partner.list', objectType: 'federation-partner' });
      return { items };
    },
  );

  app.post(
    '/api/federation/partners',
    {
      config: { permission: 'federation.manage' },
      schema: {
        tags,
        summary: 'Add a partner node from its base URL',
        description:
          'Fetches and verifies the partner’s node document and stores the partner as `pending`. Read the returned `fingerprint` to the partner’s administrator by an independent channel (telephone, signed letter), then confirm it.',
        body: AddFederationPartner,
        response: { 201: FederationPartnerResponse },
      },
    },
    async (req, reply) => {
      const row = await federation.partners.add(actorOf(req), req.meta, req.body.baseUrl);
      return reply
        .code(201)
        .send({ data: await federation.partner(row.id), policies: policies(actorOf(req)) });
    },
  );

  app.get(
    '/api/federation/partners/:id',
    {
      config: { permission: 'federation.read' },
      schema: {
        tags,
        summary: 'One partner node',
        params: IdParams,
        response: { 200: FederationPartnerResponse },
      },
    },
    async (req) => {
      const data = await federation.partner(req.params.id);
      await audited(req, {
        action: 'federation.partner.read',
        objectType: 'federation-partner',
        objectId: req.params.id,
      });
      return { data, policies: policies(actorOf(req)) };
    },
  );

  app.post(
    '/api/federation/partners/:id/confirm',
    {
      config: { permission: 'federation.manage' },
      schema: {
        tags,
        summary: 'Confirm a partner’s fingerprint after comparing it out of band',
        description:
          'Activates a pending partner, or accepts a key change that could not be chained to the trusted key. A different fingerprint answers `federation-fingerprint-mismatch` and changes nothing.',
        params: IdParams,
        body: ConfirmFederationPartner,
        response: { 200: FederationPartnerResponse },
      },
    },
    async (req) => {
      await federation.partners.confirm(actorOf(req), req.meta, req.params.id, req.body.fingerprint);
      return { data: await federation.partner(req.params.id), policies: policies(actorOf(req)) };
    },
  );

  for (const [action, suspended] of [
    ['suspend', true],
    ['resume', false],
  ] as const) {
    app.post(
      `/api/federation/partners/:id/${action}`,
      {
        config: { permission: 'federation.manage' },
        schema: {
          tags,
          summary: suspended ? 'Suspend a partner' : 'Resume a suspended partner',
          description: suspended
            ? 'Its requests are refused (`federation-partner-suspended`) and nothing is sent to it; its queue is kept.'
            : 'Deliveries to it resume, and its envelopes are accepted again.',
          params: IdParams,
          response: { 200: FederationPartnerResponse },
        },
      },
      async (req) => {
        await federation.partners.setSuspended(actorOf(req), req.meta, req.params.id, suspended);
        federation.delivery.wake();
        return { data: await federation.partner(req.params.id), policies: policies(actorOf(req)) };
      },
    );
  }

  app.post(
    '/api/federation/partners/:id/ping',
    {
      config: { permission: 'federation.manage' },
      schema: {
        tags,
        summary: 'Send test envelopes to a partner',
        description:
          'Queues `count` encrypted `ping` envelopes in one conversation; follow them with `GET /api/federation/envelopes/{id}` (delivery state and receipts).',
        params: IdParams,
        body: PingFederationPartner,
        response: { 202: FederationPingResponse },
      },
    },
    async (req, reply) =>
      reply.code(202).send(await federation.ping(actorOf(req), req.meta, req.params.id, req.body)),
  );

  app.get(
    '/api/federation/envelopes/:id',
    {
      config: { permission: 'federation.read' },
      schema: {
        tags,
        summary: 'One envelope sent or received, with its receipts',
        description: 'Metadata and delivery or processing state only: never the payload.',
        params: IdParams,
        response: { 200: FederationEnvelopeResponse },
      },
    },
    async (req) => {
      const data = await federation.envelope(req.params.id);
      await audited(req, {
        action: 'federation.envelope.read',
        objectType: 'federation-envelope',
        objectId: req.params.id,
        details: { type: data.type, partner: data.partnerNodeId },
      });
      return { data };
    },
  );

  app.post(
    '/api/federation/deliveries/:id/retry',
    {
      config: { permission: 'federation.manage' },
      schema: {
        tags,
        summary: 'Retry a failed delivery',
        description:
          'Sends a permanently failed envelope again (the same signed bytes, a fresh request signature), e.g. after the partner fixed what it refused. Also re-offers a failed incoming envelope to its handler.',
        params: IdParams,
        response: { 200: FederationRetryResponse },
      },
    },
    async (req) => ({ data: await federation.retry(actorOf(req), req.meta, req.params.id) }),
  );

  app.delete(
    '/api/federation/partners/:id',
    {
      config: { permission: 'federation.manage' },
      schema: {
        tags,
        summary: 'Remove a pending partner',
        description:
          'Only a partner that was added but never confirmed (a mistaken base URL, the wrong node): nothing was ever sent to or accepted from it. A confirmed partner answers `conflict`: suspend it instead (envelopes and receipts name it).',
        params: IdParams,
        response: { 204: z.null().describe('Removed') },
      },
    },
    async (req, reply) => {
      await operations.removePendingPartner(actorOf(req), req.meta, req.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/federation/envelopes',
    {
      config: { permission: 'federation.read' },
      schema: {
        tags,
        summary: 'Envelopes sent or received, newest first',
        description:
          'One direction at a time (`out`: the outbox, `in`: the inbox), filtered by partner node, status and type, in pages (`limit`, then `cursor` = the previous `nextCursor`). Outgoing statuses: `queued` (never tried yet), `retrying` (pending after a failed attempt), `delivered`, `failed`. Incoming: `stored` (waiting for its turn or a retry), `processed`, `failed` (offer Retry). Each with attempts, next attempt, last error and receipts; never the payload.',
        querystring: FederationEnvelopeListQuery,
        response: { 200: FederationEnvelopeListResponse },
      },
    },
    async (req) => operations.listEnvelopes(actorOf(req), req.meta, req.query),
  );

  app.get(
    '/api/federation/keys',
    {
      config: { permission: 'federation.read' },
      schema: {
        tags,
        summary: 'This node’s keys',
        description:
          'Signing (Ed25519) and encryption (X25519) keys, retired ones included, newest first: id, algorithm, created, valid until, retired at and fingerprint. Never a private part.',
        response: { 200: FederationKeyListResponse },
      },
    },
    async (req) => ({
      items: await operations.listKeys(actorOf(req), req.meta),
      policies: { rotate: actorOf(req).permissions.has('federation.manage') },
    }),
  );

  app.post(
    '/api/federation/keys/rotate',
    {
      config: { permission: 'federation.manage' },
      schema: {
        tags,
        summary: 'Rotate this node’s keys',
        description:
          'The same as `comity keys rotate`: seals the audit log under a checkpoint of the outgoing key, creates a new signing and encryption key, signs the key transition with the outgoing key and forgets its private part (docs/federation.md §4). Partners follow the signed transition on their next document fetch; the fingerprint they confirmed changes.',
        body: z.object({}).strict().optional(),
        response: { 200: FederationKeyRotationResponse },
      },
    },
    async (req) => ({ data: await operations.keys.rotate(actorOf(req), req.meta) }),
  );
}
