import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnknownAccountLockout } from '../../src/modules/identity/unknown-account-lockout.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { newId } from '../../src/platform/ids.ts';
import { buildAgency, buildUser, PASSWORD } from '../support/factories.ts';
import { TestClient } from '../support/http-client.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';

describe('sign-in, MFA, lockout, sessions, API tokens', () => {
  let t: TestNode;
  const clock = new ManualClock(new Date());
  let agencyId: string;

  beforeAll(async () => {
    t = await startTestNode({ clock });
    agencyId = (await buildAgency(t.node)).id;
  });
  afterAll(() => t.close());

  it('a demo-style exercise account cannot sign in outside demo mode', async () => {
    // Exercise accounts exist only in demo mode: creating one here is refused.
    await expect(buildUser(t.node, { agencyId, exercise: true })).rejects.toMatchObject({
      code: 'demo-only',
    });
  });

  it('requires MFA enrolment at first sign-in, then a TOTP code at each sign-in', async () => {
    const user = await buildUser(t.node, { agencyId });
    const c = new TestClient(t.app, clock);
    const first = await c.login(user.email);
    expect(first.status).toBe(200);
    expect(first.body.state).toBe('mfa-enrolment-required');
    // Nothing operational is reachable before the second factor.
    expect((await c.get('/api/cases')).body.code).toBe('mfa-enrolment-required');

    const start = await c.post('/api/auth/mfa/enrol/start');
    expect(start.status).toBe(200);
    expect(start.body.otpauthUri).toMatch(/^otpauth:\/\/totp\//);
    const wrong = await c.post('/api/auth/mfa/enrol/confirm', { code: '000000' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('invalid-mfa-code');
    const ok = await c.post('/api/auth/mfa/enrol/confirm', { code: c.totp(start.body.secret) });
    expect(ok.status).toBe(200);
    expect(ok.body.recoveryCodes).toHaveLength(10);
    expect((await c.get('/api/me')).body.user.mfaEnrolled).toBe(true);

    const second = new TestClient(t.app, clock);
    expect((await second.login(user.email)).body.state).toBe('mfa-required');
    expect((await second.get('/api/me')).body.session.state).toBe('mfa-required');
    expect((await second.get('/api/cases')).status).toBe(403);
    const code = c.totp(start.body.secret);
    const verified = await second.post('/api/auth/mfa/verify', { code });
    expect(verified.status).toBe(200);
    expect((await second.get('/api/cases')).status).toBe(200);
    // The same code again, still within its window (seen over a shoulder, relayed by a phishing
    // page): refused, as RFC 6238 §5.2 requires; the next code works.
    const replay = new TestClient(t.app, clock);
    await replay.login(user.email);
    const replayed = await replay.post('/api/auth/mfa/verify', { code });
    expect(replayed.status).toBe(401);
    expect(replayed.body.code).toBe('invalid-mfa-code');
    clock.advance(30_000);
    expect((await replay.post('/api/auth/mfa/verify', { code: replay.totp(start.body.secret) })).status).toBe(
      200,
    );

    // A recovery code works once.
    const third = new TestClient(t.app, clock);
    await third.login(user.email);
    const rc = ok.body.recoveryCodes[0];
    expect((await third.post('/api/auth/mfa/verify', { recoveryCode: rc })).status).toBe(200);
    const fourth = new TestClient(t.app, clock);
    await fourth.login(user.email);
    expect((await fourth.post('/api/auth/mfa/verify', { recoveryCode: rc })).body.code).toBe(
      'invalid-mfa-code',
    );
  });

  it('locks the account after 5 failures in 15 minutes, even for the right password, and unlocks after', async () => {
    const user = await buildUser(t.node, { agencyId });
    const c = new TestClient(t.app, clock);
    for (let i = 0; i < 4; i++)
      expect((await c.login(user.email, 'wrong-password-123')).body.code).toBe('invalid-credentials');
    const fifth = await c.login(user.email, 'wrong-password-123');
    expect(fifth.status).toBe(423);
    expect(fifth.body.code).toBe('account-locked');
    expect(fifth.headers['retry-after']).toBeDefined();
    expect((await c.login(user.email, PASSWORD)).status).toBe(423);
    clock.advance(15 * 60_000 + 1000);
    expect((await c.login(user.email, PASSWORD)).status).toBe(200);
  });

  it('counts guesses sent at once one after another: no more than 5 are tried before the lockout', async () => {
    const user = await buildUser(t.node, { agencyId });
    const failures = async () =>
      (
        await t.node.database.db
          .selectFrom('login_failure')
          .select('id')
          .where('user_id', '=', user.id)
          .execute()
      ).length;
    const clients = Array.from({ length: 12 }, () => new TestClient(t.app, clock));
    const answers = await Promise.all(clients.map((c) => c.login(user.email, 'wrong-password-123')));
    expect(
      answers.every((a) => a.body.code === 'invalid-credentials' || a.body.code === 'account-locked'),
    ).toBe(true);
    // Each failure is a password that was checked: five, not twelve.
    expect(await failures()).toBe(5);
    expect((await clients[0]!.login(user.email, PASSWORD)).status).toBe(423);
    clock.advance(15 * 60_000 + 1000);
    // The right password once the lockout ends: signed in, and its attempt is no failure.
    expect((await clients[0]!.login(user.email, PASSWORD)).status).toBe(200);
    expect(await failures()).toBe(5);
  });

  it('unknown accounts answer exactly like wrong passwords, lockout included', async () => {
    const c = new TestClient(t.app, clock);
    const r = await c.login('nobody@agency.example', 'some-password-here');
    expect(r.status).toBe(401);
    expect(r.body.code).toBe('invalid-credentials');
    // Five failures lock an address without an account as they lock an account: the answers do
    // not tell the two apart.
    const user = await buildUser(t.node, { agencyId });
    const answers = async (email: string) => {
      const out: string[] = [];
      for (let i = 0; i < 6; i++) {
        const a = await c.login(email, 'wrong-password-123');
        out.push(`${a.status} ${a.body.code} ${a.headers['retry-after'] !== undefined}`);
      }
      return out;
    };
    const known = await answers(user.email);
    expect(await answers('ghost-user@agency.example')).toEqual(known);
    expect(known.at(-1)).toBe('423 account-locked true');
    // Counted in the database, by hash: another instance of the node sees the same lockout.
    const otherInstance = new UnknownAccountLockout(t.node.database, clock);
    expect(await otherInstance.locked(' Ghost-User@agency.example')).toBeInstanceOf(Date);
    const kept = await t.node.database.db.selectFrom('login_failure_unknown').selectAll().execute();
    expect(kept.length).toBeGreaterThanOrEqual(5);
    expect(JSON.stringify(kept)).not.toContain('ghost');
    clock.advance(15 * 60_000 + 1000);
    expect((await c.login('ghost-user@agency.example', 'wrong-password-123')).status).toBe(401);
  });

  it('locks an idle session after 30 minutes; the password re-opens it; logout ends it on the server', async () => {
    const user = await buildUser(t.node, { agencyId });
    const c = new TestClient(t.app, clock);
    const secret = await c.signInWithMfa(user.email);
    expect(secret).not.toBe('');
    expect((await c.get('/api/me')).status).toBe(200);
    clock.advance(31 * 60_000);
    const locked = await c.get('/api/me');
    expect(locked.status).toBe(401);
    expect(locked.body.code).toBe('session-locked');
    expect((await c.post('/api/auth/unlock', { password: 'not-the-password' })).status).toBe(401);
    const unlocked = await c.post('/api/auth/unlock', { password: PASSWORD });
    expect(unlocked.status).toBe(200);
    expect((await c.get('/api/me')).status).toBe(200);

    const cookie = c.cookie;
    expect((await c.post('/api/auth/logout')).status).toBe(200);
    const replay = new TestClient(t.app, clock);
    replay.cookie = cookie;
    expect((await replay.get('/api/me')).body.code).toBe('unauthenticated');
  });

  it('ends a session at its absolute lifetime', async () => {
    const user = await buildUser(t.node, { agencyId });
    const c = new TestClient(t.app, clock);
    await c.signInWithMfa(user.email);
    for (let i = 0; i < 25; i++) {
      clock.advance(29 * 60_000); // active use never reaches the idle lock…
      if ((await c.get('/api/me')).status !== 200) break;
    }
    const r = await c.get('/api/me'); // …but 12 hours is the ceiling
    expect(r.status).toBe(401);
    expect(r.body.code).toBe('session-expired');
  });

  it('refuses state changes without the CSRF token', async () => {
    const user = await buildUser(t.node, { agencyId });
    const c = new TestClient(t.app, clock);
    await c.signInWithMfa(user.email);
    const csrf = c.csrf;
    c.csrf = undefined;
    const r = await c.post('/api/cases', { reference: 'X-1', title: 'No token' });
    expect(r.status).toBe(403);
    expect(r.body.code).toBe('csrf-failed');
    c.csrf = 'forged';
    expect((await c.post('/api/cases', { reference: 'X-1', title: 'Forged' })).body.code).toBe('csrf-failed');
    c.csrf = csrf;
    expect((await c.post('/api/cases', { reference: 'X-1', title: 'With token' })).status).toBe(201);
  });

  it('sets the session cookie __Host-, Secure, HttpOnly, SameSite=Strict', async () => {
    const user = await buildUser(t.node, { agencyId });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: user.email, password: PASSWORD },
    });
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^__Host-comity-session-8080=/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Domain=/);
  });

  it('issues scoped, expiring, revocable API tokens stored only as hashes', async () => {
    const user = await buildUser(t.node, { agencyId });
    const c = new TestClient(t.app, clock);
    await c.signInWithMfa(user.email);
    const created = await c.post('/api/tokens', { name: 'script', scopes: ['read'], expiresInDays: 1 });
    expect(created.status).toBe(201);
    const token = created.body.token as string;
    expect(token).toMatch(/^cmty_/);
    const stored = await t.node.database.db
      .selectFrom('api_token')
      .selectAll()
      .where('id', '=', created.body.apiToken.id)
      .executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token.slice(5));

    const bot = new TestClient(t.app, clock);
    bot.bearer = token;
    expect((await bot.get('/api/me')).status).toBe(200);
    expect((await bot.get('/api/cases')).status).toBe(200);
    // A read-scoped token cannot write, whatever the user's roles; no CSRF needed for bearer calls.
    const write = await bot.post('/api/cases', { reference: 'T-1', title: 'From a token' });
    expect(write.status).toBe(403);
    expect(write.body.code).toBe('forbidden');
    // Nor its user's own settings: saved views, notifications marked read.
    expect((await bot.post('/api/inbox/views', { name: 'Mine', filters: {} })).status).toBe(403);
    expect((await bot.post(`/api/me/notifications/${newId()}/read`, {})).status).toBe(403);

    bot.bearer = 'cmty_not-a-real-token';
    expect((await bot.get('/api/me')).body.code).toBe('unauthenticated');

    bot.bearer = token;
    clock.advance(25 * 3_600_000);
    expect((await bot.get('/api/me')).status).toBe(401); // expired
  });

  it('revoking a token stops it at once', async () => {
    const user = await buildUser(t.node, { agencyId });
    const c = new TestClient(t.app, clock);
    await c.signInWithMfa(user.email);
    const created = await c.post('/api/tokens', { name: 'ci', scopes: ['read', 'write'], expiresInDays: 30 });
    const bot = new TestClient(t.app, clock);
    bot.bearer = created.body.token;
    expect((await bot.post('/api/cases', { reference: 'T-2', title: 'Write scope' })).status).toBe(201);
    expect((await c.delete(`/api/tokens/${created.body.apiToken.id}`)).status).toBe(200);
    expect((await bot.get('/api/me')).status).toBe(401);
    const list = await c.get('/api/tokens');
    expect(list.body.items[0].revokedAt).not.toBeNull();
  });
});

