import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import scalar from '@scalar/fastify-api-reference';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import helmet from 'helmet';
import { auditRoutes } from './modules/audit/audit.routes.ts';
import { casesRoutes } from './modules/cases/cases.routes.ts';
import { competenceRoutes } from './modules/directory/competence.routes.ts';
import { recipientRoutes } from './modules/directory/recipients.routes.ts';
import { evidenceRoutes } from './modules/evidence/evidence.routes.ts';
import { federationRoutes } from './modules/federation/federation.routes.ts';
import { FederationOperations } from './modules/federation/operations.service.ts';
import { registerAuthHook } from './modules/identity/auth.hook.ts';
import { authRoutes } from './modules/identity/auth.routes.ts';
import { bootstrapRoutes } from './modules/identity/bootstrap.routes.ts';
import { directoryRoutes } from './modules/identity/directory.routes.ts';
import { tokensRoutes } from './modules/identity/tokens.routes.ts';
import { usersRoutes } from './modules/identity/users.routes.ts';
import { legalRoutes } from './modules/legal/legal.routes.ts';
import { messagingRoutes } from './modules/messaging/messaging.routes.ts';
import { notificationsRoutes } from './modules/notifications/notifications.routes.ts';
import { lifecycleModuleRoutes } from './modules/requests/lifecycle/lifecycle.module.ts';
import { requestsRoutes } from './modules/requests/requests.routes.ts';
import { registerIdempotency } from './modules/system/idempotency.hook.ts';
import { systemRoutes } from './modules/system/system.routes.ts';
import { type ComityNode, VERSION } from './node.ts';
import { AppError, StaleVersion } from './platform/http/errors.ts';
import { sendProblem, toProblem } from './platform/http/problem.ts';
import { refuseIllFormedText, refuseMalformedUtf8 } from './platform/http/well-formed-text.ts';
import { newId } from './platform/ids.ts';
import './modules/access/route-permission.ts';

export interface AppOptions {
  /** Sign-in attempts per client address per minute. */
  authRateLimit?: number;
  /** Folder of the built web app; served at / when present. */
  webDist?: string | undefined;
}

const defaultWebDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

/** Request log lines carry method, path and id, never query strings (they can hold names). */
const requestSerializers = {
  req: (req: { method: string; url: string; id: string }) => ({
    method: req.method,
    path: req.url.split('?')[0],
    id: req.id,
  }),
};

/** The object a refused request was about, by route: an auditor finds the attempt under it. */
const OBJECT_ROUTES: readonly [prefix: string, objectType: string][] = [
  ['/api/requests/:id', 'request'],
  ['/api/evidence/:id', 'evidence'],
  ['/api/threads/:id', 'thread'],
  ['/api/messages/:id', 'message'],
  ['/api/cases/:id', 'case'],
  ['/api/users/:id', 'user'],
  ['/api/agencies/:id', 'agency'],
];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function refusedObject(req: FastifyRequest): { objectType?: string; objectId?: string } {
  const route = req.routeOptions?.url ?? '';
  const id = (req.params as { id?: unknown } | undefined)?.id;
  const match = OBJECT_ROUTES.find(([prefix]) => route === prefix || route.startsWith(`${prefix}/`));
  return match && typeof id === 'string' && UUID.test(id) ? { objectType: match[1], objectId: id } : {};
}

/** A refused transition names the action tried (the body is otherwise never recorded). */
function transitionAction(req: FastifyRequest): { transition?: string } {
  if (req.routeOptions?.url !== '/api/requests/:id/transitions') return {};
  const action = (req.body as { action?: unknown } | undefined)?.action;
  return typeof action === 'string' && /^[a-z-]{1,40}$/.test(action) ? { transition: action } : {};
}

