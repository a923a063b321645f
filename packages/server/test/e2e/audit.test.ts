import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyCheckpointSignature } from '../../src/modules/audit/audit-checkpoint.ts';
import { verifyConsistency, verifyInclusion } from '../../src/modules/audit/merkle.ts';
import { buildAgency, buildUser } from '../support/factories.ts';
import { TestClient } from '../support/http-client.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';

const hex = (s: string) => Buffer.from(s, 'hex');

describe('audit log: complete, provable, verifiable', () => {
  let t: TestNode;
  let officer: TestClient;
  let auditor: TestClient;
  let admin: TestClient;
  let officerId: string;
  let agencyId: string;

  beforeAll(async () => {
    t = await startTestNode();
    agencyId = (await buildAgency(t.node)).id;
    const o = await buildUser(t.node, { agencyId });
    officerId = o.id;
    const au = await buildUser(t.node, { agencyId, roles: ['auditor'] });
    const ad = await buildUser(t.node, { agencyId, roles: ['administrator'] });
    officer = new TestClient(t.app);
    auditor = new TestClient(t.app);
    admin = new TestClient(t.app);
    await officer.login(o.email, 'wrong-password-xyz');
    await officer.signInWithMfa(o.email);
    await auditor.signInWithMfa(au.email);
    await admin.signInWithMfa(ad.email);
    const created = await officer.post('/api/cases', { reference: 'AUD-1', title: 'Audited case' });
    await officer.get(`/api/cases/${created.body.data.id}`, {
      'x-comity-purpose': 'Checking the file before a hearing',
    });
    await officer.post('/api/tokens', { name: 'n', scopes: ['read'], expiresInDays: 5 });
    const agency = await admin.post('/api/agencies', {
      name: 'New Unit Agency',
      kind: 'customs',
      jurisdiction: 'FR',
    });
    const u = await admin.post('/api/users', {
      email: 'fresh.officer@agency.example',
      displayName: 'Fresh Officer',
      agencyId: agency.body.data.id,
      roles: ['investigator'],
      password: 'a-long-and-unusual-passphrase',
    });
    await admin.patch(`/api/users/${u.body.data.id}`, { roles: ['investigator', 'supervisor'] });
    await officer.get('/api/audit/events'); // refused: investigators do not read the audit log
    await officer.post('/api/auth/logout');
    await officer.get('/api/me'); // rejected: signed out
    await t.node.audit.flush();
  });
  afterAll(() => t.close());

  const events = () => t.node.database.db.selectFrom('audit_event').selectAll().orderBy('seq').execute();

  it('writes one row per listed event type, with every field filled', async () => {
    const rows = await events();
    const required = [
      ['auth.login', 'failure'],
      ['auth.login', 'success'],
      ['auth.mfa.enrolment-started', 'success'],
      ['auth.mfa.enrolled', 'success'],
      ['case.create', 'success'],
      ['case.read', 'success'],
      ['token.create', 'success'],
      ['agency.create', 'success'],
      ['user.create', 'success'],
      ['user.permissions-change', 'success'],
      ['auth.logout', 'success'],
      ['request.rejected', 'denied'],
    ] as const;
    for (const [action, outcome] of required) {
      const row = rows.find((r) => r.action === action && r.outcome === outcome && r.actor_user_id !== null);
      expect(row, `${action}/${outcome}`).toBeDefined();
      expect(row!.node_id).toBe(t.node.nodeId);
      expect(row!.actor_agency_id).toBeTruthy();
      expect(row!.occurred_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(row!.ip).toBe('203.0.113.7');
      expect(row!.request_id).toBeTruthy();
      expect(row!.leaf_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(row!.leaf_index).not.toBeNull();
      if (action !== 'auth.login' || outcome === 'success') expect(row!.session_id, action).toBeTruthy();
      if (action.startsWith('case.') || action.startsWith('user.') || action === 'agency.create')
        expect(row!.object_id).toBeTruthy();
    }
    const read = rows.find((r) => r.action === 'case.read')!;
    expect(read.actor_user_id).toBe(officerId);
    expect(read.object_type).toBe('case');
    expect(read.purpose).toBe('Checking the file before a hearing');
    // Secrets never reach the log.
    const leaked = rows.filter((r) =>
      /correct-horse|a-long-and-unusual|wrong-password-xyz/.test(JSON.stringify(r)),
    );
    expect(leaked.map((r) => [r.action, r.details])).toEqual([]);
  });

  it('leaf indices are contiguous from 0', async () => {
    const idx = (await events()).map((r) => r.leaf_index).sort((a, b) => a! - b!);
    expect(idx).toEqual(idx.map((_, i) => i));
  });

  it('the auditor filters by user and action, sees an inclusion proof that verifies against the signed checkpoint', async () => {
    const list = await auditor.get(`/api/audit/events?actorUserId=${officerId}&action=case.read`);
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(1);
    const detail = await auditor.get(`/api/audit/events/${list.body.items[0].id}`);
    expect(detail.status).toBe(200);
    const { proof } = detail.body;
    expect(verifyCheckpointSignature(proof.checkpoint)).toBe(true);
    expect(
      verifyInclusion(
        hex(proof.leafHash),
        proof.leafIndex,
        proof.treeSize,
        proof.path.map(hex),
        hex(proof.checkpoint.rootHash),
      ),
    ).toBe(true);
    expect(
      verifyInclusion(
        hex(proof.leafHash),
        proof.leafIndex + 1,
        proof.treeSize,
        proof.path.map(hex),
        hex(proof.checkpoint.rootHash),
      ),
    ).toBe(false);
  });

  it('checkpoints grow consistently: an outside auditor checks the consistency proof offline', async () => {
    const first = (await auditor.get('/api/audit/checkpoint')).body;
    await officer
      .signInWithMfa(
        (
          await t.node.database.db
            .selectFrom('user_account')
            .select('email')
            .where('id', '=', officerId)
            .executeTakeFirstOrThrow()
        ).email,
      )
      .catch(() => {});
    await t.node.audit.flush();
    const second = (await auditor.get('/api/audit/checkpoint')).body;
    expect(second.treeSize).toBeGreaterThan(first.treeSize);
    const proof = (await auditor.get(`/api/audit/consistency?from=${first.treeSize}&to=${second.treeSize}`))
      .body;
    expect(
      verifyConsistency(
        first.treeSize,
        second.treeSize,
        hex(first.rootHash),
        hex(second.rootHash),
        proof.path.map(hex),
      ),
    ).toBe(true);
    expect(verifyCheckpointSignature({ ...second, treeSize: second.treeSize + 1 })).toBe(false);
  });

  it('verify recomputes the log and reports ok; CSV export carries the filter', async () => {
    const v = await auditor.post('/api/audit/verify');
    expect(v.status).toBe(200);
    expect(v.body.ok).toBe(true);
    expect(v.body.problems).toEqual([]);
    const csv = await auditor.request('GET', `/api/audit/events.csv?action=case.create`);
    expect(csv.status).toBe(200);
    expect(String(csv.headers['content-type'])).toMatch(/text\/csv/);
    const lines = String(csv.body).trim().split('\r\n');
    expect(lines[0]).toMatch(/^id,leafIndex,occurredAt/);
    expect(lines).toHaveLength(2);
  });

  it('auditors of another agency see none of these events', async () => {
    const other = await buildAgency(t.node, { jurisdiction: 'DE' });
    const au = await buildUser(t.node, { agencyId: other.id, roles: ['auditor'] });
    const c = new TestClient(t.app);
    await c.signInWithMfa(au.email);
    const list = await c.get(`/api/audit/events?actorUserId=${officerId}`);
    expect(list.body.items).toHaveLength(0);
    const mine = await auditor.get(`/api/audit/events?actorUserId=${officerId}&limit=1`);
    expect((await c.get(`/api/audit/events/${mine.body.items[0].id}`)).status).toBe(404);
  });
});
