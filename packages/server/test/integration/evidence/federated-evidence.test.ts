import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemMeta } from '../../../src/modules/access/actor.ts';
import type { PullSink } from '../../../src/modules/evidence/federated-evidence.ts';
import { newId } from '../../../src/platform/ids.ts';
import { startTestNode, type TestNode } from '../../support/test-node.ts';
import { evidenceWorld } from './evidence-world.ts';

/** A pull like the federation's blob transfer: from what the sink holds, in chunks, then the hash. */
function fakePull(bytes: Buffer, o: { cutAt?: number; chunk?: number } = {}) {
  return async (sink: PullSink) => {
    const from = await sink.length();
    const chunk = o.chunk ?? 10_000;
    for (let at = from; at < bytes.length; at += chunk) {
      if (o.cutAt !== undefined && at >= o.cutAt) throw new Error('connection reset');
      await sink.append(bytes.subarray(at, Math.min(at + chunk, bytes.length)));
    }
    const hash = createHash('sha256');
    for await (const c of sink.readAll()) hash.update(c);
    if (hash.digest('hex') !== createHash('sha256').update(bytes).digest('hex')) {
      const e = new Error('mismatch');
      e.name = 'BlobIntegrityError';
      throw e;
    }
    return { resumedFrom: from };
  };
}

describe('evidence pulled from a partner node', () => {
  let t: TestNode;
  let w: Awaited<ReturnType<typeof evidenceWorld>>;
  beforeAll(async () => {
    t = await startTestNode();
    w = await evidenceWorld(t.node);
    t.node.evidence.federated.partBytes = 64 * 1024;
  });
  afterAll(async () => t.close());
  const staging = () => path.join(t.node.config.dataDir, 'evidence-pulls');
  const incoming = (bytes: Buffer, requestId = newId()) => ({
    requestId,
    reference: 'REQ-TEST',
    holderAgencyId: w.a.id,
    exercise: false,
    fromNode: 'node-fr',
    fromAgencyId: w.c.id,
    fromAgencyName: 'Partner agency',
    envelopeId: newId(),
    sha256: createHash('sha256').update(bytes).digest('hex'),
    size: bytes.length,
    name: 'statements.bin',
    exhibitNumber: 'FR-1',
    labels: {
      tlp: 'AMBER',
      handlingCode: 'H2',
      originatorAgencyId: w.c.id,
      recipients: [],
      useLimitations: { proceedings: ['P-1'] },
    },
  });

  it('evidence returned under an exercise request is exercise data, under a real one operational', async () => {
    for (const exercise of [true, false]) {
      const bytes = randomBytes(1000);
      const r = await t.node.evidence.federated.receive(
        { ...incoming(bytes), exhibitNumber: `FR-W-${exercise}`, exercise },
        fakePull(bytes),
      );
      const row = await t.node.database.db
        .selectFrom('evidence_item')
        .select('exercise')
        .where('id', '=', r.itemId)
        .executeTakeFirstOrThrow();
      expect(row.exercise).toBe(exercise ? 1 : 0);
    }
  });

  it('a partner’s labels do not open the item to other agencies of this node', async () => {
    const bytes = randomBytes(800);
    const partnerAgency = newId();
    const base = incoming(bytes);
    const r = await t.node.evidence.federated.receive(
      {
        ...base,
        exhibitNumber: 'FR-LABELS',
        fromAgencyId: partnerAgency,
        labels: {
          ...base.labels,
          // Another agency of this node as originator, recipient and holder of a permission.
          originatorAgencyId: w.b.id,
          recipients: [w.b.id],
          permissions: [
            {
              kind: 'forward',
              agencyId: w.b.id,
              grantedBy: w.b.id,
              grantedAt: new Date().toISOString(),
              permissionRequestId: null,
            },
          ],
        },
      },
      fakePull(bytes),
    );
    expect((await t.node.gate.filter(w.actors.b, 'evidence.read', [r.itemId])).has(r.itemId)).toBe(false);
    expect((await t.node.gate.filter(w.actors.a, 'evidence.read', [r.itemId])).has(r.itemId)).toBe(true);
    const row = await t.node.database.db
      .selectFrom('evidence_item')
      .select('labels')
      .where('id', '=', r.itemId)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(row.labels)).toMatchObject({
      originatorAgencyId: partnerAgency,
      recipients: [w.a.id],
      permissions: [],
      useLimitations: { proceedings: ['P-1'] },
    });
  });

  it('resumes an interrupted pull from its encrypted parts and stores one encrypted item', async () => {
    const bytes = randomBytes(300 * 1024 + 7);
    const input = incoming(bytes);
    await expect(
      t.node.evidence.federated.receive(input, fakePull(bytes, { cutAt: 150_000 })),
    ).rejects.toThrow('connection reset');
    // Two whole parts kept (encrypted); the cut third part is dropped.
    const manifest = JSON.parse(
      await fs.readFile(path.join(staging(), `${input.requestId}.${input.sha256}.json`), 'utf8'),
    );
    expect(manifest.parts.map((p: { size: number }) => p.size)).toEqual([65_536, 65_536]);
    let resumedFrom = -1;
    const r = await t.node.evidence.federated.receive(input, async (sink) => {
      resumedFrom = await sink.length();
      return fakePull(bytes)(sink);
    });
    expect(resumedFrom).toBe(131_072);
    expect(r.duplicate).toBe(false);
    expect(await fs.readdir(staging())).toEqual([]);
    const [item] = await t.node.evidence.service.loadItems([r.itemId]);
    expect(item).toMatchObject({
      agencyId: w.a.id,
      requestId: input.requestId,
      exhibitNumber: 'FR-1',
      labels: { tlp: 'AMBER', handlingCode: 'H2', originatorAgencyId: w.c.id, recipients: [w.a.id] },
      files: [{ sha256: input.sha256, size: bytes.length, name: 'statements.bin' }],
    });
    const custody = await t.node.evidence.service.custody(w.actors.a, systemMeta, r.itemId);
    expect(custody.intact).toBe(true);
    expect(custody.items.map((c) => c.event)).toEqual(['received', 'hash-verified']);
    expect(custody.items[0]!.details).toMatchObject({
      from: { node: 'node-fr', agencyId: w.c.id },
      authority: { requestId: input.requestId, reference: 'REQ-TEST' },
    });
    const dl = await t.node.evidence.service.download(w.actors.a, systemMeta, r.itemId, item!.files[0]!.id);
    const chunks: Buffer[] = [];
    for await (const c of dl.stream) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
    // A retried job finds the item instead of pulling again.
    const again = await t.node.evidence.federated.receive(input, async () => {
      throw new Error('must not pull');
    });
    expect(again).toMatchObject({ itemId: r.itemId, duplicate: true });
  });

  it('discards what does not hash to the offer', async () => {
    const bytes = randomBytes(100 * 1024);
    const input = { ...incoming(bytes), sha256: 'ab'.repeat(32) };
    await expect(
      t.node.evidence.federated.receive(input, fakePull(randomBytes(100 * 1024))),
    ).rejects.toThrow();
    expect(await fs.readdir(staging())).toEqual([]);
  });
});
