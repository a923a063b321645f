import autocannon from 'autocannon';
import { report, startChild, stopChild } from './lib.ts';

/**
 * P1: requests per second of an authenticated (API token), authorised (access gate), audited
 * (event durable before the answer) read of one case file, against a bare Fastify hello-world
 * measured in the same run. Goal: ≥ 40 % of the baseline.
 */
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 32;

async function load(url: string, headers: Record<string, string> = {}) {
  await autocannon({ url, connections: CONNECTIONS, duration: 2, headers }); // warm-up
  const r = await autocannon({ url, connections: CONNECTIONS, duration: DURATION, headers });
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${url}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  return { rps: r.requests.average, p99: r.latency.p99 };
}

export async function main(): Promise<void> {
  const hello = await startChild<{ port: number }>('bench/servers/hello.ts');
  const base = await load(`http://127.0.0.1:${hello.info.port}/hello`);
  await stopChild(hello.child);

  const comity = await startChild<{ port: number; token: string; caseId: string }>(
    'bench/servers/comity-read.ts',
  );
  const read = await load(`http://127.0.0.1:${comity.info.port}/api/cases/${comity.info.caseId}`, {
    authorization: `Bearer ${comity.info.token}`,
  });
  await stopChild(comity.child);

  console.log(`  baseline  bare Fastify hello-world: ${base.rps.toFixed(0)} req/s (p99 ${base.p99} ms)`);
  console.log(`  comity    token + gate + audited read: ${read.rps.toFixed(0)} req/s (p99 ${read.p99} ms)`);
  console.log(
    `  ratio ${(read.rps / base.rps).toFixed(3)} (goal ≥ 0.4), ${CONNECTIONS} connections, ${DURATION} s each`,
  );
  report({
    id: 'p1',
    value: read.rps,
    unit: 'req/s',
    baseline: base.rps,
    ratio: read.rps / base.rps,
    goal: 0.4,
  });
}
