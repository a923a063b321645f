/**
 * Resumable uploads (tus 1.0 via @tus/server + @tus/file-store) under /api/uploads.
 *
 * Creation: `Upload-Metadata` carries `itemId`, `filename` and `sha256` (the client's SHA-256).
 * Everything checkable before bytes arrive is checked in Fastify first (problem+json): headers,
 * zero or oversized lengths, path-like names, the item and the caller's right to add to it; the
 * upload row and its audit event are written in one transaction. Each later request must come from
 * the user who created the upload, at `/api/uploads/<id>` with no query string, and tus acts on
 * that checked id only (`getFileIdFromRequest`); a termination is audited. On completion the tus file is
 * streamed through BlobStore.ingest with the expected hash, the tus file is deleted, and only then
 * does the evidence file become visible, with its custody records, in one transaction. A wrong
 * hash rejects the upload and leaves nothing visible; a full disk answers 507.
 */
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { type ProblemCode, problemCodes, problemTypeUri } from '@comity/contracts';
import { FileStore } from '@tus/file-store';
import { Server } from '@tus/server';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { inTransaction } from '../../platform/db/unit-of-work.ts';
import { AppError, notFound, validationFailed } from '../../platform/http/errors.ts';
import { toProblem } from '../../platform/http/problem.ts';
import { newId } from '../../platform/ids.ts';
import type { Actor, RequestMeta } from '../access/actor.ts';
import { actorOf } from '../access/route-permission.ts';
import { checkFileName, type EvidenceService, MAX_FILE_BYTES } from './evidence.service.ts';

const WHO = Symbol('comity.upload.who');
/** The request as the problem answers name it (`instance`, `requestId`). */
const REQ = Symbol('comity.upload.request');
const PROBLEM = Symbol('comity.upload.problem');
/** The upload id Fastify routed and checkOwner checked; tus must act on exactly this one. */
const CHECKED = Symbol('comity.upload.checked');
type Raw = IncomingMessage & {
  [WHO]?: { actor: Actor; meta: RequestMeta };
  [PROBLEM]?: boolean;
  [REQ]?: { url: string; id: string };
  [CHECKED]?: string;
};
const rawOf = (req: Request): Raw | undefined =>
  (req as { runtime?: { node?: { req?: Raw } } }).runtime?.node?.req;

const PROBLEM_TYPE = 'application/problem+json';
/** Rewrites the content type (and drops the length) in whichever header form srvx passes to writeHead. */
function asProblemHeaders(h: unknown): unknown {
  const isCt = (k: unknown) =>
    typeof k === 'string' && (k.toLowerCase() === 'content-type' || k.toLowerCase() === 'content-length');
  if (Array.isArray(h)) {
    if (h.length && Array.isArray(h[0]))
      return [...h.filter((p) => !isCt(p[0])), ['content-type', PROBLEM_TYPE]];
    const out: unknown[] = [];
    for (let i = 0; i + 1 < h.length; i += 2) if (!isCt(h[i])) out.push(h[i], h[i + 1]);
    return [...out, 'content-type', PROBLEM_TYPE];
  }
  if (h && typeof h === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(h)) if (!isCt(k)) out[k] = v;
    return { ...out, 'content-type': PROBLEM_TYPE };
  }
  return h;
}

/** Our problem codes for the statuses tus answers with; anything else is a malformed request. */
const TUS_CODES: Record<number, ProblemCode> = {
  400: 'malformed-request',
  403: 'forbidden',
  404: 'not-found',
  409: 'conflict',
  410: 'not-found',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  460: 'validation-failed',
  500: 'internal',
};

/** A problem+json body for a refusal tus wrote as text (the text becomes its detail). */
function tusProblem(status: number, text: string, req: { url: string; id: string }) {
  const code = TUS_CODES[status] ?? (status >= 500 ? 'internal' : 'malformed-request');
  return {
    type: problemTypeUri(code),
    title: problemCodes[code].title,
    status,
    code,
    ...(text ? { detail: text } : {}),
    instance: req.url,
    requestId: req.id,
  };
}

export function parseUploadMetadata(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const pair of header.split(',')) {
    const [key, value, extra] = pair.trim().split(' ');
    if (
      !key ||
      extra !== undefined ||
      !/^[\x21-\x7e]+$/.test(key) ||
      (value && !/^[A-Za-z0-9+/]*={0,2}$/.test(value))
    )
      throw new AppError('malformed-request', 'Upload-Metadata is not a list of "key base64value" pairs.');
    out[key] = value ? Buffer.from(value, 'base64').toString('utf8') : '';
  }
  return out;
}

