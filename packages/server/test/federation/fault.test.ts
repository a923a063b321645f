import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCluster } from '../federation-harness/checker.ts';
import { type Cluster, type HarnessNode, startCluster } from '../federation-harness/cluster.ts';

/**
 * The federation fault test: three real node processes (DE and FR on SQLite, ES on PostgreSQL),
 * each behind a fault proxy that drops requests, drops answers, duplicates and reorders; at least
 * 10,000 ping envelopes across 24 conversations; FR is killed with SIGKILL and restarted three
 * times and ES once, mid-traffic. After healing, a checker reads every node's database and proves
 * 0 lost, 0 processed twice and every conversation in order, and the time to converge is printed.
 */
const ENVELOPES = Number(process.env.FEDERATION_FAULT_ENVELOPES ?? 10_200);
const PER_CALL = 100;
const CONVERSATIONS_PER_PAIR = 4;

const FAULT_ENV = {
  COMITY_FEDERATION_RETRY_BASE_MS: '50',
  COMITY_FEDERATION_RETRY_CAP_MS: '1000',
  COMITY_FEDERATION_BREAKER_FAILURES: '8',
  COMITY_FEDERATION_BREAKER_COOLDOWN_MS: '500',
  COMITY_FEDERATION_TIMEOUT_MS: '5000',
  COMITY_FEDERATION_UNAVAILABLE_AFTER_SECONDS: '30',
  COMITY_CHECKPOINT_SECONDS: '30',
};

