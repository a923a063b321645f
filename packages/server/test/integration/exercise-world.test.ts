import type { AgencyKind, Role } from '@comity/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/modules/access/actor.ts';
import { systemMeta } from '../../src/modules/access/actor.ts';
import { actorFor, buildJurisdiction, buildUser } from '../support/factories.ts';
import { TestClient } from '../support/http-client.ts';
import { buildEioRequest } from '../support/request-factories.ts';
import { engineName } from '../support/test-database.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';

// Exercise data (the demo world's accounts train with it) and operational data never mix on one
// node either: no request, validation, task, message thread or evidence hand-over crosses between
// an exercise agency and an operational one, in either direction. Federation applies the same rule
// on receipt (test/federation/exercise-data.test.ts).

const TO_EXERCISE = /never goes to an exercise agency/;
const TO_OPERATIONAL = /Exercise data goes only to exercise agencies/;
/** The 422 problem naming `path`, its message matching. */
const refusedOn = (path: string, message: RegExp) => ({
  code: 'validation-failed',
  errors: expect.arrayContaining([
    expect.objectContaining({ path, message: expect.stringMatching(message) }),
  ]),
});

describe(`exercise and operational data on one node, ${engineName()}`, () => {
  let t: TestNode;
  const agency: Record<string, string> = {};
  const officer: Record<string, Actor> = {};

  const makeAgency = async (key: string, jurisdiction: string, kind: AgencyKind, exercise: boolean) => {
    await buildJurisdiction(t.node, jurisdiction, jurisdiction === 'DE' ? 'Germany' : 'France');
    const a = await t.node.directory.createAgencyAs(
      null,
      systemMeta,
      { name: `${key} (test)`, kind, jurisdiction },
      { exercise },
    );
    agency[key] = a.id;
  };
  const makeOfficer = async (key: string, agencyKey: string, roles: Role[], exercise: boolean) => {
    const u = await buildUser(t.node, { agencyId: agency[agencyKey]!, roles, exercise });
    officer[key] = actorFor(
      { ...u, roles, clearance: 2, exercise },
      agencyKey.startsWith('fr') ? 'FR' : 'DE',
    );
  };

  beforeAll(async () => {
    t = await startTestNode({ demo: true });
    for (const exercise of [true, false]) {
      const w = exercise ? 'Ex' : 'Op';
      await makeAgency(`de${w}`, 'DE', 'prosecution', exercise);
      await makeAgency(`frCa${w}`, 'FR', 'central-authority', exercise);
      await makeAgency(`frPj${w}`, 'FR', 'police', exercise);
      await makeOfficer(`drafter${w}`, `de${w}`, ['prosecutor'], exercise);
      await makeOfficer(`approver${w}`, `de${w}`, ['supervisor'], exercise);
      await makeOfficer(`caseworker${w}`, `frCa${w}`, ['central-authority-caseworker'], exercise);
      // A police authority's EIO is validated by a judicial one (EIO Art. 2(c)(ii)).
      await makeAgency(`dePol${w}`, 'DE', 'police', exercise);
      await makeOfficer(`police${w}`, `dePol${w}`, ['investigator'], exercise);
      await makeOfficer(`policeSupervisor${w}`, `dePol${w}`, ['supervisor'], exercise);
    }
  });
  afterAll(() => t?.close());

  const lc = () => t.node.lifecycle.lifecycle;
  /** An approved EIO drafted in world `w`, addressed to `recipient`. */
  const approved = async (w: 'Ex' | 'Op', recipient: string) => {
    const body = buildEioRequest({ requestedAuthority: { name: 'Central authority', agencyId: recipient } });
    const id = (await t.node.requests.create(officer[`drafter${w}`]!, systemMeta, body)).data.id;
    await lc().transition(officer[`drafter${w}`]!, systemMeta, id, { action: 'submit', expectedVersion: 1 });
    await lc().transition(officer[`approver${w}`]!, systemMeta, id, {
      action: 'approve',
      expectedVersion: 2,
    });
    return id;
  };
  const transmit = (w: 'Ex' | 'Op', id: string, recipientAgencyId?: string) =>
    lc().transition(officer[`drafter${w}`]!, systemMeta, id, {
      action: 'transmit',
      expectedVersion: 3,
      ...(recipientAgencyId ? { recipientAgencyId } : {}),
    });

  it('an exercise request is not transmitted to an operational agency, nor a real one to an exercise agency', async () => {
    const ex = await approved('Ex', agency.frCaOp!);
    await expect(transmit('Ex', ex)).rejects.toMatchObject(
      refusedOn('body.recipientAgencyId', TO_OPERATIONAL),
    );
    const op = await approved('Op', agency.frCaEx!);
    await expect(transmit('Op', op)).rejects.toMatchObject(refusedOn('body.recipientAgencyId', TO_EXERCISE));
    // Refused before anything was written: both are still approved, with no delivery or incoming view.
    for (const id of [ex, op]) {
      const life = await t.node.database.db
        .selectFrom('request_lifecycle')
        .select(['state', 'recipient_agency_id'])
        .where('request_id', '=', id)
        .executeTakeFirstOrThrow();
      expect(life).toEqual({ state: 'approved', recipient_agency_id: null });
      const views = await t.node.database.db
        .selectFrom('request_incoming')
        .select('agency_id')
        .where('request_id', '=', id)
        .execute();
      expect(views).toEqual([]);
    }
    // Within its own world each goes (also when the recipient is named at transmission).
    expect((await transmit('Ex', ex, agency.frCaEx)).data.state).toBe('transmitted');
    expect((await transmit('Op', op, agency.frCaOp)).data.state).toBe('transmitted');
  });

  it('a police authority’s request is validated only by a judicial authority of its world', async () => {
    for (const w of ['Ex', 'Op'] as const) {
      const other = w === 'Ex' ? 'Op' : 'Ex';
      const body = buildEioRequest({
        requestedAuthority: { name: 'Central authority', agencyId: agency[`frCa${w}`]! },
      });
      const id = (await t.node.requests.create(officer[`police${w}`]!, systemMeta, body)).data.id;
      await lc().transition(officer[`police${w}`]!, systemMeta, id, { action: 'submit', expectedVersion: 1 });
      const approve = (validatingAgencyId: string) =>
        lc().transition(officer[`policeSupervisor${w}`]!, systemMeta, id, {
          action: 'approve',
          expectedVersion: 2,
          validatingAgencyId,
        });
      await expect(approve(agency[`de${other}`]!)).rejects.toMatchObject(
        refusedOn('body.validatingAgencyId', w === 'Ex' ? TO_OPERATIONAL : TO_EXERCISE),
      );
      await expect(approve(agency[`de${w}`]!)).resolves.toBeDefined();
    }
  });

  it('a validating authority of the other world named in the draft stops its submission', async () => {
    for (const w of ['Ex', 'Op'] as const) {
      const other = w === 'Ex' ? 'Op' : 'Ex';
      const body = buildEioRequest({
        requestedAuthority: { name: 'Central authority', agencyId: agency[`frCa${w}`]! },
        validatingAuthority: { name: 'Prosecutor', agencyId: agency[`de${other}`]! },
      });
      const id = (await t.node.requests.create(officer[`police${w}`]!, systemMeta, body)).data.id;
      await expect(
        lc().transition(officer[`police${w}`]!, systemMeta, id, { action: 'submit', expectedVersion: 1 }),
      ).rejects.toMatchObject(
        refusedOn('validatingAuthority.agencyId', w === 'Ex' ? TO_OPERATIONAL : TO_EXERCISE),
      );
      // Still a draft: the named agency was never made a party (it reads nothing of it).
      const life = await t.node.database.db
        .selectFrom('request_lifecycle')
        .select(['state', 'validator_agency_id'])
        .where('request_id', '=', id)
        .executeTakeFirst();
      expect(life?.validator_agency_id ?? null).toBeNull();
      expect(life?.state ?? 'draft').toBe('draft');
      const gate = await t.node.gate.filter(officer[`approver${other}`]!, 'request.read', [id]);
      expect([...gate]).toEqual([]);
    }
  });

  it('an officer whose account is not of their agency’s world transmits nothing', async () => {
    // An operational account in an exercise agency (possible for accounts made before this rule).
    const u = await buildUser(t.node, { agencyId: agency.deEx!, roles: ['prosecutor'], exercise: false });
    const odd = actorFor({ ...u, roles: ['prosecutor'], clearance: 2, exercise: false }, 'DE');
    const body = buildEioRequest({
      requestedAuthority: { name: 'Central authority', agencyId: agency.frCaOp! },
    });
    const id = (await t.node.requests.create(odd, systemMeta, body)).data.id;
    await lc().transition(odd, systemMeta, id, { action: 'submit', expectedVersion: 1 });
    await lc().transition(officer.approverEx!, systemMeta, id, { action: 'approve', expectedVersion: 2 });
    await expect(
      lc().transition(odd, systemMeta, id, { action: 'transmit', expectedVersion: 3 }),
    ).rejects.toMatchObject({
      code: 'forbidden',
      message: expect.stringMatching(/not of one world/),
    });
  });

  it('an administrator of the exercise world administers only that world', async () => {
    const exAdmin = await (async () => {
      await makeOfficer('adminEx', 'deEx', ['administrator'], true);
      return officer.adminEx!;
    })();
    const newUser = (agencyId: string) =>
      t.node.users.create(exAdmin, systemMeta, {
        email: `new.${agencyId.slice(-6)}@agency.example`,
        displayName: 'New Officer',
        agencyId,
        roles: ['investigator'],
        clearance: 1,
        languages: ['en'],
        password: 'correct-horse-battery-staple-42',
      });
    // No account in an operational agency, no sight of the operational accounts (as if absent).
    await expect(newUser(agency.frCaOp!)).rejects.toMatchObject({ code: 'not-found' });
    await expect(newUser(agency.frCaEx!)).resolves.toBeDefined();
    const listed = (await t.node.users.list(exAdmin, systemMeta, {})).map((u) => u.data.agencyId);
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((a) => [agency.deEx, agency.frCaEx, agency.frPjEx, agency.dePolEx].includes(a))).toBe(
      true,
    );
    await expect(t.node.users.get(exAdmin, systemMeta, officer.drafterOp!.userId)).rejects.toMatchObject({
      code: 'not-found',
    });
    // Its agencies are exercise agencies, never under an operational one.
    const made = await t.node.directory.createAgencyAs(exAdmin, systemMeta, {
      name: 'Exercise unit',
      kind: 'police',
      jurisdiction: 'FR',
    });
    expect(made.exercise).toBe(true);
    await expect(
      t.node.directory.createAgencyAs(exAdmin, systemMeta, {
        name: 'Under a real one',
        kind: 'police',
        jurisdiction: 'FR',
        parentId: agency.frCaOp!,
      }),
    ).rejects.toMatchObject(refusedOn('body.parentId', /other world/));
  });

  it('a signed-in officer works in the world of their agency, whatever their account says', async () => {
    // An ordinary account (MFA, own password) in an exercise agency: what it drafts is exercise data.
    const u = await buildUser(t.node, { agencyId: agency.deEx!, roles: ['prosecutor'], exercise: false });
    const c = new TestClient(t.app);
    await c.signInWithMfa(u.email);
    const created = await c.post(
      '/api/requests',
      buildEioRequest({ requestedAuthority: { name: 'Central authority', agencyId: agency.frCaEx! } }),
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.data.exercise).toBe(true);
  });

  it('the recipients offered for a request are the agencies of the drafter’s world', async () => {
    for (const w of ['Ex', 'Op'] as const) {
      const other = w === 'Ex' ? 'Op' : 'Ex';
      const offered = (await t.node.recipients.list(officer[`drafter${w}`]!, systemMeta, 'FR')).map(
        (r) => r.id,
      );
      expect(offered).toEqual(expect.arrayContaining([agency[`frCa${w}`], agency[`frPj${w}`]]));
      expect(offered).not.toContain(agency[`frCa${other}`]);
      expect(offered).not.toContain(agency[`frPj${other}`]);
    }
  });

  it('the receiving central authority assigns tasks only to executing agencies of its own world', async () => {
    for (const w of ['Ex', 'Op'] as const) {
      const other = w === 'Ex' ? 'Op' : 'Ex';
      const id = await approved(w, agency[`frCa${w}`]!);
      await transmit(w, id);
      await lc().transition(officer[`caseworker${w}`]!, systemMeta, id, {
        action: 'acknowledge',
        expectedVersion: 4,
      });
      const assign = (ownerAgencyId: string) =>
        t.node.lifecycle.tasks.create(officer[`caseworker${w}`]!, systemMeta, id, {
          title: 'Hear the witness',
          ownerAgencyId,
        });
      await expect(assign(agency[`frPj${other}`]!)).rejects.toMatchObject(
        refusedOn('body.ownerAgencyId', w === 'Ex' ? TO_OPERATIONAL : TO_EXERCISE),
      );
      await expect(assign(agency[`frPj${w}`]!)).resolves.toBeDefined();
    }
  });

  it('a message thread opens only to agencies of the opener’s world', async () => {
    const open = (w: 'Ex' | 'Op', participants: string[]) =>
      t.node.messaging.createThread(officer[`drafter${w}`]!, systemMeta, {
        subject: 'Coordination',
        participants,
        labels: { tlp: 'GREEN', handlingCode: 'H0' },
      });
    await expect(open('Ex', [agency.frCaEx!, agency.frCaOp!])).rejects.toMatchObject(
      refusedOn('participants', TO_OPERATIONAL),
    );
    await expect(open('Op', [agency.frCaEx!])).rejects.toMatchObject(refusedOn('participants', TO_EXERCISE));
    await expect(open('Ex', [agency.frCaEx!])).resolves.toBeDefined();
    await expect(open('Op', [agency.frCaOp!])).resolves.toBeDefined();
  });

  it('evidence is handed over only to an agency of its world', async () => {
    for (const w of ['Ex', 'Op'] as const) {
      const other = w === 'Ex' ? 'Op' : 'Ex';
      const item = await t.node.evidence.service.create(officer[`drafter${w}`]!, systemMeta, {
        exhibitNumber: `EX-${w}-1`,
        description: 'Mobile phone',
        source: 'Search of premises',
        labels: { tlp: 'GREEN', handlingCode: 'H0' },
      });
      // Recipients named in its labels may read it: refused across worlds, and nothing is stored.
      await expect(
        t.node.evidence.service.create(officer[`drafter${w}`]!, systemMeta, {
          exhibitNumber: `EX-${w}-0`,
          description: 'Ledger',
          source: 'Search of premises',
          labels: { tlp: 'AMBER', handlingCode: 'H2', recipients: [agency[`frCa${other}`]!] },
        }),
      ).rejects.toMatchObject(refusedOn('body.labels.recipients', w === 'Ex' ? TO_OPERATIONAL : TO_EXERCISE));
      const stored = await t.node.database.db
        .selectFrom('evidence_item')
        .select('id')
        .where('exhibit_number', '=', `EX-${w}-0`)
        .execute();
      expect(stored).toEqual([]);
      const hand = (toAgencyId: string) =>
        t.node.evidence.service.transfer(officer[`drafter${w}`]!, systemMeta, item.id, {
          toAgencyId,
          authority: 'EIO',
        });
      await expect(hand(agency[`frCa${other}`]!)).rejects.toMatchObject(
        refusedOn('body.toAgencyId', w === 'Ex' ? TO_OPERATIONAL : TO_EXERCISE),
      );
      const custody = await t.node.evidence.service.custody(officer[`drafter${w}`]!, systemMeta, item.id);
      expect(JSON.stringify(custody)).not.toContain('transferred');
      await expect(hand(agency[`frCa${w}`]!)).resolves.toBeDefined();
    }
  });
});

