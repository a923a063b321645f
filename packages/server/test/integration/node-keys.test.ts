import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkKeyContinuity,
  verifyNodeDocument,
} from '../../src/modules/federation/protocol/node-document.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { NodeKeys } from '../../src/platform/crypto/node-keys.ts';
import { buildAgency } from '../support/factories.ts';
import { engineName } from '../support/test-database.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';

describe(`node keys on ${engineName()}`, () => {
  let t: TestNode;
  const clock = new ManualClock(new Date('2026-03-02T08:00:00.000Z'));
  beforeAll(async () => {
    t = await startTestNode({ clock, env: { COMITY_PUBLIC_URL: 'https://comity.fr.example' } });
    await buildAgency(t.node, { jurisdiction: 'FR' });
  });
  afterAll(() => t.close());

  it('a node starts with one Ed25519 signing key and one X25519 encryption key', () => {
    const keys = t.node.keys.allKeys();
    expect(keys.map((k) => k.algorithm).sort()).toEqual(['Ed25519', 'X25519']);
    expect(t.node.keys.all()).toHaveLength(1);
    expect(t.node.keys.encryptionKey().algorithm).toBe('X25519');
    expect(t.node.keys.decryptionKey(t.node.keys.encryptionKey().id)?.asymmetricKeyType).toBe('x25519');
  });

  it('rotation signs a transition with the outgoing key, then forgets its private part', async () => {
    const before = t.node.keys.current();
    const data = Buffer.from('checkpoint');
    const oldSignature = t.node.keys.sign(data);
    const oldEnc = t.node.keys.encryptionKey();
    clock.advance(60_000);
    const next = await t.node.keys.rotate(() => clock.now());
    expect(next.id).not.toBe(before.id);
    // Old signatures still verify; the audit module's API is unchanged.
    expect(t.node.keys.verify(oldSignature.keyId, data, oldSignature.signature)).toBe(true);
    expect(t.node.keys.all().map((k) => [k.id, k.expiredAt])).toEqual([
      [before.id, clock.now().toISOString()],
      [next.id, null],
    ]);
    expect(t.node.keys.sign(data).keyId).toBe(next.id);
    const stored = await t.node.database.db
      .selectFrom('node_key')
      .select(['id', 'private_key', 'algorithm'])
      .execute();
    expect(stored.find((k) => k.id === before.id)?.private_key).toBeNull();
    // The retired encryption key keeps its private part (envelopes already encrypted to it).
    expect(stored.find((k) => k.id === oldEnc.id)?.private_key).toBeTruthy();
    expect(t.node.keys.decryptionKey(oldEnc.id)).toBeDefined();
    expect(t.node.keys.encryptionKey().id).not.toBe(oldEnc.id);

    const doc = await t.node.federation.identity.document();
    expect(verifyNodeDocument(doc).ok).toBe(true);
    expect(doc.transitions).toEqual([
      expect.objectContaining({ from: before.id, to: next.id, at: clock.now().toISOString() }),
    ]);
    expect(checkKeyContinuity(doc, before.id)).toEqual({ ok: true, chain: [before.id, next.id] });
    // Only the current encryption key is published; every signing key is.
    expect(doc.keys.filter((k) => k.use === 'enc').map((k) => k.kid)).toEqual([
      t.node.keys.encryptionKey().id,
    ]);
    expect(doc.keys.filter((k) => k.use === 'sig')).toHaveLength(2);
  });

  it('a running node picks up a rotation made by another process (the CLI)', async () => {
    const cli = await NodeKeys.open(t.node.database, () => clock.now());
    cli.setTransitionSigner(t.node.federation.identity.transitionSigner());
    clock.advance(60_000);
    const rotated = await cli.rotate(() => clock.now());
    expect(t.node.keys.current().id).not.toBe(rotated.id);
    expect(await t.node.keys.refresh()).toBe(true);
    expect(t.node.keys.current().id).toBe(rotated.id);
    expect(await t.node.keys.refresh()).toBe(false);
    const doc = await t.node.federation.identity.document();
    expect(doc.transitions).toHaveLength(2);
    expect(checkKeyContinuity(doc, doc.transitions![0]!.from).ok).toBe(true);
  });
});
