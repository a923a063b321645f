import { type ChildProcess, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { Actor } from '../../src/modules/access/actor.ts';
import { systemMeta } from '../../src/modules/access/actor.ts';
import { permissionsFor } from '../../src/modules/access/permissions.ts';
import { openNode } from '../../src/node.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { FaultProxy } from './fault-proxy.ts';

/**
 * The multi-node harness: N real Comity server processes (packages/server/src/main.ts) on
 * 127.0.0.1, each with its own data directory, one of them on PostgreSQL if asked, each behind a
 * fault proxy that its partners address it through (its COMITY_PUBLIC_URL is the proxy's URL), all
 * partnered with each other through the administrators' API with the fingerprints compared.
 */

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const serverMain = path.join(repoRoot, 'packages/server/src/main.ts');

export interface NodeSpec {
  name: string;
  jurisdiction: string;
  /** Run this node on a fresh PostgreSQL database (base URL from DATABASE_URL or the local default). */
  postgres?: boolean;
}

export interface ApiAnswer {
  status: number;
  body: any;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

const PG_BASE =
  process.env.FEDERATION_PG_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function createPgDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `comity_fed_${crypto.randomBytes(5).toString('hex')}`;
  const admin = new URL(PG_BASE);
  admin.pathname = '/postgres';
  const c = new pg.Client({ connectionString: admin.toString() });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const url = new URL(PG_BASE);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const d = new pg.Client({ connectionString: admin.toString() });
      await d.connect();
      await d.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await d.end();
    },
  };
}

export class HarnessNode {
  child: ChildProcess | undefined;
  nodeId = '';
  token = '';
  port = 0;
  readonly proxy: FaultProxy;
  starts = 0;
  kills = 0;
  /** True between a start that answered and the next kill or stop. */
  ready = false;
  private dropDb: (() => Promise<void>) | undefined;

  constructor(
    readonly spec: NodeSpec,
    readonly dataDir: string,
    readonly env: Record<string, string>,
    public databaseUrl: string | undefined,
  ) {
    this.proxy = new FaultProxy(0);
  }

  get name(): string {
    return this.spec.name;
  }

  get publicUrl(): string {
    return this.proxy.url;
  }

  get directUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get logFile(): string {
    return path.join(this.dataDir, 'server.log');
  }

  /** Creates storage, migrates, and makes the node's agency, administrator and API token. */
  async provision(pgDb?: { url: string; drop: () => Promise<void> }): Promise<void> {
    if (pgDb) {
      this.databaseUrl = pgDb.url;
      this.dropDb = pgDb.drop;
    }
    this.port = await freePort();
    await this.proxy.listen();
    this.proxy.setTarget(this.port);
    const node = await openNode(loadConfig(this.processEnv()));
    try {
      this.nodeId = node.nodeId;
      await node.directory.createJurisdictionAs(null, systemMeta, {
        code: this.spec.jurisdiction,
        name: this.spec.jurisdiction,
      });
      const agency = await node.directory.createAgencyAs(null, systemMeta, {
        name: `${this.spec.name} central authority`,
        kind: 'central-authority',
        jurisdiction: this.spec.jurisdiction,
      });
      const created = await node.users.create(null, systemMeta, {
        email: `admin@${this.spec.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.example`,
        displayName: `${this.spec.name} Administrator`,
        agencyId: agency.id,
        roles: ['administrator'],
        clearance: 2,
        languages: ['en'],
        password: `harness-${crypto.randomBytes(12).toString('hex')}`,
      });
      const userId = 'data' in created ? created.data.id : created.id;
      const actor: Actor = {
        userId,
        agencyId: agency.id,
        jurisdiction: this.spec.jurisdiction,
        roles: ['administrator'],
        clearance: 2,
        exercise: false,
        permissions: permissionsFor(['administrator']),
        via: { kind: 'session', sessionId: 'harness' },
      };
      const { token } = await node.tokens.create(actor, systemMeta, {
        name: 'federation harness',
        scopes: ['admin'],
        expiresInDays: 1,
      });
      this.token = token;
    } finally {
      await node.close();
    }
  }

  processEnv(): Record<string, string> {
    return {
      PORT: String(this.port),
      HOST: '127.0.0.1',
      COMITY_DATA_DIR: this.dataDir,
      ...(this.databaseUrl ? { DATABASE_URL: this.databaseUrl } : {}),
      COMITY_PUBLIC_URL: this.proxy.url,
      COMITY_NODE_NAME: this.spec.name,
      COMITY_LOG_LEVEL: 'warn',
      COMITY_WEB_DIST: '/nonexistent',
      ...this.env,
    };
  }

