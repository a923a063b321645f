import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAgency, buildUser } from '../support/factories.ts';
import { TestClient } from '../support/http-client.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';

describe('bad input answers a clear 4xx problem+json, is audited, and writes nothing', () => {
  let t: TestNode;
  let admin: TestClient;

  beforeAll(async () => {
    t = await startTestNode();
    const agency = await buildAgency(t.node);
    const user = await buildUser(t.node, { agencyId: agency.id, roles: ['administrator'] });
    admin = new TestClient(t.app);
    await admin.signInWithMfa(user.email);
  });
  afterAll(() => t.close());

  const expectProblem = (
    r: { status: number; body: any; headers: Record<string, unknown> },
    status: number,
    code: string,
  ) => {
    expect(r.status).toBe(status);
    expect(String(r.headers['content-type'])).toMatch(/^application\/problem\+json/);
    expect(r.body).toMatchObject({ status, code, type: `urn:comity:problem:${code}` });
    expect(r.body.requestId).toBeTruthy();
  };

  it('malformed JSON → 400', async () => {
    expectProblem(await admin.request('POST', '/api/agencies', '{"name":'), 400, 'malformed-request');
  });

  it('wrong types and missing fields → 422 naming each field', async () => {
    const r = await admin.post('/api/agencies', { name: 42, kind: 'pirates' });
    expectProblem(r, 422, 'validation-failed');
    const paths = r.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['body.name', 'body.kind', 'body.jurisdiction']));
  });

  it('unknown fields → 422', async () => {
    const r = await admin.post('/api/agencies', {
      name: 'Valid name',
      kind: 'police',
      jurisdiction: 'FR',
      color: 'blue',
    });
    expectProblem(r, 422, 'validation-failed');
    expect(r.body.detail).toMatch(/color/);
  });

  it('text that is not well-formed Unicode (a lone surrogate) → 422 naming the field, nothing written', async () => {
    const name = 'Brigade \\ud800 financière';
    const r = await admin.request(
      'POST',
      '/api/agencies',
      `{"name":"${name}","kind":"police","jurisdiction":"FR"}`,
    );
    expectProblem(r, 422, 'validation-failed');
    expect(r.body.errors).toEqual([{ path: 'body.name', message: expect.stringMatching(/surrogate/) }]);
    const nested = await admin.request(
      'POST',
      '/api/agencies',
      '{"name":"Valid","kind":"police","jurisdiction":"FR","x":["ok","\\udc00"]}',
    );
    expectProblem(nested, 422, 'validation-failed');
    expect(nested.body.errors[0].path).toBe('body.x.1');
    // Nested far deeper than a call stack goes: still a 4xx.
    const deep = await admin.request('POST', '/api/agencies', `${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    expectProblem(deep, 422, 'validation-failed');
    const rows = await t.node.database.db.selectFrom('agency').select('name').execute();
    expect(rows.map((a) => a.name)).not.toContain('Valid');
    expect(rows.some((a) => a.name.startsWith('Brigade'))).toBe(false);
  });

  it('a body that is not UTF-8 → 400, nothing written (not stored with U+FFFD in its place)', async () => {
    const bytes = Buffer.concat([
      Buffer.from('{"name":"Brigade '),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('","kind":"police","jurisdiction":"FR"}'),
    ]);
    const r = await admin.request('POST', '/api/agencies', bytes);
    expectProblem(r, 400, 'malformed-request');
    expect(r.body.detail).toMatch(/UTF-8/);
    const rows = await t.node.database.db.selectFrom('agency').select('name').execute();
    expect(rows.some((a) => a.name.startsWith('Brigade'))).toBe(false);
    // A prototype key is still refused by the JSON parser.
    expectProblem(
      await admin.request('POST', '/api/agencies', '{"__proto__":{"x":1}}'),
      400,
      'malformed-request',
    );
  });

  it('text with a control character other than tab or line break → 422 naming the field, nothing written', async () => {
    // PostgreSQL cannot store U+0000 in text at all; the others break exports, PDFs and terminals.
    for (const [raw, shown] of [
      ['\\u0000', 'U+0000'],
      ['\\u0007', 'U+0007'],
      ['\\u001b[31m', 'U+001B'],
    ] as const) {
      const r = await admin.request(
        'POST',
        '/api/agencies',
        `{"name":"Police ${raw}judiciaire","kind":"police","jurisdiction":"FR"}`,
      );
      expectProblem(r, 422, 'validation-failed');
      expect(r.body.errors).toEqual([{ path: 'body.name', message: expect.stringContaining(shown) }]);
    }
    const key = await admin.request('POST', '/api/agencies', '{"na\\u0000me":"x","kind":"police"}');
    expectProblem(key, 422, 'validation-failed');
    const query = await admin.get('/api/users?q=%00');
    expectProblem(query, 422, 'validation-failed');
    expect(query.body.errors[0].path).toBe('querystring.q');
    // Tabs and line breaks are text; so are line breaks pasted from Word (vertical tab) or a PDF
    // (form feed), taken as line feeds.
    const ok = await admin.post('/api/agencies', {
      name: 'Police\tjudiciaire\r\nParis\u000bQuai\u000cdes Orfèvres',
      kind: 'police',
      jurisdiction: 'FR',
    });
    expect(ok.status).toBe(201);
    const rows = await t.node.database.db.selectFrom('agency').select('name').execute();
    expect(rows.filter((a) => a.name.includes('judiciaire')).map((a) => a.name)).toEqual([
      'Police\tjudiciaire\r\nParis\nQuai\ndes Orfèvres',
    ]);
    // A password is not text: whatever was typed is checked against the hash (here: wrong).
    const login = await admin.post('/api/auth/login', {
      email: 'nobody@example.org',
      password: 'bell\u0007',
    });
    expect(login.status).toBe(401);
  });

  it('oversized bodies → 413', async () => {
    expectProblem(
      await admin.post('/api/agencies', {
        name: 'x'.repeat(2 * 1024 * 1024),
        kind: 'police',
        jurisdiction: 'FR',
      }),
      413,
      'payload-too-large',
    );
  });

  it('bad ids → 422; unknown routes → 404', async () => {
    expectProblem(await admin.get('/api/users/not-a-uuid'), 422, 'validation-failed');
    expectProblem(await admin.get('/api/no-such-thing'), 404, 'not-found');
  });

  it('a URL the router cannot read (bad percent-encoding, an over-long id) → problem+json, with security headers', async () => {
    for (const url of ['/api/users/%zz', `/api/users/${'a'.repeat(150)}`]) {
      const r = await admin.get(url);
      expectProblem(r, 400, 'malformed-request');
      expect(r.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('saved inbox views are for those who read an inbox: an administrator gets 403', async () => {
    const r = await admin.post('/api/inbox/views', { name: 'Mine', view: 'overdue', filters: {} });
    expectProblem(r, 403, 'forbidden');
  });

  it('wrong content type → 415', async () => {
    const r = await admin.request('POST', '/api/agencies', 'name=x', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expectProblem(r, 415, 'unsupported-media-type');
    expect(r.body.detail).toMatch(/application\/json/);
    const text = await admin.request('POST', '/api/agencies', '{"name":"x"}', {
      'content-type': 'text/plain',
    });
    expectProblem(text, 415, 'unsupported-media-type');
  });

  it('a weak password is refused with the reason', async () => {
    const agencies = await admin.get('/api/agencies');
    const agencyId = agencies.body.items[0].data.id;
    const r = await admin.post('/api/users', {
      email: 'new.officer@agency.example',
      displayName: 'New Officer',
      agencyId,
      roles: ['investigator'],
      password: 'password1234',
    });
    expectProblem(r, 422, 'weak-password');
    expect(r.body.detail).toMatch(/common/i);
    const short = await admin.post('/api/users', {
      email: 'new.officer@agency.example',
      displayName: 'New Officer',
      agencyId,
      roles: ['investigator'],
      password: 'short',
    });
    expectProblem(short, 422, 'validation-failed');
    expect(short.body.errors[0].path).toBe('body.password');
  });

  it('a failing write rolls back whole: no agency and no audit event for it', async () => {
    const before = await t.node.database.db.selectFrom('agency').select('id').execute();
    const r = await admin.post('/api/agencies', { name: 'Orphan', kind: 'police', jurisdiction: 'ZZ' });
    expectProblem(r, 422, 'validation-failed');
    const after = await t.node.database.db.selectFrom('agency').select('id').execute();
    expect(after.length).toBe(before.length);
    await t.node.audit.flush();
    const creates = await t.node.database.db
      .selectFrom('audit_event')
      .select('object_id')
      .where('action', '=', 'agency.create')
      .execute();
    expect(creates.every((c) => after.some((a) => a.id === c.object_id))).toBe(true);
  });

  it('every rejection above left an audit event', async () => {
    await t.node.audit.flush();
    const rows = await t.node.database.db
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'request.rejected')
      .execute();
    const codes = new Set(rows.map((r) => JSON.parse(r.details).code));
    for (const c of [
      'malformed-request',
      'validation-failed',
      'payload-too-large',
      'not-found',
      'unsupported-media-type',
      'weak-password',
    ]) {
      expect(codes).toContain(c);
    }
  });

  it('serves security headers', async () => {
    const r = await admin.get('/api/health');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(String(r.headers['content-security-policy'])).toMatch(/frame-ancestors 'none'/);
    expect(r.headers['strict-transport-security']).toBeUndefined(); // no TLS here
  });

  it('serves an OpenAPI 3.1 document where every operation declares what it answers', async () => {
    const r = await admin.get('/api/openapi.json');
    expect(r.status).toBe(200);
    expect(r.body.openapi).toBe('3.1.0');
    type Response = { description?: string; content?: Record<string, { schema?: object }> };
    const ops = Object.entries(
      r.body.paths as Record<string, Record<string, { responses?: Record<string, Response> }>>,
    ).flatMap(([p, m]) => Object.entries(m).map(([verb, op]) => ({ p, verb, op })));
    expect(ops.length).toBeGreaterThan(100);
    // A route without a response schema gets the generator's placeholder "Default Response" and
    // no content: each success answer must be a declared schema, or a declared answer without body.
    for (const { p, verb, op } of ops) {
      const success = Object.entries(op.responses ?? {}).filter(([code]) => /^[23]/.test(code));
      expect(success, `${verb} ${p}`).not.toHaveLength(0);
      for (const [code, res] of success) {
        if (code !== '204') {
          const schemas = Object.values(res.content ?? {}).map((c) => c.schema);
          expect(schemas.length, `${verb} ${p} ${code}`).toBeGreaterThan(0);
        }
      }
    }
    expect((await admin.get('/api/docs/')).status).toBe(200);
  });
});
