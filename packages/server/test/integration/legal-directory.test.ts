import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, systemMeta } from '../../src/modules/access/actor.ts';
import { permissionsFor } from '../../src/modules/access/permissions.ts';
import { normalisePlace } from '../../src/modules/directory/competence.service.ts';
import { RecipientsService } from '../../src/modules/directory/recipients.service.ts';
import { buildAgency, buildUser } from '../support/factories.ts';
import { TestClient } from '../support/http-client.ts';
import { engineName } from '../support/test-database.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';

// The directory of competent authorities and its finder ("who executes measure M in place P of
// state S", like the EJN Atlas), maintained by administrators, searched by every officer.

describe(`competent-authority directory on ${engineName()}`, () => {
  let t: TestNode;
  let admin: TestClient;
  let officer: TestClient;
  let parquet: string;
  let police: string;
  let lyon: string;
  let policeEntry: string;
  let officerActor: Actor;

  const entry = (agencyId: string, o: Record<string, unknown> = {}) => ({
    agencyId,
    functions: ['executing'],
    measures: ['hearing-witness', 'search-seizure'],
    languages: ['fr'],
    channels: [{ kind: 'email', value: 'entraide@example.fr' }],
    ...o,
  });
  const find = async (query: string) => {
    const r = await officer.get(`/api/directory/competent?${query}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.items as {
      agency: { id: string; name: string };
      match: string;
      competence: { id: string };
    }[];
  };

  beforeAll(async () => {
    t = await startTestNode();
    parquet = (
      await buildAgency(t.node, { jurisdiction: 'FR', kind: 'prosecution', name: 'Parquet de Paris' })
    ).id;
    police = (await buildAgency(t.node, { jurisdiction: 'FR', kind: 'police', name: 'Police judiciaire' }))
      .id;
    lyon = (await buildAgency(t.node, { jurisdiction: 'FR', kind: 'prosecution', name: 'Parquet de Lyon' }))
      .id;
    const de = await buildAgency(t.node, { jurisdiction: 'DE' });
    const a = await buildUser(t.node, { agencyId: de.id, roles: ['administrator'] });
    const o = await buildUser(t.node, { agencyId: de.id, roles: ['investigator'] });
    officerActor = {
      userId: o.id,
      agencyId: de.id,
      jurisdiction: 'DE',
      roles: ['investigator'],
      clearance: 2,
      exercise: false,
      permissions: permissionsFor(['investigator']),
      via: { kind: 'session', sessionId: 'test' },
    };
    admin = new TestClient(t.app);
    officer = new TestClient(t.app);
    await admin.signInWithMfa(a.email);
    await officer.signInWithMfa(o.email);
  });
  afterAll(() => t.close());

  it('administrators add entries; the state is the agency’s jurisdiction; audited', async () => {
    const r = await admin.post(
      '/api/directory/competences',
      entry(parquet, {
        functions: ['executing', 'validating'],
        measures: ['hearing-witness', 'search-seizure', 'banking-information'],
        instruments: ['eio'],
        regions: ['FR-75', 'Paris', 'Île-de-France'],
        contact247: { phone: '+33 1 00 00 00 00' },
      }),
    );
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.data).toMatchObject({ agencyId: parquet, state: 'FR', nodeId: null, instruments: ['eio'] });
    expect(r.body.policies).toEqual({ update: true });
    const p = await admin.post(
      '/api/directory/competences',
      entry(police, { measures: ['search-seizure', 'subscriber-data', 'preservation'] }),
    );
    policeEntry = p.body.data.id;
    await admin.post('/api/directory/competences', entry(lyon, { regions: ['FR-69', 'Lyon', 'Rhône'] }));
    await t.node.audit.flush();
    const rows = await t.node.database.db
      .selectFrom('audit_event')
      .select(['action', 'object_id'])
      .where('action', '=', 'competence.create')
      .execute();
    expect(rows).toHaveLength(3);
  });

  it('officers cannot change the directory', async () => {
    expect((await officer.post('/api/directory/competences', entry(police))).status).toBe(403);
  });

  it('finds who executes a measure in a place: the place first, then nationwide entries, not other regions', async () => {
    const items = await find('measure=search-seizure&state=FR&place=paris');
    expect(items.map((i) => [i.agency.name, i.match])).toEqual([
      ['Parquet de Paris', 'place'],
      ['Police judiciaire', 'nationwide'],
    ]);
    // Accents, case and punctuation do not matter; ISO 3166-2 codes work.
    expect((await find('measure=search-seizure&state=FR&place=ILE%20DE%20FRANCE'))[0]?.match).toBe('place');
    expect((await find('measure=search-seizure&state=FR&place=FR-69'))[0]?.agency.name).toBe(
      'Parquet de Lyon',
    );
    // Without a place: everyone competent in the state, regional entries last.
    expect((await find('measure=search-seizure&state=FR')).map((i) => i.match)).toEqual([
      'nationwide',
      'regional',
      'regional',
    ]);
    // Measure, instrument and function narrow it.
    expect((await find('measure=banking-information&state=FR')).map((i) => i.agency.name)).toEqual([
      'Parquet de Paris',
    ]);
    expect(
      (await find('measure=hearing-witness&state=FR&instrument=untoc')).map((i) => i.agency.name),
    ).toEqual(['Parquet de Lyon']);
    expect(
      (await find('measure=hearing-witness&state=FR&function=validating')).map((i) => i.agency.name),
    ).toEqual(['Parquet de Paris']);
    expect(await find('measure=search-seizure&state=DE')).toEqual([]);
  });

  it('unknown measures or states are 422 naming the field', async () => {
    const r = await officer.get('/api/directory/competent?measure=teleportation&state=FR');
    expect(r.status).toBe(422);
    expect(r.body.errors[0].path).toBe('querystring.measure');
    expect((await officer.get('/api/directory/competent?measure=search-seizure&state=France')).status).toBe(
      422,
    );
  });

  it('entries are replaced and withdrawn by administrators; withdrawn ones are no longer found', async () => {
    const replaced = await admin.request(
      'PUT',
      `/api/directory/competences/${policeEntry}`,
      entry(police, { measures: ['subscriber-data'], regions: ['Marseille'] }),
    );
    expect(replaced.status).toBe(200);
    expect(replaced.body.data.regions).toEqual(['Marseille']);
    expect((await find('measure=search-seizure&state=FR&place=paris')).map((i) => i.agency.name)).toEqual([
      'Parquet de Paris',
    ]);
    expect((await admin.delete(`/api/directory/competences/${policeEntry}`)).status).toBe(200);
    expect(await find('measure=subscriber-data&state=FR')).toEqual([]);
    const list = await officer.get(`/api/directory/competences?agencyId=${police}`);
    expect(list.body.items).toEqual([]);
    expect((await admin.delete(`/api/directory/competences/${policeEntry}`)).status).toBe(404);
  });

  it('normalises place names without accents, case or punctuation', () => {
    expect(normalisePlace('Île-de-France')).toBe('ile de france');
    expect(normalisePlace('  ŁÓDŹ ')).toBe('lodz');
    expect(normalisePlace('Frankfurt am Main')).toBe('frankfurt am main');
  });

  it('recipients: this node’s agencies, then partners’ — never an id this node hosts or two partners claim', async () => {
    const b = { id: 'node-b', name: 'Node B' };
    const c = { id: 'node-c', name: 'Node C' };
    const fr = (id: string, name: string, node: { id: string; name: string }) => ({
      id,
      name,
      kind: 'central-authority',
      jurisdiction: 'FR',
      node,
    });
    const recipients = new RecipientsService(t.node.database, t.node.directory, () => [
      fr('remote-bureau', 'Bureau (B)', b),
      fr(parquet, 'Parquet claimed by B', b),
      fr('twice', 'Claimed by B', b),
      fr('twice', 'Claimed by C', c),
      { ...fr('remote-es', 'Ministerio', c), jurisdiction: 'ES' },
    ]);
    const list = await recipients.list(officerActor, systemMeta, 'FR');
    expect(list.filter((r) => r.node === null).map((r) => r.id)).toEqual(
      expect.arrayContaining([parquet, police, lyon]),
    );
    expect(list.filter((r) => r.node !== null)).toEqual([fr('remote-bureau', 'Bureau (B)', b)]);
    expect(new Set(list.map((r) => r.id)).size).toBe(list.length);
  });
});
