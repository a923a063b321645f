import { Readable } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../platform/http/errors.ts';
import { sendProblem, toProblem } from '../../platform/http/problem.ts';
import { bytesBody } from '../../platform/http/response-docs.ts';
import { BLOB_PATH } from './blob-transfer.ts';
import { INBOX_BATCH_PATH, INBOX_PATH } from './delivery-worker.ts';
import { sha256HexSchema } from './evidence-offer.ts';
import type { Federation } from './federation.service.ts';
import { NotReadyError } from './partners.service.ts';
import { NODE_DOCUMENT_PATH, nodeDocumentSchema } from './protocol/node-document.ts';
import { MAX_BATCH_BYTES, MAX_BATCH_ENVELOPES, MAX_ENVELOPE_BYTES } from './protocol/problems.ts';

const tags = ['federation (node to node)'];

/** A stored envelope (202) or a duplicate of one (200): docs/federation.md §9. */
const Stored = z.object({
  envelopeId: z.string(),
  envelopeDigest: z.string().describe('base64url SHA-256 of the RFC 8785 form of the envelope as received'),
  duplicate: z.boolean(),
});

/** One envelope's result in a batch answer (docs/federation.md §8a), in the order of the request. */
const BatchResult = z.union([
  Stored.extend({ status: z.union([z.literal(200), z.literal(202)]) }),
  z.object({
    status: z.number().int().describe('The status a single delivery of this envelope would have had'),
    code: z.string().describe('The problem code (docs/federation.md §11)'),
    detail: z.string().optional(),
    retryAfter: z.number().int().optional().describe('Seconds, for a result the sender may retry'),
  }),
]);

/**
 * The routes other nodes call (docs/federation.md §3, §8, §9a). None uses a session or token: the
 * node document is public, the others are authenticated by RFC 9421 signatures of partner nodes.
 */