describe(`exercise accounts once demo mode ends, ${engineName()}`, () => {
  it('their sessions and API tokens stop working, as their sign-in does', async () => {
    let t = await startTestNode({ demo: true });
    try {
      const ex = await t.node.directory.createAgencyAs(
        null,
        systemMeta,
        { name: 'Exercise police', kind: 'police', jurisdiction: await buildJurisdiction(t.node) },
        { exercise: true },
      );
      // Never in an operational agency, whose world it would act in.
      const op = await t.node.directory.createAgencyAs(null, systemMeta, {
        name: 'Real police',
        kind: 'police',
        jurisdiction: 'FR',
      });
      await expect(buildUser(t.node, { agencyId: op.id, exercise: true })).rejects.toMatchObject(
        refusedOn('body.agencyId', /belong to exercise agencies/),
      );
      const u = await buildUser(t.node, { agencyId: ex.id, exercise: true });
      const c = new TestClient(t.app);
      expect((await c.login(u.email)).status).toBe(200);
      const token = (await c.post('/api/tokens', { name: 'script', scopes: ['read'], expiresInDays: 30 }))
        .body.token;
      expect(token).toEqual(expect.any(String));
      t = await t.reopen({ demo: false });
      const api = new TestClient(t.app);
      api.bearer = token;
      const me = await api.get('/api/me');
      expect(me.status).toBe(401);
      expect(me.body.detail).toMatch(/only while the node runs in demo mode/);
    } finally {
      await t.close();
    }
  });

  it('an exercise administrator holds nothing node-wide once the node has real accounts', async () => {
    const t = await startTestNode({ demo: true });
    try {
      const ex = await t.node.directory.createAgencyAs(
        null,
        systemMeta,
        {
          name: 'Exercise ministry',
          kind: 'central-authority',
          jurisdiction: await buildJurisdiction(t.node),
        },
        { exercise: true },
      );
      const admin = await buildUser(t.node, { agencyId: ex.id, roles: ['administrator'], exercise: true });
      const c = new TestClient(t.app);
      expect((await c.login(admin.email)).status).toBe(200);
      const api = new TestClient(t.app);
      api.bearer = (
        await c.post('/api/tokens', { name: 'script', scopes: ['admin'], expiresInDays: 1 })
      ).body.token;
      // A demo node, exercise accounts only: the demo administrator partners it with others.
      expect((await c.get('/api/federation/status')).status).toBe(200);
      expect((await api.get('/api/federation/status')).status).toBe(200);
      // A trainee's own account (own password, MFA) in an exercise agency works in the exercise world.
      await buildUser(t.node, { agencyId: ex.id, roles: ['investigator'], exercise: false });
      expect((await c.get('/api/federation/status')).status).toBe(200);
      // An account of an operational agency appears: partners, keys, traffic, the registry and the jurisdictions are
      // the node's, no longer for a password everyone knows — in the session and token already open.
      const op = await t.node.directory.createAgencyAs(null, systemMeta, {
        name: 'Real ministry',
        kind: 'central-authority',
        jurisdiction: 'FR',
      });
      await buildUser(t.node, { agencyId: op.id, roles: ['administrator'] });
      for (const client of [c, api]) {
        const status = await client.get('/api/federation/status');
        expect(status.status).toBe(403);
        expect(status.body.code).toBe('forbidden');
        expect(
          (await client.post('/api/federation/partners', { baseUrl: 'https://203.0.113.7' })).status,
        ).toBe(403);
        expect((await client.post('/api/jurisdictions', { code: 'XQ', name: 'Nowhere' })).status).toBe(403);
      }
      const me = (await c.get('/api/me')).body;
      expect(JSON.stringify(me)).not.toMatch(/federation\.manage|legal\.manage|jurisdiction\.manage/);
      // Its own world it still administers.
      expect(
        (await c.post('/api/agencies', { name: 'Exercise police', kind: 'police', jurisdiction: 'FR' }))
          .status,
      ).toBe(201);
    } finally {
      await t.close();
    }
  });
});