export async function buildApp(node: ComityNode, opts: AppOptions = {}): Promise<FastifyInstance> {
  const { config } = node;
  // Built once and applied to every answer (the Fastify plugin rebuilt helmet, re-parsing the CSP,
  // on every request).
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: config.tls ? [] : null,
      },
    },
    // HSTS only means something over TLS; on plain HTTP (localhost, behind a proxy) it is left off.
    hsts: config.tls ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    frameguard: { action: 'deny' },
    crossOriginEmbedderPolicy: false,
  });
  /** Every refused request: a problem+json answer, and an audit event of who tried what, and why. */
  const refuse = async (error: unknown, req: FastifyRequest, reply: FastifyReply) => {
    const problem = toProblem(error, req);
    // A fault of ours is logged with its stack; a partner or service that did not answer (502, 503)
    // is an expected condition, logged by its code.
    if (problem.code === 'internal') req.log.error({ err: error }, 'request failed');
    else if (problem.body.status >= 500) req.log.warn({ code: problem.code }, 'request could not be served');
    // Every refused request leaves a trace: who tried what, and why it was refused.
    try {
      await node.audit.record(
        {
          actor: req.actor ?? null,
          meta: req.meta ?? { ip: req.ip, requestId: req.id, sessionId: null, purpose: null },
        },
        {
          action: 'request.rejected',
          outcome:
            problem.body.status === 401 || problem.body.status === 403 || problem.body.status === 404
              ? 'denied'
              : 'failure',
          ...refusedObject(req),
          details: {
            code: problem.code,
            method: req.method,
            route: req.routeOptions?.url ?? null,
            ...transitionAction(req),
          },
        },
      );
    } catch (e) {
      req.log.error({ err: e }, 'could not audit a rejected request');
    }
    if (error instanceof StaleVersion)
      return sendProblem(reply, { ...problem, body: { ...problem.body, current: error.current } as never });
    return sendProblem(reply, problem);
  };

  const app = Fastify({
    loggerInstance: node.log.child({}, { serializers: requestSerializers }),
    bodyLimit: 1024 * 1024,
    genReqId: () => newId(),
    requestIdHeader: false,
    // A URL the router cannot read (bad percent-encoding, an over-long id) is refused like any other
    // bad input (the hooks, security headers included, never ran for it).
    frameworkErrors: (error, req, reply) => {
      securityHeaders(req.raw, reply.raw, () => undefined);
      void refuse(error, req, reply);
    },
    ...(config.tls
      ? {
          https: {
            cert: fs.readFileSync(config.tls.cert),
            key: fs.readFileSync(config.tls.key),
            // Mutual TLS for federation: ask every client for a certificate but let the handshake
            // finish; the federation wire routes refuse untrusted ones (problem+json), while
            // browsers and API clients never need one.
            ...(config.federation.requireClientCert && config.federation.caFile
              ? {
                  requestCert: true,
                  rejectUnauthorized: false,
                  ca: fs.readFileSync(config.federation.caFile),
                }
              : {}),
          },
        }
      : {}),
  }) as unknown as FastifyInstance;
  // The API speaks JSON: a text/plain body is refused (415), not read as a JSON string.
  app.removeContentTypeParser('text/plain');
  refuseMalformedUtf8(app);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  app.addHook('onRequest', (req, reply, done) =>
    securityHeaders(req.raw, reply.raw, (err?: unknown) => done(err instanceof Error ? err : undefined)),
  );
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Comity API',
        version: VERSION,
        description:
          'Mutual legal assistance between agencies and states. Errors are RFC 9457 problem+json with a stable `code`. POST, PATCH and DELETE accept an `Idempotency-Key` header: a retry under the same key gets the first answer (`Idempotent-Replayed: true`) and is not applied twice.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: node.auth.cookieName },
          token: { type: 'http', scheme: 'bearer', description: 'Personal API token (`cmty_…`)' },
        },
      },
      security: [{ session: [] }, { token: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });

  app.setErrorHandler(refuse);

  registerAuthHook(app, node.auth);
  refuseIllFormedText(app);
  registerIdempotency(app, { database: node.database, clock: node.clock, audit: node.audit });

  const authRateLimit = opts.authRateLimit ?? 30;
  await systemRoutes(app, {
    database: node.database,
    info: { version: VERSION, demo: config.demo, nodeId: node.nodeId, nodeName: config.nodeName },
  });
  await authRoutes(app, {
    auth: node.auth,
    database: node.database,
    sessionIdleMs: config.sessionIdleMs,
    authRateLimit,
  });
  await bootstrapRoutes(app, node.bootstrap, authRateLimit);
  await directoryRoutes(app, node.directory);
  await usersRoutes(app, node.users);
  await tokensRoutes(app, node.tokens);
  await auditRoutes(app, {
    audit: node.audit,
    gate: node.gate,
    database: node.database,
    keys: node.keys,
    nodeId: node.nodeId,
  });
  await casesRoutes(app, node.cases);
  await legalRoutes(app, node.legal);
  await competenceRoutes(app, node.competences);
  await recipientRoutes(app, node.recipients);
  await requestsRoutes(app, node.requests);
  await lifecycleModuleRoutes(app, node.lifecycle);
  await notificationsRoutes(app, node.events);
  await federationRoutes(app, node.federation, {
    operations: new FederationOperations({
      database: node.database,
      federation: node.federation,
      keys: node.keys,
      audit: node.audit,
      clock: node.clock,
    }),
    requireClientCert: config.federation.requireClientCert,
  });
  await evidenceRoutes(app, node.evidence);
  await messagingRoutes(app, node.messaging, node.evidence.service);

  app.get(
    '/api/openapi.json',
    {
      config: { permission: 'public' },
      schema: { hide: true },
    },
    async () => app.swagger(),
  );

  await app.register(async (docs) => {
    // The interactive reference runs its own inline bootstrap script.
    docs.addHook('onSend', async (_req, reply) => {
      reply.header(
        'content-security-policy',
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; frame-ancestors 'none'",
      );
    });
    await docs.register(scalar, {
      routePrefix: '/api/docs',
      configuration: { url: '/api/openapi.json' },
      logLevel: 'warn',
    });
  });

  const webDist = opts.webDist ?? config.webDist ?? defaultWebDist;
  const hasWeb = fs.existsSync(path.join(webDist, 'index.html'));
  if (hasWeb)
    await app.register(fastifyStatic, { root: webDist, prefix: '/', wildcard: false, index: ['index.html'] });

  app.setNotFoundHandler(async (req, reply) => {
    if (hasWeb && req.method === 'GET' && !req.url.startsWith('/api'))
      return reply.type('text/html').sendFile('index.html');
    throw new AppError('not-found', `No route ${req.method} ${req.url.split('?')[0]}`);
  });

  return app;
}
