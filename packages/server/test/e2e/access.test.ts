import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/platform/ids.ts';
import { buildAgency, buildUser } from '../support/factories.ts';
import { TestClient } from '../support/http-client.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';

describe('access gate: agencies see only their own objects', () => {
  let t: TestNode;
  let a: TestClient;
  let b: TestClient;
  let lowClearance: TestClient;
  let admin: TestClient;
  let caseOfA: string;
  let secretCaseOfA: string;

  beforeAll(async () => {
    t = await startTestNode();
    const agencyA = await buildAgency(t.node, { jurisdiction: 'FR' });
    const agencyB = await buildAgency(t.node, { jurisdiction: 'DE' });
    const userA = await buildUser(t.node, { agencyId: agencyA.id, clearance: 3 });
    const userA2 = await buildUser(t.node, { agencyId: agencyA.id, clearance: 1 });
    const userB = await buildUser(t.node, { agencyId: agencyB.id, clearance: 4 });
    const adminUser = await buildUser(t.node, { agencyId: agencyA.id, roles: ['administrator'] });
    a = new TestClient(t.app);
    b = new TestClient(t.app);
    lowClearance = new TestClient(t.app);
    admin = new TestClient(t.app);
    await a.signInWithMfa(userA.email);
    await b.signInWithMfa(userB.email);
    await lowClearance.signInWithMfa(userA2.email);
    await admin.signInWithMfa(adminUser.email);
    caseOfA = (await a.post('/api/cases', { reference: 'A-1', title: 'Open case', classification: 1 })).body
      .data.id;
    secretCaseOfA = (
      await a.post('/api/cases', { reference: 'A-2', title: 'Secret case', classification: 3 })
    ).body.data.id;
  });
  afterAll(() => t.close());

  it('the holding agency reads its case, with the actions it may take', async () => {
    const r = await a.get(`/api/cases/${caseOfA}`);
    expect(r.status).toBe(200);
    expect(r.body.policies).toEqual({ read: true, update: true });
  });

  it('another agency gets 404, exactly as for an id that does not exist', async () => {
    const denied = await b.get(`/api/cases/${caseOfA}`);
    const unknown = await b.get(`/api/cases/${newId()}`);
    expect(denied.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(denied.body.code).toBe(unknown.body.code);
    expect(denied.body.title).toBe(unknown.body.title);
    expect(denied.body.detail).toBe(unknown.body.detail);
    expect((await b.get('/api/cases')).body.items).toHaveLength(0);
  });

  it('a colleague below the classification gets 404 too, and does not see it listed', async () => {
    expect((await lowClearance.get(`/api/cases/${secretCaseOfA}`)).status).toBe(404);
    expect((await lowClearance.get(`/api/cases/${caseOfA}`)).status).toBe(200);
    const ids = (await lowClearance.get('/api/cases')).body.items.map(
      (i: { data: { id: string } }) => i.data.id,
    );
    expect(ids).toEqual([caseOfA]);
  });

  it('refusals are audited as denied', async () => {
    await t.node.audit.flush();
    const rows = await t.node.database.db
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'request.rejected')
      .where('outcome', '=', 'denied')
      .execute();
    expect(rows.some((r) => JSON.parse(r.details).code === 'not-found')).toBe(true);
  });

  it('a route needing a permission the role lacks is 403 forbidden', async () => {
    const r = await a.get('/api/audit/events');
    expect(r.status).toBe(403);
    expect(r.body.code).toBe('forbidden');
  });

  it('the gate answers batched queries: filter keeps only allowed ids', async () => {
    const actor = (await t.node.auth.resolveSession(a.cookie!.split('=')[1]!, { allowPending: false })).actor;
    const allowed = await t.node.gate.filter(actor, 'case.read', [caseOfA, secretCaseOfA, newId()]);
    expect([...allowed].sort()).toEqual([caseOfA, secretCaseOfA].sort());
  });

  it('administrators see allowed actions on users; non-admins cannot manage users', async () => {
    const users = await admin.get('/api/users');
    expect(users.status).toBe(200);
    const someone = users.body.items.find(
      (u: { data: { roles: string[] } }) => !u.data.roles.includes('administrator'),
    );
    expect(someone.policies.update).toBe(true);
    expect(someone.policies.lock).toBe(true);
    expect((await a.post('/api/users', {})).status).toBe(403);
  });

  it('an account is moved only into a unit of its own agency', async () => {
    const users = (await admin.get('/api/users')).body.items as { data: { id: string; agencyId: string } }[];
    const someone = users.find((u) => u.data.agencyId !== users[0]!.data.agencyId) ?? users[0]!;
    const other = users.find((u) => u.data.agencyId !== someone.data.agencyId)!;
    const foreign = await admin.post('/api/units', {
      agencyId: other.data.agencyId,
      name: 'Other agency unit',
    });
    const own = await admin.post('/api/units', { agencyId: someone.data.agencyId, name: 'Own agency unit' });
    expect([foreign.status, own.status]).toEqual([201, 201]);
    const moved = await admin.patch(`/api/users/${someone.data.id}`, { unitId: foreign.body.id });
    expect(moved.status).toBe(422);
    expect(moved.body.errors).toEqual([{ path: 'body.unitId', message: 'No such unit in this agency.' }]);
    expect((await admin.get(`/api/users/${someone.data.id}`)).body.data.unitId).toBeNull();
    const placed = await admin.patch(`/api/users/${someone.data.id}`, { unitId: own.body.id });
    expect(placed.status, JSON.stringify(placed.body)).toBe(200);
    expect(placed.body.data.unitId).toBe(own.body.id);
  });
});
