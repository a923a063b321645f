import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evidenceWorld } from '../../../server/test/integration/evidence/evidence-world.ts';
import { startTestNode, type TestNode } from '../../../server/test/support/test-node.ts';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const bin = path.join(repoRoot, 'packages/cli/bin/comity.js');

function comity(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { cwd: repoRoot, env, timeout: 60_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

describe('comity evidence export / verify', () => {
  let t: TestNode;
  let env: NodeJS.ProcessEnv;
  let itemIds: string[];
  beforeAll(async () => {
    t = await startTestNode();
    const w = await evidenceWorld(t.node);
    const a = await w.item({ tlp: 'GREEN', handlingCode: 'H0' }, {}, Buffer.from('exhibit one bytes'));
    const b = await w.item({ tlp: 'AMBER', handlingCode: 'H1' }, {}, Buffer.from('exhibit two bytes'));
    itemIds = [a.id, b.id];
    await t.node.audit.flush();
    env = {
      ...process.env,
      COMITY_DATA_DIR: t.storage.dataDir,
      ...(t.storage.databaseUrl ? { DATABASE_URL: t.storage.databaseUrl } : {}),
      COMITY_LOG_LEVEL: 'error',
    };
  });
  afterAll(() => t.close());

  it('exports (H1 left out of a court package), verifies offline, and fails after a byte change', async () => {
    const out = path.join(t.storage.dataDir, 'pkg.zip');
    const exp = await comity(
      ['evidence', 'export', ...itemIds, '--out', out, '--proceedings', 'TJ Lyon 1'],
      env,
    );
    expect(exp.code, exp.stderr).toBe(0);
    expect(exp.stdout).toContain('Included: 1 item');
    expect(exp.stdout).toMatch(/Excluded: .*h1-judicial/);
    const ok = await comity(['evidence', 'verify', out], { ...process.env, COMITY_DATA_DIR: '/nonexistent' });
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).toContain('manifest signature');
    expect(ok.stdout).toContain('verified.');
    const bytes = await fs.readFile(out);
    const at = bytes.indexOf(Buffer.from('exhibit one bytes'));
    bytes[at] = bytes[at]! ^ 0x20;
    const bad = path.join(t.storage.dataDir, 'bad.zip');
    await fs.writeFile(bad, bytes);
    const fail = await comity(['evidence', 'verify', bad], env);
    expect(fail.code).toBe(1);
    expect(fail.stdout).toContain('FAIL');
    const events = await t.node.audit.list({ action: 'evidence.export', limit: 10 });
    expect(events).toHaveLength(1);
  }, 120_000);
});
