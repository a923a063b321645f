import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/platform/ids.ts';
import { buildAgency, buildUser } from '../support/factories.ts';
import { TestClient } from '../support/http-client.ts';
import { buildEioRequest, buildMlaRequest, PURPOSE } from '../support/request-factories.ts';
import { engineName } from '../support/test-database.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';

// Drafting over HTTP: create, read, save (a new version each time), optimistic concurrency (409 with
// the current state), input limits, personal data behind a purpose, access by agency and clearance,
// and an audit event for every save and read.

describe(`request drafting on ${engineName()}`, () => {
  let t: TestNode;
  let drafter: TestClient;
  let colleague: TestClient;
  let lowClearance: TestClient;
  let otherAgency: TestClient;
  let auditorOfA: TestClient;
  let drafterId: string;
  let agencyA: string;
  let eioId: string;

  const audit = async (objectId: string) => {
    await t.node.audit.flush();
    return t.node.database.db
      .selectFrom('audit_event')
      .selectAll()
      .where('object_id', '=', objectId)
      .orderBy('seq')
      .execute();
  };

  beforeAll(async () => {
    t = await startTestNode();
    const a = await buildAgency(t.node, { jurisdiction: 'DE', kind: 'prosecution' });
    const b = await buildAgency(t.node, { jurisdiction: 'FR' });
    agencyA = a.id;
    const u = await buildUser(t.node, { agencyId: a.id, roles: ['prosecutor'], clearance: 2 });
    drafterId = u.id;
    const c = await buildUser(t.node, { agencyId: a.id, roles: ['supervisor'], clearance: 3 });
    const low = await buildUser(t.node, { agencyId: a.id, roles: ['investigator'], clearance: 0 });
    const other = await buildUser(t.node, {
      agencyId: b.id,
      roles: ['central-authority-caseworker'],
      clearance: 4,
    });
    const aud = await buildUser(t.node, { agencyId: a.id, roles: ['auditor'], clearance: 4 });
    drafter = new TestClient(t.app);
    colleague = new TestClient(t.app);
    lowClearance = new TestClient(t.app);
    otherAgency = new TestClient(t.app);
    auditorOfA = new TestClient(t.app);
    await drafter.signInWithMfa(u.email);
    await colleague.signInWithMfa(c.email);
    await lowClearance.signInWithMfa(low.email);
    await otherAgency.signInWithMfa(other.email);
    await auditorOfA.signInWithMfa(aud.email);
  });
  afterAll(() => t.close());

  it('creates a draft as version 1 in my agency, audited in the same transaction', async () => {
    const r = await drafter.post('/api/requests', buildEioRequest({ classification: 1 }));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    eioId = r.body.data.id;
    expect(r.body.data).toMatchObject({
      version: 1,
      status: 'draft',
      kind: 'eio',
      instrumentId: 'eio',
      requestingState: 'DE',
      requestedState: 'FR',
      reference: '7410 Js 1234/26',
      agencyId: agencyA,
      createdBy: drafterId,
      personCount: 1,
      classification: 1,
    });
    expect(r.body.data.draft.persons[0].name).toBe('Camille Lefèvre');
    expect(r.body.data.findings).toMatchObject({ blocking: 0, submittable: true });
    expect(r.body.policies).toEqual({ read: true, update: true, document: true });
    const events = await audit(eioId);
    expect(events.map((e) => e.action)).toEqual(['request.create']);
    expect(events[0]).toMatchObject({
      actor_user_id: drafterId,
      actor_agency_id: agencyA,
      object_type: 'request',
    });
    const versions = await t.node.database.db
      .selectFrom('mla_request_version')
      .selectAll()
      .where('request_id', '=', eioId)
      .execute();
    expect(versions).toHaveLength(1);
    expect(versions[0]!.content_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('the requesting state defaults to my jurisdiction; only `kind` is required', async () => {
    const r = await drafter.post('/api/requests', { kind: 'mla' });
    expect(r.status).toBe(201);
    expect(r.body.data.requestingState).toBe('DE');
    expect(r.body.data.findings.submittable).toBe(false);
    expect((await drafter.post('/api/requests', {})).body.errors[0].path).toBe('body.kind');
  });

  it('reading a request that names persons needs a purpose (LED Art. 25), which the audit records', async () => {
    const refused = await drafter.get(`/api/requests/${eioId}`);
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('purpose-required');
    const r = await drafter.get(`/api/requests/${eioId}`, PURPOSE);
    expect(r.status).toBe(200);
    expect(r.body.data.draft.persons).toHaveLength(1);
    const read = (await audit(eioId)).filter((e) => e.action === 'request.read');
    expect(read).toHaveLength(1);
    expect(read[0]!.purpose).toBe(PURPOSE['x-comity-purpose']);
    expect(JSON.parse(read[0]!.details)).toMatchObject({ version: 1, personalData: true });

    const noPersons = await drafter.post('/api/requests', buildMlaRequest());
    expect((await drafter.get(`/api/requests/${noPersons.body.data.id}`)).status).toBe(200);
  });

  it('a save answers the whole draft: persons concerned need a purpose there too, checked before saving', async () => {
    const body = { expectedVersion: 1, formalities: 'Audition en présence d’un enquêteur allemand.' };
    const refused = await drafter.patch(`/api/requests/${eioId}`, body);
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('purpose-required');
    expect(refused.body.data).toBeUndefined();
    // Nothing was saved: the same save, with the purpose, goes through from the same version.
    const stillV1 = await t.node.database.db
      .selectFrom('mla_request')
      .select('current_version')
      .where('id', '=', eioId)
      .executeTakeFirstOrThrow();
    expect(stillV1.current_version).toBe(1);
    expect(
      (await audit(eioId)).filter((e) => e.action === 'request.update' && e.outcome === 'success'),
    ).toHaveLength(0);

    // A draft without persons answers without a purpose, as GET does.
    const mla = await drafter.post('/api/requests', buildMlaRequest());
    const plain = await drafter.patch(`/api/requests/${mla.body.data.id}`, {
      expectedVersion: 1,
      title: 'x',
    });
    expect(plain.status).toBe(200);
    // Adding persons makes the answer personal data.
    const adding = await drafter.patch(`/api/requests/${mla.body.data.id}`, {
      expectedVersion: 2,
      persons: [{ role: 'suspect', name: 'John Doe' }],
    });
    expect(adding.body.code).toBe('purpose-required');
    const added = await drafter.patch(
      `/api/requests/${mla.body.data.id}`,
      { expectedVersion: 2, persons: [{ role: 'suspect', name: 'John Doe' }] },
      PURPOSE,
    );
    expect(added.status).toBe(200);
    expect(added.body.data.draft.persons[0].name).toBe('John Doe');
    const save = (await audit(mla.body.data.id)).filter((e) => e.action === 'request.update');
    expect(save.map((e) => e.purpose)).toEqual([null, PURPOSE['x-comity-purpose']]);
    expect(JSON.parse(save[1]!.details)).toMatchObject({ version: 3, personalData: true });
  });

  it('every save is a new version; fields given replace, null clears, the rest is kept', async () => {
    const r = await drafter.patch(
      `/api/requests/${eioId}`,
      {
        expectedVersion: 1,
        urgency: { urgent: true, reasons: 'Les fonds risquent d’être retirés.' },
        formalities: 'Audition en présence d’un enquêteur allemand.',
        title: null,
      },
      PURPOSE,
    );
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.data).toMatchObject({ version: 2, urgent: true, title: null, updatedBy: drafterId });
    expect(r.body.data.draft.formalities).toBe('Audition en présence d’un enquêteur allemand.');
    expect(r.body.data.draft.title).toBeUndefined();
    expect(r.body.data.draft.summaryOfFacts).toContain('2,4 millions');

    const again = await colleague.patch(
      `/api/requests/${eioId}`,
      { expectedVersion: 2, language: 'de' },
      PURPOSE,
    );
    expect(again.status).toBe(200);
    expect(again.body.data.version).toBe(3);

    const versions = await drafter.get(`/api/requests/${eioId}/versions`);
    expect(versions.body.items.map((v: { version: number }) => v.version)).toEqual([3, 2, 1]);
    const v1 = await drafter.get(`/api/requests/${eioId}?version=1`, PURPOSE);
    expect(v1.body.data.version).toBe(1);
    expect(v1.body.data.draft.title).toBe('Nordlicht: bank records in Paris');
    expect(v1.body.data.draft.language).toBe('fr');

    const saves = (await audit(eioId)).filter(
      (e) => e.action === 'request.update' && e.outcome === 'success',
    );
    expect(saves.map((e) => JSON.parse(e.details).version)).toEqual([2, 3]);
    expect(JSON.parse(saves[0]!.details).fields).toEqual(['formalities', 'title', 'urgency']);
  });

  it('a save from a stale version is 409 with the current state, and saves nothing', async () => {
    // `current` names persons: without a purpose, the answer is 422 and carries no draft.
    const blind = await drafter.patch(`/api/requests/${eioId}`, { expectedVersion: 2, language: 'en' });
    expect(blind.status).toBe(422);
    expect(blind.body.code).toBe('purpose-required');
    expect(blind.body.current).toBeUndefined();
    const stale = await drafter.patch(
      `/api/requests/${eioId}`,
      { expectedVersion: 2, language: 'en' },
      PURPOSE,
    );
    expect(stale.status).toBe(409);
    expect(String(stale.headers['content-type'])).toMatch(/application\/problem\+json/);
    expect(stale.body.code).toBe('conflict');
    expect(stale.body.current.data.version).toBe(3);
    expect(stale.body.current.data.draft.language).toBe('de');
    const count = await t.node.database.db
      .selectFrom('mla_request_version')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('request_id', '=', eioId)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(3);
    const refused = (await audit(eioId)).filter(
      (e) => e.action === 'request.update' && e.outcome === 'failure',
    );
    expect(refused).toHaveLength(1);
    expect(refused[0]!.purpose).toBe(PURPOSE['x-comity-purpose']);
    expect(JSON.parse(refused[0]!.details)).toMatchObject({
      reason: 'stale-version',
      expectedVersion: 2,
      currentVersion: 3,
      personalData: true,
    });
  });

  it('unknown states, measures, instruments and categories are 422 naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ requestedState: 'XX' }, 'body.requestedState'],
      [{ requestingState: 'UK' }, 'body.requestingState'],
      [{ instrumentId: 'hague-1970' }, 'body.instrumentId'],
      [{ measures: [{ id: 'hearing-witness' }, { id: 'teleportation' }] }, 'body.measures.1.id'],
      [{ offences: [{ legalClassification: 'x', category: 'jaywalking' }] }, 'body.offences.0.category'],
      [{ persons: [{ role: 'bystander' }] }, 'body.persons.0.role'],
      [{ classification: 4 }, 'body.classification'],
      [{ caseId: newId() }, 'body.caseId'],
    ];
    for (const [change, path] of cases) {
      const r = await drafter.post('/api/requests', buildEioRequest(change as never));
      expect(r.status, path).toBe(422);
      expect(
        r.body.errors.map((e: { path: string }) => e.path),
        path,
      ).toContain(path);
    }
    const p = await drafter.patch(`/api/requests/${eioId}`, { expectedVersion: 3, requestedState: 'ZZ' });
    expect(p.status).toBe(422);
    expect(p.body.errors[0].path).toBe('body.requestedState');
  });

  it('free text has limits stated in the schema', async () => {
    const long = await drafter.post('/api/requests', buildEioRequest({ summaryOfFacts: 'x'.repeat(20_001) }));
    expect(long.status).toBe(422);
    expect(long.body.errors[0].path).toBe('body.summaryOfFacts');
    const ok = await drafter.post('/api/requests', buildEioRequest({ summaryOfFacts: 'é'.repeat(20_000) }));
    expect(ok.status).toBe(201);
    const persons = await drafter.post(
      '/api/requests',
      buildEioRequest({ persons: Array.from({ length: 51 }, () => ({ name: 'N' })) }),
    );
    expect(persons.status).toBe(422);
    expect(persons.body.errors[0].path).toBe('body.persons');
    const openapi = await drafter.get('/api/openapi.json');
    const schema = openapi.body.paths['/api/requests'].post.requestBody.content['application/json'].schema;
    expect(schema.properties.summaryOfFacts.maxLength).toBe(20_000);
    expect(schema.properties.persons.maxItems).toBe(50);
  });

  it('another agency gets 404 for everything, exactly as for an unknown id; lists show nothing', async () => {
    const unknown = newId();
    for (const [method, path, body] of [
      ['GET', `/api/requests/${eioId}`, undefined],
      ['PATCH', `/api/requests/${eioId}`, { expectedVersion: 3, title: 'mine now' }],
      ['GET', `/api/requests/${eioId}/findings`, undefined],
      ['GET', `/api/requests/${eioId}/versions`, undefined],
      ['GET', `/api/requests/${eioId}/document.pdf`, undefined],
    ] as const) {
      const denied = await otherAgency.request(method, path, body, PURPOSE);
      const missing = await otherAgency.request(method, path.replace(eioId, unknown), body, PURPOSE);
      expect(denied.status, `${method} ${path}`).toBe(404);
      expect(missing.status).toBe(404);
      expect(denied.body.detail).toBe(missing.body.detail);
    }
    expect((await otherAgency.get('/api/requests')).body.items).toEqual([]);
    // A colleague below the classification does not see it either.
    expect((await lowClearance.get(`/api/requests/${eioId}`, PURPOSE)).status).toBe(404);
    const low = (await lowClearance.get('/api/requests')).body.items.map(
      (i: { data: { id: string } }) => i.data.id,
    );
    expect(low).not.toContain(eioId);
    // Roles without request permissions are refused at the route.
    expect((await auditorOfA.get('/api/requests')).status).toBe(403);
  });

  it('lists my agency’s drafts or only mine, as summaries without persons', async () => {
    const mine = await colleague.post('/api/requests', buildMlaRequest({ title: 'Colleague’s own' }));
    const agency = await drafter.get('/api/requests');
    expect(agency.status).toBe(200);
    const ids = agency.body.items.map((i: { data: { id: string } }) => i.data.id);
    expect(ids).toContain(eioId);
    expect(ids).toContain(mine.body.data.id);
    expect(agency.body.items[0].data.draft).toBeUndefined();
    const onlyMine = await colleague.get('/api/requests?mine=true');
    expect(onlyMine.body.items.map((i: { data: { id: string } }) => i.data.id)).toEqual([mine.body.data.id]);
    await t.node.audit.flush();
    const lists = await t.node.database.db
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'request.list')
      .execute();
    expect(lists.length).toBeGreaterThanOrEqual(2);
  });

  it('every read and every save of the request left its audit event', async () => {
    const actions = (await audit(eioId)).map((e) => `${e.action}:${e.outcome}`);
    expect(actions.filter((a) => a === 'request.create:success')).toHaveLength(1);
    expect(actions.filter((a) => a === 'request.update:success')).toHaveLength(2);
    expect(actions.filter((a) => a === 'request.read:success').length).toBeGreaterThanOrEqual(2);
    expect(actions).toContain('request.versions:success');
  });
});
