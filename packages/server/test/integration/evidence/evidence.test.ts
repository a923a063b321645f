import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemMeta } from '../../../src/modules/access/actor.ts';
import { canonicalJson, verifyCustodyChain } from '../../../src/modules/evidence/custody-chain.ts';
import { SWEEP_JOB } from '../../../src/modules/evidence/integrity-sweep.ts';
import { verifyPackageFile } from '../../../src/modules/evidence/package-verify.ts';
import { BlobError } from '../../../src/platform/blobs/blob-store.ts';
import { verifyEd25519 } from '../../../src/platform/crypto/node-keys.ts';
import { startTestNode, type TestNode } from '../../support/test-node.ts';
import { evidenceWorld, sha256 } from './evidence-world.ts';

describe('evidence: files, custody, labels, export', () => {
  let t: TestNode;
  let w: Awaited<ReturnType<typeof evidenceWorld>>;
  const tmp = path.join(os.tmpdir(), `comity-ev-${process.pid}-${Date.now()}`);
  beforeAll(async () => {
    t = await startTestNode();
    w = await evidenceWorld(t.node);
    await fs.mkdir(tmp, { recursive: true });
  });
  afterAll(async () => {
    await t.close();
    await fs.rm(tmp, { recursive: true, force: true });
  });
  const ev = () => t.node.evidence.service;

  it('an uploaded file is hash-checked, encrypted and custody-recorded in a hash chain', async () => {
    const content = Buffer.from('%PDF-1.4 seized ledger\n');
    const item = await w.item({ tlp: 'AMBER', handlingCode: 'H0' }, {}, content);
    expect(item.files).toHaveLength(1);
    expect(item.files[0]).toMatchObject({
      sha256: sha256(content),
      size: content.length,
      contentType: 'application/pdf',
    });
    const custody = await ev().custody(w.actors.a, systemMeta, item.id);
    expect(custody.items.map((r) => r.event)).toEqual(['created', 'uploaded', 'hash-verified']);
    expect(custody.intact).toBe(true);
    expect(custody.labels.tlp).toBe('AMBER');
    // the stored blob is not the plaintext
    const row = await t.node.database.db
      .selectFrom('evidence_file')
      .selectAll()
      .where('id', '=', item.files[0]!.id)
      .executeTakeFirstOrThrow();
    const stored = await fs.readFile(
      path.join(t.storage.dataDir, 'blobs', row.blob_id.slice(-2), row.blob_id),
    );
    expect(stored.includes(Buffer.from('seized ledger'))).toBe(false);
    // tampering with a custody record breaks the chain
    const tampered = custody.items.map((r, i) => (i === 1 ? { ...r, reason: 'edited' } : r));
    expect(verifyCustodyChain(tampered).length).toBeGreaterThan(0);
    const audit = await t.node.audit.list({ objectId: item.id, limit: 200 });
    expect(audit.map((e) => e.action)).toEqual(
      expect.arrayContaining([
        'evidence.custody.created',
        'evidence.custody.uploaded',
        'evidence.custody.hash-verified',
      ]),
    );
  });

  it('a file whose upload finishes after the item was sealed is refused: the seal lists what it sealed', async () => {
    const item = await w.item({ tlp: 'GREEN', handlingCode: 'H0' });
    const content = randomBytes(3000);
    await expect(
      ev().addFile(
        { actor: w.actors.a, meta: systemMeta },
        item.id,
        { name: 'late.bin', sha256: sha256(content) },
        Readable.from([content]),
        // While the file was being stored, someone of the agency sealed the item.
        () => ev().seal(w.actors.a, systemMeta, item.id, 'Closed for the court'),
      ),
    ).rejects.toMatchObject({ status: 409 });
    const got = await ev().get(w.actors.a, systemMeta, item.id);
    expect(got.status).toBe('sealed');
    expect(got.files).toEqual([]);
    const sealed = (await ev().custody(w.actors.a, systemMeta, item.id)).items.find(
      (c) => c.event === 'sealed',
    );
    expect(sealed?.details).toMatchObject({ files: [] });
  });

  it('a wrong hash is rejected and nothing becomes visible', async () => {
    const item = await w.item({ tlp: 'GREEN', handlingCode: 'H0' });
    const content = randomBytes(5000);
    await expect(
      ev().addFile(
        { actor: w.actors.a, meta: systemMeta },
        item.id,
        { name: 'x.bin', sha256: sha256(Buffer.from('other')) },
        Readable.from([content]),
      ),
    ).rejects.toMatchObject({ status: 422 });
    const got = await ev().get(w.actors.a, systemMeta, item.id);
    expect(got.files).toHaveLength(0);
    const files = await t.node.database.db
      .selectFrom('evidence_file')
      .select('id')
      .where('item_id', '=', item.id)
      .execute();
    expect(files).toHaveLength(0);
  });

  it('path-like and empty uploads are refused over HTTP with problem+json', async () => {
    const { TestClient } = await import('../../support/http-client.ts');
    const a = new TestClient(t.app);
    await a.signInWithMfa(w.users.ua.email);
    const item = await w.item({ tlp: 'GREEN', handlingCode: 'H0' });
    const up = (name: string, body: Buffer, hash = sha256(body)) =>
      t.app.inject({
        method: 'POST',
        url: `/api/evidence/${item.id}/files`,
        headers: {
          cookie: a.cookie!,
          'x-csrf-token': a.csrf!,
          'content-type': 'application/octet-stream',
          'x-comity-file-name': name,
          'x-comity-sha256': hash,
        },
        payload: body,
      });
    const bad = await up('../../etc/passwd', Buffer.from('x'));
    expect(bad.statusCode).toBe(422);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect((await up('empty.bin', Buffer.alloc(0))).statusCode).toBe(422);
    const content = Buffer.from('hello evidence, plain text');
    const ok = await up('note.txt', content);
    expect(ok.statusCode).toBe(201);
    const fileId = ok.json().data.files[0].id;
    const dl = await a.get(`/api/evidence/${item.id}/files/${fileId}`);
    expect(dl.status).toBe(200);
    expect(dl.headers['content-disposition']).toMatch(/^attachment/);
    expect(dl.headers['content-security-policy']).toContain('sandbox');
    const part = await a.get(`/api/evidence/${item.id}/files/${fileId}`, { range: 'bytes=6-13' });
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 6-13/${content.length}`);
    // The last bytes (a suffix range); a range this server does not serve is ignored: the whole file.
    const tail = await a.get(`/api/evidence/${item.id}/files/${fileId}`, { range: 'bytes=-5' });
    expect(tail.status).toBe(206);
    expect(tail.headers['content-range']).toBe(
      `bytes ${content.length - 5}-${content.length - 1}/${content.length}`,
    );
    for (const range of ['bytes=0-1,3-4', 'items=0-1', 'bytes=9-3']) {
      const whole = await a.get(`/api/evidence/${item.id}/files/${fileId}`, { range });
      expect(whole.status, range).toBe(200);
    }
    expect(
      (await a.get(`/api/evidence/${item.id}/files/${fileId}`, { range: `bytes=${content.length}-` })).status,
    ).toBe(416);
    const custody = await a.get(`/api/evidence/${item.id}/custody`);
    expect(custody.body.items.map((r: { event: string }) => r.event)).toContain('downloaded');
  });

  it('TLP:RED stays with the named recipients: read, transfer and export', async () => {
    const item = await w.item(
      { tlp: 'RED', handlingCode: 'H0', recipients: [w.b.id] },
      {},
      Buffer.from('red data'),
    );
    await expect(ev().get(w.actors.b, systemMeta, item.id)).resolves.toMatchObject({ id: item.id });
    await expect(ev().get(w.actors.c, systemMeta, item.id)).rejects.toMatchObject({ status: 404 });
    await expect(
      ev().transfer(w.actors.a, systemMeta, item.id, { toAgencyId: w.c.id, authority: 'EIO 1' }),
    ).rejects.toMatchObject({ status: 403 });
    await expect(
      t.node.evidence.export(
        { actor: w.actors.a, meta: systemMeta },
        { itemIds: [item.id], purpose: 'agency', recipientAgencyId: w.c.id },
      ),
    ).rejects.toMatchObject({ status: 403 });
    const receipt = await ev().transfer(w.actors.a, systemMeta, item.id, {
      toAgencyId: w.b.id,
      authority: 'EIO 2026/77',
    });
    const { keyId, signature, ...body } = receipt;
    const key = t.node.keys.all().find((k) => k.id === keyId)!;
    expect(verifyEd25519(key.publicKey, Buffer.from(canonicalJson(body)), signature)).toBe(true);
  });

  it('H2: transfer to an agency not named is refused', async () => {
    const item = await w.item({ tlp: 'GREEN', handlingCode: 'H2', recipients: [w.b.id] });
    await expect(
      ev().transfer(w.actors.a, systemMeta, item.id, { toAgencyId: w.c.id, authority: 'x' }),
    ).rejects.toMatchObject({
      status: 403,
      errors: [{ path: 'h2-permission' }],
    });
  });

  it('a court package leaves out an H1 item without permission; the package verifies offline and fails after any byte change', async () => {
    const h0 = await w.item({ tlp: 'GREEN', handlingCode: 'H0' }, {}, Buffer.from('PNG-ish bytes for court'));
    const h1 = await w.item({ tlp: 'GREEN', handlingCode: 'H1' }, {}, Buffer.from('intelligence only'));
    const out = path.join(tmp, 'court.zip');
    const r = await t.node.evidence.export(
      { actor: w.actors.a, meta: systemMeta },
      { itemIds: [h0.id, h1.id], purpose: 'court', proceedings: 'TJ Lyon 2026/1' },
      out,
    );
    expect(r.included).toEqual([h0.id]);
    expect(r.excluded).toEqual([expect.objectContaining({ id: h1.id, rule: 'h1-judicial' })]);
    const report = await verifyPackageFile(out);
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    expect(report.ok).toBe(true);
    const custody = await ev().custody(w.actors.a, systemMeta, h0.id);
    expect(custody.items.at(-1)).toMatchObject({
      event: 'exported',
      details: expect.objectContaining({ packageId: r.packageId }),
    });
    const bytes = await fs.readFile(out);
    const positions = [
      0,
      10,
      40,
      Math.floor(bytes.length / 3),
      Math.floor(bytes.length / 2),
      bytes.length - 30,
      bytes.length - 1,
    ];
    for (let i = 0; i < 12; i++) positions.push(Math.floor(Math.random() * bytes.length));
    for (const p of positions) {
      const copy = Buffer.from(bytes);
      copy[p] = copy[p]! ^ 0x01;
      const f = path.join(tmp, `flip-${p}.zip`);
      await fs.writeFile(f, copy);
      expect((await verifyPackageFile(f)).ok, `byte ${p}`).toBe(false);
    }
  });

  it('the integrity sweep reports a flipped stored byte, on the custody chain and in the audit log', async () => {
    const item = await w.item({ tlp: 'GREEN', handlingCode: 'H0' }, {}, randomBytes(300_000));
    const clean = await t.node.evidence.sweep.run();
    expect(clean.mismatches).toEqual([]);
    const row = await t.node.database.db
      .selectFrom('evidence_file')
      .selectAll()
      .where('item_id', '=', item.id)
      .executeTakeFirstOrThrow();
    const file = path.join(t.storage.dataDir, 'blobs', row.blob_id.slice(-2), row.blob_id);
    const bytes = await fs.readFile(file);
    bytes[200_000] = bytes[200_000]! ^ 0xff;
    await fs.writeFile(file, bytes);
    const result = await t.node.evidence.sweep.run();
    expect(result.mismatches).toEqual([expect.objectContaining({ itemId: item.id, fileId: row.id })]);
    const custody = await ev().custody(w.actors.a, systemMeta, item.id);
    expect(custody.items.at(-1)).toMatchObject({
      event: 'integrity-rechecked',
      details: expect.objectContaining({ outcome: 'mismatch' }),
    });
    expect(custody.intact).toBe(true);
    const audit = await t.node.audit.list({ objectId: item.id, limit: 200 });
    expect(audit.map((e) => e.action)).toContain('evidence.integrity.mismatch');
  });

  it('a full disk answers 507, stores nothing and is audited', async () => {
    const item = await w.item({ tlp: 'GREEN', handlingCode: 'H0' });
    const blobs = ev().blobs as { ingest: unknown };
    const original = blobs.ingest;
    blobs.ingest = async () => {
      throw new BlobError('disk-full', 'ENOSPC');
    };
    try {
      await expect(
        ev().addFile(
          { actor: w.actors.a, meta: systemMeta },
          item.id,
          { name: 'big.bin', sha256: sha256(Buffer.from('x')) },
          Readable.from([Buffer.from('x')]),
        ),
      ).rejects.toMatchObject({ status: 507, code: 'insufficient-storage' });
    } finally {
      blobs.ingest = original;
    }
    expect((await ev().get(w.actors.a, systemMeta, item.id)).files).toEqual([]);
    await t.node.audit.flush();
    const audit = await t.node.audit.list({ objectId: item.id, limit: 50 });
    expect(audit.find((e) => e.action === 'evidence.upload.rejected')?.details).toContain('disk-full');
  });

  it('the integrity sweep runs as a scheduled durable job', async () => {
    await t.node.database.db.deleteFrom('job').where('name', '=', SWEEP_JOB).execute();
    await t.node.evidence.sweep.schedule();
    expect(await t.node.jobs.runDue()).toBeGreaterThan(0);
    const next = await t.node.database.db
      .selectFrom('job')
      .selectAll()
      .where('name', '=', SWEEP_JOB)
      .orderBy('run_at', 'desc')
      .execute();
    expect(next.length).toBe(2);
  });
});
