import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoWorld } from '../../src/modules/demo/demo.service.ts';
import { demoDrafts } from '../../src/modules/demo/demo-requests.ts';
import { TestClient } from '../support/http-client.ts';
import { engineName } from '../support/test-database.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';

// The exercise world carries request drafts in several states of completeness and a directory of
// competent authorities, so a trainer can show the advisor, the findings and the finder at once.

describe(`demo world: drafts and directory on ${engineName()}`, () => {
  let t: TestNode;

  beforeAll(async () => {
    t = await startTestNode({ demo: true });
    await seedDemoWorld(t.node);
  });
  afterAll(() => t.close());

  const draftBy = async (title: string) => {
    const row = await t.node.database.db
      .selectFrom('mla_request')
      .selectAll()
      .where('title', '=', title)
      .executeTakeFirstOrThrow();
    return { row, report: await t.node.requests.findingsFor(row.id) };
  };

  it('seeds every demo draft as exercise data', async () => {
    const all = await t.node.database.db.selectFrom('mla_request').selectAll().execute();
    // The lifecycle's demo requests (demo-lifecycle.ts) are there too, in every state.
    const titles = new Set(demoDrafts.map((d) => d.body.title));
    const rows = all.filter((r) => titles.has(r.title ?? undefined));
    expect(rows).toHaveLength(demoDrafts.length);
    expect(rows.every((r) => r.exercise === 1 && r.status === 'draft')).toBe(true);
    expect(all.every((r) => r.exercise === 1)).toBe(true);
  });

  it('a complete DE→FR EIO, an FR→ES EIO missing the issuing authority’s e-mail, a DE→US MLA request', async () => {
    const complete = await draftBy('Nordlicht: bank records and a witness in Paris');
    expect(complete.row).toMatchObject({
      requesting_state: 'DE',
      requested_state: 'FR',
      instrument_id: 'eio',
    });
    expect(complete.row.case_id).not.toBeNull();
    expect(complete.report.submittable).toBe(true);

    const incomplete = await draftBy('Car dealerships: search in Madrid');
    expect(incomplete.row).toMatchObject({ requesting_state: 'FR', requested_state: 'ES' });
    expect(incomplete.report.submittable).toBe(false);
    expect(incomplete.report.findings.filter((f) => f.severity === 'blocking').map((f) => f.path)).toEqual([
      'issuingAuthority.email',
    ]);

    const us = await draftBy('Ransomware: account data from a US provider');
    expect(us.row).toMatchObject({
      requesting_state: 'DE',
      requested_state: 'US',
      instrument_id: 'us-eu-mla',
    });
    expect(us.report.submittable).toBe(true);

    const urgent = await draftBy('Algeciras: preserve messaging account');
    expect(urgent.report.findings.map((f) => `${f.severity}:${f.code}`)).toContain(
      'blocking:urgency-without-reasons',
    );
  });

  it('a demo officer sees her agency’s draft and its findings over HTTP', async () => {
    const c = new TestClient(t.app);
    expect((await c.login('claire.martin@fr-pj.example', 'exercise-password-2026')).status).toBe(200);
    const list = await c.get('/api/requests?direction=outgoing');
    expect(list.body.items.map((i: { data: { title: string } }) => i.data.title)).toEqual([
      'Car dealerships: search in Madrid',
    ]);
    const id = list.body.items[0].data.id;
    const findings = await c.get(`/api/requests/${id}/findings?lang=fr`);
    expect(findings.body.findings[0].message).toContain('Manquant');
    const who = await c.get('/api/directory/competent?measure=search-seizure&state=ES&place=Madrid');
    expect(who.body.items[0]).toMatchObject({ match: 'place' });
    expect(who.body.items[0].agency.name).toContain('Central Investigating Court');
  });
});
