import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemMeta } from '../../src/modules/access/actor.ts';
import { newId } from '../../src/platform/ids.ts';
import { actorFor, buildAgency, buildUser } from '../support/factories.ts';
import { engineName } from '../support/test-database.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';

/**
 * Owning a task is not reading its request: the task board and task updates ask the access gate,
 * so an officer below the request's classification neither sees nor changes its tasks.
 */
describe(`execution tasks and the request's classification on ${engineName()}`, () => {
  let t: TestNode;
  beforeAll(async () => {
    t = await startTestNode();
  });
  afterAll(async () => t.close());

  it('an officer cleared below the request sees none of its tasks and cannot update them', async () => {
    const drafting = await buildAgency(t.node, { name: 'Drafting office' });
    const executing = await buildAgency(t.node, { name: 'Executing office' });
    const drafter = await buildUser(t.node, { agencyId: drafting.id, roles: ['prosecutor'], clearance: 3 });
    const low = await buildUser(t.node, { agencyId: executing.id, roles: ['investigator'], clearance: 0 });
    const cleared = await buildUser(t.node, {
      agencyId: executing.id,
      roles: ['investigator'],
      clearance: 3,
    });
    const secret = await t.node.requests.create(actorFor(drafter), systemMeta, {
      kind: 'mla',
      title: 'Operation Falcon',
      classification: 3,
    } as never);
    const now = new Date().toISOString();
    const taskId = newId();
    await t.node.database.db
      .insertInto('execution_task')
      .values({
        id: taskId,
        request_id: secret.data.id,
        owner_agency_id: executing.id,
        owner_user_id: null,
        title: 'Hear the witness',
        description: 'Details of the measure',
        measure: null,
        due_at: null,
        status: 'open',
        result: null,
        completed_at: null,
        version: 1,
        created_by: drafter.id,
        updated_by: drafter.id,
        created_at: now,
        updated_at: now,
      })
      .execute();
    const tasks = t.node.lifecycle.tasks;
    expect(await tasks.board(actorFor(low), systemMeta, { mine: false })).toEqual([]);
    await expect(
      tasks.update(actorFor(low), systemMeta, taskId, { expectedVersion: 1, status: 'in-progress' }),
    ).rejects.toMatchObject({ code: 'not-found' });
    const row = await t.node.database.db
      .selectFrom('execution_task')
      .select(['status', 'version'])
      .where('id', '=', taskId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'open', version: 1 });
    // The same task for an officer cleared for the request.
    const board = await tasks.board(actorFor(cleared), systemMeta, { mine: false });
    expect(board.map((x) => x.data.id)).toEqual([taskId]);
  });
});
