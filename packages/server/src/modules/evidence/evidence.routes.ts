import fs from 'node:fs';
import {
  CreateEvidence,
  CreateExport,
  CustodyResponse,
  EvidenceListResponse,
  EvidenceResponse,
  ExportResponse,
  IdParams,
  PurposeHeader,
  TransferEvidence,
  TransferReceiptResponse,
} from '@comity/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound, validationFailed } from '../../platform/http/errors.ts';
import { bytesBody, noContent } from '../../platform/http/response-docs.ts';
import { actorOf } from '../access/route-permission.ts';
import type { EvidenceModule } from './evidence.module.ts';
import { tusUploadRoutes } from './tus-uploads.ts';

const FileParams = z.object({ id: z.uuid(), fileId: z.uuid() }).strict();

// OpenAPI examples (the request bodies as a client sends them).
const CreateEvidenceDoc = CreateEvidence.meta({
  examples: [
    {
      exhibitNumber: 'BKA-2026-0412',
      description: 'Bank statements produced for request 7410 Js 1234/26',
      source: 'Production order to the bank',
      seizedAt: '2026-11-20T09:30:00Z',
      seizedPlace: 'Bank head office',
      legalBasis: 'Directive 2014/41/EU (EIO), Art. 26',
      labels: {
        tlp: 'AMBER',
        handlingCode: 'H1',
        recipients: ['01a229fe-8b08-7303-be16-0a1b7484d893'],
        useLimitations: { proceedings: ['7410 Js 1234/26'] },
      },
    },
  ],
});
const TransferEvidenceDoc = TransferEvidence.meta({
  examples: [
    {
      toAgencyId: '01a229fe-8b08-7303-be16-0a1b7484d893',
      authority: 'Execution of request 7410 Js 1234/26',
      reason: 'Results of the execution',
      place: 'Paris',
    },
  ],
});
const CreateExportDoc = CreateExport.meta({
  examples: [
    {
      itemIds: ['01a229fe-936c-7803-ac2d-69d1f50e4c4e', '01a229fe-939e-77ac-afef-b65bbc20b5c0'],
      purpose: 'court',
      proceedings: '7410 Js 1234/26',
      reason: 'Evidence for the main hearing',
    },
  ],
});
const ExportResponseDoc = ExportResponse.meta({
  examples: [
    {
      packageId: '01a22a09-a896-7574-9ac1-af66fd3071fc',
      included: ['01a229fe-936c-7803-ac2d-69d1f50e4c4e'],
      excluded: [
        {
          id: '01a229fe-939e-77ac-afef-b65bbc20b5c0',
          exhibitNumber: 'DEMO-2',
          rule: 'h1-judicial',
          reason: 'H1: not for judicial proceedings without the permission of the originator.',
        },
      ],
      sha256: '166cf6df765af431b06ffab3c7b7027027510ef852de2ba4348013a857589e0e',
      size: 47380,
      keyId: '09e75f4739e9fff0dc32d407',
      download: '/api/evidence/exports/01a22a09-a896-7574-9ac1-af66fd3071fc',
    },
  ],
});
const SAFE_INLINE = new Set(['image/png', 'image/jpeg', 'image/gif', 'application/pdf', 'text/plain']);

/**
 * One byte range, `bytes=start-[end]` or the last N bytes `bytes=-N` (RFC 9110 §14.1.2). A range
 * header this server does not serve — another unit, several ranges, a malformed one — is ignored, as
 * §14.2 allows: the whole file is sent (200).
 */
function parseRange(
  header: string | undefined,
): { start: number; end?: number } | { suffix: number } | undefined {
  const m = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!m || (!m[1] && !m[2])) return undefined;
  if (!m[1]) return { suffix: Number(m[2]) };
  const start = Number(m[1]);
  if (m[2] && Number(m[2]) < start) return undefined;
  return { start, ...(m[2] ? { end: Number(m[2]) } : {}) };
}

/** The file name header is percent-encoded UTF-8; a malformed encoding is the caller's error. */
function decodeFileName(header: string): string {
  try {
    return decodeURIComponent(header);
  } catch {
    throw validationFailed([
      { path: 'headers.x-comity-file-name', message: 'A percent-encoded UTF-8 file name.' },
    ]);
  }
}

