import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { report, startChild, stopChild } from './lib.ts';

/**
 * P6: signed, encrypted envelopes per second from one node to another on loopback, against plain
 * unsigned HTTPS POSTs of the same payloads measured in the same run. Goal: ≥ 50 % of the baseline.
 *
 * Federation: two real nodes (separate processes, embedded SQLite, HTTPS with a self-signed
 * certificate made here with openssl). Node A's administrator queues N `ping` envelopes to B through
 * the API; each is encrypted to B (JWE), signed (JWS), stored in A's outbox, sent with an RFC 9421
 * request signature, verified, decrypted and durably stored by B (answer 202), processed in order,
 * and receipted back to A. The time runs from the first queueing call until A's outbox has
 * delivered all N. Baseline: the same N payloads POSTed as JSON over HTTPS keep-alive to a bare
 * Fastify server answering 202, with the same number of requests in flight.
 */
const N = Number(process.env.BENCH_ENVELOPES ?? 3000);
const WARMUP = 200;
const IN_FLIGHT = 16; // COMITY_FEDERATION_CONCURRENCY's default
const TEXT = 'Request for mutual assistance: please confirm receipt and the competent authority. '.repeat(5);

function makeCertificate(dir: string) {
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  return { cert, key };
}

function client(ca: string) {
  const agent = new https.Agent({ keepAlive: true, maxSockets: IN_FLIGHT, ca });
  return (method: string, url: string, body?: unknown, token?: string) =>
    new Promise<{ status: number; body: any }>((resolve, reject) => {
      const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      const req = https.request(
        url,
        {
          method,
          agent,
          headers: {
            ...(data ? { 'content-type': 'application/json', 'content-length': String(data.length) } : {}),
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString();
            let parsed: unknown = text;
            try {
              parsed = JSON.parse(text);
            } catch {}
            resolve({ status: res.statusCode ?? 0, body: parsed });
          });
        },
      );
      req.on('error', reject);
      req.end(data);
    });
}

type Node = { port: number; token: string; nodeId: string; baseUrl: string };

async function federation(env: Record<string, string>, ca: string) {
  const call = client(ca);
  const a = await startChild<Node>('bench/servers/federation-node.ts', {
    ...env,
    BENCH_NAME: 'Bench A',
    BENCH_JURISDICTION: 'DE',
  });
  const b = await startChild<Node>('bench/servers/federation-node.ts', {
    ...env,
    BENCH_NAME: 'Bench B',
    BENCH_JURISDICTION: 'FR',
  });
  try {
    const partner = async (x: Node, y: Node) => {
      const added = await call(
        'POST',
        `${x.baseUrl}/api/federation/partners`,
        { baseUrl: y.baseUrl },
        x.token,
      );
      if (added.status !== 201) throw new Error(`partnering failed: ${JSON.stringify(added.body)}`);
      const doc = await call('GET', `${y.baseUrl}/.well-known/comity/node`);
      await call(
        'POST',
        `${x.baseUrl}/api/federation/partners/${added.body.data.id}/confirm`,
        { fingerprint: doc.body.fingerprint },
        x.token,
      );
      return added.body.data.id as string;
    };
    const bOnA = await partner(a.info, b.info);
    await partner(b.info, a.info);
    // A busy node may drop a status poll's connection: poll again rather than abort the run.
    const delivered = async (): Promise<number> => {
      try {
        const s = await call('GET', `${a.info.baseUrl}/api/federation/status`, undefined, a.info.token);
        return s.body.outbox.delivered as number;
      } catch {
        return 0;
      }
    };
    const send = async (count: number) => {
      for (let left = count; left > 0; left -= 500) {
        const r = await call(
          'POST',
          `${a.info.baseUrl}/api/federation/partners/${bOnA}/ping`,
          { count: Math.min(500, left), text: TEXT },
          a.info.token,
        );
        if (r.status !== 202) throw new Error(`ping failed: ${JSON.stringify(r.body)}`);
      }
    };
    const until = async (target: number) => {
      while ((await delivered()) < target) await new Promise((r) => setTimeout(r, 50));
    };
    await send(WARMUP);
    await until(WARMUP);
    const t0 = performance.now();
    await send(N);
    await until(WARMUP + N);
    const seconds = (performance.now() - t0) / 1000;
    const status = (await call('GET', `${b.info.baseUrl}/api/federation/status`, undefined, b.info.token))
      .body;
    return { rate: N / seconds, seconds, received: status.inbox.processed as number };
  } finally {
    await stopChild(a.child);
    await stopChild(b.child);
  }
}

async function baseline(env: Record<string, string>, ca: string) {
  const call = client(ca);
  const server = await startChild<{ port: number }>('bench/servers/plain-https.ts', env);
  try {
    const url = `https://127.0.0.1:${server.info.port}/ingest`;
    const run = async (count: number) => {
      let next = 0;
      await Promise.all(
        Array.from({ length: IN_FLIGHT }, async () => {
          while (next < count) {
            const n = next++;
            const r = await call('POST', url, { text: TEXT, n });
            if (r.status !== 202) throw new Error(`baseline POST answered ${r.status}`);
          }
        }),
      );
    };
    await run(WARMUP);
    const t0 = performance.now();
    await run(N);
    const seconds = (performance.now() - t0) / 1000;
    return { rate: N / seconds, seconds };
  } finally {
    await stopChild(server.child);
  }
}

export async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'comity-p6-'));
  try {
    const { cert, key } = makeCertificate(dir);
    const ca = fs.readFileSync(cert, 'utf8');
    const env = { BENCH_CERT: cert, BENCH_KEY: key };
    const base = await baseline(env, ca);
    const fed = await federation(env, ca);
    console.log(
      `  baseline  plain HTTPS POST of the payload (no signature, no encryption, no storage): ${base.rate.toFixed(0)}/s (${N} in ${base.seconds.toFixed(2)} s)`,
    );
    console.log(
      `  comity    signed + encrypted envelopes A → B, stored, ordered, receipted: ${fed.rate.toFixed(0)}/s (${N} in ${fed.seconds.toFixed(2)} s; B processed ${fed.received} incl. warm-up)`,
    );
    console.log(
      `  ratio ${(fed.rate / base.rate).toFixed(3)} (goal ≥ 0.5), ${IN_FLIGHT} requests in flight, payload ${Buffer.byteLength(JSON.stringify({ text: TEXT, n: 1 }))} bytes`,
    );
    console.log(
      `  load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} on ${os.cpus().length} cores (other processes share the machine)`,
    );
    report({
      id: 'p6',
      value: fed.rate,
      unit: 'envelopes/s',
      baseline: base.rate,
      ratio: fed.rate / base.rate,
      goal: 0.5,
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
