import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemMeta } from '../../../src/modules/access/actor.ts';
import { TestClient } from '../../support/http-client.ts';
import { startTestNode, type TestNode } from '../../support/test-node.ts';
import { evidenceWorld, sha256 } from './evidence-world.ts';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const metadata = (m: Record<string, string>) =>
  Object.entries(m)
    .map(([k, v]) => `${k} ${b64(v)}`)
    .join(',');

describe('resumable uploads (tus) under /api/uploads', () => {
  let t: TestNode;
  let w: Awaited<ReturnType<typeof evidenceWorld>>;
  let a: TestClient;
  let c: TestClient;
  let itemId: string;
  beforeAll(async () => {
    t = await startTestNode();
    w = await evidenceWorld(t.node);
    a = new TestClient(t.app);
    await a.signInWithMfa(w.users.ua.email);
    c = new TestClient(t.app);
    await c.signInWithMfa(w.users.uc.email);
    itemId = (await w.item({ tlp: 'GREEN', handlingCode: 'H0' })).id;
  });
  afterAll(() => t.close());

  // A real socket: tus reads the request body as a stream.
  let base = '';
  const send = async (
    client: TestClient,
    method: 'POST' | 'PATCH' | 'HEAD' | 'DELETE',
    url: string,
    headers: Record<string, string>,
    payload?: Buffer,
  ) => {
    if (!base) base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const res = await fetch(base + url, {
      method,
      headers: { cookie: client.cookie!, 'x-csrf-token': client.csrf!, 'tus-resumable': '1.0.0', ...headers },
      ...(payload ? { body: new Uint8Array(payload) } : {}),
    });
    const body = method === 'HEAD' ? '' : await res.text();
    return {
      statusCode: res.status,
      headers: Object.fromEntries(res.headers) as Record<string, string>,
      body,
    };
  };
  const create = (client: TestClient, length: number, meta: Record<string, string>) =>
    send(client, 'POST', '/api/uploads', {
      'upload-length': String(length),
      'upload-metadata': metadata(meta),
    });
  const patch = (client: TestClient, location: string, offset: number, body: Buffer) =>
    send(
      client,
      'PATCH',
      location,
      { 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' },
      body,
    );

  it('uploads in two parts, resumes from HEAD, verifies the hash and makes the file visible with custody', async () => {
    const content = randomBytes(3 * 1024 * 1024 + 17);
    const created = await create(a, content.length, {
      itemId,
      filename: 'phone-dump.bin',
      sha256: sha256(content),
    });
    expect(created.statusCode, created.body).toBe(201);
    const location = created.headers.location as string;
    expect(location).toMatch(/^\/api\/uploads\/[0-9a-f-]{36}$/);
    const first = await patch(a, location, 0, content.subarray(0, 1024 * 1024));
    expect(first.statusCode, first.body).toBe(204);
    const head = await send(a, 'HEAD', location, {});
    expect(head.headers['upload-offset']).toBe(String(1024 * 1024));
    expect((await t.node.evidence.service.get(w.actors.a, systemMeta, itemId)).files).toHaveLength(0);
    // someone else cannot continue or inspect it
    expect((await send(c, 'HEAD', location, {})).statusCode).toBe(404);
    const done = await patch(a, location, 1024 * 1024, content.subarray(1024 * 1024));
    expect(done.statusCode, done.body).toBe(204);
    const item = await t.node.evidence.service.get(w.actors.a, systemMeta, itemId);
    expect(item.files).toEqual([
      expect.objectContaining({ name: 'phone-dump.bin', sha256: sha256(content), size: content.length }),
    ]);
    const leftovers = await fs.readdir(path.join(t.storage.dataDir, 'uploads'));
    expect(leftovers).toEqual([]);
  });

  it('what tus itself refuses is answered as problem+json too, naming the request', async () => {
    const content = randomBytes(2048);
    const created = await create(a, content.length, {
      itemId,
      filename: 'notes.bin',
      sha256: sha256(content),
    });
    expect(created.statusCode, created.body).toBe(201);
    const location = created.headers.location as string;
    const problem = (
      r: { statusCode: number; headers: Record<string, string>; body: string },
      status: number,
    ) => {
      expect(r.statusCode).toBe(status);
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
      const body = JSON.parse(r.body);
      expect(body).toMatchObject({
        status,
        instance: location,
        type: expect.stringMatching(/^urn:comity:problem:/),
      });
      expect(body.requestId).toMatch(/^[0-9a-f-]{36}$/);
      return body;
    };
    // An offset the upload is not at.
    expect(problem(await patch(a, location, 100, content.subarray(0, 10)), 409).code).toBe('conflict');
    // No Tus-Resumable header.
    problem(
      await send(
        a,
        'PATCH',
        location,
        { 'tus-resumable': '', 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
        content,
      ),
      412,
    );
    // Given up: nothing of it is left behind.
    expect((await send(a, 'DELETE', location, {})).statusCode).toBe(204);
  });

  it('a wrong hash rejects the upload with problem+json and nothing becomes visible', async () => {
    const item = await w.item({ tlp: 'GREEN', handlingCode: 'H0' });
    const content = randomBytes(4096);
    const created = await create(a, content.length, {
      itemId: item.id,
      filename: 'x.bin',
      sha256: sha256(Buffer.from('not it')),
    });
    const res = await patch(a, created.headers.location as string, 0, content);
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(JSON.parse(res.body).code).toBe('validation-failed');
    expect((await t.node.evidence.service.get(w.actors.a, systemMeta, item.id)).files).toHaveLength(0);
    expect(await fs.readdir(path.join(t.storage.dataDir, 'uploads'))).toEqual([]);
  });

  it('refuses bad creations with clear problems', async () => {
    const h = sha256(Buffer.from('x'));
    const cases: [Promise<{ statusCode: number; headers: Record<string, unknown> }>, number][] = [
      [create(a, 0, { itemId, filename: 'a.bin', sha256: h }), 422],
      [create(a, 2 ** 50, { itemId, filename: 'a.bin', sha256: h }), 413],
      [create(a, 10, { itemId, filename: '../../etc/passwd', sha256: h }), 422],
      [create(a, 10, { itemId, filename: 'a.bin', sha256: 'abc' }), 422],
      [
        send(a, 'POST', '/api/uploads', {
          'upload-length': 'ten',
          'upload-metadata': metadata({ itemId, filename: 'a', sha256: h }),
        }),
        400,
      ],
      [send(a, 'POST', '/api/uploads', { 'upload-length': '10', 'upload-metadata': 'itemId !!!' }), 400],
      [create(c, 10, { itemId, filename: 'a.bin', sha256: h }), 404],
    ];
    for (const [p, status] of cases) {
      const r = await p;
      expect(r.statusCode).toBe(status);
      expect(r.headers['content-type']).toContain('application/problem+json');
    }
  });
});