export async function evidenceRoutes(fastify: FastifyInstance, mod: EvidenceModule): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const ev = mod.service;
  const tags = ['evidence'];
  const wrap = (item: Awaited<ReturnType<typeof ev.get>>) => ({ data: item, labels: item.labels });

  app.get(
    '/api/evidence',
    {
      config: { permission: 'evidence.read' },
      schema: { tags, summary: 'Evidence items I may see', response: { 200: EvidenceListResponse } },
    },
    async (req) => ({ items: (await ev.list(actorOf(req), req.meta)).map(wrap) }),
  );
  app.post(
    '/api/evidence',
    {
      config: { permission: 'evidence.create' },
      schema: {
        tags,
        summary: 'Record an evidence item',
        body: CreateEvidenceDoc,
        response: { 201: EvidenceResponse },
      },
    },
    async (req, reply) => reply.code(201).send(wrap(await ev.create(actorOf(req), req.meta, req.body))),
  );
  app.get(
    '/api/evidence/:id',
    {
      config: { permission: 'evidence.read' },
      schema: {
        tags,
        summary: 'One evidence item (viewing is a custody event)',
        params: IdParams,
        headers: PurposeHeader,
        response: { 200: EvidenceResponse },
      },
    },
    async (req) => wrap(await ev.get(actorOf(req), req.meta, req.params.id)),
  );
  app.get(
    '/api/evidence/:id/custody',
    {
      config: { permission: 'evidence.read' },
      schema: {
        tags,
        summary: 'Chain of custody, hash-chained',
        params: IdParams,
        response: { 200: CustodyResponse },
      },
    },
    async (req) => ev.custody(actorOf(req), req.meta, req.params.id),
  );
  app.post(
    '/api/evidence/:id/transfer',
    {
      config: { permission: 'evidence.transfer' },
      schema: {
        tags,
        summary: 'Transfer custody to another agency (signed receipt)',
        params: IdParams,
        body: TransferEvidenceDoc,
        response: { 200: TransferReceiptResponse },
      },
    },
    async (req) => ({ receipt: await ev.transfer(actorOf(req), req.meta, req.params.id, req.body) }),
  );
  app.post(
    '/api/evidence/:id/receive',
    {
      config: { permission: 'evidence.transfer' },
      schema: {
        tags,
        summary: 'Acknowledge receipt',
        params: IdParams,
        response: { 204: noContent('Receipt recorded') },
      },
    },
    async (req, reply) => {
      await ev.receive(actorOf(req), req.meta, req.params.id);
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/api/evidence/:id/seal',
    {
      config: { permission: 'evidence.transfer' },
      schema: {
        tags,
        summary: 'Seal the item (no more files)',
        params: IdParams,
        response: { 204: noContent('Sealed') },
      },
    },
    async (req, reply) => {
      await ev.seal(actorOf(req), req.meta, req.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/evidence/:id/files/:fileId',
    {
      config: { permission: 'evidence.read' },
      schema: {
        tags,
        summary: 'Download a file (decrypted, Range supported; always as an attachment)',
        params: FileParams,
        headers: PurposeHeader,
        produces: ['application/octet-stream'],
        response: {
          200: bytesBody('The whole file, decrypted'),
          206: bytesBody('The requested byte range of the file'),
        },
      },
    },
    async (req, reply) => {
      const range = parseRange(req.headers.range);
      const out = await ev.download(actorOf(req), req.meta, req.params.id, req.params.fileId, range);
      const type = SAFE_INLINE.has(out.file.content_type)
        ? out.file.content_type
        : 'application/octet-stream';
      reply
        .header('content-type', type)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(out.file.name)}`)
        .header('content-security-policy', "sandbox; default-src 'none'")
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'no-store')
        .header('accept-ranges', 'bytes')
        .header('x-comity-sha256', out.file.sha256)
        .header(
          'x-comity-labels',
          JSON.stringify({ tlp: out.item.labels.tlp, handlingCode: out.item.labels.handlingCode }),
        )
        .header('content-length', String(out.end - out.start));
      if (range) reply.code(206).header('content-range', `bytes ${out.start}-${out.end - 1}/${out.size}`);
      return reply.send(out.stream);
    },
  );

  app.post(
    '/api/evidence/exports',
    {
      config: { permission: 'evidence.export' },
      schema: {
        tags,
        summary: 'Build a signed export package (ZIP: files, signed manifest, CASE/UCO custody, PDF report)',
        description:
          'Items the labels keep out (H1 in court packages without permission, TLP confinement, speciality) are left out and listed in `excluded`.',
        body: CreateExportDoc,
        response: { 201: ExportResponseDoc },
      },
    },
    async (req, reply) => {
      const r = await mod.export({ actor: actorOf(req), meta: req.meta }, req.body);
      const { file: _file, ...rest } = r;
      return reply.code(201).send({ ...rest, download: `/api/evidence/exports/${r.packageId}` });
    },
  );
  app.get(
    '/api/evidence/exports/:id',
    {
      config: { permission: 'evidence.export' },
      schema: {
        tags,
        summary: 'Download an export package I made',
        description:
          'Only the officer who made the package; its items must still pass the gate and their labels still allow the package. Audited (`evidence.export.download`).',
        params: IdParams,
        produces: ['application/zip'],
        response: { 200: bytesBody('The export package') },
      },
    },
    async (req, reply) => {
      const { file } = await mod.openExport({ actor: actorOf(req), meta: req.meta }, req.params.id);
      const handle = await fs.promises.open(file, 'r').catch(() => {
        throw notFound();
      });
      return reply
        .header('content-type', 'application/zip')
        .header('content-disposition', `attachment; filename="evidence-${req.params.id}.zip"`)
        .header('cache-control', 'no-store')
        .send(handle.createReadStream());
    },
  );

  await tusUploadRoutes(fastify, ev, { dataDir: mod.dataDir });
  // The server (not the CLI) keeps the daily integrity sweep scheduled.
  await mod.sweep.schedule();

  // Direct (non-resumable) upload of one file: raw body, name and SHA-256 in headers.
  await app.register(async (raw) => {
    raw.removeAllContentTypeParsers();
    raw.addContentTypeParser('*', { bodyLimit: Number.MAX_SAFE_INTEGER }, (_req, payload, done) =>
      done(null, payload),
    );
    raw.withTypeProvider<ZodTypeProvider>().post(
      '/api/evidence/:id/files',
      {
        config: { permission: 'evidence.create' },
        schema: {
          tags,
          summary: 'Upload one file (streamed, hash-checked, encrypted at rest)',
          params: IdParams,
          headers: z
            .object({
              'x-comity-file-name': z.string().min(1).max(600),
              'x-comity-sha256': z.string().regex(/^[0-9a-fA-F]{64}$/),
            })
            .loose(),
          response: { 201: EvidenceResponse },
        },
      },
      async (req, reply) => {
        const name = decodeFileName(req.headers['x-comity-file-name']);
        const item = await ev.addFile(
          { actor: actorOf(req), meta: req.meta },
          req.params.id,
          { name, sha256: req.headers['x-comity-sha256'] },
          req.body as NodeJS.ReadableStream as never,
        );
        return reply.code(201).send({ data: item, labels: item.labels });
      },
    );
  });
}
