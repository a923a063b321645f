import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoWorld } from '../../../src/modules/demo/demo.service.ts';
import { verifyCustodyChain } from '../../../src/modules/evidence/custody-chain.ts';
import { evidenceRepository } from '../../../src/modules/evidence/evidence.repository.ts';
import { startTestNode, type TestNode } from '../../support/test-node.ts';

describe('demo world: threads and evidence', () => {
  let t: TestNode;
  beforeAll(async () => {
    t = await startTestNode({ demo: true });
    await seedDemoWorld(t.node);
  });
  afterAll(() => t.close());

  it('has threads on requests with labelled messages, and evidence with custody histories', async () => {
    const db = t.node.database.db;
    const threads = await db.selectFrom('thread').selectAll().execute();
    expect(threads.length).toBeGreaterThanOrEqual(2);
    expect(threads.every((th) => th.request_id)).toBe(true);
    // Told apart in the list: the demo's requests share a case reference, not a title.
    expect(new Set(threads.map((th) => th.subject)).size).toBe(threads.length);
    const tlps = (await db.selectFrom('message').select('labels').execute()).map(
      (m) => JSON.parse(m.labels).tlp,
    );
    expect(new Set(tlps)).toEqual(new Set(['GREEN', 'AMBER', 'RED']));
    const items = await db.selectFrom('evidence_item').selectAll().execute();
    expect(items.length).toBe(threads.length);
    for (const i of items) {
      const chain = await evidenceRepository.custody(db, i.id);
      expect(chain.map((r) => r.event)).toEqual([
        'created',
        'uploaded',
        'hash-verified',
        'transferred',
        'received',
        'sealed',
      ]);
      expect(verifyCustodyChain(chain)).toEqual([]);
    }
  });
});
