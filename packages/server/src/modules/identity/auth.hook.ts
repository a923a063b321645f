import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/http/errors.ts';
import { isPermission } from '../access/permissions.ts';
import type { AuthService } from './auth.service.ts';

export const SESSION_COOKIE = '__Host-comity-session';
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
      const token = req.cookies[SESSION_COOKIE];
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
