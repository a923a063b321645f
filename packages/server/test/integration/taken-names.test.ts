import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemMeta } from '../../src/modules/access/actor.ts';
import { engineName } from '../support/test-database.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';
import { evidenceWorld } from './evidence/evidence-world.ts';

// A name that must be unique (a case's reference, an exhibit number, an e-mail) asked for twice at
// once — a double click, a retried request — is created once and the other answer is 409, on both
// engines. On PostgreSQL both checks ran before either insert, and the unique index's refusal of
// the second came out as a 500.

/** One creation succeeded and every other was refused as a conflict. */
async function onceAndConflicts(attempts: Promise<unknown>[]) {
  const outcomes = await Promise.allSettled(attempts);
  expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
  for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toMatchObject({ status: 409 });
}

describe(`a unique name asked for twice at once on ${engineName()}`, () => {
  let t: TestNode;
  let w: Awaited<ReturnType<typeof evidenceWorld>>;

  beforeAll(async () => {
    t = await startTestNode();
    w = await evidenceWorld(t.node);
  });
  afterAll(() => t.close());

  it('a jurisdiction code', async () => {
    for (const code of ['XA', 'XB', 'XC', 'XD']) {
      const input = { code, name: `Test state ${code}` };
      await onceAndConflicts(
        [1, 2].map(() => t.node.directory.createJurisdictionAs(null, systemMeta, input)),
      );
      const created = await t.node.database.db
        .selectFrom('audit_event')
        .select('id')
        .where('action', '=', 'jurisdiction.create')
        .where('object_id', '=', code)
        .execute();
      expect(created, code).toHaveLength(1);
    }
  });

  it('a case reference', async () => {
    for (let round = 0; round < 4; round++) {
      const input = { reference: `R-${round}`, title: 'Fraud', classification: 0 };
      await onceAndConflicts([1, 2].map(() => t.node.cases.create(w.actors.a, systemMeta, input)));
    }
  });

  it('an exhibit number', async () => {
    for (let round = 0; round < 4; round++) {
      const input = {
        exhibitNumber: `EX-race-${round}`,
        description: 'Phone',
        source: 'Search of premises',
        labels: { tlp: 'GREEN' as const, handlingCode: 'H0' as const },
      };
      await onceAndConflicts([1, 2].map(() => t.node.evidence.service.create(w.actors.a, systemMeta, input)));
    }
  });

  it('an e-mail address', async () => {
    for (let round = 0; round < 4; round++) {
      const input = {
        email: `twice-${round}@pj.example`,
        displayName: 'Jean Dupont',
        agencyId: w.a.id,
        roles: ['investigator' as const],
        clearance: 1,
        languages: ['fr'],
        password: 'correct-horse-battery-staple-42',
      };
      await onceAndConflicts([1, 2].map(() => t.node.users.create(null, systemMeta, input)));
    }
  });

  it('a saved view: the name once, and never past the cap of 50 however many are saved at once', async () => {
    const inbox = t.node.lifecycle.inbox;
    const save = (name: string) => inbox.saveView(w.actors.b, { name, view: 'overdue', filters: {} });
    const refused = { status: 422, errors: [{ path: 'body.name' }] };
    const once = await Promise.allSettled([1, 2].map(() => save('Twice')));
    expect(once.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const o of once) if (o.status === 'rejected') expect(o.reason).toMatchObject(refused);
    for (let i = 2; i <= 47; i++) await save(`View ${i}`);
    // 47 saved; six at once: three fit.
    const burst = await Promise.allSettled([1, 2, 3, 4, 5, 6].map((i) => save(`Burst ${i}`)));
    expect(burst.filter((o) => o.status === 'fulfilled')).toHaveLength(3);
    for (const o of burst) if (o.status === 'rejected') expect(o.reason).toMatchObject(refused);
    expect(await inbox.views(w.actors.b)).toHaveLength(50);
  });
});
