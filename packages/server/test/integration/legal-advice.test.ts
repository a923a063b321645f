import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.ts';
import { buildAgency, buildUser } from '../support/factories.ts';
import { TestClient } from '../support/http-client.ts';
import { engineName } from '../support/test-database.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';
import type { Scenario } from '../unit/legal/advisor-scenario-harness.ts';
import { EVIDENCE_SCENARIOS } from '../unit/legal/scenarios.evidence.ts';
import { SURRENDER_AND_DATA_SCENARIOS } from '../unit/legal/scenarios.surrender-data.ts';

// POST /api/legal/advice through the whole HTTP stack, with the registry loaded from the database:
// the scenario tables written from shared/reference/legal-instruments.md (pairs of states × measures
// × urgency), bad input as 422 naming the field, contradictions as advice rather than errors.

interface Advised {
  id: string;
  rank: number;
  applies: boolean;
  notAppliesCode?: string;
  reasons: string[];
  channel: { kind: string } | null;
  languages: string[];
  deadlines: { id: string; duration: string; citation: string; event: string }[];
  dualCriminality: { required: boolean; waivedByCategory?: boolean };
}

const SCENARIOS: readonly Scenario[] = [...EVIDENCE_SCENARIOS, ...SURRENDER_AND_DATA_SCENARIOS];