const FAULTS = {
  dropRequest: 0.03,
  dropResponse: 0.03,
  duplicate: 0.05,
  delayMs: [0, 25] as [number, number],
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('three nodes under faults', () => {
  let cluster: Cluster;

  beforeAll(async () => {
    cluster = await startCluster(
      [
        { name: 'Comity DE', jurisdiction: 'DE' },
        { name: 'Comity FR', jurisdiction: 'FR' },
        { name: 'Comity ES', jurisdiction: 'ES', postgres: true },
      ],
      FAULT_ENV,
    );
  }, 240_000);
  afterAll(async () => {
    await cluster?.close();
  }, 120_000);

  it(`${ENVELOPES} envelopes through drops, duplicates, reordering and kill -9: none lost, none twice, in order`, {
    timeout: 1_200_000,
  }, async () => {
    const nodes = cluster.nodes;
    const [, fr, es] = nodes as [HarnessNode, HarnessNode, HarnessNode];
    for (const n of nodes) n.proxy.setPolicy(FAULTS);

    // 6 directed pairs × 4 conversations; calls of 100 pings spread round-robin over them.
    const jobs: { from: HarnessNode; partnerId: string; conversationId: string }[] = [];
    const calls = Math.ceil(ENVELOPES / PER_CALL);
    const lanes = nodes.flatMap((from) =>
      nodes
        .filter((to) => to !== from)
        .flatMap((to) =>
          Array.from({ length: CONVERSATIONS_PER_PAIR }, (_, c) => ({
            from,
            partnerId: cluster.partnerIds.get(from.nodeId)!.get(to.nodeId)!,
            conversationId: `fault-${from.spec.jurisdiction}-${to.spec.jurisdiction}-${c}`,
          })),
        ),
    );
    for (let i = 0; i < calls; i++) jobs.push(lanes[i % lanes.length]!);

    const acknowledged = new Set<string>();
    // A node that fails to restart ends the test at once instead of leaving the senders waiting.
    let fatal: unknown;
    let done = 0;
    let uncertain = 0;
    const started = Date.now();

    // One sender loop per node: its own API, its own jobs, waiting while it is down.
    const senders = nodes.map(async (node) => {
      const mine = jobs.filter((j) => j.from === node);
      for (const job of mine) {
        for (;;) {
          if (fatal) throw fatal;
          if (!node.ready) {
            await sleep(100);
            continue;
          }
          try {
            const r = await node.api('POST', `/api/federation/partners/${job.partnerId}/ping`, {
              count: PER_CALL,
              conversationId: job.conversationId,
            });
            if (r.status === 202) {
              for (const id of r.body.envelopeIds as string[]) acknowledged.add(id);
              done++;
              break;
            }
            lastRefusal = `${node.name} ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`;
            await sleep(200);
          } catch {
            // Killed mid-call: the batch may or may not have committed (the checker reads the
            // outbox, which is the truth); send the job again.
            uncertain++;
            await sleep(200);
          }
        }
      }
    });

    // Progress every 30 s, so that a run which stops moving says where (which node is down, how far
    // the senders got, what the last refused call answered).
    let lastRefusal = '';
    const progress = setInterval(() => {
      console.log(
        `  [${((Date.now() - started) / 1000).toFixed(0)} s] calls ${done}/${calls}, uncertain ${uncertain}, ready ${nodes.map((n) => `${n.name}=${n.ready}`).join(' ')}${lastRefusal ? `, last refusal ${lastRefusal}` : ''}`,
      );
    }, 30_000);

    // Chaos: kill -9 FR three times and ES once as the load goes through (each restarted after 1–2 s,
    // while the others keep sending to it); cut a proxy's connections every 1.6 s.
    const kills: string[] = [];
    let chaosOn = true;
    const killAndRestart = async (victim: HarnessNode, when: string) => {
      await victim.kill();
      kills.push(`${victim.name} ${when} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      await sleep(1_000 + Math.random() * 1_000);
      await victim.start();
    };
    const chaos = (async () => {
      const plan: [number, HarnessNode][] = [
        [0.15, fr],
        [0.35, es],
        [0.55, fr],
        [0.8, fr],
      ];
      let restarting: Promise<void> | undefined;
      let tick = 0;
      while (chaosOn && !fatal) {
        const next = plan[0];
        if (!restarting && next && done / calls >= next[0]) {
          plan.shift();
          restarting = killAndRestart(next[1], `at ${Math.round((100 * done) / calls)}%`)
            .catch((e) => {
              fatal = e;
            })
            .finally(() => {
              restarting = undefined;
            });
        }
        if (++tick % 8 === 0) nodes[tick % nodes.length]!.proxy.cutConnections();
        await sleep(200);
      }
      await restarting;
      // Kills not reached (tiny runs): do them now, so every run kills as many times.
      for (const [, victim] of plan) await killAndRestart(victim, 'after the load');
    })();

    try {
      await Promise.all(senders);
      chaosOn = false;
      await chaos;
    } finally {
      clearInterval(progress);
    }
    const loadSeconds = (Date.now() - started) / 1000;

    // Heal: no more faults; every node is up. Then wait until nothing moves anywhere.
    for (const n of nodes) n.proxy.heal();
    const healedAt = Date.now();
    const backlog = (
      await Promise.all(nodes.map((n) => n.api('GET', '/api/federation/status').catch(() => undefined)))
    ).reduce((sum, s) => sum + (s?.body?.outbox?.pending ?? 0) + (s?.body?.inbox?.waiting ?? 0), 0);
    let quietPolls = 0;
    const deadline = healedAt + 600_000;
    while (quietPolls < 3) {
      if (Date.now() > deadline) throw new Error('did not converge within 10 minutes of healing');
      await sleep(250);
      const statuses = await Promise.all(
        nodes.map((n) =>
          n.api('GET', '/api/federation/status').catch(() => ({ status: 0, body: undefined })),
        ),
      );
      const quiet = statuses.every(
        (s) => s.status === 200 && s.body.outbox.pending === 0 && s.body.inbox.waiting === 0,
      );
      quietPolls = quiet ? quietPolls + 1 : 0;
    }
    const convergeSeconds = (Date.now() - healedAt - 500) / 1000;

    const proxyStats = nodes.map((n) => ({ node: n.name, ...n.proxy.stats }));
    for (const n of nodes) await n.stop();
    const report = await checkCluster(nodes, acknowledged);

    const line = [
      '',
      '  Federation fault test',
      `  nodes: ${nodes.map((n) => `${n.name} (${n.databaseUrl ? 'PostgreSQL' : 'SQLite'})`).join(', ')}`,
      `  ping envelopes sent ${report.sent} (acknowledged to the harness ${acknowledged.size}, ${uncertain} calls cut by kills) in ${report.conversations} conversations; envelopes stored by inboxes (pings + receipts) ${report.envelopesStored}`,
      `  faults: drop request ${FAULTS.dropRequest}, drop answer ${FAULTS.dropResponse}, duplicate ${FAULTS.duplicate}, delay ${FAULTS.delayMs.join('–')} ms, connections cut every ~1.6 s`,
      `  proxies: ${proxyStats.map((p) => `${p.node}: ${p.requests} requests, ${p.droppedRequests} dropped, ${p.droppedResponses} answers dropped, ${p.duplicated} duplicated, ${p.cuts} cuts`).join('; ')}`,
      `  kill -9: ${kills.join('; ')}`,
      `  load phase ${loadSeconds.toFixed(1)} s; at healing ${backlog} envelopes still queued or waiting; time to converge after healing ${convergeSeconds.toFixed(1)} s`,
      `  checker: lost ${report.lost}, processed twice ${report.duplicates}, out of order ${report.outOfOrder}, undelivered ${report.undelivered}, missing receipts ${report.missingReceipts}, acknowledged but missing ${report.unacknowledgedButAcked}`,
      '',
    ].join('\n');
    console.log(line);

    expect(report.problems).toEqual([]);
    expect(report.sent).toBeGreaterThanOrEqual(ENVELOPES);
    expect(report.processed).toBe(report.sent);
    expect(report.lost).toBe(0);
    expect(report.duplicates).toBe(0);
    expect(report.outOfOrder).toBe(0);
    expect(report.missingReceipts).toBe(0);
    expect(kills.length).toBe(4);
  });
});
