import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { systemMeta } from '../packages/server/src/modules/access/actor.ts';
import { canonicalEventBytes } from '../packages/server/src/modules/audit/audit-event.ts';
import { verifyAuditLog } from '../packages/server/src/modules/audit/audit-verifier.ts';
import { openNode } from '../packages/server/src/node.ts';
import { loadConfig } from '../packages/server/src/platform/config.ts';
import { report } from './lib.ts';

/**
 * P4: the audit log's append rate (group-committed, durable, sequenced) and the speed of a full
 * verification (read every event back, recompute every leaf hash and the Merkle tree, check the
 * signed checkpoints), against `openssl dgst -sha256` over the same event bytes in the same run.
 * Goal: verification ≥ 50 % of openssl's throughput.
 */
const EVENTS = Number(process.env.BENCH_EVENTS ?? 100_000);

function opensslSeconds(file: string): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 5; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync('openssl', ['dgst', '-sha256', file]);
    if (r.status !== 0) throw new Error(`openssl failed: ${r.stderr}`);
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return best;
}

export async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'comity-p4-'));
  const node = await openNode(loadConfig({ COMITY_DATA_DIR: dataDir, COMITY_LOG_LEVEL: 'silent' }));
  try {
    const who = {
      actor: {
        userId: '01a00000-0000-7000-8000-00000000000a',
        agencyId: '01a00000-0000-7000-8000-00000000000b',
      },
      meta: { ...systemMeta, ip: '198.51.100.4', requestId: 'r', sessionId: 's' },
    };
    const t0 = performance.now();
    const inFlight = 512;
    for (let i = 0; i < EVENTS; i += inFlight) {
      await Promise.all(
        Array.from({ length: Math.min(inFlight, EVENTS - i) }, (_, k) =>
          node.audit.record(who, {
            action: 'case.read',
            objectType: 'case',
            objectId: `01a00000-0000-7000-8000-${String(i + k).padStart(12, '0')}`,
          }),
        ),
      );
    }
    const appendSeconds = (performance.now() - t0) / 1000;
    await node.audit.checkpoint();

    // The exact bytes the leaves commit to, for the openssl baseline.
    const rows = await node.database.db.selectFrom('audit_event').selectAll().orderBy('leaf_index').execute();
    const file = path.join(dataDir, 'events.bin');
    const fd = fs.openSync(file, 'w');
    let bytes = 0;
    for (const { seq: _s, leaf_hash: _h, leaf_index: _l, ...fields } of rows) {
      const b = canonicalEventBytes(fields);
      bytes += b.length;
      fs.writeSync(fd, b);
    }
    fs.closeSync(fd);

    const v0 = performance.now();
    const result = await verifyAuditLog(node.database.db, node.nodeId, node.keys.all());
    const verifySeconds = (performance.now() - v0) / 1000;
    if (!result.ok) throw new Error(`verification failed: ${result.problems.join('; ')}`);

    const base = opensslSeconds(file);
    const mib = bytes / 1024 / 1024;
    const verifyRate = mib / verifySeconds;
    const baseRate = mib / base;
    console.log(
      `  append:  ${EVENTS} events in ${appendSeconds.toFixed(2)} s = ${(EVENTS / appendSeconds).toFixed(0)} events/s (durable, group-committed)`,
    );
    console.log(
      `  verify:  ${result.treeSize} events (${mib.toFixed(1)} MiB) in ${verifySeconds.toFixed(2)} s = ${verifyRate.toFixed(1)} MiB/s`,
    );
    console.log(
      `  openssl dgst -sha256 over the same bytes: ${base.toFixed(3)} s = ${baseRate.toFixed(1)} MiB/s (best of 5, process start included)`,
    );
    console.log(`  ratio ${(verifyRate / baseRate).toFixed(3)} (goal ≥ 0.5)`);
    report({
      id: 'p4',
      value: verifyRate,
      unit: 'MiB/s',
      baseline: baseRate,
      ratio: verifyRate / baseRate,
      goal: 0.5,
      appendPerSecond: EVENTS / appendSeconds,
    });
  } finally {
    await node.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
