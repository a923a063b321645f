import type { Database } from '../../platform/db/database.ts';
import type { AccessGate } from '../access/access-gate.ts';
import type { Actor } from '../access/actor.ts';
import { identityRepository as repo } from './identity.repository.ts';

/**
 * Administrators run the node and see every account on it; others see their agency's subtree. An
 * administrator of the exercise world — whose password may be the published demo one — runs only
 * that world: its agencies and their accounts (access/exercise-world.ts).
 */
const isNodeAdmin = (actor: Actor) => actor.roles.includes('administrator');

export function registerIdentityRules(gate: AccessGate, database: Database): void {
  const db = database.db;
  const existingAgencies = async (ids: readonly string[], exerciseOnly = false) => {
    let q = db
      .selectFrom('agency')
      .select('id')
      .where('id', 'in', [...ids]);
    if (exerciseOnly) q = q.where('exercise', '=', 1);
    return new Set((await q.execute()).map((r) => r.id));
  };

  // The directory of agencies on this node is visible to every signed-in officer.
  gate.register('agency.read', (_actor, ids) => existingAgencies(ids));
  gate.register('agency.manage', async (actor, ids) =>
    isNodeAdmin(actor) ? existingAgencies(ids, actor.exercise) : new Set(),
  );

  const usersIn = async (actor: Actor, ids: readonly string[]) => {
    let q = db
      .selectFrom('user_account')
      .select('id')
      .where('id', 'in', [...ids]);
    if (!isNodeAdmin(actor)) q = q.where('agency_id', 'in', await repo.agencySubtree(db, actor.agencyId));
    else if (actor.exercise)
      q = q.where('agency_id', 'in', db.selectFrom('agency').select('id').where('exercise', '=', 1));
    return new Set((await q.execute()).map((r) => r.id));
  };
  gate.register('user.read', usersIn);
  gate.register('user.manage', async (actor, ids) => (isNodeAdmin(actor) ? usersIn(actor, ids) : new Set()));
}

/** Agencies whose users the actor may list (undefined = all on the node). */
export async function visibleAgencyIds(database: Database, actor: Actor): Promise<string[] | undefined> {
  if (!isNodeAdmin(actor)) return repo.agencySubtree(database.db, actor.agencyId);
  return actor.exercise ? exerciseAgencyIds(database) : undefined;
}

async function exerciseAgencyIds(database: Database): Promise<string[]> {
  const rows = await database.db.selectFrom('agency').select('id').where('exercise', '=', 1).execute();
  return rows.map((r) => r.id);
}
