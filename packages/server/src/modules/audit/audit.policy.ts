import type { Database } from '../../platform/db/database.ts';
import type { AccessGate } from '../access/access-gate.ts';
import type { Actor } from '../access/actor.ts';

/**
 * Auditors and data-protection officers read the events of their own agency and the agencies
 * below it. (A node-wide auditor is an auditor of the node's root agency.)
 */
export async function auditScope(database: Database, actor: Actor): Promise<string[]> {
  const all = await database.db.selectFrom('agency').select(['id', 'parent_id']).execute();
  const scope = new Set([actor.agencyId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const a of all) {
      if (a.parent_id && scope.has(a.parent_id) && !scope.has(a.id)) {
        scope.add(a.id);
        grew = true;
      }
    }
  }
  return [...scope];
}

export function registerAuditRules(gate: AccessGate, database: Database): void {
  gate.register('audit.read', async (actor, ids) => {
    const scope = await auditScope(database, actor);
    const rows = await database.db
      .selectFrom('audit_event')
      .select('id')
      .where('id', 'in', [...ids])
      .where('actor_agency_id', 'in', scope)
      .execute();
    return new Set(rows.map((r) => r.id));
  });
}
