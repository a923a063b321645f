import {
  AuditEventDetail,
  AuditListResponse,
  AuditQuery,
  ConsistencyProof,
  ConsistencyQuery,
  IdParams,
  SignedCheckpoint,
  VerifyResult,
} from '@comity/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { NodeKeys } from '../../platform/crypto/node-keys.ts';
import type { Database } from '../../platform/db/database.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { textBody } from '../../platform/http/response-docs.ts';
import type { AccessGate } from '../access/access-gate.ts';
import { actorOf } from '../access/route-permission.ts';
import { auditScope } from './audit.policy.ts';
import { type AuditLog, toAuditEvent } from './audit.service.ts';
import { toCsv } from './audit-csv.ts';
import { verifyAuditLog } from './audit-verifier.ts';

export interface AuditRoutesDeps {
  audit: AuditLog;
  gate: AccessGate;
  database: Database;
  keys: NodeKeys;
  nodeId: string;
}

export async function auditRoutes(fastify: FastifyInstance, deps: AuditRoutesDeps): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { audit, gate } = deps;
  const tags = ['audit'];

  const query = async (
    req: {
      query: AuditQuery;
      actor: import('../access/actor.ts').Actor | null;
      meta: import('../access/actor.ts').RequestMeta;
    },
    action: string,
  ) => {
    const actor = actorOf(req);
    const scope = await auditScope(deps.database, actor);
    const { actorAgencyId, ...rest } = req.query;
    const rows = await audit.list({
      ...rest,
      actorAgencyIds: actorAgencyId ? scope.filter((s) => s === actorAgencyId) : scope,
    });
    await audit.record(
      { actor, meta: req.meta },
      { action, objectType: 'audit-event', details: { count: rows.length, filter: req.query } },
    );
    return rows;
  };

  app.get(
    '/api/audit/events',
    {
      config: { permission: 'audit.read' },
      schema: {
        tags,
        summary: 'Audit events in my scope, newest first',
        description: 'Filter by user, agency, object, action, outcome and time; page with `before`.',
        querystring: AuditQuery,
        response: { 200: AuditListResponse },
      },
    },
    async (req) => {
      const rows = await query(req, 'audit.search');
      return {
        items: rows.map(toAuditEvent),
        nextBefore: rows.length === req.query.limit ? (rows.at(-1)?.id ?? null) : null,
      };
    },
  );

  app.get(
    '/api/audit/events.csv',
    {
      config: { permission: 'audit.read' },
      schema: {
        tags,
        summary: 'Export filtered audit events as CSV',
        querystring: AuditQuery,
        produces: ['text/csv'],
        response: { 200: textBody('The events as CSV (text/csv), one row per event, header first') },
      },
    },
    async (req, reply) => {
      const rows = await query(req, 'audit.export');
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="audit-events.csv"')
        .send(toCsv(rows.map(toAuditEvent)));
    },
  );

  app.get(
    '/api/audit/events/:id',
    {
      config: { permission: 'audit.read' },
      schema: {
        tags,
        summary: 'One audit event with its Merkle inclusion proof',
        params: IdParams,
        response: { 200: AuditEventDetail },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      await gate.require(actor, 'audit.read', [req.params.id]);
      const row = await audit.byId(req.params.id);
      if (!row) throw notFound();
      await audit.record(
        { actor, meta: req.meta },
        { action: 'audit.read', objectType: 'audit-event', objectId: row.id },
      );
      return { event: toAuditEvent(row), proof: await audit.inclusionProofFor(row) };
    },
  );

  app.get(
    '/api/audit/checkpoint',
    {
      config: { permission: 'audit.read' },
      schema: {
        tags,
        summary: 'The latest signed checkpoint (tree size, root, time, Ed25519 signature)',
        response: { 200: SignedCheckpoint },
      },
    },
    async () => {
      const cp = (await audit.checkpoint()) ?? null;
      if (!cp) throw notFound('The audit log is empty.');
      return cp;
    },
  );

  app.get(
    '/api/audit/consistency',
    {
      config: { permission: 'audit.read' },
      schema: {
        tags,
        summary: 'RFC 9162 consistency proof between two tree sizes',
        description: 'Lets an outside auditor holding an old checkpoint check that the log only grew.',
        querystring: ConsistencyQuery,
        response: { 200: ConsistencyProof },
      },
    },
    async (req) => {
      const path = await audit.consistencyProof(req.query.from, req.query.to);
      if (!path)
        throw new AppError('validation-failed', 'Sizes must satisfy 1 ≤ from ≤ to ≤ current tree size.');
      return { fromSize: req.query.from, toSize: req.query.to, path };
    },
  );

  app.post(
    '/api/audit/verify',
    {
      config: { permission: 'audit.verify' },
      schema: {
        tags,
        summary: 'Recompute the whole log and check it against every signed checkpoint',
        response: { 200: VerifyResult },
      },
    },
    async (req) => {
      const checkpoint = await audit.checkpoint();
      const report = await verifyAuditLog(deps.database.db, deps.nodeId, deps.keys.all());
      await audit.record(
        { actor: actorOf(req), meta: req.meta },
        {
          action: 'audit.verify',
          outcome: report.ok ? 'success' : 'failure',
          details: { treeSize: report.treeSize, problems: report.problems.length },
        },
      );
      return { ...report, checkpoint };
    },
  );
}
