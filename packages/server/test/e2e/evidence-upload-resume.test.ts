import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../../../scripts/build-server.ts';
import { systemMeta } from '../../src/modules/access/actor.ts';
import { evidenceWorld } from '../integration/evidence/evidence-world.ts';
import type { TestStorage } from '../support/test-database.ts';
import { startTestNode } from '../support/test-node.ts';

// A multi-hundred-MB upload through tus to a real server process, killed with SIGKILL mid-way,
// restarted, resumed from the stored offset, and hash-verified on completion. The process is the
// one `npm start` runs: the server built by scripts/build-server.ts, so the build is tested too.

const SIZE = 300 * 1024 * 1024;
const BLOCK = 1024 * 1024;
const KILL_AFTER = 120 * 1024 * 1024;
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const base = randomBytes(BLOCK);

/** Deterministic content: block n is the base block with its first 8 bytes set to n. */
function block(n: number): Buffer {
  const b = Buffer.from(base);
  b.writeBigUInt64BE(BigInt(n), 0);
  return b;
}
function* bytesFrom(offset: number): Generator<Buffer> {
  for (let n = Math.floor(offset / BLOCK); n * BLOCK < SIZE; n++) {
    const b = block(n);
    yield n * BLOCK < offset ? b.subarray(offset - n * BLOCK) : b;
  }
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

describe('tus upload survives kill -9 of the server', () => {
  let storage: TestStorage;
  let token = '';
  let itemId = '';
  let port = 0;
  let child: ChildProcess | undefined;
  let serverMain = '';
  const expected = createHash('sha256');
  for (const b of bytesFrom(0)) expected.update(b);
  const sha = expected.digest('hex');

  async function startServer() {
    child = spawn(process.execPath, ['--enable-source-maps', serverMain], {
      cwd: repoRoot,
      env: {
        ...process.env,
        COMITY_DATA_DIR: storage.dataDir,
        ...(storage.databaseUrl ? { DATABASE_URL: storage.databaseUrl } : {}),
        PORT: String(port),
        HOST: '127.0.0.1',
        COMITY_LOG_LEVEL: 'error',
      },
      stdio: 'ignore',
    });
    for (let i = 0; i < 200; i++) {
      const ok = await fetch(`http://127.0.0.1:${port}/api/health`)
        .then((r) => r.ok)
        .catch(() => false);
      if (ok) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('server did not start');
  }

  const headers = (extra: Record<string, string> = {}) => ({
    authorization: `Bearer ${token}`,
    'tus-resumable': '1.0.0',
    ...extra,
  });

  /** PATCHes from `offset`; when `killAt` is given, SIGKILLs the server once that many bytes were sent. */
  function patch(location: string, offset: number, killAt?: number) {
    return new Promise<{ status: number; headers: http.IncomingHttpHeaders } | 'killed'>((resolve) => {
      const req = http.request(`http://127.0.0.1:${port}${location}`, {
        method: 'PATCH',
        headers: headers({
          'upload-offset': String(offset),
          'content-type': 'application/offset+octet-stream',
        }),
      });
      req.on('response', (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
      });
      req.on('error', () => resolve('killed'));
      let sent = offset;
      const gen = bytesFrom(offset);
      const pump = () => {
        for (;;) {
          if (killAt !== undefined && sent >= killAt) {
            child?.kill('SIGKILL');
            return;
          }
          const next = gen.next();
          if (next.done) return void req.end();
          sent += next.value.length;
          if (!req.write(next.value)) return void req.once('drain', pump);
        }
      };
      pump();
    });
  }

  beforeAll(async () => {
    // Its own output directory: a server started with `npm start` keeps running from dist/.
    serverMain = await buildServer(fileURLToPath(new URL('../../dist-test/', import.meta.url)));
    const t = await startTestNode();
    storage = t.storage;
    const w = await evidenceWorld(t.node);
    itemId = (await w.item({ tlp: 'AMBER', handlingCode: 'H0' })).id;
    token = (
      await t.node.tokens.create(w.actors.a, systemMeta, {
        name: 'upload',
        scopes: ['write'],
        expiresInDays: 1,
      })
    ).token;
    await t.app.close();
    await t.node.close();
    port = await freePort();
  }, 60_000);
  afterAll(async () => {
    child?.kill('SIGKILL');
    await storage?.drop();
  });

  it('resumes from the last durable offset after SIGKILL and verifies the hash', async () => {
    await startServer();
    const meta = [
      `itemId ${Buffer.from(itemId).toString('base64')}`,
      `filename ${Buffer.from('disk-image.raw').toString('base64')}`,
      `sha256 ${Buffer.from(sha).toString('base64')}`,
    ].join(',');
    const created = await fetch(`http://127.0.0.1:${port}/api/uploads`, {
      method: 'POST',
      headers: headers({ 'upload-length': String(SIZE), 'upload-metadata': meta }),
    });
    expect(created.status, await created.text()).toBe(201);
    const location = created.headers.get('location')!;

    expect(await patch(location, 0, KILL_AFTER)).toBe('killed');
    await new Promise((r) => child!.once('exit', r));

    await startServer();
    const head = await fetch(`http://127.0.0.1:${port}${location}`, { method: 'HEAD', headers: headers() });
    expect(head.status).toBe(200);
    const offset = Number(head.headers.get('upload-offset'));
    expect(offset).toBeGreaterThan(0);
    expect(offset).toBeLessThanOrEqual(KILL_AFTER);
    // nothing is visible while the upload is incomplete
    const before = await fetch(`http://127.0.0.1:${port}/api/evidence/${itemId}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect((await before.json()).data.files).toEqual([]);

    const done = await patch(location, offset);
    expect(done).not.toBe('killed');
    if (done === 'killed') return;
    expect(done.status).toBe(204);
    expect(done.headers['x-comity-sha256']).toBe(sha);
    const after = await fetch(`http://127.0.0.1:${port}/api/evidence/${itemId}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const files = (await after.json()).data.files;
    expect(files).toEqual([expect.objectContaining({ sha256: sha, size: SIZE, name: 'disk-image.raw' })]);
    const custody = await (
      await fetch(`http://127.0.0.1:${port}/api/evidence/${itemId}/custody`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json();
    expect(custody.items.map((r: { event: string }) => r.event)).toEqual(
      expect.arrayContaining(['uploaded', 'hash-verified']),
    );
    expect(custody.intact).toBe(true);
  }, 240_000);
});
