import {
  LoginBody,
  LoginResponse,
  MeResponse,
  MfaEnrolConfirmBody,
  MfaEnrolConfirmResponse,
  MfaEnrolStartResponse,
  MfaVerifyBody,
  Ok,
  UnlockBody,
} from '@comity/contracts';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Database } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { actorOf } from '../access/route-permission.ts';
import type { AuthService } from './auth.service.ts';
import { identityRepository as repo, toAgency, toUser } from './identity.repository.ts';

export interface AuthRoutesDeps {
  auth: AuthService;
  database: Database;
  sessionIdleMs: number;
  /** Limit on sign-in attempts per client address and minute. */
  authRateLimit: number;
}

const setSessionCookie = (reply: FastifyReply, name: string, token: string) =>
  // __Host-: Secure, Path=/, no Domain; browsers treat http://localhost as secure for this.
  reply.setCookie(name, token, { path: '/', httpOnly: true, secure: true, sameSite: 'strict' });

export async function authRoutes(fastify: FastifyInstance, deps: AuthRoutesDeps): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { auth } = deps;
  const limited = { rateLimit: { max: deps.authRateLimit, timeWindow: '1 minute' } };

  app.post(
    '/api/auth/login',
    {
      config: { permission: 'public', ...limited },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with email and password',
        description:
          'Starts a session (HttpOnly cookie). The answer says whether a second factor or enrolment is still needed. Five failures within 15 minutes lock the account for 15 minutes.',
        body: LoginBody,
        response: { 200: LoginResponse },
      },
    },
    async (req, reply) => {
      const { token, state, csrfToken } = await auth.login(req.body.email, req.body.password, req.meta);
      setSessionCookie(reply, auth.cookieName, token);
      return { state, csrfToken };
    },
  );

  app.post(
    '/api/auth/mfa/verify',
    {
      config: { permission: 'authenticated', allowPendingMfa: true, ...limited },
      schema: {
        tags: ['auth'],
        summary: 'Complete sign-in with a TOTP or recovery code',
        body: MfaVerifyBody,
        response: { 200: LoginResponse },
      },
    },
    async (req) => {
      const session = req.sessionRow;
      if (!session) throw new AppError('unauthenticated');
      await auth.verifySecondFactor(session, req.body, req.meta);
      return { state: 'active' as const, csrfToken: session.csrf_token };
    },
  );

  app.post(
    '/api/auth/mfa/enrol/start',
    {
      config: { permission: 'authenticated', allowPendingMfa: true },
      schema: {
        tags: ['auth'],
        summary: 'Begin TOTP enrolment (first sign-in)',
        response: { 200: MfaEnrolStartResponse },
      },
    },
    async (req) => {
      if (!req.sessionRow) throw new AppError('unauthenticated');
      return auth.startEnrolment(req.sessionRow, req.meta);
    },
  );

  app.post(
    '/api/auth/mfa/enrol/confirm',
    {
      config: { permission: 'authenticated', allowPendingMfa: true, ...limited },
      schema: {
        tags: ['auth'],
        summary: 'Confirm TOTP enrolment with a first code',
        description: 'Returns ten single-use recovery codes, shown only once.',
        body: MfaEnrolConfirmBody,
        response: { 200: MfaEnrolConfirmResponse },
      },
    },
    async (req) => {
      if (!req.sessionRow) throw new AppError('unauthenticated');
      return { recoveryCodes: await auth.confirmEnrolment(req.sessionRow, req.body.code, req.meta) };
    },
  );

  app.post(
    '/api/auth/unlock',
    {
      config: { permission: 'public', ...limited },
      schema: {
        tags: ['auth'],
        summary: 'Re-open a session locked after inactivity',
        body: UnlockBody,
        response: { 200: LoginResponse },
      },
    },
    async (req) => {
      const token = req.cookies[auth.cookieName];
      if (!token) throw new AppError('unauthenticated');
      const r = await auth.unlock(token, req.body.password, req.meta);
      return { state: r.state === 'locked' ? 'active' : r.state, csrfToken: r.csrfToken } as const;
    },
  );

  app.post(
    '/api/auth/logout',
    {
      config: { permission: 'authenticated', allowPendingMfa: true },
      schema: { tags: ['auth'], summary: 'Sign out (ends the session on the server)', response: { 200: Ok } },
    },
    async (req, reply) => {
      if (req.sessionRow) await auth.logout(req.sessionRow, actorOf(req), req.meta);
      reply.clearCookie(auth.cookieName, { path: '/', secure: true, httpOnly: true, sameSite: 'strict' });
      return { ok: true as const };
    },
  );

  app.get(
    '/api/me',
    {
      config: { permission: 'authenticated', allowPendingMfa: true },
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user, agency, permissions and session',
        response: { 200: MeResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const db = deps.database.db;
      const [user, agency] = await Promise.all([
        repo.userById(db, actor.userId),
        repo.agencyById(db, actor.agencyId),
      ]);
      const jurisdiction = await repo.jurisdiction(db, actor.jurisdiction);
      if (!user || !agency) throw new AppError('unauthenticated');
      const s = req.sessionRow;
      return {
        user: toUser(user),
        agency: toAgency(agency),
        jurisdiction: { code: actor.jurisdiction, name: jurisdiction?.name ?? actor.jurisdiction },
        permissions: [...actor.permissions].sort(),
        session: {
          kind: s ? ('session' as const) : ('token' as const),
          state: s ? (s.state === 'locked' ? 'active' : s.state) : ('active' as const),
          csrfToken: s?.csrf_token ?? null,
          idleExpiresAt: s ? new Date(Date.parse(s.last_seen_at) + deps.sessionIdleMs).toISOString() : null,
          expiresAt: s?.expires_at ?? null,
        },
      };
    },
  );
}
