import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INSTRUMENTS } from '../../src/modules/legal/data/index.ts';
import { INSTRUMENT_IDS, type Instrument } from '../../src/modules/legal/index.ts';
import { LegalService } from '../../src/modules/legal/legal.service.ts';
import { openNode } from '../../src/node.ts';
import { buildAgency, buildUser } from '../support/factories.ts';
import { TestClient } from '../support/http-client.ts';
import { engineName } from '../support/test-database.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';

// The legal registry as versioned data on either engine: seeded from the shipped instruments at start
// (idempotent, a changed instrument becomes a new version), edited by administrators through the API
// (new version, audited in the same transaction), and the advisor always on the current versions.

describe(`legal registry on ${engineName()}`, () => {
  let t: TestNode;
  let admin: TestClient;
  let officer: TestClient;
  let adminId: string;

  const versionRows = (id?: string) => {
    let q = t.node.database.db.selectFrom('legal_instrument_version').selectAll();
    if (id) q = q.where('instrument_id', '=', id);
    return q.orderBy('seq').execute();
  };
  const adviceFrDe = async (client: TestClient) =>
    client.post('/api/legal/advice', {
      requestingState: 'FR',
      requestedState: 'DE',
      measures: ['hearing-witness'],
      urgent: false,
      at: '2025-06-01',
    });

  beforeAll(async () => {
    t = await startTestNode();
    const agency = await buildAgency(t.node, { jurisdiction: 'DE' });
    const a = await buildUser(t.node, { agencyId: agency.id, roles: ['administrator'] });
    const o = await buildUser(t.node, { agencyId: agency.id, roles: ['investigator'] });
    adminId = a.id;
    admin = new TestClient(t.app);
    officer = new TestClient(t.app);
    await admin.signInWithMfa(a.email);
    await officer.signInWithMfa(o.email);
  });
  afterAll(() => t.close());

  it('seeds every shipped instrument once, as version 1 with its content hash', async () => {
    const rows = await versionRows();
    expect(rows.map((r) => r.instrument_id).sort()).toEqual([...INSTRUMENT_IDS].sort());
    for (const r of rows) {
      expect(r.version).toBe(1);
      expect(r.source).toBe('seed');
      expect(r.content_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(r.created_by).toBeNull();
    }
    expect(await t.node.legal.seed()).toEqual([]);
    expect(await versionRows()).toHaveLength(rows.length);
  });

  it('a restart on the same storage seeds nothing new', async () => {
    const again = await openNode(t.node.config);
    try {
      expect(await again.legal.seed()).toEqual([]);
      expect(await versionRows()).toHaveLength(INSTRUMENT_IDS.length);
    } finally {
      await again.close();
    }
  });

  it('lists the instruments with their version and how many facts are verified', async () => {
    const r = await officer.get('/api/instruments');
    expect(r.status).toBe(200);
    expect(r.body.items.map((i: { id: string }) => i.id)).toEqual([...INSTRUMENT_IDS]);
    const eio = r.body.items.find((i: { id: string }) => i.id === 'eio');
    expect(eio).toMatchObject({ version: 1, shortTitle: 'EIO', verified: true });
    expect(eio.parties).toContain('FR');
    expect(eio.parties).not.toContain('DK');
    expect(eio.rules.verified).toBeGreaterThan(0);
    expect(eio.rules.unverified).toBeGreaterThan(0);
  });

  it('one instrument carries every rule with its citation and verified flag', async () => {
    const r = await officer.get('/api/instruments/eio');
    expect(r.status).toBe(200);
    expect(r.headers.etag).toBe('"1"');
    expect(r.body.data).toMatchObject({ version: 1, source: 'seed', createdBy: null });
    expect(r.body.data.instrument).toEqual(
      JSON.parse(JSON.stringify(INSTRUMENTS.find((i) => i.id === 'eio'))),
    );
    expect(r.body.policies).toEqual({ update: false });
    const rules = r.body.data.rules as { path: string; kind: string; citation: string; verified: boolean }[];
    const decision = rules.find((x) => x.path === 'deadlineRules.1');
    expect(decision).toMatchObject({
      citation: 'Dir. 2014/41/EU Art. 12(3)',
      verified: true,
      kind: 'deadlineRules',
    });
    expect(rules.some((x) => x.kind === 'parties' && !x.verified)).toBe(true);
    expect(rules.every((x) => typeof x.citation === 'string' && typeof x.verified === 'boolean')).toBe(true);
    expect((await officer.get('/api/instruments/not-an-instrument')).status).toBe(422);
  });

  it('with ?lang= the registry’s prose comes translated, or marked as English original', async () => {
    const r = await officer.get('/api/instruments/eio?lang=fr');
    expect(r.status).toBe(200);
    expect(r.headers['content-language']).toBe('fr');
    // The instrument stays the English data an edit sends back.
    expect(r.body.data.instrument).toEqual(
      JSON.parse(JSON.stringify(INSTRUMENTS.find((i) => i.id === 'eio'))),
    );
    const prose = r.body.data.prose as Record<string, { text: string; lang: string }>;
    const neBis = (r.body.data.instrument.refusalGrounds as { id: string }[]).findIndex(
      (g) => g.id === 'ne_bis_in_idem',
    );
    expect(prose[`refusalGrounds.${neBis}.description`]).toEqual({
      text: 'Contraire au principe ne bis in idem',
      lang: 'fr',
    });
    expect(prose['requiredContents.0.label']).toEqual({ text: "Autorité d'émission : nom", lang: 'fr' });
    expect(prose['remarks.0.text']?.lang).toBe('en');
    expect((await officer.get('/api/instruments/eio')).body.data.prose).toBeUndefined();
    expect((await officer.get('/api/instruments/eio?lang=pl')).status).toBe(422);
  });

  it('an administrator edits an instrument: a new version, audited, used by the advisor at once', async () => {
    const before = await adviceFrDe(officer);
    const decide = before.body.instruments[0].deadlines.find(
      (d: { id: string }) => d.id === 'eio-recognition-decision',
    );
    expect(decide.duration).toBe('P30D');

    const current = (await admin.get('/api/instruments/eio')).body.data.instrument;
    const edited = structuredClone(current) as {
      deadlineRules: { id: string; duration: string; note?: string }[];
    };
    const rule = edited.deadlineRules.find((d) => d.id === 'eio-recognition-decision')!;
    rule.duration = 'P20D';
    rule.note = 'Exercise edit';
    const put = await admin.request('PUT', '/api/instruments/eio', edited, { 'if-match': '"1"' });
    expect(put.status).toBe(200);
    expect(put.headers.etag).toBe('"2"');
    expect(put.body.data).toMatchObject({ version: 2, source: 'admin', createdBy: adminId });
    expect(put.body.policies).toEqual({ update: true });

    const after = await adviceFrDe(officer);
    expect(
      after.body.instruments[0].deadlines.find((d: { id: string }) => d.id === 'eio-recognition-decision')
        .duration,
    ).toBe('P20D');

    const versions = await officer.get('/api/instruments/eio/versions');
    expect(
      versions.body.items.map((v: { version: number; source: string }) => [v.version, v.source]),
    ).toEqual([
      [2, 'admin'],
      [1, 'seed'],
    ]);
    const old = await officer.get('/api/instruments/eio?version=1');
    expect(old.body.data.instrument.deadlineRules[1].duration).toBe('P30D');

    await t.node.audit.flush();
    const audit = await t.node.database.db
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'instrument.update')
      .where('object_id', '=', 'eio')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_user_id: adminId, outcome: 'success', object_type: 'instrument' });
    expect(JSON.parse(audit[0]!.details)).toMatchObject({ version: 2, previousVersion: 1 });
  });

  it('identical content makes no version; a stale If-Match is 409; bad data is 422 naming the problem', async () => {
    const current = (await admin.get('/api/instruments/eio')).body.data.instrument;
    const same = await admin.request('PUT', '/api/instruments/eio', current);
    expect(same.status).toBe(200);
    expect(same.body.data.version).toBe(2);
    expect(await versionRows('eio')).toHaveLength(2);

    const stale = await admin.request('PUT', '/api/instruments/eio', current, { 'if-match': '"1"' });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('conflict');

    const unknownState = structuredClone(current);
    unknownState.parties[0].state = 'XX';
    const bad = await admin.request('PUT', '/api/instruments/eio', unknownState);
    expect(bad.status).toBe(422);
    expect(
      bad.body.errors.some((e: { message: string }) => e.message.includes('XX is not a known state')),
    ).toBe(true);

    const wrongId = await admin.request('PUT', '/api/instruments/eio', { ...current, id: 'eaw' });
    expect(wrongId.status).toBe(422);
    expect(wrongId.body.errors[0].path).toBe('body.id');

    const notSourced = structuredClone(current);
    delete notSourced.deadlineRules[0].citation;
    const schema = await admin.request('PUT', '/api/instruments/eio', notSourced);
    expect(schema.status).toBe(422);
    expect(schema.body.errors[0].path).toBe('body.deadlineRules.0.citation');
    expect(await versionRows('eio')).toHaveLength(2);
  });

  it('only administrators edit instruments', async () => {
    const current = (await officer.get('/api/instruments/eio')).body.data.instrument;
    const r = await officer.request('PUT', '/api/instruments/eio', current);
    expect(r.status).toBe(403);
  });

  it('changed shipped data becomes a new version on the next start; older versions stay', async () => {
    const shipped = INSTRUMENTS.map((i) =>
      i.id === 'untoc' ? { ...structuredClone(i), version: `${i.version} (corrected)` } : i,
    ) as Instrument[];
    const next = new LegalService(t.node.database, t.node.audit, t.node.clock, t.node.log, {
      shipped,
      refreshMs: 0,
    });
    expect(await next.seed()).toEqual(['untoc']);
    expect(await next.seed()).toEqual([]);
    const rows = await versionRows('untoc');
    expect(rows.map((r) => [r.version, r.source])).toEqual([
      [1, 'seed'],
      [2, 'seed'],
    ]);
    expect((await next.registry()).instrumentsById.get('untoc')?.version).toMatch(/corrected/);
    // Another instance (refreshMs 0) sees both changes; the admin edit of the EIO is kept.
    const other = new LegalService(t.node.database, t.node.audit, t.node.clock, t.node.log, { refreshMs: 0 });
    const snap = await other.snapshot();
    expect(snap.versions.get('untoc')?.version).toBe(2);
    expect(snap.versions.get('eio')).toMatchObject({ version: 2, source: 'admin' });
    // Reseeding the original data is again a change: a third version, the history intact.
    expect(await other.seed()).toEqual(['untoc']);
    expect((await versionRows('untoc')).map((r) => r.version)).toEqual([1, 2, 3]);
  });
});
