import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localHeaderSize } from '../../../server/src/modules/evidence/package-zip.ts';
import { buildTestPackage } from '../../../server/test/integration/evidence/package-builder.ts';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const MiB = 1024 * 1024;
const BIG_MIB = 300;
/** A resource bound, not a timing: the old verifier held the whole file and its rebuild (> 600 MB). */
const MAX_RSS_MB = 250;
const BIG_PATH = 'files/item-1/f1-disk-image.dd';

/** `comity evidence verify FILE` in a child process, reporting its peak RSS (maxRSS at exit). */
function verifyInChild(
  file: string,
  probe: string,
): Promise<{ code: number; stdout: string; stderr: string; peakRssMb: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--import', probe, 'packages/cli/src/main.ts', 'evidence', 'verify', file],
      { cwd: repoRoot, env: { ...process.env, COMITY_DATA_DIR: '/nonexistent', COMITY_LOG_LEVEL: 'error' } },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const kb = /comity-test-maxrss-kb=(\d+)/.exec(stderr)?.[1];
      resolve({ code: code ?? 1, stdout, stderr, peakRssMb: kb ? Number(kb) / 1024 : Number.NaN });
    });
  });
}

describe('comity evidence verify: a large package in bounded memory', () => {
  const tmp = path.join(os.tmpdir(), `comity-big-${process.pid}-${Date.now()}`);
  const file = path.join(tmp, 'big.zip');
  const small = path.join(tmp, 'small.zip');
  const probe = path.join(tmp, 'maxrss.mjs');
  beforeAll(async () => {
    await fs.mkdir(tmp, { recursive: true });
    await fs.writeFile(
      probe,
      [
        "import fs from 'node:fs';",
        "process.on('exit', () => fs.writeSync(2, 'comity-test-maxrss-kb=' + process.resourceUsage().maxRSS + '\\n'));",
        '',
      ].join('\n'),
    );
    // 300 MiB generated on the fly: each chunk a fresh 1 MiB (a random block stamped with its index).
    const block = randomBytes(MiB);
    async function* big() {
      for (let i = 0; i < BIG_MIB; i++) {
        const chunk = Buffer.allocUnsafe(MiB);
        block.copy(chunk);
        chunk.writeUInt32LE(i, 0);
        yield chunk;
      }
    }
    await buildTestPackage(small, [{ path: 'custody.jsonld', chunks: () => [Buffer.from('{}')] }]);
    await buildTestPackage(file, [
      { path: BIG_PATH, chunks: big },
      { path: 'custody.jsonld', chunks: () => [Buffer.from('{"@context":{}}')] },
    ]);
  }, 180_000);
  afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

  it(`verifies a ${BIG_MIB} MiB package with peak RSS under ${MAX_RSS_MB} MB, and fails after a flipped byte`, async () => {
    expect((await fs.stat(file)).size).toBeGreaterThan(BIG_MIB * MiB);
    // The CLI's own footprint (tsx, the server's modules) is most of it: measure it on a tiny package.
    const baseline = await verifyInChild(small, probe);
    expect(baseline.code, baseline.stdout + baseline.stderr).toBe(0);
    const ok = await verifyInChild(file, probe);
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).toContain(`ok    entry ${BIG_PATH} SHA-256`);
    expect(ok.stdout).toContain('verified.');
    console.info(
      `comity evidence verify: peak RSS ${ok.peakRssMb.toFixed(1)} MB for ${BIG_MIB} MiB, ` +
        `${baseline.peakRssMb.toFixed(1)} MB for a tiny package`,
    );
    expect(ok.peakRssMb).toBeGreaterThan(0);
    expect(ok.peakRssMb).toBeLessThan(MAX_RSS_MB);
    // What the data adds stays far below its size (the old verifier added twice the file).
    expect(ok.peakRssMb - baseline.peakRssMb).toBeLessThan(64);

    // One byte in the middle of the large entry, changed in place (no copy of the file).
    const at = localHeaderSize(BIG_PATH) + Math.floor((BIG_MIB * MiB) / 2);
    const fh = await fs.open(file, 'r+');
    try {
      const b = Buffer.alloc(1);
      await fh.read(b, 0, 1, at);
      b[0] = b[0]! ^ 0x01;
      await fh.write(b, 0, 1, at);
    } finally {
      await fh.close();
    }
    const bad = await verifyInChild(file, probe);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(
      new RegExp(
        `FAIL  entry ${BIG_PATH} SHA-256 [0-9a-f]{64} \\(found [0-9a-f]{64}, ${BIG_MIB * MiB} bytes\\)`,
      ),
    );
    expect(bad.stdout).toContain('differs in CRC-32 (the data does not match its CRC-32)');
    expect(bad.stdout).toContain('Package verification FAILED.');
    expect(bad.peakRssMb).toBeLessThan(MAX_RSS_MB);
  }, 180_000);
});
