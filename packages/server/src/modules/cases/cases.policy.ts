import type { Database } from '../../platform/db/database.ts';
import type { AccessGate } from '../access/access-gate.ts';
import { casesRepository as repo } from './cases.repository.ts';

/**
 * A case file is readable by officers of the holding agency whose clearance reaches its
 * classification. (Task-force membership and explicit shares will widen this.)
 */
export function registerCaseRules(gate: AccessGate, database: Database): void {
  const readable = async (actor: { agencyId: string; clearance: number }, ids: readonly string[]) =>
    new Set(await repo.readableIds(database.db, ids, actor.agencyId, actor.clearance));
  gate.register('case.read', readable);
  gate.register('case.update', readable);
}
