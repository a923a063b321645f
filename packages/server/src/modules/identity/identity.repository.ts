import type { Agency, Role, User } from '@comity/contracts';
import type { Queryable } from '../../platform/db/database.ts';
import { fromBool, type Tables } from '../../platform/db/schema.ts';
import { normaliseText, queryTerms } from '../../platform/text-search.ts';

export type UserRow = Tables['user_account'];

/** What the user search compares: the name and the e-mail, normalised. */
export const userSearchText = (u: Pick<UserRow, 'display_name' | 'email'>): string =>
  normaliseText(`${u.display_name} ${u.email}`);
export type AgencyRow = Tables['agency'];
export type SessionRow = Tables['session'];
export type TokenRow = Tables['api_token'];

export const toUser = (r: Omit<UserRow, 'search_text'>): User => ({
  id: r.id,
  email: r.email,
  displayName: r.display_name,
  agencyId: r.agency_id,
  unitId: r.unit_id,
  roles: JSON.parse(r.roles) as Role[],
  clearance: r.clearance,
  languages: JSON.parse(r.languages) as string[],
  status: r.status,
  mfaEnrolled: fromBool(r.mfa_enrolled),
  exercise: fromBool(r.exercise),
  createdAt: r.created_at,
  lastLoginAt: r.last_login_at,
});

export const toAgency = (r: AgencyRow): Agency => ({
  id: r.id,
  name: r.name,
  shortName: r.short_name,
  kind: r.kind as Agency['kind'],
  jurisdiction: r.jurisdiction,
  parentId: r.parent_id,
  exercise: fromBool(r.exercise),
  createdAt: r.created_at,
});