describe('short idle limit (COMITY_SESSION_IDLE_MINUTES=1)', () => {
  let t: TestNode;
  const clock = new ManualClock(new Date());
  let agencyId: string;

  beforeAll(async () => {
    t = await startTestNode({ clock, env: { COMITY_SESSION_IDLE_MINUTES: '1' } });
    agencyId = (await buildAgency(t.node)).id;
  });
  afterAll(() => t.close());

  it('never locks a session in active use, and still locks it after a minute without requests', async () => {
    const user = await buildUser(t.node, { agencyId });
    const c = new TestClient(t.app, clock);
    await c.signInWithMfa(user.email);
    for (let i = 0; i < 12; i++) {
      clock.advance(50_000); // a request every 50 s: always inside the 60 s idle limit
      const me = await c.get('/api/me');
      expect(me.status, `request ${i} after ${(i + 1) * 50} s`).toBe(200);
      // The idle deadline the client is told about is never further than the limit, never past.
      const idleLeft = Date.parse(me.body.session.idleExpiresAt) - clock.now().getTime();
      expect(idleLeft).toBeGreaterThan(0);
      expect(idleLeft).toBeLessThanOrEqual(60_000);
    }
    clock.advance(61_000);
    const locked = await c.get('/api/me');
    expect(locked.status).toBe(401);
    expect(locked.body.code).toBe('session-locked');
  });
});

