/** Envelope encryption of data keys under the master key, and rotation by re-wrapping. */
import crypto from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeKeyFile,
  generateDataKey,
  generateMasterKey,
  Keyring,
  MasterKeyError,
  masterKeyFromBytes,
  rewrapDataKey,
  unwrapDataKey,
  wrapDataKey,
  wrappedKeyId,
} from '../../../src/platform/crypto/master-key.ts';

describe('data key envelopes', () => {
  it('unwraps what it wrapped, under the key named in the envelope', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        (m, d) => {
          const master = masterKeyFromBytes(m);
          const wrapped = wrapDataKey(master, d);
          expect(wrappedKeyId(wrapped)).toBe(master.id);
          expect(unwrapDataKey(master, wrapped).equals(Buffer.from(d))).toBe(true);
          expect(wrapped).not.toContain(Buffer.from(d).toString('base64url'));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('derives a stable key id from the key, and different ids for different keys', () => {
    const raw = crypto.randomBytes(32);
    expect(masterKeyFromBytes(raw).id).toBe(masterKeyFromBytes(Buffer.from(raw)).id);
    expect(masterKeyFromBytes(raw).id).toMatch(/^[0-9a-f]{16}$/);
    expect(generateMasterKey().id).not.toBe(generateMasterKey().id);
  });

  it('refuses another master key, and any change to the envelope', () => {
    const master = generateMasterKey();
    const wrapped = wrapDataKey(master, generateDataKey());
    expect(() => unwrapDataKey(generateMasterKey(), wrapped)).toThrow(MasterKeyError);
    const [prefix, id, body] = wrapped.split('.') as [string, string, string];
    const raw = Buffer.from(body, 'base64url');
    for (let i = 0; i < raw.length; i++) {
      const bad = Buffer.from(raw);
      bad[i] = (bad[i] as number) ^ 1;
      expect(() => unwrapDataKey(master, `${prefix}.${id}.${bad.toString('base64url')}`)).toThrow(
        MasterKeyError,
      );
    }
    // A forged id pointing at the right key still fails: the id is authenticated data.
    const liar = masterKeyFromBytes(master.key.export());
    expect(() => unwrapDataKey(liar, `${prefix}.0000000000000000.${body}`)).toThrow(MasterKeyError);
    expect(() => wrappedKeyId('garbage')).toThrow(MasterKeyError);
  });

  it('rotation re-wraps the same data key under the new master key', () => {
    const oldMaster = generateMasterKey();
    const newMaster = generateMasterKey();
    const dataKey = generateDataKey();
    const wrapped = wrapDataKey(oldMaster, dataKey);
    const rewrapped = rewrapDataKey(wrapped, oldMaster, newMaster);
    expect(wrappedKeyId(rewrapped)).toBe(newMaster.id);
    expect(unwrapDataKey(newMaster, rewrapped).equals(dataKey)).toBe(true);
    expect(() => unwrapDataKey(oldMaster, rewrapped)).toThrow(MasterKeyError);
  });

  it('a keyring unwraps under retired keys and wraps under the current one', () => {
    const retired = generateMasterKey();
    const current = generateMasterKey();
    const ring = new Keyring(current, [retired]);
    const dataKey = generateDataKey();
    const old = wrapDataKey(retired, dataKey);
    expect(ring.unwrap(old).equals(dataKey)).toBe(true);
    const fresh = ring.rewrap(old);
    expect(wrappedKeyId(fresh)).toBe(current.id);
    expect(ring.rewrap(fresh)).toBe(fresh);
    expect(wrappedKeyId(ring.wrap(dataKey))).toBe(current.id);
    expect(() => new Keyring(current).unwrap(old)).toThrow(/Unknown master key/);
  });
});

describe('key file formats', () => {
  const raw = crypto.randomBytes(32);
  it.each([
    ['raw bytes', raw],
    ['hex', Buffer.from(`${raw.toString('hex')}\n`)],
    ['base64', Buffer.from(raw.toString('base64'))],
    ['base64url', Buffer.from(`${raw.toString('base64url')}\r\n`)],
  ])('reads %s', (_name, content) => {
    expect(decodeKeyFile(content, 'test').equals(raw)).toBe(true);
  });

  it('refuses anything else, naming where it came from', () => {
    expect(() => decodeKeyFile(Buffer.from('short'), 'COMITY_MASTER_KEY_FILE')).toThrow(
      /COMITY_MASTER_KEY_FILE/,
    );
    expect(() => decodeKeyFile(crypto.randomBytes(31), 'x')).toThrow(MasterKeyError);
    expect(() => decodeKeyFile(Buffer.from(crypto.randomBytes(33).toString('hex')), 'x')).toThrow(
      MasterKeyError,
    );
  });
});
