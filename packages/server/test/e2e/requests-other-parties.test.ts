import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findDocumentFonts } from '../../src/modules/requests/document/fonts.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { buildLifecycleWorld, nordlichtEio, step, type World } from '../support/lifecycle-world.ts';
import { PURPOSE } from '../support/request-factories.ts';
import { engineName } from '../support/test-database.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';

// Other parties to a request (validator, recipient, executing agencies) read only the version they
// were sent or approved — in GET, versions, findings and the PDF alike. At `submit` the validating
// agency named in the draft becomes a party; before the four-eyes approval it may read nothing.

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

describe(`other parties read only the version they see, on ${engineName()}`, () => {
  const clock = new ManualClock(new Date('2026-03-02T09:00:00.000Z'));
  let t: TestNode;
  let w: World;
  let id: string;

  const reads = async (who: keyof Pick<World, 'anna' | 'markus' | 'ines'>) => {
    const c = w[who].client;
    return {
      get: await c.get(`/api/requests/${id}`, PURPOSE),
      versions: await c.get(`/api/requests/${id}/versions`),
      findings: await c.get(`/api/requests/${id}/findings`),
      document: await c.get(`/api/requests/${id}/document.pdf`, PURPOSE),
    };
  };

  beforeAll(async () => {
    try {
      findDocumentFonts();
    } catch {
      execFileSync('sh', [path.join(root, 'scripts/ensure-fonts.sh')], { stdio: 'inherit' });
    }
    t = await startTestNode({ clock });
    w = await buildLifecycleWorld(t, clock);
    const r = await w.anna.client.post('/api/requests', nordlichtEio(w));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    id = r.body.data.id;
  });
  afterAll(() => t.close());

  it('submitted, not yet approved: the validating agency reads neither the request nor its PDF or findings', async () => {
    await step(w.anna, id, { action: 'submit', expectedVersion: 1 });
    const mine = await reads('anna');
    expect(mine.get.status).toBe(200);
    expect(mine.findings.status).toBe(200);
    expect(mine.document.status).toBe(200);

    const validator = await reads('markus');
    expect(validator.get.status).toBe(404);
    expect(validator.versions.body.items).toEqual([]);
    expect(validator.findings.status).toBe(404);
    expect(validator.findings.body.code).toBe('not-found');
    expect(validator.document.status).toBe(404);
    expect(validator.document.body.code).toBe('not-found');
    // Persons concerned never reach it: the PDF is refused before anything is rendered or audited.
    const documents = await t.node.database.db
      .selectFrom('audit_event')
      .select(['actor_user_id', 'action'])
      .where('action', 'in', ['request.document', 'request.findings'])
      .where('actor_user_id', '=', w.markus.id)
      .execute();
    expect(documents).toEqual([]);

    // Agencies that are no party at all: 404 as before.
    const stranger = await reads('ines');
    expect(stranger.findings.status).toBe(404);
    expect(stranger.document.status).toBe(404);
  });

  it('once approved, the validator reads the approved version, and only that one', async () => {
    await step(w.jonas, id, { action: 'approve', expectedVersion: 2 });
    const validator = await reads('markus');
    expect(validator.get.status).toBe(200);
    expect(validator.get.body.data.version).toBe(1);
    expect(validator.findings.status).toBe(200);
    expect(validator.findings.body.version).toBe(1);
    expect(validator.document.status).toBe(200);
    expect(String(validator.document.headers['content-disposition'])).toMatch(/-v1\.pdf"$/);
  });
});