describe('demo mode', () => {
  let t: TestNode;
  beforeAll(async () => {
    t = await startTestNode({ demo: true });
    const { seedDemoWorld } = await import('../../src/modules/demo/demo.service.ts');
    await seedDemoWorld(t.node);
  });
  afterAll(() => t.close());

  it('lets a demo user sign in with the shared password and read /api/me (no MFA for exercise accounts)', async () => {
    const c = new TestClient(t.app);
    const r = await c.login('anna.weber@de-bka.example', 'exercise-password-2026');
    expect(r.body.state).toBe('active');
    const me = await c.get('/api/me');
    expect(me.status).toBe(200);
    expect(me.body.user.exercise).toBe(true);
    expect(me.body.agency.jurisdiction).toBe('DE');
    expect((await c.get('/api/info')).body.demo).toBe(true);
  });

  it('seeds ≥3 jurisdictions, ≥6 agencies of every kind, ≥10 users across roles', async () => {
    const { listDemoAccounts } = await import('../../src/modules/demo/demo.service.ts');
    const accounts = await listDemoAccounts(t.node);
    expect(accounts.length).toBeGreaterThanOrEqual(10);
    expect(new Set(accounts.flatMap((a) => a.roles)).size).toBeGreaterThanOrEqual(9);
    const agencies = await t.node.database.db.selectFrom('agency').select(['kind', 'jurisdiction']).execute();
    expect(new Set(agencies.map((a) => a.jurisdiction)).size).toBeGreaterThanOrEqual(3);
    for (const kind of ['police', 'customs', 'prosecution', 'court', 'central-authority', 'fiu']) {
      expect(agencies.some((a) => a.kind === kind)).toBe(true);
    }
  });
});