export async function federationWireRoutes(
  fastify: FastifyInstance,
  federation: Federation,
  options: { requireClientCert: boolean } = { requireClientCert: false },
): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  // Mutual TLS (COMITY_FEDERATION_REQUIRE_CLIENT_CERT): an extra layer before the RFC 9421 checks.
  const clientCert = options.requireClientCert ? { onRequest: requireClientCertificate } : {};

  app.get(
    NODE_DOCUMENT_PATH,
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary: 'This node’s signed node document',
        description:
          'Node id, base URL, hosted agencies and jurisdictions, signing and encryption keys (retired ones included) and key transitions, signed by the current signing key. Administrators compare its `fingerprint` out of band before partnering.',
        response: { 200: nodeDocumentSchema },
      },
    },
    async (_req, reply) => {
      const doc = await federation.identity.document().catch((e: Error) => {
        throw new AppError('not-ready', e.message);
      });
      return reply.header('cache-control', 'max-age=60').send(doc);
    },
  );

  // The inbox verifies the signature over the exact bytes received: its body is never parsed by
  // Fastify. Encapsulated, so the raw parser applies to this route only.
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: MAX_ENVELOPE_BYTES },
      (_req, body, done) => done(null, body),
    );
    scope.setErrorHandler((error: Error & { code?: string }, req) => {
      if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
        throw new AppError(
          'federation-envelope-too-large',
          req.url.split('?')[0] === INBOX_BATCH_PATH
            ? `A batch is at most ${MAX_BATCH_BYTES} bytes.`
            : `An envelope is at most ${MAX_ENVELOPE_BYTES} bytes.`,
        );
      }
      throw error;
    });
    scope.post(
      INBOX_PATH,
      {
        config: { permission: 'public' },
        ...clientCert,
        bodyLimit: MAX_ENVELOPE_BYTES,
        schema: {
          tags,
          summary: 'Receive one envelope from a partner node',
          description:
            'Body: one signed envelope (application/json, ≤ 2 MiB). Requires an RFC 9421 signature (`@method`, `@target-uri`, `content-digest`) by a confirmed partner within ±5 minutes and a fresh nonce. 202: stored (processed later, in conversation order); 200: a duplicate of a stored envelope; problem+json otherwise (docs/federation.md §11).',
          response: {
            202: Stored.describe('Stored; processed later, in conversation order'),
            200: Stored.describe('A duplicate of an envelope already stored'),
          },
        },
      },
      async (req, reply) => {
        const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        try {
          const answer = await federation.inbox.receive(
            { method: req.method, path: req.url, headers: req.headers, body },
            req.meta,
          );
          if (answer.ok) return reply.code(answer.status).send(answer.body);
          return sendProblem(reply, toProblem(new AppError(answer.code, answer.detail), req));
        } catch (e) {
          return notReady(e, req, reply);
        }
      },
    );
    scope.post(
      INBOX_BATCH_PATH,
      {
        config: { permission: 'public' },
        ...clientCert,
        bodyLimit: MAX_BATCH_BYTES,
        schema: {
          tags,
          summary: 'Receive an ordered batch of envelopes from a partner node',
          description: `Body: \`{"envelopes": [...]}\` with 1 to ${MAX_BATCH_ENVELOPES} signed envelopes (application/json, ≤ ${MAX_BATCH_BYTES} bytes), under one RFC 9421 signature as for the inbox. 200: \`{"results": [...]}\`, one result per envelope in request order — \`status\` 202 (stored), 200 (duplicate) or the problem status and \`code\` it would have had alone; problem+json when the request as a whole is refused (docs/federation.md §8a).`,
          response: { 200: z.object({ results: z.array(BatchResult) }) },
        },
      },
      async (req, reply) => {
        const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        try {
          const answer = await federation.inbox.receiveBatch(
            { method: req.method, path: req.url, headers: req.headers, body },
            req.meta,
          );
          if (answer.ok) return reply.code(200).send({ results: answer.results });
          return sendProblem(reply, toProblem(new AppError(answer.code, answer.detail), req));
        } catch (e) {
          return notReady(e, req, reply);
        }
      },
    );
  });

  app.get(
    `${BLOB_PATH}/:sha256`,
    {
      config: { permission: 'public' },
      ...clientCert,
      schema: {
        tags,
        summary: 'Pull an offered evidence file',
        description:
          'Signed GET (RFC 9421) by the partner the file was offered to in an `evidence.offer` envelope. Supports one byte range (`Range: bytes=a-b`) so transfers resume; the recipient checks the SHA-256 over the whole file.',
        params: z.object({ sha256: sha256HexSchema }),
        produces: ['application/octet-stream'],
        response: {
          200: bytesBody('The whole file'),
          206: bytesBody('The requested byte range'),
        },
      },
    },
    async (req, reply) => {
      try {
        const answer = await federation.blobs.serve(
          { method: req.method, path: req.url, headers: req.headers, body: new Uint8Array() },
          req.params.sha256,
          req.meta,
        );
        if (!answer.ok) {
          return sendProblem(reply, {
            ...toProblem(new AppError(answer.code), req),
            ...(answer.headers ? { headers: answer.headers } : {}),
          });
        }
        return reply.code(answer.status).headers(answer.headers).send(Readable.from(answer.body));
      } catch (e) {
        return notReady(e, req, reply);
      }
    },
  );
}

/**
 * Refuses a federation request whose TLS connection presented no client certificate chaining to
 * COMITY_FEDERATION_CA_FILE (the server asks for one but lets the handshake finish, so the refusal
 * is a problem+json the sender's administrator can read, and is audited).
 */
async function requireClientCertificate(req: FastifyRequest): Promise<void> {
  const socket = req.raw.socket as TLSSocket;
  if (socket.encrypted && socket.authorized) return;
  const reason = !socket.encrypted
    ? 'the connection is not TLS'
    : socket.getPeerCertificate?.() && Object.keys(socket.getPeerCertificate()).length > 0
      ? `the client certificate is not trusted (${socket.authorizationError ?? 'unknown reason'})`
      : 'no client certificate was presented';
  throw new AppError(
    'federation-client-certificate-required',
    `This node requires mutual TLS for federation requests: ${reason}.`,
  );
}

/** The receiver cannot check now (storage down, a partner document to refetch): the sender retries. */
function notReady(e: unknown, req: FastifyRequest, reply: FastifyReply) {
  if (e instanceof NotReadyError) {
    return sendProblem(reply, {
      ...toProblem(new AppError('not-ready', e.message), req),
      headers: { 'retry-after': String(e.retryAfterSeconds) },
    });
  }
  req.log.error({ err: e }, 'federation request failed');
  return sendProblem(reply, {
    ...toProblem(new AppError('not-ready', 'The node cannot check this request now.'), req),
    headers: { 'retry-after': '5' },
  });
}
