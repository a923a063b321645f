import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import type { Actor } from '../packages/server/src/modules/access/actor.ts';
import { systemMeta } from '../packages/server/src/modules/access/actor.ts';
import { permissionsFor } from '../packages/server/src/modules/access/permissions.ts';
import { openNode } from '../packages/server/src/node.ts';
import { loadConfig } from '../packages/server/src/platform/config.ts';
import { newId } from '../packages/server/src/platform/ids.ts';
import { buildEioRequest } from '../packages/server/test/support/request-factories.ts';
import { report } from './lib.ts';

/**
 * P2: transmitting a request — the `transmit` transition of an approved request, as the API runs it:
 * access check, state machine, frozen-version and translation checks, the lifecycle row and the
 * transition record, the delivery through the local carrier (incoming view, receipts), the clocks
 * the instrument starts (EIO Art. 16(1), 12(3)), each with its first alert, the audit
 * event, the domain event and the notification job — all in one transaction — then the lifecycle
 * view answered. Baseline in the same run: a bare loop inserting one row per transaction into the
 * same SQLite file with the same settings (WAL, synchronous=FULL), through the same Kysely stack.
 * The two run in alternating rounds and the rates are totals over all rounds, so that a neighbour's
 * burst on a shared machine slows both rather than whichever phase it landed in. Even so the ratio
 * follows the disk: the baseline waits on one fsync per row, the transmits share theirs and are
 * bound by CPU, so a slow fsync lowers the baseline alone. The baseline's time per row is printed
 * for that reason. Goal: ≥ 50 % of the baseline's rate. Also shown: the whole path (create, submit,
 * approve, transmit: four transactions, each with its audit event).
 */
const N = Number(process.env.BENCH_REQUESTS ?? 1200);
const BARE = Number(process.env.BENCH_BARE_ROWS ?? 3000);
/** Requests in flight, as a server has them; the baseline runs with the same number of writers. */
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
/** Alternating rounds of the two workloads (see below). */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);

/** Runs `work` over the items with `c` in flight; returns the elapsed seconds. */
async function pool<T>(items: readonly T[], c: number, work: (item: T) => Promise<void>): Promise<number> {
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: c }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
  return (performance.now() - t0) / 1000;
}

const actorOf = (
  u: { id: string; agencyId: string; roles: Actor['roles'] },
  jurisdiction: string,
): Actor => ({
  userId: u.id,
  agencyId: u.agencyId,
  jurisdiction,
  roles: u.roles,
  clearance: 2,
  exercise: false,
  permissions: permissionsFor(u.roles),
  via: { kind: 'session', sessionId: 'bench' },
});

