import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemMeta } from '../../src/modules/access/actor.ts';
import { verifyAuditLog } from '../../src/modules/audit/audit-verifier.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';

/**
 * Against a real database on either engine: build a signed log, tamper with it in one of the ways
 * an insider with database access could, and check that verification catches it. Each case runs
 * in a transaction that is rolled back, so the log is intact for the next.
 */
describe('audit log tampering is detected', () => {
  let t: TestNode;
  const N = 40;

  beforeAll(async () => {
    t = await startTestNode();
    for (let i = 0; i < N; i++) {
      await t.node.audit.record(
        { actor: null, meta: systemMeta },
        { action: `test.event-${i % 7}`, objectType: 'case', objectId: `obj-${i}`, details: { i } },
      );
    }
    await t.node.audit.checkpoint();
  });
  afterAll(() => t.close());

  const verify = (db = t.node.database.db) => verifyAuditLog(db, t.node.nodeId, t.node.keys.all());

  /** Runs `tamper` inside a transaction, verifies inside it, then rolls back. */
  async function verifyAfter(tamper: (tx: typeof t.node.database.db) => Promise<unknown>) {
    let report: Awaited<ReturnType<typeof verify>> | undefined;
    await t.node.database.db
      .transaction()
      .execute(async (tx) => {
        await tamper(tx as unknown as typeof t.node.database.db);
        report = await verify(tx as unknown as typeof t.node.database.db);
        throw new Error('rollback');
      })
      .catch((e) => {
        if ((e as Error).message !== 'rollback') throw e;
      });
    return report!;
  }

  it('the untouched log verifies against its signed checkpoint', async () => {
    const r = await verify();
    expect(r.ok).toBe(true);
    expect(r.treeSize).toBe(N);
    expect(r.checkpointsChecked).toBeGreaterThanOrEqual(1);
  });

  it('detects any edit, deletion, insertion or reordering of any event (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('edit-field', 'edit-field-and-rehash', 'delete', 'insert', 'swap', 'edit-time'),
        fc.integer({ min: 0, max: N - 1 }),
        fc.integer({ min: 0, max: N - 1 }),
        async (kind, i, j) => {
          if (kind === 'swap' && i === j) j = (i + 1) % N;
          const report = await verifyAfter(async (db) => {
            switch (kind) {
              case 'edit-field':
                await db
                  .updateTable('audit_event')
                  .set({ action: 'something.else' })
                  .where('leaf_index', '=', i)
                  .execute();
                break;
              case 'edit-field-and-rehash': {
                // A careful forger recomputes the stored leaf hash too: the signed root still differs.
                const row = await db
                  .selectFrom('audit_event')
                  .selectAll()
                  .where('leaf_index', '=', i)
                  .executeTakeFirstOrThrow();
                const { eventLeafHash } = await import('../../src/modules/audit/audit-event.ts');
                const { seq: _s, leaf_hash: _h, leaf_index: _l, ...fields } = row;
                const forged = {
                  ...fields,
                  outcome: row.outcome === 'success' ? ('failure' as const) : ('success' as const),
                };
                await db
                  .updateTable('audit_event')
                  .set({ outcome: forged.outcome, leaf_hash: eventLeafHash(forged) })
                  .where('leaf_index', '=', i)
                  .execute();
                break;
              }
              case 'edit-time':
                await db
                  .updateTable('audit_event')
                  .set({ occurred_at: '2020-01-01T00:00:00.000Z' })
                  .where('leaf_index', '=', i)
                  .execute();
                break;
              case 'delete':
                await db.deleteFrom('audit_event').where('leaf_index', '=', i).execute();
                break;
              case 'insert': {
                // Shift everything from i up by one and slip a forged event in at i.
                await sql`UPDATE audit_event SET leaf_index = -leaf_index - 1 WHERE leaf_index >= ${i}`.execute(
                  db,
                );
                await sql`UPDATE audit_event SET leaf_index = -leaf_index WHERE leaf_index < 0`.execute(db);
                const row = await db
                  .selectFrom('audit_event')
                  .selectAll()
                  .where('leaf_index', '=', i + 1)
                  .executeTakeFirstOrThrow();
                const { eventLeafHash } = await import('../../src/modules/audit/audit-event.ts');
                const { seq: _s, leaf_hash: _h, leaf_index: _l, ...fields } = row;
                const forged = {
                  ...fields,
                  id: '01a00000-0000-7000-8000-000000000000',
                  action: 'forged.event',
                };
                await db
                  .insertInto('audit_event')
                  .values({ ...forged, leaf_index: i, leaf_hash: eventLeafHash(forged) })
                  .execute();
                break;
              }
              case 'swap':
                await sql`UPDATE audit_event SET leaf_index = CASE WHEN leaf_index = ${i} THEN ${-1} ELSE leaf_index END WHERE leaf_index = ${i}`.execute(
                  db,
                );
                await sql`UPDATE audit_event SET leaf_index = ${i} WHERE leaf_index = ${j}`.execute(db);
                await sql`UPDATE audit_event SET leaf_index = ${j} WHERE leaf_index = ${-1}`.execute(db);
                break;
            }
          });
          expect(report.ok, `${kind} at ${i}/${j}`).toBe(false);
          expect(report.problems.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('detects a forged or re-signed checkpoint', async () => {
    const report = await verifyAfter((db) =>
      db
        .updateTable('audit_checkpoint')
        .set({ root_hash: '00'.repeat(32) })
        .execute(),
    );
    expect(report.ok).toBe(false);
    expect(report.problems.join(' ')).toMatch(/signature|root/);
  });

  it('detects truncation of the tail behind the last checkpoint', async () => {
    const report = await verifyAfter((db) =>
      db
        .deleteFrom('audit_event')
        .where('leaf_index', '>=', N - 3)
        .execute(),
    );
    expect(report.ok).toBe(false);
  });
});
