/** The node master key file: created once with mode 0600, never replaced, or taken from the environment. */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createMasterKeyFile,
  generateMasterKey,
  loadOrCreateMasterKey,
  MASTER_KEY_ENV,
  MasterKeyError,
} from '../../../src/platform/crypto/master-key.ts';
import { freshDir } from './blob-fixtures.ts';

const dirs: string[] = [];
const dir = async () => {
  const d = await freshDir('mk');
  dirs.push(d);
  return d;
};

afterAll(async () => {
  for (const d of dirs) await fs.rm(d, { recursive: true, force: true });
});

describe('master key file', () => {
  it('is created on first start with mode 0600 in a 0700 directory, then reloaded', async () => {
    const dataDir = await dir();
    const first = await loadOrCreateMasterKey({ dataDir, env: {} });
    expect(first.created).toBe(true);
    expect(first.path).toBe(path.join(dataDir, 'keys', 'master.key'));
    expect((await fs.stat(first.path)).mode & 0o777).toBe(0o600);
    expect((await fs.stat(path.dirname(first.path))).mode & 0o777).toBe(0o700);
    expect(await fs.readdir(path.dirname(first.path))).toEqual(['master.key']);
    const again = await loadOrCreateMasterKey({ dataDir, env: {} });
    expect(again.created).toBe(false);
    expect(again.master.id).toBe(first.master.id);
  });

  it('concurrent first starts agree on one key (never overwritten)', async () => {
    const dataDir = await dir();
    const loaded = await Promise.all(
      Array.from({ length: 6 }, () => loadOrCreateMasterKey({ dataDir, env: {} })),
    );
    expect(new Set(loaded.map((l) => l.master.id)).size).toBe(1);
    expect(loaded.filter((l) => l.created)).toHaveLength(1);
    const file = path.join(dataDir, 'keys', 'master.key');
    expect(await createMasterKeyFile(file, generateMasterKey())).toBe(false);
    expect((await loadOrCreateMasterKey({ dataDir, env: {} })).master.id).toBe(loaded[0]?.master.id);
    expect(await fs.readdir(path.dirname(file))).toEqual(['master.key']);
  });

  it(`is read from ${MASTER_KEY_ENV} when set, and a missing file there is an error`, async () => {
    const dataDir = await dir();
    const file = path.join(dataDir, 'operator.key');
    const raw = crypto.randomBytes(32);
    await fs.writeFile(file, raw.toString('base64'), { mode: 0o600 });
    const loaded = await loadOrCreateMasterKey({ dataDir, env: { [MASTER_KEY_ENV]: file } });
    expect(loaded.created).toBe(false);
    expect(loaded.master.key.export().equals(raw)).toBe(true);
    await expect(
      loadOrCreateMasterKey({ dataDir, env: { [MASTER_KEY_ENV]: `${file}.missing` } }),
    ).rejects.toThrow(MASTER_KEY_ENV);
    // It never falls back to creating a key of its own.
    await expect(fs.stat(path.join(dataDir, 'keys'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses a key file others can read', async () => {
    const dataDir = await dir();
    const { path: file } = await loadOrCreateMasterKey({ dataDir, env: {} });
    await fs.chmod(file, 0o644);
    await expect(loadOrCreateMasterKey({ dataDir, env: {} })).rejects.toBeInstanceOf(MasterKeyError);
  });
});