export async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'comity-p2-'));
  const node = await openNode(loadConfig({ COMITY_DATA_DIR: dataDir, COMITY_LOG_LEVEL: 'silent' }));
  try {
    for (const [code, name] of [
      ['DE', 'Germany'],
      ['FR', 'France'],
    ] as const)
      await node.directory.createJurisdictionAs(null, systemMeta, { code, name });
    const sta = await node.directory.createAgencyAs(null, systemMeta, {
      name: 'StA (bench)',
      kind: 'prosecution',
      jurisdiction: 'DE',
    });
    const ca = await node.directory.createAgencyAs(null, systemMeta, {
      name: 'BEPI (bench)',
      kind: 'central-authority',
      jurisdiction: 'FR',
    });
    const mk = async (email: string, roles: Actor['roles']) => {
      const u = await node.users.create(null, systemMeta, {
        email,
        displayName: email.split('@')[0]!,
        agencyId: sta.id,
        roles: [...roles],
        clearance: 2,
        languages: ['de'],
        password: 'correct-horse-battery-staple-42',
      });
      const user = 'data' in u ? u.data : u;
      return actorOf({ id: user.id, agencyId: sta.id, roles: [...roles] }, 'DE');
    };
    const drafter = await mk('drafter@bench.example', ['prosecutor']);
    const approver = await mk('approver@bench.example', ['supervisor']);
    const body = buildEioRequest({ requestedAuthority: { name: 'BEPI', agencyId: ca.id } });
    const lc = node.lifecycle.lifecycle;

    const approve = async () => {
      const id = (await node.requests.create(drafter, systemMeta, body)).data.id;
      await lc.transition(drafter, systemMeta, id, { action: 'submit', expectedVersion: 1 });
      await lc.transition(approver, systemMeta, id, { action: 'approve', expectedVersion: 2 });
      return id;
    };
    const transmit = (id: string) =>
      lc.transition(drafter, systemMeta, id, { action: 'transmit', expectedVersion: 3 });

    // Warm up both paths (JIT, statement cache, registry in memory).
    for (let i = 0; i < 20; i++) await transmit(await approve());

    const ids: string[] = [];
    const p0 = performance.now();
    for (let i = 0; i < N; i++) ids.push(await approve());
    const prepSeconds = (performance.now() - p0) / 1000;

    const db = node.database.db;
    await sql`CREATE TABLE bench_row (id text PRIMARY KEY, payload text NOT NULL)`.execute(db);
    const payload = JSON.stringify(body).slice(0, 400);
    const rows = Array.from({ length: BARE }, () => newId());
    const bare = (id: string) =>
      db
        .transaction()
        .execute((tx) => sql`INSERT INTO bench_row (id, payload) VALUES (${id}, ${payload})`.execute(tx))
        .then(() => undefined);
    const transmitted = async (id: string) => {
      const view = await transmit(id);
      if (view.data.state !== 'transmitted') throw new Error(`not transmitted: ${view.data.state}`);
    };

    // Rounds alternate between the two workloads, so that both sample the same moments of a shared,
    // noisy machine. They share the WAL as a server's writers do: whoever commits past its threshold
    // runs the checkpoint, so each side pays for checkpoints about in proportion to what it writes.
    let transmitSeconds = 0;
    let bareSeconds = 0;
    const roundRatios: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const slice = <T>(xs: T[]) =>
        xs.slice(Math.floor((r * xs.length) / ROUNDS), Math.floor(((r + 1) * xs.length) / ROUNDS));
      const mine = slice(ids);
      const theirs = slice(rows);
      const t = await pool(mine, CONCURRENCY, transmitted);
      const b = await pool(theirs, CONCURRENCY, bare);
      transmitSeconds += t;
      bareSeconds += b;
      roundRatios.push(mine.length / t / (theirs.length / b));
    }
    const rate = N / transmitSeconds;
    const baseline = BARE / bareSeconds;

    const s0 = performance.now();
    const M = Math.min(200, N);
    for (let i = 0; i < M; i++) await transmit(await approve());
    const fullRate = M / ((performance.now() - s0) / 1000);

    const jobs = await db
      .selectFrom('job')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    const events = await db
      .selectFrom('domain_event')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    console.log(
      `P2 transmit: ${N} approved EIOs transmitted in ${transmitSeconds.toFixed(2)} s = ${rate.toFixed(0)} requests/s (${CONCURRENCY} in flight)`,
    );
    console.log(
      `   each: validated, frozen hash checked, delivered (incoming view + receipts), 2 clocks with their alerts, audit, event, notify job`,
    );
    console.log(`   (${Number(jobs?.n)} jobs and ${Number(events?.n)} domain events written in all)`);
    console.log(
      `baseline: bare one-row-per-transaction inserts, same file (WAL, synchronous=FULL), ${CONCURRENCY} in flight: ${baseline.toFixed(0)} rows/s (${(1e6 / baseline).toFixed(0)} µs per commit with its fsync)`,
    );
    const sorted = [...roundRatios].sort((a, b) => a - b);
    console.log(
      `ratio per round (${ROUNDS} alternating rounds): ${roundRatios.map((x) => x.toFixed(3)).join(' ')} (median ${sorted[Math.floor(ROUNDS / 2)]!.toFixed(3)})`,
    );
    console.log(
      `whole path create → submit → approve → transmit: ${fullRate.toFixed(0)} requests/s (preparation of ${N}: ${prepSeconds.toFixed(1)} s)`,
    );
    report({
      id: 'p2',
      value: rate,
      unit: 'requests/s',
      baseline,
      ratio: rate / baseline,
      goal: 0.5,
      fullPathPerSecond: fullRate,
      concurrency: CONCURRENCY,
      rounds: ROUNDS,
      roundRatioMin: sorted[0],
      roundRatioMax: sorted[ROUNDS - 1],
    });
  } finally {
    await node.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
