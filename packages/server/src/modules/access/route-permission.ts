import type { Actor, RequestMeta } from './actor.ts';
import type { RoutePermission } from './permissions.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Every route declares one; the app refuses to start when a route under /api has none. */
    permission?: RoutePermission;
    /** Routes of the second-factor step accept a session that has not passed MFA yet. */
    allowPendingMfa?: boolean;
  }
  interface FastifyRequest {
    actor: Actor | null;
    meta: RequestMeta;
    sessionRow: import('../identity/identity.repository.ts').SessionRow | null;
  }
}

/** The actor of an authenticated route (the auth hook guarantees it is set). */
export function actorOf(req: { actor: Actor | null }): Actor {
  if (!req.actor) throw new Error('Route declared a permission but no actor was resolved');
  return req.actor;
}
