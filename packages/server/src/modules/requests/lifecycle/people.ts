import type { Role } from '@comity/contracts';
import type { Queryable } from '../../../platform/db/database.ts';

// The identity facts the lifecycle needs (agency kinds and names, who works where in which role),
// through a port the composition root wires to the identity module. Every call takes the
// Queryable so it can run inside the caller's transaction.

export interface AgencyInfo {
  id: string;
  name: string;
  kind: string;
  jurisdiction: string;
  /** An agency of the exercise world (known for this node's agencies only). */
  exercise?: boolean;
}

export interface UserInfo {
  id: string;
  email: string;
  displayName: string;
  agencyId: string;
  roles: Role[];
  active: boolean;
}

export interface People {
  agencies(db: Queryable, ids: readonly string[]): Promise<Map<string, AgencyInfo>>;
  usersOf(db: Queryable, agencyIds: readonly string[]): Promise<UserInfo[]>;
  users(db: Queryable, ids: readonly string[]): Promise<Map<string, UserInfo>>;
}

interface AgencyRowLike {
  id: string;
  name: string;
  kind: string;
  jurisdiction: string;
  exercise: number;
}
interface UserRowLike {
  id: string;
  email: string;
  display_name: string;
  agency_id: string;
  roles: string;
  status: string;
}

/** The identity module's repository functions this port reads (structurally typed). */
export interface IdentityReads {
  listAgencies(db: Queryable): Promise<AgencyRowLike[]>;
  listUsers(db: Queryable, f: { agencyIds?: readonly string[] }): Promise<UserRowLike[]>;
  usersByIds(db: Queryable, ids: readonly string[]): Promise<UserRowLike[]>;
}

const toUser = (r: UserRowLike): UserInfo => ({
  id: r.id,
  email: r.email,
  displayName: r.display_name,
  agencyId: r.agency_id,
  roles: JSON.parse(r.roles) as Role[],
  active: r.status === 'active',
});

/** Agencies change rarely: they are cached for this long; an id not in the cache reloads at once. */
const AGENCY_CACHE_MS = 30_000;

export function peopleFrom(identity: IdentityReads, now: () => number = Date.now): People {
  let cache = new Map<string, AgencyInfo>();
  let loadedAt = Number.NEGATIVE_INFINITY;
  return {
    async agencies(db, ids) {
      const wanted = [...new Set(ids)];
      const stale = now() - loadedAt > AGENCY_CACHE_MS || wanted.some((id) => !cache.has(id));
      if (wanted.length && stale) {
        const rows = await identity.listAgencies(db);
        cache = new Map(
          rows.map((a) => [
            a.id,
            {
              id: a.id,
              name: a.name,
              kind: a.kind,
              jurisdiction: a.jurisdiction,
              exercise: a.exercise === 1,
            },
          ]),
        );
        loadedAt = now();
      }
      return new Map(wanted.filter((id) => cache.has(id)).map((id) => [id, cache.get(id)!]));
    },
    async usersOf(db, agencyIds) {
      if (agencyIds.length === 0) return [];
      return (await identity.listUsers(db, { agencyIds })).map(toUser);
    },
    async users(db, ids) {
      const rows = ids.length ? await identity.usersByIds(db, [...new Set(ids)]) : [];
      return new Map(rows.map((r) => [r.id, toUser(r)]));
    },
  };
}