describe(`legal-basis advice over HTTP on ${engineName()}`, () => {
  let t: TestNode;
  let officer: TestClient;
  const clock = new ManualClock(new Date('2026-03-02T10:00:00.000Z'));

  beforeAll(async () => {
    t = await startTestNode({ clock });
    const agency = await buildAgency(t.node, { jurisdiction: 'DE' });
    const user = await buildUser(t.node, { agencyId: agency.id });
    officer = new TestClient(t.app, clock);
    await officer.signInWithMfa(user.email);
  });
  afterAll(() => t.close());

  it('covers at least 30 scenarios', () => {
    expect(SCENARIOS.length).toBeGreaterThanOrEqual(30);
  });

  it.each(SCENARIOS.map((s) => [s.name, s] as const))('%s', async (_name, s) => {
    const r = await officer.post('/api/legal/advice', s.input);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.at).toBe(s.input.at ?? '2026-03-02');
    const instruments = r.body.instruments as Advised[];
    const byId = new Map(instruments.map((i) => [i.id, i]));
    expect(instruments.filter((i) => i.applies).map((i) => i.id)).toEqual(s.applicable);
    expect(instruments.map((i) => i.rank)).toEqual(instruments.map((_, k) => k + 1));
    for (const [id, code] of Object.entries(s.notApplicable ?? {})) {
      expect(byId.get(id)?.applies, id).toBe(false);
      expect(byId.get(id)?.notAppliesCode, id).toBe(code);
    }
    for (const [id, expected] of Object.entries(s.deadlines ?? {})) {
      expect(
        byId.get(id)?.deadlines.map((d) => [d.id, d.duration, d.citation]),
        `${id} deadlines`,
      ).toEqual(expected);
    }
    for (const [id, kind] of Object.entries(s.channel ?? {}))
      expect(byId.get(id)?.channel?.kind, id).toBe(kind);
    for (const [id, languages] of Object.entries(s.languages ?? {}))
      expect(byId.get(id)?.languages, id).toEqual(languages);
    for (const [id, dc] of Object.entries(s.dualCriminality ?? {}))
      expect(byId.get(id)?.dualCriminality, id).toMatchObject(dc);
    if (s.advisories) expect(r.body.advisories.map((a: { code: string }) => a.code)).toEqual(s.advisories);
  });

  it('answers the issue’s example, with the node’s date when no date is given', async () => {
    const r = await officer.post('/api/legal/advice', {
      requestingState: 'DE',
      requestedState: 'FR',
      measures: ['banking-information'],
      urgent: false,
    });
    expect(r.status).toBe(200);
    expect(r.body.at).toBe('2026-03-02');
    const [first] = r.body.instruments as Advised[];
    expect(first).toMatchObject({ id: 'eio', rank: 1, applies: true, languages: ['fr'] });
    expect(first!.channel?.kind).toBe('direct-judicial');
    expect(first!.deadlines.map((d) => [d.event, d.duration])).toContainEqual(['receipt', 'P30D']);
    expect(first!.reasons.length).toBeGreaterThan(0);
    // Before 18.8.2026 the e-evidence regulation is listed as not yet applicable.
    const epoc = await officer.post('/api/legal/advice', {
      requestingState: 'DE',
      requestedState: 'FR',
      measures: ['subscriber-data'],
      urgent: false,
    });
    expect((epoc.body.instruments as Advised[]).find((i) => i.id === 'e-evidence')).toMatchObject({
      applies: false,
      notAppliesCode: 'not-in-force',
    });
  });

  it('answers in the language asked for: ?lang=, else Accept-Language, else English', async () => {
    const body = {
      requestingState: 'IE',
      requestedState: 'DE',
      measures: ['hearing-witness'],
      urgent: false,
    };
    const eioOf = (r: { body: { instruments: (Advised & { notAppliesReason?: string })[] } }) =>
      r.body.instruments.find((i) => i.id === 'eio');

    const en = await officer.post('/api/legal/advice', body);
    expect(en.status).toBe(200);
    expect(en.body.language).toBe('en');
    expect(en.headers['content-language']).toBe('en');
    expect(eioOf(en)?.notAppliesReason).toBe(
      'IE not bound by the EIO: Ireland is not bound by the EIO Directive',
    );

    const fr = await officer.post('/api/legal/advice?lang=fr', body);
    expect(fr.status).toBe(200);
    expect(fr.body.language).toBe('fr');
    expect(fr.headers['content-language']).toBe('fr');
    expect(eioOf(fr)?.notAppliesReason).toBe(
      "IE n'est pas lié par cet instrument (DEE) : L'Irlande n'est pas liée par la directive relative à la décision d'enquête européenne",
    );
    // Codes do not change with the language.
    expect(eioOf(fr)?.notAppliesCode).toBe(eioOf(en)?.notAppliesCode);

    const de = await officer.post('/api/legal/advice', body, {
      'accept-language': 'pl, de-DE;q=0.9, en;q=0.5',
    });
    expect(de.body.language).toBe('de');
    expect(eioOf(de)?.notAppliesReason).toContain('Irland ist');

    const es = await officer.post('/api/legal/advice?lang=es', body, { 'accept-language': 'de' });
    expect(es.body.language).toBe('es');
    const applying = (es.body.instruments as (Advised & { channel: { description: string } | null })[]).find(
      (i) => i.applies,
    );
    expect(applying?.channel?.description).toBeTruthy();
    expect(es.body.instruments[0].dualCriminality.description).toMatch(/doble tipificación/);

    expect((await officer.post('/api/legal/advice?lang=pl', body)).status).toBe(422);
  });

  it.each([
    [{ requestedState: 'XX' }, 'body.requestedState', 'unknown state'],
    [{ requestingState: 'UK' }, 'body.requestingState', 'GB for the UK'],
    [{ measures: ['hearing-witness', 'teleportation'] }, 'body.measures.1', 'unknown measure'],
    [{ measures: [] }, 'body.measures', 'at least one measure'],
    [{ offenceCategory: 'jaywalking' }, 'body.offenceCategory', 'unknown offence category'],
    [{ at: '2026-02-30' }, 'body.at', 'YYYY-MM-DD'],
  ])('422 naming the field for %j', async (change, path, text) => {
    const r = await officer.post('/api/legal/advice', {
      requestingState: 'DE',
      requestedState: 'FR',
      measures: ['hearing-witness'],
      urgent: false,
      ...change,
    });
    expect(r.status).toBe(422);
    expect(String(r.headers['content-type'])).toMatch(/application\/problem\+json/);
    expect(r.body.code).toBe('validation-failed');
    expect(r.body.errors[0].path).toBe(path);
    expect(r.body.errors[0].message).toContain(text);
  });

  it('schema errors name the field too (missing urgency, unknown field, oversized list)', async () => {
    const base = { requestingState: 'DE', requestedState: 'FR', measures: ['hearing-witness'] };
    const missing = await officer.post('/api/legal/advice', base);
    expect(missing.status).toBe(422);
    expect(missing.body.errors[0].path).toBe('body.urgent');
    const extra = await officer.post('/api/legal/advice', { ...base, urgent: false, colour: 'red' });
    expect(extra.status).toBe(422);
    const many = await officer.post('/api/legal/advice', {
      ...base,
      urgent: false,
      measures: Array.from({ length: 21 }, () => 'hearing-witness'),
    });
    expect(many.status).toBe(422);
    expect(many.body.errors[0].path).toBe('body.measures');
  });

  it('contradictions are advice, not errors: same state, surrender under an evidence instrument', async () => {
    const same = await officer.post('/api/legal/advice', {
      requestingState: 'FR',
      requestedState: 'FR',
      measures: ['hearing-witness'],
      urgent: false,
    });
    expect(same.status).toBe(200);
    expect(same.body.instruments).toEqual([]);
    expect(same.body.advisories.map((a: { code: string }) => a.code)).toEqual(['same-state']);

    const mixed = await officer.post('/api/legal/advice', {
      requestingState: 'DE',
      requestedState: 'FR',
      measures: ['surrender', 'hearing-witness'],
      urgent: true,
    });
    expect(mixed.status).toBe(200);
    const eio = (mixed.body.instruments as Advised[]).find((i) => i.id === 'eio');
    expect(eio).toMatchObject({ applies: false, notAppliesCode: 'surrender-under-evidence-instrument' });
  });

  it('needs a signed-in caller; the catalogue lists the code lists', async () => {
    const anonymous = new TestClient(t.app);
    expect(
      (
        await anonymous.post('/api/legal/advice', {
          requestingState: 'DE',
          requestedState: 'FR',
          measures: [],
          urgent: false,
        })
      ).status,
    ).toBe(401);
    const c = await officer.get('/api/legal/catalogue');
    expect(c.status).toBe(200);
    expect(c.body.states.map((s: { code: string }) => s.code)).toEqual(
      expect.arrayContaining(['DE', 'FR', 'GB', 'US', 'NO', 'CH', 'IS']),
    );
    expect(c.body.states.find((s: { code: string }) => s.code === 'GB').eu).toBe(false);
    expect(c.body.measures.map((m: { id: string }) => m.id)).toContain('surrender');
    expect(c.body.offenceCategories).toHaveLength(32);
  });
});
