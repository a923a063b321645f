import type { Role, TokenScope } from '@comity/contracts';
import type { Clock } from '../../platform/clock.ts';
import type { Database, Queryable } from '../../platform/db/database.ts';
import { fromBool, toBool } from '../../platform/db/schema.ts';
import { inTransaction } from '../../platform/db/unit-of-work.ts';
import { AppError } from '../../platform/http/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { Actor, RequestMeta } from '../access/actor.ts';
import { NODE_WIDE_PERMISSIONS, type Permission, permissionsFor } from '../access/permissions.ts';
import type { AuditLog } from '../audit/audit.service.ts';
import { identityRepository as repo, type SessionRow, type UserRow } from './identity.repository.ts';
import { LOCKOUT_WINDOW_MS, lockoutEnd } from './lockout.ts';
import { burnPasswordCheck, verifyPassword } from './passwords.ts';
import { normaliseRecoveryCode, randomToken, recoveryCodes, safeEqual, sha256Hex } from './secrets.ts';
import { newTotpSecret, totpUri, verifyTotp } from './totp.ts';
import { UnknownAccountLockout } from './unknown-account-lockout.ts';

/** Coarse `last_used_at` updates of API tokens: one write a minute per token, not one per request. */
const TOUCH_EVERY_MS = 60_000;

/**
 * How stale a session's `last_seen_at` may get before a request rewrites it: at most a minute (so
 * a session costs one write a minute, not one per request), and at most a quarter of the idle
 * limit, so a session in active use never reaches the idle lock between two writes, however short
 * the limit (`COMITY_SESSION_IDLE_MINUTES=1` touches every 15 seconds).
 */
export function sessionTouchEveryMs(idleMs: number): number {
  return Math.max(1, Math.min(60_000, Math.floor(idleMs / 4)));
}

export interface AuthSettings {
  sessionIdleMs: number;
  sessionMaxMs: number;
  demo: boolean;
  issuer: string;
  /** The session cookie's name (sessionCookieName). */
  cookieName: string;
}

export interface ResolvedSession {
  actor: Actor;
  session: SessionRow;
}

type SessionState = SessionRow['state'];
/** What a sign-in step can leave a session in (idle lock happens later). */
type SignInState = Exclude<SessionState, 'locked'>;

/** A demo account's session or token outlives demo mode only until it is next used. */
const EXERCISE_ENDED = 'Exercise accounts work only while the node runs in demo mode.';

/**
 * Sign-in, second factor, sessions and token resolution. Every outcome, good or bad, is audited;
 * unknown accounts and wrong passwords answer the same, in the same time.
 */