export const identityRepository = {
  userByEmail: (db: Queryable, email: string) =>
    db.selectFrom('user_account').selectAll().where('email', '=', email).executeTakeFirst(),
  userById: (db: Queryable, id: string) =>
    db.selectFrom('user_account').selectAll().where('id', '=', id).executeTakeFirst(),
  usersByIds: (db: Queryable, ids: readonly string[]) =>
    ids.length
      ? db
          .selectFrom('user_account')
          .selectAll()
          .where('id', 'in', [...ids])
          .execute()
      : Promise.resolve([]),
  listUsers: (db: Queryable, f: { agencyIds?: readonly string[] | undefined; q?: string | undefined }) => {
    let q = db.selectFrom('user_account').selectAll();
    if (f.agencyIds) q = q.where('agency_id', 'in', f.agencyIds.length ? [...f.agencyIds] : ['']);
    // Every word of the query within the name or the e-mail, without case or accents on either
    // engine: words hold only letters and digits, so nothing in them is a LIKE wildcard.
    for (const term of queryTerms(f.q ?? '')) q = q.where('search_text', 'like', `%${term}%`);
    return q.orderBy('display_name').limit(1000).execute();
  },
  insertUser: (db: Queryable, row: Omit<UserRow, 'search_text'>) =>
    db
      .insertInto('user_account')
      .values({ ...row, search_text: userSearchText(row) })
      .execute(),
  /** A new display name is searched by from now on (the e-mail never changes). */
  updateUser: async (db: Queryable, id: string, set: Partial<Omit<UserRow, 'search_text'>>) => {
    const user = set.display_name === undefined ? undefined : await identityRepository.userById(db, id);
    const search = user ? { search_text: userSearchText({ ...user, ...set }) } : {};
    await db
      .updateTable('user_account')
      .set({ ...set, ...search })
      .where('id', '=', id)
      .execute();
  },
  countUsers: async (db: Queryable) =>
    Number(
      (
        await db
          .selectFrom('user_account')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirst()
      )?.n ?? 0,
    ),

  agencyById: (db: Queryable, id: string) =>
    db.selectFrom('agency').selectAll().where('id', '=', id).executeTakeFirst(),
  listAgencies: (db: Queryable) =>
    db.selectFrom('agency').selectAll().orderBy('jurisdiction').orderBy('name').execute(),
  insertAgency: (db: Queryable, row: AgencyRow) => db.insertInto('agency').values(row).execute(),
  updateAgency: (db: Queryable, id: string, set: Partial<AgencyRow>) =>
    db.updateTable('agency').set(set).where('id', '=', id).execute(),
  /** The agency and every agency below it (supervisors and auditors see their subtree). */
  async agencySubtree(db: Queryable, rootId: string): Promise<string[]> {
    const all = await db.selectFrom('agency').select(['id', 'parent_id']).execute();
    const children = new Map<string, string[]>();
    for (const a of all)
      if (a.parent_id) children.set(a.parent_id, [...(children.get(a.parent_id) ?? []), a.id]);
    const out: string[] = [];
    const stack = [rootId];
    while (stack.length) {
      const id = stack.pop()!;
      if (out.includes(id)) continue;
      out.push(id);
      stack.push(...(children.get(id) ?? []));
    }
    return out;
  },

  jurisdiction: (db: Queryable, code: string) =>
    db.selectFrom('jurisdiction').selectAll().where('code', '=', code).executeTakeFirst(),
  listJurisdictions: (db: Queryable) => db.selectFrom('jurisdiction').selectAll().orderBy('code').execute(),
  /** False when the code is taken already (by a concurrent creation the check before could not see). */
  insertJurisdiction: async (db: Queryable, row: Tables['jurisdiction']): Promise<boolean> => {
    const r = await db
      .insertInto('jurisdiction')
      .values(row)
      .onConflict((oc) => oc.column('code').doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
  },

  listUnits: (db: Queryable, agencyId?: string) => {
    let q = db.selectFrom('unit').selectAll();
    if (agencyId) q = q.where('agency_id', '=', agencyId);
    return q.orderBy('name').execute();
  },
  insertUnit: (db: Queryable, row: Tables['unit']) => db.insertInto('unit').values(row).execute(),
  unitById: (db: Queryable, id: string) =>
    db.selectFrom('unit').selectAll().where('id', '=', id).executeTakeFirst(),

  recentFailures: async (db: Queryable, userId: string, sinceIso: string) =>
    db
      .selectFrom('login_failure')
      .select('at')
      .where('user_id', '=', userId)
      .where('at', '>=', sinceIso)
      .orderBy('at')
      .execute(),
  insertFailure: (db: Queryable, row: Tables['login_failure']) =>
    db.insertInto('login_failure').values(row).execute(),
  deleteFailure: (db: Queryable, id: string) => db.deleteFrom('login_failure').where('id', '=', id).execute(),
  clearFailures: (db: Queryable, userId: string) =>
    db.deleteFrom('login_failure').where('user_id', '=', userId).execute(),

  replaceRecoveryCodes: async (db: Queryable, userId: string, rows: Tables['recovery_code'][]) => {
    await db.deleteFrom('recovery_code').where('user_id', '=', userId).execute();
    if (rows.length) await db.insertInto('recovery_code').values(rows).execute();
  },
  /** Marks one unused code used; true when it existed. */
  /**
   * Takes a TOTP code's time step for the account: false when that step or a later one was used
   * already (the code, or one after it, opened a session before; or a concurrent use got there first).
   */
  useTotpStep: async (db: Queryable, userId: string, step: number): Promise<boolean> => {
    const r = await db
      .updateTable('user_account')
      .set({ mfa_used_step: step })
      .where('id', '=', userId)
      .where((eb) => eb.or([eb('mfa_used_step', 'is', null), eb('mfa_used_step', '<', step)]))
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
  useRecoveryCode: async (db: Queryable, userId: string, codeHash: string, at: string) => {
    const r = await db
      .updateTable('recovery_code')
      .set({ used_at: at })
      .where('user_id', '=', userId)
      .where('code_hash', '=', codeHash)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },

  insertSession: (db: Queryable, row: SessionRow) => db.insertInto('session').values(row).execute(),
  /** Whether any account belongs to an operational agency (one not of the exercise world). */
  hasOperationalAccount: async (db: Queryable): Promise<boolean> =>
    (await db
      .selectFrom('user_account as u')
      .innerJoin('agency as a', 'a.id', 'u.agency_id')
      .select('u.id')
      .where('a.exercise', '=', 0)
      .limit(1)
      .executeTakeFirst()) !== undefined,
  sessionWithUser: (db: Queryable, tokenHash: string) =>
    db
      .selectFrom('session')
      .innerJoin('user_account as u', 'u.id', 'session.user_id')
      .innerJoin('agency as a', 'a.id', 'u.agency_id')
      .selectAll('session')
      .select([
        'u.roles',
        'u.clearance',
        'u.agency_id',
        'u.status as user_status',
        'u.exercise',
        'a.exercise as agency_exercise',
        'a.jurisdiction',
        'u.password_hash',
      ])
      .where('session.token_hash', '=', tokenHash)
      .executeTakeFirst(),
  updateSession: (db: Queryable, id: string, set: Partial<SessionRow>) =>
    db.updateTable('session').set(set).where('id', '=', id).execute(),
  revokeUserSessions: (db: Queryable, userId: string, at: string) =>
    db
      .updateTable('session')
      .set({ revoked_at: at })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .execute(),

  insertToken: (db: Queryable, row: TokenRow) => db.insertInto('api_token').values(row).execute(),
  tokenWithUser: (db: Queryable, tokenHash: string) =>
    db
      .selectFrom('api_token')
      .innerJoin('user_account as u', 'u.id', 'api_token.user_id')
      .innerJoin('agency as a', 'a.id', 'u.agency_id')
      .selectAll('api_token')
      .select([
        'u.roles',
        'u.clearance',
        'u.agency_id',
        'u.status as user_status',
        'u.exercise',
        'a.exercise as agency_exercise',
        'a.jurisdiction',
      ])
      .where('api_token.token_hash', '=', tokenHash)
      .executeTakeFirst(),
  tokensOf: (db: Queryable, userId: string) =>
    db
      .selectFrom('api_token')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('created_at', 'desc')
      .execute(),
  revokeToken: (db: Queryable, userId: string, id: string, at: string) =>
    db
      .updateTable('api_token')
      .set({ revoked_at: at })
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst(),
  touchToken: (db: Queryable, id: string, at: string) =>
    db.updateTable('api_token').set({ last_used_at: at }).where('id', '=', id).execute(),
};
