import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../packages/server/src/app.ts';
import { systemMeta } from '../packages/server/src/modules/access/actor.ts';
import { permissionsFor } from '../packages/server/src/modules/access/permissions.ts';
import { advise } from '../packages/server/src/modules/legal/index.ts';
import { openNode } from '../packages/server/src/node.ts';
import { loadConfig } from '../packages/server/src/platform/config.ts';
import { report } from './lib.ts';

/**
 * P5: latency of the legal-basis advisor with the full registry loaded (from the database, as the
 * node serves it): every ordered pair of the registry's states × a few measure sets × urgency, through
 * LegalService.advise (input check + advice on the current registry). Goal: p99 < 5 ms. Baseline in
 * the same run: JSON.stringify of each answer (the least the server must do to send it). Also shown:
 * the pure advise() call, and POST /api/legal/advice through the whole HTTP stack (token auth, zod
 * validation and serialisation) for a sample of the same inputs.
 */
const MEASURE_SETS = [
  ['hearing-witness'],
  ['search-seizure', 'banking-information'],
  ['subscriber-data', 'traffic-data', 'preservation'],
  ['interception', 'content-data', 'freezing'],
  ['surrender'],
];
const HTTP_SAMPLE = Number(process.env.BENCH_HTTP_SAMPLE ?? 2000);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p99: percentile(s, 99), max: s[s.length - 1] ?? Number.NaN };
};
const ms = (n: number) => `${n.toFixed(3)} ms`;

export async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'comity-p5-'));
  const node = await openNode(loadConfig({ COMITY_DATA_DIR: dataDir, COMITY_LOG_LEVEL: 'silent' }));
  try {
    const registry = await node.legal.registry();
    const states = registry.states.map((s) => s.code);
    const inputs = states.flatMap((a) =>
      states
        .filter((b) => b !== a)
        .flatMap((b) =>
          MEASURE_SETS.flatMap((measures) =>
            [false, true].map((urgent) => ({ requestingState: a, requestedState: b, measures, urgent })),
          ),
        ),
    );

    // Warm-up: one pass, not measured.
    for (const input of inputs) await node.legal.advise(input);

    const service: number[] = [];
    const pure: number[] = [];
    const stringify: number[] = [];
    let bytes = 0;
    const at = node.legal.today();
    for (const input of inputs) {
      const t0 = performance.now();
      const answer = await node.legal.advise(input);
      const t1 = performance.now();
      advise(registry, { ...input, at });
      const t2 = performance.now();
      bytes += JSON.stringify(answer).length;
      const t3 = performance.now();
      service.push(t1 - t0);
      pure.push(t2 - t1);
      stringify.push(t3 - t2);
    }

    // The same through HTTP, with a read-scoped API token.
    await node.directory.createJurisdictionAs(null, systemMeta, { code: 'DE', name: 'Germany' });
    const agency = await node.directory.createAgencyAs(null, systemMeta, {
      name: 'Bench agency',
      kind: 'prosecution',
      jurisdiction: 'DE',
    });
    const created = await node.users.create(null, systemMeta, {
      email: 'bench@p5.example',
      displayName: 'Bench Prosecutor',
      agencyId: agency.id,
      roles: ['prosecutor'],
      clearance: 1,
      languages: ['en'],
      password: 'correct-horse-battery-staple-p5',
    });
    const user = 'data' in created ? created.data : created;
    const { token } = await node.tokens.create(
      {
        userId: user.id,
        agencyId: agency.id,
        jurisdiction: 'DE',
        roles: ['prosecutor'],
        clearance: 1,
        exercise: false,
        permissions: permissionsFor(['prosecutor']),
        via: { kind: 'session', sessionId: 'bench' },
      },
      systemMeta,
      { name: 'p5', scopes: ['read'], expiresInDays: 1 },
    );
    const app = await buildApp(node, { webDist: '/nonexistent' });
    await app.ready();
    const http: number[] = [];
    const step = Math.max(1, Math.floor(inputs.length / HTTP_SAMPLE));
    const sample = inputs.filter((_, i) => i % step === 0);
    for (const pass of [0, 1]) {
      for (const input of sample) {
        const t0 = performance.now();
        const res = await app.inject({
          method: 'POST',
          url: '/api/legal/advice',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          payload: JSON.stringify(input),
        });
        if (res.statusCode !== 200) throw new Error(`advice answered ${res.statusCode}: ${res.body}`);
        if (pass === 1) http.push(performance.now() - t0);
      }
    }
    await app.close();

    const s = stats(service);
    const p = stats(pure);
    const b = stats(stringify);
    const h = stats(http);
    console.log(
      `  ${inputs.length} answers: ${states.length} states → ${states.length * (states.length - 1)} ordered pairs × ${MEASURE_SETS.length} measure sets × urgent/not; ${registry.instruments.length} instruments loaded from the database`,
    );
    console.log(`  advisor (LegalService.advise): p50 ${ms(s.p50)}  p99 ${ms(s.p99)}  max ${ms(s.max)}`);
    console.log(`  advise() alone:                p50 ${ms(p.p50)}  p99 ${ms(p.p99)}  max ${ms(p.max)}`);
    console.log(
      `  baseline JSON.stringify(answer): p50 ${ms(b.p50)}  p99 ${ms(b.p99)}  (avg ${(bytes / inputs.length / 1024).toFixed(1)} KiB)`,
    );
    console.log(
      `  POST /api/legal/advice (inject, ${http.length} calls): p50 ${ms(h.p50)}  p99 ${ms(h.p99)}  max ${ms(h.max)}`,
    );
    console.log(`  ratio advisor/baseline p99 ${(s.p99 / b.p99).toFixed(2)}; goal p99 < 5 ms`);
    report({
      id: 'p5',
      value: s.p99,
      unit: 'ms',
      baseline: b.p99,
      ratio: s.p99 / b.p99,
      goal: 5,
      answers: inputs.length,
      pureP99: p.p99,
      httpP99: h.p99,
    });
  } finally {
    await node.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
