import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemMeta } from '../../src/modules/access/actor.ts';
import { engineName } from '../support/test-database.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';

// Every read is audited, so a busy node's log passes 2^31 events. Its leaf indices and checkpoint
// tree sizes were `integer` on PostgreSQL: the sequencer failed there with "integer out of range"
// and no event after it got a place in the log. SQLite's integers are 64-bit.

describe(`audit log positions past 2^31 on ${engineName()}`, () => {
  let t: TestNode;
  const past = 2 ** 31;

  beforeAll(async () => {
    t = await startTestNode();
  });
  afterAll(() => t.close());

  const record = (i: number) =>
    t.node.audit.record({ actor: null, meta: systemMeta }, { action: 'test.event', details: { i } });

  it('the sequencer gives the next event leaf index 2^31', async () => {
    await record(1);
    await t.node.audit.sequence();
    const db = t.node.database.db;
    // As if 2^31 − 1 events came before the last one.
    const last = await db
      .selectFrom('audit_event')
      .select(['seq', 'leaf_index'])
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    await db
      .updateTable('audit_event')
      .set({ leaf_index: past - 1 })
      .where('seq', '=', last.seq)
      .execute();
    await record(2);
    await t.node.audit.sequence();
    const next = await db
      .selectFrom('audit_event')
      .select('leaf_index')
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(next.leaf_index).toBe(past);
  });

  it('a checkpoint over more than 2^31 events is stored and read back as a number', async () => {
    const db = t.node.database.db;
    await db
      .insertInto('audit_checkpoint')
      .values({
        tree_size: past + 1,
        root_hash: 'ab'.repeat(32),
        issued_at: '2026-12-01T00:00:00.000Z',
        key_id: 'k',
        signature: 's',
      })
      .execute();
    const row = await db
      .selectFrom('audit_checkpoint')
      .select('tree_size')
      .where('tree_size', '>', past)
      .executeTakeFirstOrThrow();
    expect(row.tree_size).toBe(past + 1);
  });
});
