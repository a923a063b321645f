import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/http/errors.ts';
import { isPermission } from '../access/permissions.ts';
import type { AuthService } from './auth.service.ts';

const SESSION_COOKIE = '__Host-comity-session';

/**
 * The session cookie's name. Browsers keep cookies per host, not per port: nodes side by side on one
 * host (the federated demo's, on 8080 and 8081) each need a name of their own, or signing in to one
 * signs out of the other. A node reached on its scheme's default port keeps the plain name.
 */
export function sessionCookieName(o: { port: number; publicUrl?: string | undefined }): string {
  const port = o.publicUrl ? new URL(o.publicUrl).port : String(o.port);
  return port ? `${SESSION_COOKIE}-${port}` : SESSION_COOKIE;
}
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function purposeOf(req: FastifyRequest): string | null {
  const p = req.headers['x-comity-purpose'];
  const value = Array.isArray(p) ? p[0] : p;
  return value ? value.slice(0, 500) : null;
}

/**
 * Resolves who is calling (API token or session cookie), enforces the route's declared permission,
 * the MFA step and CSRF. Registered once for the whole /api scope.
 */
export function registerAuthHook(app: FastifyInstance, auth: AuthService): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionRow', null);
  app.decorateRequest('meta', null as unknown as FastifyRequest['meta']);

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api') || route.url.startsWith('/api/docs')) return;
    if (!route.config?.permission)
      throw new Error(`Route ${route.method} ${route.url} declares no permission`);
  });

  app.addHook('onRequest', async (req) => {
    req.meta = { ip: req.ip ?? null, requestId: req.id, sessionId: null, purpose: purposeOf(req) };
    const permission = req.routeOptions.config?.permission;
    if (!permission || permission === 'public') return;

    const authz = req.headers.authorization;
    if (authz?.startsWith('Bearer ')) {
      req.actor = await auth.resolveToken(authz.slice(7).trim());
    } else {
      const token = req.cookies[auth.cookieName];
      if (!token) throw new AppError('unauthenticated');
      const { actor, session } = await auth.resolveSession(token, {
        allowPending: Boolean(req.routeOptions.config.allowPendingMfa),
      });
      req.sessionRow = session;
      req.meta.sessionId = session.id;
      req.actor = actor;
      if (UNSAFE.has(req.method)) {
        const header = req.headers['x-csrf-token'];
        auth.checkCsrf(session, Array.isArray(header) ? header[0] : header);
      }
    }
    // The root error handler audits the refusal with the actor set here.
    if (isPermission(permission) && !req.actor?.permissions.has(permission)) {
      throw new AppError('forbidden', `This needs the permission ${permission}.`);
    }
  });
}