const intHeader = (v: unknown, name: string): number => {
  if (typeof v !== 'string' || !/^\d{1,16}$/.test(v))
    throw new AppError('malformed-request', `${name} must be a non-negative integer.`);
  return Number(v);
};

export async function tusUploadRoutes(
  fastify: FastifyInstance,
  ev: EvidenceService,
  opts: { dataDir: string; maxBytes?: number },
): Promise<void> {
  const maxBytes = opts.maxBytes ?? MAX_FILE_BYTES;
  const directory = path.join(opts.dataDir, 'uploads');
  fs.mkdirSync(directory, { recursive: true, mode: 0o700 });
  const db = ev.database.db;
  const problemBody = (raw: Raw | undefined, err: unknown) => {
    if (raw) raw[PROBLEM] = true;
    const p = toProblem(err, (raw?.[REQ] ?? { url: '/api/uploads', id: '' }) as never);
    return { status_code: p.body.status, body: JSON.stringify(p.body) };
  };

  // Made on first use: FileStore checks its directory asynchronously when constructed, which must
  // not outlive a node that is opened and closed without ever receiving an upload.
  let tus: Server | undefined;
  const makeTus = () =>
    new Server({
      path: '/api/uploads',
      datastore: new FileStore({ directory }),
      maxSize: maxBytes,
      relativeLocation: true,
      respectForwardedHeaders: false,
      namingFunction: () => newId(),
      // @tus/server reads the id from the last `/` segment of the whole URL, query string included
      // (`/api/uploads/MINE?/OTHER` would be OTHER); it may only ever act on the id checked for the
      // caller, and only when its own reading of the URL agrees.
      getFileIdFromRequest: (req, lastPath) => {
        const checked = rawOf(req)?.[CHECKED];
        return checked && lastPath === checked ? checked : undefined;
      },
      onUploadCreate: async (req, upload) => {
        const raw = rawOf(req);
        const who = raw?.[WHO];
        const meta = upload.metadata ?? {};
        if (!who) throw problemBody(raw, new AppError('unauthenticated'));
        try {
          await inTransaction(ev.database, async (uow) => {
            await uow.tx
              .insertInto('evidence_upload')
              .values({
                id: upload.id,
                item_id: meta.itemId!,
                name: meta.filename!,
                size: upload.size ?? 0,
                sha256: meta.sha256!.toLowerCase(),
                status: 'open',
                created_by: who.actor.userId,
                created_at: ev.now(),
                file_id: null,
              })
              .execute();
            await ev.audit.append(uow, who, {
              action: 'evidence.upload.created',
              objectType: 'evidence',
              objectId: meta.itemId!,
              details: { uploadId: upload.id, name: meta.filename!, size: upload.size ?? 0 },
            });
          });
        } catch (err) {
          throw problemBody(raw, err);
        }
        return {};
      },
      onUploadFinish: async (req, upload) => {
        const raw = rawOf(req);
        const who = raw?.[WHO];
        const row = await db
          .selectFrom('evidence_upload')
          .selectAll()
          .where('id', '=', upload.id)
          .executeTakeFirst();
        if (!who || !row) throw problemBody(raw, notFound());
        const file = path.join(directory, upload.id);
        const drop = async () => {
          await fs.promises.rm(file, { force: true });
          await fs.promises.rm(`${file}.json`, { force: true });
        };
        try {
          const item = await ev.addFile(
            who,
            row.item_id,
            { name: row.name, sha256: row.sha256, maxBytes },
            fs.createReadStream(file),
            drop,
          );
          const stored = item.files.find((f) => f.sha256 === row.sha256 && f.name === row.name);
          await db
            .updateTable('evidence_upload')
            .set({ status: 'done', file_id: stored?.id ?? null })
            .where('id', '=', row.id)
            .execute();
          return { headers: { 'x-comity-file-id': stored?.id ?? '', 'x-comity-sha256': row.sha256 } };
        } catch (err) {
          await drop();
          await db
            .updateTable('evidence_upload')
            .set({ status: 'failed' })
            .where('id', '=', row.id)
            .execute();
          throw problemBody(raw, err);
        }
      },
    });

  /** Checks a creation request before tus sees it. */
  async function checkCreate(req: FastifyRequest) {
    const h = req.headers;
    if (h['upload-defer-length'])
      throw new AppError('malformed-request', 'Upload-Defer-Length is not supported: send Upload-Length.');
    const length = intHeader(h['upload-length'], 'Upload-Length');
    if (length === 0)
      throw validationFailed([{ path: 'Upload-Length', message: 'Evidence files are never empty.' }]);
    if (length > maxBytes) throw new AppError('payload-too-large', `At most ${maxBytes} bytes.`);
    const meta = parseUploadMetadata(h['upload-metadata'] as string | undefined);
    const errors = [];
    if (!meta.itemId || !/^[0-9a-f-]{36}$/.test(meta.itemId))
      errors.push({ path: 'Upload-Metadata.itemId', message: 'The evidence item id.' });
    if (!meta.sha256 || !/^[0-9a-fA-F]{64}$/.test(meta.sha256))
      errors.push({ path: 'Upload-Metadata.sha256', message: 'The SHA-256 of the file, 64 hex digits.' });
    if (errors.length) throw validationFailed(errors);
    checkFileName(meta.filename ?? '');
    const actor = actorOf(req);
    const item = await ev.readable(actor, req.meta, meta.itemId!);
    if (item.agencyId !== actor.agencyId)
      throw new AppError('forbidden', 'Only the holding agency adds files.');
    if (item.status === 'sealed') throw new AppError('conflict', 'The item is sealed.');
  }

  /**
   * Every later request must come from the user who created the upload, and name it plainly:
   * `/api/uploads/<id>` with no query string (tus would read the id from the query string's last
   * `/` segment instead of the path we check here).
   */
  async function checkOwner(req: FastifyRequest, id: string) {
    if (req.url.includes('?') || req.url !== `/api/uploads/${id}` || !/^[0-9a-f-]{36}$/.test(id))
      throw notFound();
    const row = await db
      .selectFrom('evidence_upload')
      .select(['created_by', 'status', 'item_id'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row || row.created_by !== actorOf(req).userId) throw notFound();
    if (req.method === 'PATCH') {
      intHeader(req.headers['upload-offset'], 'Upload-Offset');
      if (req.headers['content-type'] !== 'application/offset+octet-stream')
        throw new AppError('unsupported-media-type', 'PATCH bodies are application/offset+octet-stream.');
      if (row.status !== 'open') throw new AppError('conflict', `The upload is ${row.status}.`);
    }
    if (req.method === 'DELETE')
      await inTransaction(ev.database, (uow) =>
        ev.audit.append(
          uow,
          { actor: actorOf(req), meta: req.meta },
          {
            action: 'evidence.upload.terminated',
            objectType: 'evidence',
            objectId: row.item_id,
            details: { uploadId: id, status: row.status },
          },
        ),
      );
  }

  await fastify.register(async (app) => {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', (_req, _payload, done) => done(null));
    const handle = async (req: FastifyRequest, reply: import('fastify').FastifyReply, checked?: string) => {
      const raw = req.raw as Raw;
      raw[WHO] = { actor: actorOf(req), meta: req.meta };
      raw[REQ] = { url: req.url.split('?')[0]!, id: req.id };
      if (checked) raw[CHECKED] = checked;
      reply.hijack();
      const res = reply.raw as ServerResponse;
      // tus answers its own refusals (a wrong offset, a missing Tus-Resumable, a finished upload) in
      // plain text: those are rewritten as problem+json like every other answer of this API.
      let plain: number | undefined;
      const writeHead = res.writeHead.bind(res);
      res.writeHead = ((status: number, ...rest: unknown[]) => {
        if (status >= 400) {
          if (!raw[PROBLEM]) plain = status;
          res.removeHeader('content-length');
          rest = rest.map(asProblemHeaders);
        }
        return (writeHead as (...a: unknown[]) => ServerResponse)(status, ...rest);
      }) as typeof res.writeHead;
      const held: string[] = [];
      const write = res.write.bind(res) as (...a: unknown[]) => boolean;
      res.write = ((chunk: unknown, ...rest: unknown[]) => {
        if (plain === undefined) return write(chunk, ...rest);
        held.push(String(chunk));
        return true;
      }) as typeof res.write;
      const end = res.end.bind(res) as (...a: unknown[]) => ServerResponse;
      res.end = ((chunk?: unknown, ...rest: unknown[]) => {
        if (plain === undefined) return end(chunk, ...rest);
        if (chunk !== undefined && typeof chunk !== 'function') held.push(String(chunk));
        return end(JSON.stringify(tusProblem(plain, held.join('').trim(), raw[REQ]!)));
      }) as typeof res.end;
      tus ??= makeTus();
      await tus.handle(req.raw, res);
    };
    const schema = { tags: ['evidence'], hide: true };
    app.post('/api/uploads', { config: { permission: 'evidence.create' }, schema }, async (req, reply) => {
      await checkCreate(req);
      return handle(req, reply);
    });
    app.route({
      method: ['HEAD', 'PATCH', 'DELETE'],
      url: '/api/uploads/:id',
      config: { permission: 'evidence.create' },
      schema,
      handler: async (req, reply) => {
        const { id } = req.params as { id: string };
        await checkOwner(req, id);
        return handle(req, reply, id);
      },
    });
  });
}
