import type { Role, User } from '@comity/contracts';
import type { Clock } from '../../platform/clock.ts';
import type { Database, Tx } from '../../platform/db/database.ts';
import { fromBool, toBool } from '../../platform/db/schema.ts';
import { insertUnlessTaken } from '../../platform/db/unique-violation.ts';
import { inTransaction } from '../../platform/db/unit-of-work.ts';
import { AppError, conflict, notFound, validationFailed } from '../../platform/http/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { AccessGate } from '../access/access-gate.ts';
import type { Actor, RequestMeta } from '../access/actor.ts';
import type { AuditLog } from '../audit/audit.service.ts';
import { visibleAgencyIds } from './identity.policy.ts';
import { identityRepository as repo, toUser, type UserRow } from './identity.repository.ts';
import { hashPassword, passwordProblems } from './passwords.ts';

export interface NewUser {
  email: string;
  displayName: string;
  agencyId: string;
  unitId?: string | undefined;
  roles: Role[];
  clearance: number;
  languages: string[];
  password: string;
}

export interface UserWithPolicies {
  data: User;
  policies: { update: boolean; lock: boolean; unlock: boolean; resetMfa: boolean };
}

export class UsersService {
  constructor(
    private readonly database: Database,
    private readonly gate: AccessGate,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly demo: boolean,
  ) {}

  private async withPolicies(actor: Actor, users: User[]): Promise<UserWithPolicies[]> {
    const can = await this.gate.can(
      actor,
      ['user.manage'],
      users.map((u) => u.id),
    );
    return users.map((u) => {
      const manage = can.get(u.id)?.has('user.manage') ?? false;
      const self = u.id === actor.userId;
      return {
        data: u,
        policies: {
          update: manage,
          lock: manage && !self && u.status === 'active',
          unlock: manage && u.status === 'locked',
          resetMfa: manage && !self && u.mfaEnrolled,
        },
      };
    });
  }

  /**
   * Creates an account. `exercise` accounts (the demo world's) can only be made while the node runs
   * in demo mode, so a production node never holds a shared-password account.
   */
  async create(
    actor: Actor | null,
    meta: RequestMeta,
    input: NewUser,
    opts: { exercise?: boolean } = {},
  ): Promise<UserWithPolicies | User> {
    if (opts.exercise && !this.demo)
      throw new AppError('demo-only', 'Exercise accounts exist only in demo mode.');
    if (actor && !actor.roles.includes('administrator')) {
      await this.gate.require(actor, 'agency.read', [input.agencyId]);
      throw new AppError('forbidden');
    }
    // Administrators add accounts to the agencies they manage: an administrator of the exercise
    // world only there (identity.policy.ts).
    if (actor) await this.gate.require(actor, 'agency.manage', [input.agencyId]);
    const problems = passwordProblems(input.password, { email: input.email, displayName: input.displayName });
    if (problems.length) {
      throw new AppError(
        'weak-password',
        problems.join(' '),
        problems.map((message) => ({ path: 'body.password', message })),
      );
    }
    const passwordHash = await hashPassword(input.password);
    const now = this.clock.now().toISOString();
    const row: Omit<UserRow, 'search_text'> = {
      id: newId(),
      email: input.email.toLowerCase(),
      display_name: input.displayName,
      agency_id: input.agencyId,
      unit_id: input.unitId ?? null,
      roles: JSON.stringify([...new Set(input.roles)]),
      clearance: input.clearance,
      languages: JSON.stringify(input.languages),
      status: 'active',
      password_hash: passwordHash,
      mfa_secret: null,
      mfa_used_step: null,
      mfa_enrolled: 0,
      exercise: toBool(Boolean(opts.exercise)),
      created_at: now,
      updated_at: now,
      last_login_at: null,
    };
    await inTransaction(this.database, async (uow) => {
      const agency = await repo.agencyById(uow.tx, input.agencyId);
      if (!agency) throw validationFailed([{ path: 'body.agencyId', message: 'No such agency.' }]);
      // A shared-password account never sits in an operational agency, whose world it would act in.
      if (opts.exercise && !fromBool(agency.exercise))
        throw validationFailed([
          { path: 'body.agencyId', message: 'Exercise accounts belong to exercise agencies.' },
        ]);
      if (input.unitId) {
        const unit = await repo.unitById(uow.tx, input.unitId);
        if (unit?.agency_id !== input.agencyId)
          throw validationFailed([{ path: 'body.unitId', message: 'No such unit in this agency.' }]);
      }
      const taken = () => conflict('An account with this email already exists.');
      if (await repo.userByEmail(uow.tx, row.email)) throw taken();
      await insertUnlessTaken(repo.insertUser(uow.tx, row), taken);
      await this.audit.append(
        uow,
        { actor, meta },
        {
          action: 'user.create',
          objectType: 'user',
          objectId: row.id,
          details: {
            agencyId: input.agencyId,
            roles: input.roles,
            clearance: input.clearance,
            exercise: Boolean(opts.exercise),
          },
        },
      );
    });
    return actor ? (await this.withPolicies(actor, [toUser(row)]))[0]! : toUser(row);
  }

