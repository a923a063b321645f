import type { Database } from '../../platform/db/database.ts';
import type { AccessGate } from '../access/access-gate.ts';
import { requestsRepository as repo } from './requests.repository.ts';

/**
 * A request is readable by officers of the drafting agency whose clearance reaches its
 * classification; while it is a draft they may also edit it. (The lifecycle will add the requested
 * authority, approvers and task-force members.)
 */
export function registerRequestRules(gate: AccessGate, database: Database): void {
  gate.register(
    'request.read',
    async (actor, ids, db) =>
      new Set(await repo.readableIds(db ?? database.db, ids, actor.agencyId, actor.clearance)),
  );
  gate.register(
    'request.update',
    async (actor, ids) => new Set(await repo.editableIds(database.db, ids, actor.agencyId, actor.clearance)),
  );
}
