import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/database.ts';
import { isUniqueViolation } from '../../platform/db/unique-violation.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { AuditLog } from '../audit/audit.service.ts';

/**
 * How long an answer is kept for a retry under the same key. Answers hold operational data (a draft,
 * a message): kept only as long as retrying after a lost answer needs, then swept.
 */
const KEEP_MS = 60 * 60_000;
/** A pending key younger than this is taken to be still running; an older one never finished. */
const RUNNING_MS = 2 * 60_000;
/** Expired keys are swept at most this often (per process). */
const SWEEP_MS = 60_000;
const UNSAFE = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);
/** RFC 8941 sf-string characters (printable ASCII), as the Idempotency-Key draft defines the field. */
const KEY = /^[\x20-\x7e]{1,255}$/;

declare module 'fastify' {
  interface FastifyRequest {
    /** The key this request claimed; its answer is recorded when it is sent. */
    idempotency: { principal: string; key: string } | null;
  }
}

interface Deps {
  database: Database;
  clock: Clock;
  audit: AuditLog;
}

/** The key as sent: an sf-string (`"…"`, as the IETF draft writes it) or the bare token clients send. */
function keyOf(req: FastifyRequest): string | undefined {
  const raw = req.headers['idempotency-key'];
  if (raw === undefined) return undefined;
  const value = (Array.isArray(raw) ? raw.join(',') : raw).trim();
  const key = value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
  if (!KEY.test(key))
    throw new AppError('malformed-request', 'Idempotency-Key: 1 to 255 printable ASCII characters.');
  return key;
}

/** One key, one request: the method, the URL and the body. */
function fingerprintOf(req: FastifyRequest): string {
  return createHash('sha256')
    .update(`${req.method} ${req.url}\n${JSON.stringify(req.body ?? null)}`)
    .digest('base64url');
}

/**
 * `Idempotency-Key` on the API's unsafe methods (draft-ietf-httpapi-idempotency-key-header): a client
 * that did not get an answer (a timeout, a dropped connection) sends the request again under the same
 * key and gets the first answer, instead of creating a second request, message or custody event.
 *
 * The key is claimed (a `pending` row) once the caller is known and the body valid, before the route
 * runs; a 2xx answer is recorded under it when sent; any other answer releases it, since nothing was
 * applied (a refused request writes nothing). Reusing a key for another request is refused (422); a
 * retry while the first is running is refused (409), and so is one whose first attempt never
 * recorded its outcome (the node stopped): it may have been applied, so the caller checks before
 * sending it under a new key. Answers are kept an hour, for the caller that sent them only; a replay is
 * audited like a read.
 */
export function registerIdempotency(app: FastifyInstance, deps: Deps): void {
  const { database, clock, audit } = deps;
  let lastSweep = 0;
  app.decorateRequest('idempotency', null);

  app.addHook('preHandler', async (req, reply) => {
    if (!UNSAFE.has(req.method) || !req.actor || !req.url.startsWith('/api/')) return;
    const key = keyOf(req);
    if (key === undefined) return;
    const principal = req.actor.userId;
    const now = clock.now();
    const at = now.toISOString();
    if (now.getTime() - lastSweep > SWEEP_MS) {
      lastSweep = now.getTime();
      await database.db.deleteFrom('http_idempotency').where('expires_at', '<', at).execute();
    }
    const fingerprint = fingerprintOf(req);
    try {
      await database.db
        .insertInto('http_idempotency')
        .values({
          principal,
          idem_key: key,
          fingerprint,
          state: 'pending',
          status: null,
          content_type: null,
          body: null,
          created_at: at,
          expires_at: new Date(now.getTime() + KEEP_MS).toISOString(),
        })
        .execute();
      req.idempotency = { principal, key };
      return;
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
    }
    const first = await database.db
      .selectFrom('http_idempotency')
      .selectAll()
      .where('principal', '=', principal)
      .where('idem_key', '=', key)
      .executeTakeFirst();
    if (!first)
      throw new AppError(
        'idempotency-key-in-use',
        'The first request under this key just ended: send it again.',
      );
    if (first.fingerprint !== fingerprint)
      throw new AppError(
        'idempotency-key-reused',
        'This Idempotency-Key was sent with another request (method, URL or body): use a new key for a new request.',
      );
    if (first.state === 'pending') {
      const running = now.getTime() - Date.parse(first.created_at) < RUNNING_MS;
      throw new AppError(
        'idempotency-key-in-use',
        running
          ? 'The first request under this key is still running: wait for it, then send it again.'
          : 'The first request under this key never recorded its outcome: check whether it took effect before sending it again under a new key.',
      );
    }
    await audit.record(
      { actor: req.actor, meta: req.meta },
      {
        action: 'request.replayed',
        details: { method: req.method, route: req.routeOptions?.url ?? null, status: first.status },
      },
    );
    return replay(reply, first);
  });

  app.addHook('onSend', async (req, reply, payload) => {
    const claim = req.idempotency;
    if (!claim) return payload;
    req.idempotency = null;
    try {
      const status = reply.statusCode;
      if (status >= 200 && status < 300 && (typeof payload === 'string' || payload == null)) {
        await database.db
          .updateTable('http_idempotency')
          .set({
            state: 'done',
            status,
            content_type: String(reply.getHeader('content-type') ?? '') || null,
            body: payload ?? null,
          })
          .where('principal', '=', claim.principal)
          .where('idem_key', '=', claim.key)
          .execute();
      } else {
        // Nothing was applied: the key is free for the request to be sent again.
        await database.db
          .deleteFrom('http_idempotency')
          .where('principal', '=', claim.principal)
          .where('idem_key', '=', claim.key)
          .execute();
      }
    } catch (e) {
      // The answer goes out regardless; a retry under this key is then refused as never recorded.
      req.log.error({ err: e }, 'could not record the answer under an Idempotency-Key');
    }
    return payload;
  });
}

function replay(
  reply: FastifyReply,
  first: { status: number | null; content_type: string | null; body: string | null },
) {
  reply.header('idempotent-replayed', 'true');
  if (first.content_type) reply.header('content-type', first.content_type);
  return reply.code(first.status ?? 200).send(first.body ?? undefined);
}