  /** Starts the server process and waits until it answers. */
  async start(): Promise<void> {
    const log = fs.openSync(this.logFile, 'a');
    const env = { ...process.env, ...this.processEnv() };
    delete env.DATABASE_URL;
    if (this.databaseUrl) env.DATABASE_URL = this.databaseUrl;
    this.child = spawn(process.execPath, ['--import', 'tsx', serverMain], {
      cwd: repoRoot,
      env,
      stdio: ['ignore', log, log],
    });
    fs.closeSync(log);
    this.starts++;
    const child = this.child;
    const deadline = Date.now() + 90_000;
    for (;;) {
      if (child.exitCode !== null) {
        throw new Error(`${this.name} exited with ${child.exitCode}; see ${this.logFile}`);
      }
      try {
        // A server that accepted the connection but does not answer must not stall the harness.
        const r = await fetch(`${this.directUrl}/api/ready`, { signal: AbortSignal.timeout(5_000) });
        if (r.status === 200) {
          this.ready = true;
          return;
        }
      } catch {}
      if (Date.now() > deadline) throw new Error(`${this.name} did not start; see ${this.logFile}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  get running(): boolean {
    return Boolean(this.child && this.child.exitCode === null && this.child.signalCode === null);
  }

  /** kill -9: no shutdown hook runs, nothing is flushed. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    this.kills++;
    this.ready = false;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    this.ready = false;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  }

  async api(method: 'GET' | 'POST', urlPath: string, body?: unknown): Promise<ApiAnswer> {
    const res = await fetch(`${this.directUrl}${urlPath}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(60_000),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {}
    return { status: res.status, body: parsed };
  }

  async dispose(): Promise<void> {
    await this.stop();
    await this.proxy.close();
    if (this.dropDb) await this.dropDb();
    if (!process.env.FEDERATION_KEEP_DATA) fs.rmSync(this.dataDir, { recursive: true, force: true });
  }
}

export interface Cluster {
  nodes: HarnessNode[];
  /** partnerIds.get(a)?.get(b): b's partner id on a. */
  partnerIds: Map<string, Map<string, string>>;
  close(): Promise<void>;
}

/** Starts the nodes, then partners every pair in both directions through the admin API. */
export async function startCluster(specs: NodeSpec[], env: Record<string, string> = {}): Promise<Cluster> {
  const nodes: HarnessNode[] = [];
  const close = async () => {
    await Promise.allSettled(nodes.map((n) => n.dispose()));
  };
  try {
    for (const spec of specs) {
      const dataDir = fs.mkdtempSync(
        path.join(os.tmpdir(), `comity-fed-${spec.jurisdiction.toLowerCase()}-`),
      );
      const node = new HarnessNode(spec, dataDir, env, undefined);
      nodes.push(node);
      await node.provision(spec.postgres ? await createPgDatabase() : undefined);
    }
    await Promise.all(nodes.map((n) => n.start()));
    const partnerIds = new Map<string, Map<string, string>>();
    for (const a of nodes) {
      const mine = new Map<string, string>();
      partnerIds.set(a.nodeId, mine);
      for (const b of nodes) {
        if (a === b) continue;
        mine.set(b.nodeId, await partnerPair(a, b));
      }
    }
    return { nodes, partnerIds, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/**
 * What two administrators do: A adds B by its URL and reads the fingerprint A's node shows; B's
 * administrator reads the fingerprint B publishes (here: B's document, fetched directly, not through
 * the proxy); they match; A confirms.
 */
export async function partnerPair(a: HarnessNode, b: HarnessNode): Promise<string> {
  const added = await a.api('POST', '/api/federation/partners', { baseUrl: b.publicUrl });
  if (added.status !== 201)
    throw new Error(`${a.name} could not add ${b.name}: ${JSON.stringify(added.body)}`);
  const theirs = (await (await fetch(`${b.directUrl}/.well-known/comity/node`)).json()) as {
    fingerprint: string;
  };
  if (added.body.data.fingerprint !== theirs.fingerprint) {
    throw new Error(`Fingerprints differ: ${added.body.data.fingerprint} vs ${theirs.fingerprint}`);
  }
  const confirmed = await a.api('POST', `/api/federation/partners/${added.body.data.id}/confirm`, {
    fingerprint: theirs.fingerprint,
  });
  if (confirmed.status !== 200)
    throw new Error(`${a.name} could not confirm ${b.name}: ${JSON.stringify(confirmed.body)}`);
  return added.body.data.id as string;
}
