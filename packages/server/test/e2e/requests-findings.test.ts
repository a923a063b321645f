import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.ts';
import { buildAgency, buildUser } from '../support/factories.ts';
import { TestClient } from '../support/http-client.ts';
import { buildEioRequest, buildMlaRequest, PURPOSE } from '../support/request-factories.ts';
import { engineName } from '../support/test-database.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';

// GET /api/requests/{id}/findings: the validator on the stored draft, field by field, in the caller's
// language, with `submittable` as the gate the lifecycle will use (findingsFor / assertSubmittable).

interface F {
  code: string;
  severity: string;
  path: string;
  message: string;
  citation: string;
  verified: boolean;
}

describe(`request findings on ${engineName()}`, () => {
  let t: TestNode;
  let drafter: TestClient;
  const clock = new ManualClock(new Date('2026-03-02T10:00:00.000Z'));

  const create = async (body: unknown) => {
    const r = await drafter.post('/api/requests', body);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.data.id as string;
  };
  const findings = async (id: string, query = '', headers: Record<string, string> = {}) => {
    const r = await drafter.get(`/api/requests/${id}/findings${query}`, headers);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body as {
      submittable: boolean;
      blocking: number;
      warnings: number;
      findings: F[];
      [k: string]: unknown;
    };
  };

  beforeAll(async () => {
    t = await startTestNode({ clock });
    const agency = await buildAgency(t.node, { jurisdiction: 'DE', kind: 'prosecution' });
    const user = await buildUser(t.node, { agencyId: agency.id, roles: ['prosecutor'] });
    drafter = new TestClient(t.app, clock);
    await drafter.signInWithMfa(user.email);
  });
  afterAll(() => t.close());

  it('a complete EIO has no blocking finding and is submittable', async () => {
    const id = await create(buildEioRequest());
    const r = await findings(id);
    expect(r.findings.filter((f) => f.severity === 'blocking')).toEqual([]);
    expect(r).toMatchObject({ submittable: true, blocking: 0, version: 1, at: '2026-03-02', language: 'en' });
    expect(r.instrument).toEqual({ id: 'eio', version: 1 });
    await expect(t.node.requests.assertSubmittable(id)).resolves.toMatchObject({ submittable: true });
  });

  it('omitting the issuing authority’s e-mail is a blocking finding on that field, citing EIO Art. 5(1)(a)', async () => {
    const base = buildEioRequest();
    const { email: _omitted, ...authority } = base.issuingAuthority!;
    const id = await create({ ...base, issuingAuthority: authority });
    const r = await findings(id);
    expect(r.submittable).toBe(false);
    const f = r.findings.find((x) => x.path === 'issuingAuthority.email');
    expect(f).toMatchObject({
      code: 'missing-content',
      severity: 'blocking',
      citation: 'Dir. 2014/41/EU Art. 5(1)(a)',
      verified: true,
      message: 'Missing: Issuing authority: email.',
    });

    // The lifecycle's gate refuses it, naming the field.
    const gate = await t.node.requests.assertSubmittable(id).catch((e) => e);
    expect(gate.status).toBe(422);
    expect(gate.errors).toContainEqual({ path: 'draft.issuingAuthority.email', message: f!.message });

    // Adding the e-mail (a new version) clears it.
    const saved = await drafter.patch(
      `/api/requests/${id}`,
      { expectedVersion: 1, issuingAuthority: { ...authority, email: 'eea@sta-frankfurt.example' } },
      PURPOSE,
    );
    expect(saved.body.data.findings.submittable).toBe(true);
    expect((await findings(id)).version).toBe(2);
  });

  it('messages come in the language asked for (lang, then Accept-Language), English otherwise', async () => {
    const id = await create(buildEioRequest({ urgency: { urgent: true } }));
    const fr = await findings(id, '?lang=fr');
    expect(fr.language).toBe('fr');
    expect(fr.findings.find((f) => f.code === 'urgency-without-reasons')?.message).toContain('urgente');
    const de = await findings(id, '', { 'accept-language': 'pl, de;q=0.8, en;q=0.5' });
    expect(de.language).toBe('de');
    expect(de.findings.find((f) => f.code === 'urgency-without-reasons')?.message).toContain('dringend');
    const en = await findings(id, '', { 'accept-language': 'pl' });
    expect(en.language).toBe('en');
    expect((await drafter.get(`/api/requests/${id}/findings?lang=pl`)).status).toBe(422);
  });

  it('checks field by field: measure not covered, language, dual criminality, persons, urgency reasons', async () => {
    const id = await create(
      buildEioRequest({
        language: 'de',
        urgency: { urgent: true },
        offences: [{ legalClassification: 'Untreue, § 266 StGB', maxPenaltyMonths: 60 }],
        measures: [
          { id: 'service-of-documents', details: 'Zustellung einer Ladung' },
          { id: 'search-seizure', details: 'Durchsuchung der Büroräume' },
          { id: 'hearing-witness', details: 'Vernehmung', personIndex: 3 },
        ],
      }),
    );
    const r = await findings(id);
    const at = (code: string) =>
      r.findings.filter((f) => f.code === code).map((f) => `${f.severity}@${f.path}`);
    expect(at('measure-not-covered')).toEqual(['blocking@measures.0.id']);
    expect(at('language-not-accepted')).toEqual(['warning@language']);
    expect(at('dual-criminality-risk')).toEqual(['warning@offences.0.punishableInRequestedState']);
    expect(at('person-data-missing')).toEqual(['blocking@measures.2.personIndex']);
    expect(at('urgency-without-reasons')).toEqual(['blocking@urgency.reasons']);
    for (const f of r.findings) expect(f.citation.length).toBeGreaterThan(0);
  });

  it('contradictions are findings, not crashes: same state, surrender under the EIO, kind vs instrument', async () => {
    const same = await findings(await create(buildEioRequest({ requestedState: 'DE' })));
    expect(same.findings.map((f) => `${f.code}@${f.path}`)).toContain('same-state@requestedState');
    expect(same.submittable).toBe(false);

    const surrender = await findings(
      await create(buildEioRequest({ measures: [{ id: 'surrender', personIndex: 0 }] })),
    );
    expect(surrender.findings.map((f) => f.code)).toContain('surrender-under-evidence-instrument');

    const kind = await findings(await create(buildEioRequest({ kind: 'eaw' })));
    expect(kind.findings.map((f) => `${f.code}@${f.path}`)).toContain('kind-instrument-mismatch@kind');
  });

  it('a treaty request to a state outside the EIO is checked against its own instrument', async () => {
    const ok = await findings(await create(buildMlaRequest()));
    expect(ok.findings.filter((f) => f.severity === 'blocking')).toEqual([]);
    const wrong = await findings(await create(buildMlaRequest({ instrumentId: 'eio' })));
    expect(wrong.submittable).toBe(false);
    expect(wrong.findings.find((f) => f.code === 'state-not-party')?.path).toBe('requestedState');
  });

  it('a draft without a legal basis says so, and findingsFor reports the version checked', async () => {
    const id = await create({ kind: 'mla', requestedState: 'FR' });
    const r = await t.node.requests.findingsFor(id);
    expect(r.submittable).toBe(false);
    expect(r.instrument).toBeNull();
    expect(r.findings.map((f) => `${f.code}@${f.path}`)).toContain('missing-content@instrumentId');
  });

  it('reading findings is audited', async () => {
    const id = await create(buildMlaRequest());
    await findings(id);
    await t.node.audit.flush();
    const rows = await t.node.database.db
      .selectFrom('audit_event')
      .selectAll()
      .where('object_id', '=', id)
      .where('action', '=', 'request.findings')
      .execute();
    expect(rows).toHaveLength(1);
    expect(JSON.parse(rows[0]!.details)).toMatchObject({ version: 1, blocking: 0 });
  });
});