  async list(
    actor: Actor,
    meta: RequestMeta,
    f: { agencyId?: string | undefined; q?: string | undefined },
  ): Promise<UserWithPolicies[]> {
    const visible = await visibleAgencyIds(this.database, actor);
    const agencyIds = f.agencyId
      ? visible
        ? visible.filter((a) => a === f.agencyId)
        : [f.agencyId]
      : visible;
    const rows = await repo.listUsers(this.database.db, { agencyIds, q: f.q });
    const allowed = await this.gate.filter(
      actor,
      'user.read',
      rows.map((r) => r.id),
    );
    const users = rows.filter((r) => allowed.has(r.id)).map(toUser);
    await this.audit.record(
      { actor, meta },
      {
        action: 'user.list',
        objectType: 'user',
        details: { count: users.length, agencyId: f.agencyId ?? null },
      },
    );
    return this.withPolicies(actor, users);
  }

  async get(actor: Actor, meta: RequestMeta, id: string): Promise<UserWithPolicies> {
    if (id !== actor.userId) await this.gate.require(actor, 'user.read', [id]);
    const row = await repo.userById(this.database.db, id);
    if (!row) throw notFound();
    await this.audit.record({ actor, meta }, { action: 'user.read', objectType: 'user', objectId: id });
    return (await this.withPolicies(actor, [toUser(row)]))[0]!;
  }

  private async change(
    actor: Actor,
    meta: RequestMeta,
    id: string,
    action: string,
    set: Partial<UserRow>,
    details: Record<string, unknown>,
    also: {
      /** Checks the change, in its transaction, before it is written (a refusal writes nothing). */
      before?: (tx: Tx) => Promise<void>;
      /** What else the change does, in its transaction. */
      after?: (tx: Tx) => Promise<void>;
    } = {},
  ) {
    await this.gate.require(actor, 'user.manage', [id]);
    const row = await inTransaction(this.database, async (uow) => {
      await also.before?.(uow.tx);
      await repo.updateUser(uow.tx, id, { ...set, updated_at: this.clock.now().toISOString() });
      await also.after?.(uow.tx);
      await this.audit.append(uow, { actor, meta }, { action, objectType: 'user', objectId: id, details });
      return (await repo.userById(uow.tx, id))!;
    });
    return (await this.withPolicies(actor, [toUser(row)]))[0]!;
  }

  async update(
    actor: Actor,
    meta: RequestMeta,
    id: string,
    patch: {
      displayName?: string | undefined;
      unitId?: string | null | undefined;
      roles?: Role[] | undefined;
      clearance?: number | undefined;
      languages?: string[] | undefined;
      status?: 'active' | 'disabled' | undefined;
    },
  ) {
    if (id === actor.userId && (patch.roles || patch.status || patch.clearance !== undefined)) {
      throw new AppError(
        'forbidden',
        'Administrators cannot change their own roles, clearance or status; ask another administrator.',
      );
    }
    return this.change(
      actor,
      meta,
      id,
      patch.roles || patch.clearance !== undefined ? 'user.permissions-change' : 'user.update',
      {
        ...(patch.displayName !== undefined ? { display_name: patch.displayName } : {}),
        ...(patch.unitId !== undefined ? { unit_id: patch.unitId } : {}),
        ...(patch.roles ? { roles: JSON.stringify([...new Set(patch.roles)]) } : {}),
        ...(patch.clearance !== undefined ? { clearance: patch.clearance } : {}),
        ...(patch.languages ? { languages: JSON.stringify(patch.languages) } : {}),
        ...(patch.status ? { status: patch.status } : {}),
      },
      { fields: Object.keys(patch), roles: patch.roles ?? null, clearance: patch.clearance ?? null },
      {
        // A unit of the user's own agency, as at creation.
        before: async (tx) => {
          if (!patch.unitId) return;
          const [user, unit] = await Promise.all([repo.userById(tx, id), repo.unitById(tx, patch.unitId)]);
          if (!user || unit?.agency_id !== user.agency_id)
            throw validationFailed([{ path: 'body.unitId', message: 'No such unit in this agency.' }]);
        },
      },
    );
  }

  lock(actor: Actor, meta: RequestMeta, id: string) {
    if (id === actor.userId) throw new AppError('forbidden', 'You cannot lock your own account.');
    const at = this.clock.now().toISOString();
    return this.change(
      actor,
      meta,
      id,
      'user.lock',
      { status: 'locked' },
      {},
      {
        after: (tx) => repo.revokeUserSessions(tx, id, at).then(() => {}),
      },
    );
  }

  unlock(actor: Actor, meta: RequestMeta, id: string) {
    return this.change(
      actor,
      meta,
      id,
      'user.unlock',
      { status: 'active' },
      {},
      {
        after: (tx) => repo.clearFailures(tx, id).then(() => {}),
      },
    );
  }

  /** The user enrols again at next sign-in; their sessions end now. */
  resetMfa(actor: Actor, meta: RequestMeta, id: string) {
    if (id === actor.userId)
      throw new AppError('forbidden', 'Ask another administrator to reset your second factor.');
    const at = this.clock.now().toISOString();
    return this.change(
      actor,
      meta,
      id,
      'user.mfa-reset',
      { mfa_enrolled: 0, mfa_secret: null },
      {},
      {
        after: async (tx) => {
          await repo.replaceRecoveryCodes(tx, id, []);
          await repo.revokeUserSessions(tx, id, at);
        },
      },
    );
  }
}
