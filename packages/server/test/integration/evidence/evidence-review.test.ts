import { randomBytes } from 'node:crypto';
import type { Labels } from '@comity/contracts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { systemMeta } from '../../../src/modules/access/actor.ts';
import { buildUser } from '../../support/factories.ts';
import { TestClient } from '../../support/http-client.ts';
import { startTestNode, type TestNode } from '../../support/test-node.ts';
import { evidenceWorld, sha256 } from './evidence-world.ts';

// Security review of the evidence module: upload ids smuggled past the owner check, transfers
// writing back stale labels, export packages downloaded by colleagues or after re-labelling,
// writes and reads without audit events, routes without response schemas, malformed headers.

const b64 = (s: string) => Buffer.from(s).toString('base64');
const metadata = (m: Record<string, string>) =>
  Object.entries(m)
    .map(([k, v]) => `${k} ${b64(v)}`)
    .join(',');

describe('evidence security review', () => {
  let t: TestNode;
  let w: Awaited<ReturnType<typeof evidenceWorld>>;
  let a: TestClient;
  let a2: TestClient;
  let colleague: Awaited<ReturnType<typeof buildUser>>;
  beforeAll(async () => {
    t = await startTestNode();
    w = await evidenceWorld(t.node);
    colleague = await buildUser(t.node, { agencyId: w.a.id, roles: ['investigator'] });
    a = new TestClient(t.app);
    await a.signInWithMfa(w.users.ua.email);
    a2 = new TestClient(t.app);
    await a2.signInWithMfa(colleague.email);
  });
  afterAll(() => t.close());
  const ev = () => t.node.evidence.service;
  const auditActions = async (objectId: string) => {
    await t.node.audit.flush();
    return (await t.node.audit.list({ objectId, limit: 500 })).map((e) => e.action);
  };

  describe('tus: an upload id in the query string never reaches another user’s upload', () => {
    // A real socket: tus reads the request body as a stream, and the URL is sent as written.
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
        headers: {
          cookie: client.cookie!,
          'x-csrf-token': client.csrf!,
          'tus-resumable': '1.0.0',
          ...headers,
        },
        ...(payload ? { body: new Uint8Array(payload) } : {}),
      });
      const body = method === 'HEAD' ? '' : await res.text();
      return { status: res.status, headers: Object.fromEntries(res.headers) as Record<string, string>, body };
    };
    const create = (client: TestClient, itemId: string, content: Buffer, filename: string) =>
      send(client, 'POST', '/api/uploads', {
        'upload-length': String(content.length),
        'upload-metadata': metadata({ itemId, filename, sha256: sha256(content) }),
      });
    const patch = (client: TestClient, url: string, offset: number, body: Buffer) =>
      send(
        client,
        'PATCH',
        url,
        { 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' },
        body,
      );

    it('PATCH, HEAD and DELETE to /api/uploads/<mine>?/<victim> leave the victim’s upload alone', async () => {
      const item = await w.item({ tlp: 'GREEN', handlingCode: 'H0' });
      const victimContent = randomBytes(200_000);
      const victim = await create(a2, item.id, victimContent, 'victim.bin');
      expect(victim.status, victim.body).toBe(201);
      const victimUrl = victim.headers.location!;
      expect((await patch(a2, victimUrl, 0, victimContent.subarray(0, 50_000))).status).toBe(204);
      const victimId = victimUrl.split('/').at(-1)!;

      const mine = await create(a, item.id, randomBytes(1000), 'mine.bin');
      expect(mine.status, mine.body).toBe(201);
      const smuggled = `${mine.headers.location}?/${victimId}`;

      const junk = await patch(a, smuggled, 50_000, randomBytes(10_000));
      expect(junk.status).toBe(404);
      const peek = await send(a, 'HEAD', smuggled, {});
      expect(peek.status).toBe(404);
      expect(peek.headers['upload-offset']).toBeUndefined();
      expect((await send(a, 'DELETE', smuggled, {})).status).toBe(404);
      // other spellings of the same trick
      expect((await send(a, 'HEAD', `${mine.headers.location}?x=/${victimId}`, {})).status).toBe(404);
      expect((await send(a, 'HEAD', `${mine.headers.location}%2F${victimId}`, {})).status).toBe(404);

      // the victim's upload is untouched and completes
      const head = await send(a2, 'HEAD', victimUrl, {});
      expect(head.status).toBe(200);
      expect(head.headers['upload-offset']).toBe('50000');
      const done = await patch(a2, victimUrl, 50_000, victimContent.subarray(50_000));
      expect(done.status, done.body).toBe(204);
      const got = await ev().get(w.actors.a, systemMeta, item.id);
      expect(got.files).toEqual([
        expect.objectContaining({ name: 'victim.bin', sha256: sha256(victimContent) }),
      ]);
      // the attacker's own upload still answers on its plain URL
      expect((await send(a, 'HEAD', mine.headers.location!, {})).status).toBe(200);
    });

    it('creating an upload writes its row and an audit event together; a termination is audited', async () => {
      const item = await w.item({ tlp: 'GREEN', handlingCode: 'H0' });
      const created = await create(a, item.id, randomBytes(100), 'audited.bin');
      expect(created.status, created.body).toBe(201);
      const uploadId = created.headers.location!.split('/').at(-1)!;
      const row = await t.node.database.db
        .selectFrom('evidence_upload')
        .selectAll()
        .where('id', '=', uploadId)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({ item_id: item.id, status: 'open', created_by: w.users.ua.id });
      expect((await send(a, 'DELETE', created.headers.location!, {})).status).toBe(204);
      const events = (await t.node.audit.list({ objectId: item.id, limit: 100 })).filter((e) =>
        e.action.startsWith('evidence.upload.'),
      );
      expect(events.map((e) => e.action)).toEqual(
        expect.arrayContaining(['evidence.upload.created', 'evidence.upload.terminated']),
      );
      expect(JSON.stringify(events)).toContain(uploadId);
    });
  });

  describe('custody transfer', () => {
    it('only the agency a transfer names acknowledges it, once; anyone else is refused and nothing is written', async () => {
      const item = await w.item({ tlp: 'GREEN', handlingCode: 'H0', recipients: [w.b.id, w.c.id] });
      const events = async () =>
        (await ev().custody(w.actors.a, systemMeta, item.id)).items.map((r) => r.event);
      // Nothing transferred yet: nobody acknowledges, not even a reader of the item.
      await expect(ev().receive(w.actors.b, systemMeta, item.id)).rejects.toMatchObject({ status: 409 });
      await ev().transfer(w.actors.a, systemMeta, item.id, { toAgencyId: w.b.id, authority: 'EIO 9' });
      const before = await events();
      // C may read the item but was not named by the transfer; A holds it and cannot receive it.
      await expect(ev().receive(w.actors.c, systemMeta, item.id)).rejects.toMatchObject({ status: 409 });
      await expect(ev().receive(w.actors.a, systemMeta, item.id)).rejects.toMatchObject({ status: 409 });
      expect(await events()).toEqual(before);
      await ev().receive(w.actors.b, systemMeta, item.id);
      expect((await events()).at(-1)).toBe('received');
      // A second acknowledgement of the same transfer is refused.
      await expect(ev().receive(w.actors.b, systemMeta, item.id)).rejects.toMatchObject({ status: 409 });
    });

    it('only the holding agency records a transfer; a recipient is refused and nothing is written', async () => {
      const item = await w.item({ tlp: 'GREEN', handlingCode: 'H0', recipients: [w.b.id] });
      const before = await ev().custody(w.actors.a, systemMeta, item.id);
      await expect(
        ev().transfer(w.actors.b, systemMeta, item.id, { toAgencyId: w.c.id, authority: 'onward' }),
      ).rejects.toMatchObject({ status: 403, code: 'forbidden' });
      const after = await ev().custody(w.actors.a, systemMeta, item.id);
      expect(after.items.map((r) => r.event)).toEqual(before.items.map((r) => r.event));
      expect(after.labels.recipients).toEqual([w.b.id]);
      // an unknown item is not-found
      await expect(
        ev().transfer(w.actors.a, systemMeta, '01a229fe-0000-7000-8000-000000000000', {
          toAgencyId: w.b.id,
          authority: 'x',
        }),
      ).rejects.toMatchObject({ status: 404 });
    });

    /** Runs `meanwhile` right after the transfer's first (outside-transaction) read of the item. */
    const interleave = (meanwhile: () => Promise<unknown>) => {
      const svc = ev();
      const original = svc.readable.bind(svc);
      return vi.spyOn(svc, 'readable').mockImplementationOnce(async (...args) => {
        const item = await original(...args);
        await meanwhile();
        return item;
      });
    };

    it('a permission granted between the read and the write is kept', async () => {
      const item = await w.item({ tlp: 'GREEN', handlingCode: 'H2', recipients: [w.b.id] });
      const perms = t.node.messaging.permissions;
      const spy = interleave(async () => {
        const asked = await perms.request(
          w.actors.b,
          systemMeta,
          {
            kind: 'forward',
            objectType: 'evidence',
            objectId: item.id,
            targetAgencyId: w.c.id,
            reason: 'EIO',
          },
          item.labels,
        );
        await perms.decide(w.actors.a, systemMeta, asked.id, 'granted');
      });
      try {
        await ev().transfer(w.actors.a, systemMeta, item.id, { toAgencyId: w.b.id, authority: 'EIO 1' });
      } finally {
        spy.mockRestore();
      }
      const labels = (await ev().custody(w.actors.a, systemMeta, item.id)).labels as Labels;
      expect(labels.recipients).toEqual([w.b.id]);
      expect(labels.permissions).toEqual([expect.objectContaining({ kind: 'forward', agencyId: w.c.id })]);
    });

    it('a second transfer committed between the read and the write is kept', async () => {
      const item = await w.item({ tlp: 'GREEN', handlingCode: 'H0' }, {}, Buffer.from('two transfers'));
      const spy = interleave(() =>
        ev().transfer(w.actors.a, systemMeta, item.id, { toAgencyId: w.c.id, authority: 'EIO 2' }),
      );
      let receipt: Awaited<ReturnType<EvidenceServiceT['transfer']>>;
      try {
        receipt = await ev().transfer(w.actors.a, systemMeta, item.id, {
          toAgencyId: w.b.id,
          authority: 'EIO 1',
        });
      } finally {
        spy.mockRestore();
      }
      expect(receipt.files).toHaveLength(1);
      const custody = await ev().custody(w.actors.a, systemMeta, item.id);
      expect([...custody.labels.recipients].sort()).toEqual([w.b.id, w.c.id].sort());
      expect(custody.items.filter((r) => r.event === 'transferred')).toHaveLength(2);
      expect(custody.intact).toBe(true);
    });

    it('the transfer route answers the documented receipt', async () => {
      const item = await w.item({ tlp: 'GREEN', handlingCode: 'H0' });
      const r = await a.post(`/api/evidence/${item.id}/transfer`, { toAgencyId: w.b.id, authority: 'EIO 3' });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.receipt).toMatchObject({ itemId: item.id, from: w.a.id, to: w.b.id, files: [] });
      expect(typeof r.body.receipt.signature).toBe('string');
      const doc = (await a.get('/api/openapi.json')).body;
      const transfer = doc.paths['/api/evidence/{id}/transfer'].post.responses['200'];
      expect(JSON.stringify(transfer.content)).toContain('signature');
      const upload = doc.paths['/api/evidence/{id}/files'].post.responses['201'];
      expect(JSON.stringify(upload.content)).toContain('exhibitNumber');
    });
  });

  describe('export package download', () => {
    const makePackage = async (client: TestClient, itemId: string) => {
      const r = await client.post('/api/evidence/exports', { itemIds: [itemId], purpose: 'court' });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body as { packageId: string; download: string };
    };

    it('only its maker downloads it, and each download is audited', async () => {
      const item = await w.item({ tlp: 'GREEN', handlingCode: 'H0' }, {}, Buffer.from('for court'));
      const pkg = await makePackage(a, item.id);
      const other = await a2.get(pkg.download);
      expect(other.status).toBe(404);
      const mine = await a.get(pkg.download);
      expect(mine.status).toBe(200);
      expect(mine.headers['content-type']).toBe('application/zip');
      await t.node.audit.flush();
      const events = await t.node.audit.list({ objectId: pkg.packageId, limit: 50 });
      expect(events.filter((e) => e.action === 'evidence.export.download')).toEqual([
        expect.objectContaining({ actor_user_id: w.users.ua.id }),
      ]);
      expect((await a.get('/api/evidence/exports/01a229fe-0000-7000-8000-000000000000')).status).toBe(404);
    });

    it('labels are re-checked at download: an item re-labelled since is refused and audited', async () => {
      const item = await w.item({ tlp: 'GREEN', handlingCode: 'H0' }, {}, Buffer.from('relabelled'));
      const pkg = await makePackage(a, item.id);
      await t.node.database.db
        .updateTable('evidence_item')
        .set({ labels: JSON.stringify({ ...item.labels, handlingCode: 'H1' }) })
        .where('id', '=', item.id)
        .execute();
      const r = await a.get(pkg.download);
      expect(r.status).toBe(403);
      expect(r.body.errors).toEqual([expect.objectContaining({ path: 'h1-judicial' })]);
      expect(await auditActions(pkg.packageId)).toContain('evidence.export.download.refused');
      expect(await auditActions(pkg.packageId)).not.toContain('evidence.export.download');
    });
  });

  it('a malformed percent-encoded file name answers 422 naming the header', async () => {
    const item = await w.item({ tlp: 'GREEN', handlingCode: 'H0' });
    const content = Buffer.from('x');
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/evidence/${item.id}/files`,
      headers: {
        cookie: a.cookie!,
        'x-csrf-token': a.csrf!,
        'content-type': 'application/octet-stream',
        'x-comity-file-name': '%E0%A4%A',
        'x-comity-sha256': sha256(content),
      },
      payload: content,
    });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({
      code: 'validation-failed',
      errors: [expect.objectContaining({ path: 'headers.x-comity-file-name' })],
    });
    const ok = await t.app.inject({
      method: 'POST',
      url: `/api/evidence/${item.id}/files`,
      headers: {
        cookie: a.cookie!,
        'x-csrf-token': a.csrf!,
        'content-type': 'application/octet-stream',
        'x-comity-file-name': encodeURIComponent('relevé.txt'),
        'x-comity-sha256': sha256(content),
      },
      payload: content,
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().data.files[0].name).toBe('relevé.txt');
  });
});

type EvidenceServiceT = TestNode['node']['evidence']['service'];
