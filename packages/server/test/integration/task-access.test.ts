import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemMeta } from '../../src/modules/access/actor.ts';
import { BOARD_PAGE } from '../../src/modules/requests/tasks/tasks.service.ts';
import { newId } from '../../src/platform/ids.ts';
import { actorFor, buildAgency, buildUser } from '../support/factories.ts';
import { engineName } from '../support/test-database.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';

/** An open execution task of `requestId` for `ownerAgencyId`, as the task service stores one. */
const taskRow = (
  requestId: string,
  ownerAgencyId: string,
  by: string,
  o: { title?: string; description?: string | null; dueAt?: string | null } = {},
) => {
  const now = new Date().toISOString();
  return {
    id: newId(),
    request_id: requestId,
    owner_agency_id: ownerAgencyId,
    owner_user_id: null,
    title: o.title ?? 'Obtain the records',
    description: o.description ?? null,
    measure: null,
    due_at: o.dueAt ?? null,
    status: 'open' as const,
    result: null,
    completed_at: null,
    version: 1,
    created_by: by,
    updated_by: by,
    created_at: now,
    updated_at: now,
  };
};

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
    const stored = taskRow(secret.data.id, executing.id, drafter.id, {
      title: 'Hear the witness',
      description: 'Details of the measure',
    });
    const taskId = stored.id;
    await t.node.database.db.insertInto('execution_task').values(stored).execute();
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

  it('tasks hidden by the gate never take a place on the board: its page fills with visible ones', async () => {
    const drafting = await buildAgency(t.node, { name: 'Drafting office 2' });
    const executing = await buildAgency(t.node, { name: 'Executing office 2' });
    const drafter = await buildUser(t.node, { agencyId: drafting.id, roles: ['prosecutor'], clearance: 3 });
    const low = await buildUser(t.node, { agencyId: executing.id, roles: ['investigator'], clearance: 0 });
    const create = (title: string, classification: number) =>
      t.node.requests.create(actorFor(drafter), systemMeta, { kind: 'mla', title, classification } as never);
    const secret = await create('Operation Heron', 3);
    const open = await create('Operation Wren', 0);
    const task = (requestId: string, dueAt: string | null) =>
      taskRow(requestId, executing.id, drafter.id, { dueAt });
    // A full page of tasks the officer may not see comes first by due date, then visible ones.
    const hidden = Array.from({ length: BOARD_PAGE }, () => task(secret.data.id, '2026-01-01T00:00:00.000Z'));
    // An undated task comes after the dated ones, on both engines.
    const visible = [
      task(open.data.id, null),
      task(open.data.id, '2026-02-01T00:00:00.000Z'),
      task(open.data.id, '2026-02-02T00:00:00.000Z'),
    ];
    for (let i = 0; i < hidden.length; i += 100)
      await t.node.database.db
        .insertInto('execution_task')
        .values(hidden.slice(i, i + 100))
        .execute();
    await t.node.database.db.insertInto('execution_task').values(visible).execute();
    const board = await t.node.lifecycle.tasks.board(actorFor(low), systemMeta, { mine: false });
    expect(board.map((x) => x.data.id)).toEqual([visible[1]!.id, visible[2]!.id, visible[0]!.id]);
  });
});