export class AuthService {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly settings: AuthSettings,
  ) {
    this.unknownLockout = new UnknownAccountLockout(database, clock);
  }

  private get db() {
    return this.database.db;
  }

  /** Sign-in failures for addresses without an account (unknown-account-lockout.ts). */
  private readonly unknownLockout: UnknownAccountLockout;

  get cookieName(): string {
    return this.settings.cookieName;
  }

  /** Exercise accounts skip MFA (demo only); every other account must enrol at first sign-in. */
  private stateAfterPassword(user: UserRow): SignInState {
    if (fromBool(user.mfa_enrolled)) return 'mfa-required';
    if (fromBool(user.exercise)) return 'active';
    return 'mfa-enrolment-required';
  }

  private async lockedUntil(userId: string, db: Queryable = this.db): Promise<Date | null> {
    const now = this.clock.now().getTime();
    const failures = await repo.recentFailures(db, userId, new Date(now - LOCKOUT_WINDOW_MS).toISOString());
    return lockoutEnd(
      failures.map((f) => Date.parse(f.at)),
      now,
    );
  }

  /**
   * Counts an attempt against the account before its password or code is checked: attempts sent at
   * once are counted one after another (on PostgreSQL the account row is locked while counting), so
   * the lockout stops the guesses in flight too; before, every one of them passed the check while
   * the others were still being verified. The attempt stands as a failure unless the check passes
   * (then the account's failures are cleared, or this one withdrawn). The lockout's end, if locked.
   */
  private async takeAttempt(user: UserRow): Promise<{ lockedUntil: Date } | { attemptId: string }> {
    return inTransaction(this.database, async (uow) => {
      if (this.database.engine === 'postgres')
        await uow.tx.selectFrom('user_account').select('id').where('id', '=', user.id).forUpdate().execute();
      const until = await this.lockedUntil(user.id, uow.tx);
      if (until) return { lockedUntil: until };
      const attemptId = newId();
      await repo.insertFailure(uow.tx, {
        id: attemptId,
        user_id: user.id,
        at: this.clock.now().toISOString(),
      });
      return { attemptId };
    });
  }

  /** The audit event of a failed attempt already counted by takeAttempt. */
  private async auditFailure(user: UserRow, meta: RequestMeta, action: string, reason: string) {
    await inTransaction(this.database, (uow) =>
      this.audit.append(
        uow,
        { actor: { userId: user.id, agencyId: user.agency_id }, meta },
        { action, objectType: 'user', objectId: user.id, outcome: 'failure', details: { reason } },
      ),
    );
  }

  private async recordFailure(
    user: UserRow,
    meta: RequestMeta,
    action: string,
    reason: string,
  ): Promise<void> {
    await inTransaction(this.database, async (uow) => {
      await repo.insertFailure(uow.tx, { id: newId(), user_id: user.id, at: this.clock.now().toISOString() });
      await this.audit.append(
        uow,
        { actor: { userId: user.id, agencyId: user.agency_id }, meta },
        {
          action,
          objectType: 'user',
          objectId: user.id,
          outcome: 'failure',
          details: { reason },
        },
      );
    });
  }

  private lockedError(until: Date): AppError {
    return new AppError(
      'account-locked',
      `Too many failed attempts. Try again after ${until.toISOString()}.`,
      undefined,
      {
        'retry-after': String(Math.max(1, Math.ceil((until.getTime() - this.clock.now().getTime()) / 1000))),
      },
    );
  }

  async login(
    email: string,
    password: string,
    meta: RequestMeta,
  ): Promise<{ token: string; state: SignInState; csrfToken: string }> {
    const user = await repo.userByEmail(this.db, email);
    if (!user) {
      // Answered as an account's would be, lockout included: nothing tells the address has none.
      const locked = await this.unknownLockout.locked(email);
      if (!locked) await burnPasswordCheck(password);
      await this.audit.record(
        { actor: null, meta },
        {
          action: 'auth.login',
          outcome: locked ? 'denied' : 'failure',
          details: { reason: locked ? 'locked-out' : 'unknown-account' },
        },
      );
      const until = locked ?? (await this.unknownLockout.fail(email));
      if (until) throw this.lockedError(until);
      throw new AppError('invalid-credentials');
    }
    const attempt = await this.takeAttempt(user);
    if ('lockedUntil' in attempt) {
      await this.audit.record(
        { actor: { userId: user.id, agencyId: user.agency_id }, meta },
        {
          action: 'auth.login',
          objectType: 'user',
          objectId: user.id,
          outcome: 'denied',
          details: { reason: 'locked-out' },
        },
      );
      throw this.lockedError(attempt.lockedUntil);
    }
    if (!(await verifyPassword(user.password_hash, password))) {
      await this.auditFailure(user, meta, 'auth.login', 'wrong-password');
      const nowLocked = await this.lockedUntil(user.id);
      if (nowLocked) throw this.lockedError(nowLocked);
      throw new AppError('invalid-credentials');
    }
    // The right password: this attempt is no failure (a refusal below is not one either).
    await repo.deleteFailure(this.db, attempt.attemptId);
    const refusal =
      user.status === 'locked'
        ? 'The account is locked by an administrator.'
        : user.status === 'disabled'
          ? 'The account is disabled.'
          : fromBool(user.exercise) && !this.settings.demo
            ? 'Exercise accounts can sign in only while the node runs in demo mode.'
            : null;
    if (refusal) {
      await this.audit.record(
        { actor: { userId: user.id, agencyId: user.agency_id }, meta },
        {
          action: 'auth.login',
          objectType: 'user',
          objectId: user.id,
          outcome: 'denied',
          details: { reason: user.status === 'active' ? 'exercise-account' : user.status },
        },
      );
      throw new AppError('account-locked', refusal);
    }
    const token = randomToken();
    const csrfToken = randomToken();
    const now = this.clock.now();
    const state = this.stateAfterPassword(user);
    const sessionId = newId();
    await inTransaction(this.database, async (uow) => {
      await repo.insertSession(uow.tx, {
        id: sessionId,
        user_id: user.id,
        token_hash: sha256Hex(token),
        csrf_token: csrfToken,
        state,
        created_at: now.toISOString(),
        last_seen_at: now.toISOString(),
        expires_at: new Date(now.getTime() + this.settings.sessionMaxMs).toISOString(),
        revoked_at: null,
        ip: meta.ip,
      });
      if (state === 'active') {
        await repo.clearFailures(uow.tx, user.id);
        await repo.updateUser(uow.tx, user.id, { last_login_at: now.toISOString() });
      }
      await this.audit.append(
        uow,
        { actor: { userId: user.id, agencyId: user.agency_id }, meta: { ...meta, sessionId } },
        {
          action: 'auth.login',
          objectType: 'user',
          objectId: user.id,
          details: { state },
        },
      );
    });
    return { token, state, csrfToken };
  }

  /** Resolves a session cookie to an actor, applying idle lock and absolute lifetime. */
  async resolveSession(token: string, opts: { allowPending: boolean }): Promise<ResolvedSession> {
    const row = await repo.sessionWithUser(this.db, sha256Hex(token));
    if (!row || row.revoked_at) throw new AppError('unauthenticated');
    const now = this.clock.now();
    if (row.expires_at <= now.toISOString())
      throw new AppError('session-expired', 'The session reached its maximum lifetime. Sign in again.');
    if (row.user_status !== 'active')
      throw new AppError('unauthenticated', 'The account is no longer active.');
    if (fromBool(row.exercise) && !this.settings.demo) throw new AppError('unauthenticated', EXERCISE_ENDED);
    const idleFor = now.getTime() - new Date(row.last_seen_at).getTime();
    if (row.state === 'locked' || (row.state === 'active' && idleFor > this.settings.sessionIdleMs)) {
      if (row.state !== 'locked') await repo.updateSession(this.db, row.id, { state: 'locked' });
      throw new AppError(
        'session-locked',
        'The session was locked after inactivity. Enter your password to continue.',
      );
    }
    if (row.state !== 'active' && !opts.allowPending) {
      throw new AppError(row.state === 'mfa-required' ? 'mfa-required' : 'mfa-enrolment-required');
    }
    // Same `idleFor` as the lock check above: a request that passed the check and is older than
    // the touch interval moves the idle deadline forward.
    if (row.state === 'active' && idleFor > sessionTouchEveryMs(this.settings.sessionIdleMs)) {
      await repo.updateSession(this.db, row.id, { last_seen_at: now.toISOString() });
      row.last_seen_at = now.toISOString();
    }
    const roles = JSON.parse(row.roles) as Role[];
    return {
      session: row,
      actor: {
        userId: row.user_id,
        agencyId: row.agency_id,
        jurisdiction: row.jurisdiction,
        roles,
        clearance: row.clearance,
        exercise: fromBool(row.agency_exercise),
        permissions: await this.permissionsOf(roles, fromBool(row.exercise)),
        via: { kind: 'session', sessionId: row.id },
      },
    };
  }

  /**
   * The permissions of an account's roles (within a token's scopes). An exercise account — its
   * password is the published demo password — holds nothing node-wide (NODE_WIDE_PERMISSIONS) on a
   * node where operational agencies have accounts: there it would reach their partners, registry
   * and traffic. A node of the exercise world only (a demo node) keeps its demo administrator whole.
   */
  private async permissionsOf(
    roles: readonly Role[],
    exerciseAccount: boolean,
    scopes?: readonly TokenScope[],
  ): Promise<Set<Permission>> {
    const granted = permissionsFor(roles, scopes);
    if (!exerciseAccount || !NODE_WIDE_PERMISSIONS.some((p) => granted.has(p))) return granted;
    if (await repo.hasOperationalAccount(this.db)) for (const p of NODE_WIDE_PERMISSIONS) granted.delete(p);
    return granted;
  }

  checkCsrf(session: SessionRow, header: string | undefined): void {
    if (!header || !safeEqual(header, session.csrf_token)) throw new AppError('csrf-failed');
  }

  async resolveToken(token: string): Promise<Actor> {
    const row = await repo.tokenWithUser(this.db, sha256Hex(token));
    const now = this.clock.now().toISOString();
    if (!row || row.revoked_at || row.expires_at <= now || row.user_status !== 'active') {
      throw new AppError('unauthenticated', 'The API token is not valid, expired or revoked.');
    }
    if (fromBool(row.exercise) && !this.settings.demo) throw new AppError('unauthenticated', EXERCISE_ENDED);
    if (!row.last_used_at || Date.parse(now) - Date.parse(row.last_used_at) > TOUCH_EVERY_MS) {
      await repo.touchToken(this.db, row.id, now);
    }
    const roles = JSON.parse(row.roles) as Role[];
    const scopes = JSON.parse(row.scopes) as TokenScope[];
    return {
      userId: row.user_id,
      agencyId: row.agency_id,
      jurisdiction: row.jurisdiction,
      roles,
      clearance: row.clearance,
      exercise: fromBool(row.agency_exercise),
      permissions: await this.permissionsOf(roles, fromBool(row.exercise), scopes),
      via: { kind: 'token', tokenId: row.id, scopes },
    };
  }

  private async activate(
    session: SessionRow,
    user: UserRow,
    meta: RequestMeta,
    action: string,
    details: Record<string, unknown>,
  ) {
    const now = this.clock.now().toISOString();
    await inTransaction(this.database, async (uow) => {
      await repo.updateSession(uow.tx, session.id, { state: 'active', last_seen_at: now });
      await repo.clearFailures(uow.tx, user.id);
      await repo.updateUser(uow.tx, user.id, { last_login_at: now });
      await this.audit.append(
        uow,
        { actor: { userId: user.id, agencyId: user.agency_id }, meta },
        {
          action,
          objectType: 'user',
          objectId: user.id,
          details,
        },
      );
    });
  }

  async startEnrolment(
    session: SessionRow,
    meta: RequestMeta,
  ): Promise<{ secret: string; otpauthUri: string }> {
    if (session.state !== 'mfa-enrolment-required')
      throw new AppError('conflict', 'Two-factor authentication is already set up.');
    const user = (await repo.userById(this.db, session.user_id))!;
    const secret = newTotpSecret();
    await inTransaction(this.database, async (uow) => {
      await repo.updateUser(uow.tx, user.id, {
        mfa_secret: secret,
        updated_at: this.clock.now().toISOString(),
      });
      await this.audit.append(
        uow,
        { actor: { userId: user.id, agencyId: user.agency_id }, meta },
        {
          action: 'auth.mfa.enrolment-started',
          objectType: 'user',
          objectId: user.id,
        },
      );
    });
    return { secret, otpauthUri: totpUri(secret, user.email, this.settings.issuer) };
  }

  async confirmEnrolment(session: SessionRow, code: string, meta: RequestMeta): Promise<string[]> {
    const user = (await repo.userById(this.db, session.user_id))!;
    if (session.state !== 'mfa-enrolment-required' || !user.mfa_secret) {
      throw new AppError('conflict', 'Start enrolment first.');
    }
    const step = await verifyTotp(user.mfa_secret, code, this.clock.now(), user.mfa_used_step);
    if (step === null || !(await repo.useTotpStep(this.db, user.id, step))) {
      await this.recordFailure(user, meta, 'auth.mfa.enrol', 'wrong-code');
      throw new AppError('invalid-mfa-code');
    }
    const codes = recoveryCodes();
    await inTransaction(this.database, async (uow) => {
      await repo.updateUser(uow.tx, user.id, {
        mfa_enrolled: toBool(true),
        updated_at: this.clock.now().toISOString(),
      });
      await repo.replaceRecoveryCodes(
        uow.tx,
        user.id,
        codes.map((c) => ({
          id: newId(),
          user_id: user.id,
          code_hash: sha256Hex(normaliseRecoveryCode(c)),
          used_at: null,
        })),
      );
    });
    await this.activate(session, user, meta, 'auth.mfa.enrolled', { recoveryCodes: codes.length });
    return codes;
  }

  async verifySecondFactor(
    session: SessionRow,
    input: { code?: string; recoveryCode?: string },
    meta: RequestMeta,
  ): Promise<void> {
    if (session.state !== 'mfa-required')
      throw new AppError('conflict', 'No second factor is pending for this session.');
    const user = (await repo.userById(this.db, session.user_id))!;
    const attempt = await this.takeAttempt(user);
    if ('lockedUntil' in attempt) throw this.lockedError(attempt.lockedUntil);
    let ok = false;
    if (input.code && user.mfa_secret) {
      const step = await verifyTotp(user.mfa_secret, input.code, this.clock.now(), user.mfa_used_step);
      ok = step !== null && (await repo.useTotpStep(this.db, user.id, step));
    }
    if (input.recoveryCode) {
      ok = await repo.useRecoveryCode(
        this.db,
        user.id,
        sha256Hex(normaliseRecoveryCode(input.recoveryCode)),
        this.clock.now().toISOString(),
      );
    }
    if (!ok) {
      await this.auditFailure(
        user,
        meta,
        'auth.mfa.verify',
        input.recoveryCode ? 'wrong-recovery-code' : 'wrong-code',
      );
      const nowLocked = await this.lockedUntil(user.id);
      if (nowLocked) throw this.lockedError(nowLocked);
      throw new AppError('invalid-mfa-code');
    }
    await repo.deleteFailure(this.db, attempt.attemptId);
    await this.activate(session, user, meta, 'auth.mfa.verified', {
      method: input.recoveryCode ? 'recovery-code' : 'totp',
    });
  }

  /** Re-opens an idle-locked session with the password (the form the user was filling stays). */
  async unlock(
    token: string,
    password: string,
    meta: RequestMeta,
  ): Promise<{ state: SessionState; csrfToken: string }> {
    const row = await repo.sessionWithUser(this.db, sha256Hex(token));
    const now = this.clock.now().toISOString();
    if (!row || row.revoked_at || row.expires_at <= now || row.user_status !== 'active')
      throw new AppError('session-expired');
    const user = (await repo.userById(this.db, row.user_id))!;
    const attempt = await this.takeAttempt(user);
    if ('lockedUntil' in attempt) throw this.lockedError(attempt.lockedUntil);
    if (!(await verifyPassword(row.password_hash, password))) {
      await this.auditFailure(user, meta, 'auth.unlock', 'wrong-password');
      throw new AppError('invalid-credentials');
    }
    await repo.deleteFailure(this.db, attempt.attemptId);
    const state: SessionState = row.state === 'locked' ? 'active' : row.state;
    await inTransaction(this.database, async (uow) => {
      await repo.updateSession(uow.tx, row.id, { state, last_seen_at: now });
      await this.audit.append(
        uow,
        { actor: { userId: user.id, agencyId: user.agency_id }, meta },
        {
          action: 'auth.unlock',
          objectType: 'session',
          objectId: row.id,
        },
      );
    });
    return { state, csrfToken: row.csrf_token };
  }

  async logout(session: SessionRow, actor: Actor, meta: RequestMeta): Promise<void> {
    await inTransaction(this.database, async (uow) => {
      await repo.updateSession(uow.tx, session.id, { revoked_at: this.clock.now().toISOString() });
      await this.audit.append(
        uow,
        { actor, meta },
        { action: 'auth.logout', objectType: 'session', objectId: session.id },
      );
    });
  }
}
