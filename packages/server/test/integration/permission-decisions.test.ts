import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemMeta } from '../../src/modules/access/actor.ts';
import { readLabels } from '../../src/modules/dissemination/labelled-objects.ts';
import type { PermissionRequests } from '../../src/modules/dissemination/permission-requests.ts';
import { engineName } from '../support/test-database.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';
import { evidenceWorld } from './evidence/evidence-world.ts';

// An originator deciding several permission requests at once (two tabs, a quick hand on a list):
// every grant ends in the object's labels and each request is decided once, on both engines. On
// PostgreSQL concurrent decisions read the labels before either wrote them.

describe(`permission decisions taken at the same time on ${engineName()}`, () => {
  let t: TestNode;
  let w: Awaited<ReturnType<typeof evidenceWorld>>;
  let permissions: PermissionRequests;

  beforeAll(async () => {
    t = await startTestNode();
    w = await evidenceWorld(t.node);
    permissions = t.node.messaging.permissions;
  });
  afterAll(() => t.close());

  it('keeps every grant made on the same object at once', async () => {
    for (let round = 0; round < 6; round++) {
      const item = await w.item({ tlp: 'GREEN', handlingCode: 'H1', recipients: [w.b.id, w.c.id] });
      const asked = await Promise.all(
        (['b', 'c'] as const).map((k) =>
          permissions.request(
            w.actors[k],
            systemMeta,
            { kind: 'judicial', objectType: 'evidence', objectId: item.id, reason: 'Trial' },
            item.labels,
          ),
        ),
      );
      await Promise.all(asked.map((pr) => permissions.decide(w.actors.a, systemMeta, pr.id, 'granted')));
      const labels = await readLabels(t.node.database.db, 'evidence', item.id);
      expect(labels?.permissions.map((p) => p.agencyId).sort()).toEqual([w.b.id, w.c.id].sort());
    }
  });

  it('decides a request once: a second decision at the same time is a conflict', async () => {
    for (let round = 0; round < 6; round++) {
      const item = await w.item({ tlp: 'GREEN', handlingCode: 'H1', recipients: [w.b.id] });
      const pr = await permissions.request(
        w.actors.b,
        systemMeta,
        { kind: 'judicial', objectType: 'evidence', objectId: item.id, reason: 'Trial' },
        item.labels,
      );
      const outcomes = await Promise.allSettled(
        (['granted', 'refused'] as const).map((d) => permissions.decide(w.actors.a, systemMeta, pr.id, d)),
      );
      const decided = outcomes.filter((o) => o.status === 'fulfilled');
      expect(decided).toHaveLength(1);
      expect(outcomes.find((o) => o.status === 'rejected')).toMatchObject({ reason: { status: 409 } });
      const labels = await readLabels(t.node.database.db, 'evidence', item.id);
      const granted = decided[0]!.status === 'fulfilled' && decided[0]!.value.status === 'granted';
      expect(labels?.permissions.length).toBe(granted ? 1 : 0);
    }
  });
});
