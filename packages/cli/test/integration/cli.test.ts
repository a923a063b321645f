import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, openNode, seedDemoWorld } from '@comity/server';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../server/src/platform/db/database.ts';

/**
 * The real `comity` binary, spawned as an operator would run it, against a fresh data directory
 * and, when DATABASE_URL is set (CI's second pass), a fresh PostgreSQL database.
 */
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const bin = path.join(repoRoot, 'packages/cli/bin/comity.js');
const postgresUrl = process.env.DATABASE_URL;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

let tmp: string;
let env: NodeJS.ProcessEnv;
let demoEnv: NodeJS.ProcessEnv;
const databases: string[] = [];

function comity(args: string[], opts: { input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [bin, ...args],
      { cwd: repoRoot, env: opts.env ?? env, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin?.end(opts.input ?? '');
  });
}

const json = <T>(r: Run): T => {
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as T;
};

/** A fresh PostgreSQL database beside the one DATABASE_URL names; its URL. */
async function createDatabase(base: string): Promise<string> {
  const name = `comity_cli_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new URL(base);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  databases.push(name);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

async function dropDatabases(base: string): Promise<void> {
  const admin = new URL(base);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    for (const name of databases) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/** Direct database access, for what only an attacker with the database would do. */
async function withDatabase<T>(
  e: NodeJS.ProcessEnv,
  fn: (db: ReturnType<typeof openDatabase>['db']) => Promise<T>,
) {
  const database = openDatabase({ dataDir: e.COMITY_DATA_DIR!, databaseUrl: e.DATABASE_URL });
  try {
    return await fn(database.db);
  } finally {
    await database.close();
  }
}

const baseEnv = (): NodeJS.ProcessEnv => {
  const e: NodeJS.ProcessEnv = { ...process.env, COMITY_LOG_LEVEL: 'warn' };
  delete e.DATABASE_URL;
  delete e.COMITY_DATA_DIR;
  return e;
};

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'comity-cli-'));
  env = { ...baseEnv(), COMITY_DATA_DIR: path.join(tmp, 'data') };
  demoEnv = { ...baseEnv(), COMITY_DATA_DIR: path.join(tmp, 'data-demo') };
  if (postgresUrl) {
    env.DATABASE_URL = await createDatabase(postgresUrl);
    demoEnv.DATABASE_URL = await createDatabase(postgresUrl);
  }
});

afterAll(async () => {
  if (postgresUrl && databases.length) await dropDatabases(postgresUrl);
  fs.rmSync(tmp, { recursive: true, force: true });
});

const adminPassword = 'ledger-harbour-quartz-61';
const userPassword = 'violet-canyon-thimble-27';

// Each test spawns the CLI several times (a few seconds each on a busy two-core machine).
describe('comity CLI', { timeout: 120_000 }, () => {
  let agencyId: string;
  let userId: string;

  it('prints help, and refuses to work on a data directory with no database', async () => {
    const help = await comity(['--help']);
    expect(help.code).toBe(0);
    for (const c of ['migrate', 'admin', 'user', 'agency', 'token', 'audit', 'keys', 'backup', 'demo']) {
      expect(help.stdout).toContain(c);
    }
    if (!postgresUrl) {
      const r = await comity(['user', 'list']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/No Comity database in .*COMITY_DATA_DIR/);
    }
  });

  it('migrate applies every migration once', async () => {
    const first = await comity(['migrate']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/applied \d+ migrations?:/);
    expect(first.stdout).toContain('_identity');
    const again = await comity(['migrate']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('up to date');
  });

  it('admin create makes the first administrator, once', async () => {
    const args = [
      'admin',
      'create',
      '--email',
      'ada@police.example',
      '--name',
      'Ada Admin',
      '--agency',
      'Police nationale',
    ];
    const weak = await comity([...args, '--kind', 'police', '--jurisdiction', 'fr', '--password-stdin'], {
      input: 'password\n',
    });
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain('Password refused');
    expect(weak.stderr).toContain('at least 12 characters');

    const r = await comity(
      [...args, '--kind', 'police', '--jurisdiction', 'fr', '--password-stdin', '--json'],
      {
        input: `${adminPassword}\n`,
      },
    );
    const admin = json<{ email: string; roles: string[] }>(r);
    expect(admin).toMatchObject({ email: 'ada@police.example', roles: ['administrator'] });

    const second = await comity([...args, '--kind', 'police', '--jurisdiction', 'FR', '--password-stdin'], {
      input: `${adminPassword}\n`,
    });
    expect(second.code).toBe(1);
    expect(second.stderr).toContain('already has accounts');
    expect(second.stderr + second.stdout).not.toContain(adminPassword);
  });

  it('agency create and list', async () => {
    const created = json<{ id: string; jurisdiction: string }>(
      await comity([
        'agency',
        'create',
        '--name',
        'Bundeskriminalamt',
        '--short-name',
        'BKA',
        '--kind',
        'police',
        '--jurisdiction',
        'DE',
        '--json',
      ]),
    );
    expect(created.jurisdiction).toBe('DE');
    agencyId = created.id;

    const listed = json<{ id: string; name: string }[]>(await comity(['agency', 'list', '--json']));
    expect(listed.map((a) => a.name).sort()).toEqual(['Bundeskriminalamt', 'Police nationale']);
    const table = await comity(['agency', 'list']);
    expect(table.stdout).toMatch(/Bundeskriminalamt\s+BKA\s+police\s+DE/);

    const bad = await comity([
      'agency',
      'create',
      '--name',
      'X Agency',
      '--kind',
      'navy',
      '--jurisdiction',
      'DE',
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--kind');
  });

  it('user create says why a weak password is refused, then creates the account', async () => {
    const args = [
      'user',
      'create',
      '--email',
      'kim@bka.example',
      '--name',
      'Kim Weber',
      '--agency-id',
      agencyId,
    ];
    const common = [
      '--roles',
      'investigator,supervisor',
      '--clearance',
      '2',
      '--languages',
      'de,en',
      '--password-stdin',
    ];
    const weak = await comity([...args, ...common], { input: 'password1234\n' });
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain('Password refused');
    expect(weak.stderr).toContain('commonly used password');

    const unknownAgency = await comity(
      [...args.slice(0, -1), '01a22959-0000-7000-8000-000000000000', ...common],
      { input: `${userPassword}\n` },
    );
    expect(unknownAgency.code).toBe(1);
    expect(unknownAgency.stderr).toContain('--agency-id: No such agency');

    const user = json<{ id: string; roles: string[]; clearance: number; status: string }>(
      await comity([...args, ...common, '--json'], { input: `${userPassword}\n` }),
    );
    expect(user).toMatchObject({ roles: ['investigator', 'supervisor'], clearance: 2, status: 'active' });
    userId = user.id;

    const list = json<{ email: string }[]>(await comity(['user', 'list', '--json']));
    expect(list.map((u) => u.email).sort()).toEqual(['ada@police.example', 'kim@bka.example']);
  });

  it('user lock, unlock and reset-mfa act as the node and are audited', async () => {
    const lock = await comity(['user', 'lock', userId]);
    expect(lock.code, lock.stderr).toBe(0);
    expect(lock.stdout).toContain('status locked');
    const token = await comity(['token', 'create', '--email', 'kim@bka.example', '--name', 'x']);
    expect(token.code).toBe(1);
    expect(token.stderr).toContain('locked');
    expect((await comity(['user', 'unlock', userId])).stdout).toContain('status active');
    expect((await comity(['user', 'reset-mfa', userId])).code).toBe(0);

    const unknown = await comity(['user', 'lock', '01a22959-0000-7000-8000-000000000000']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No user with id 01a22959-0000-7000-8000-000000000000');

    const events = await withDatabase(env, (db) =>
      db
        .selectFrom('audit_event')
        .select(['action', 'actor_user_id', 'details'])
        .where('object_id', '=', userId)
        .execute(),
    );
    const actions = events.map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['user.create', 'user.lock', 'user.unlock', 'user.mfa-reset']),
    );
    for (const e of events) {
      expect(e.actor_user_id).toBeNull();
      expect(JSON.parse(e.details)).toMatchObject({ via: 'cli' });
    }
  });

  it('token create prints the token once, on stdout alone', async () => {
    const r = await comity([
      'token',
      'create',
      '--email',
      'kim@bka.example',
      '--name',
      'nightly',
      '--scopes',
      'read,write',
      '--days',
      '30',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const token = r.stdout.trim();
    expect(token).toMatch(/^cmty_[\w-]{20,}$/);
    expect(r.stderr).toContain('read, write');
    expect(r.stderr).not.toContain(token);
    const stored = await withDatabase(env, (db) =>
      db.selectFrom('api_token').select(['token_hash', 'scopes']).execute(),
    );
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash).toBe(crypto.createHash('sha256').update(token).digest('hex'));

    const unknown = await comity(['token', 'create', '--email', 'nobody@bka.example', '--name', 'x']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No user with email nobody@bka.example');
  });

  it('keys list and rotate', async () => {
    const before = json<{ id: string; expiredAt: string | null }[]>(await comity(['keys', 'list', '--json']));
    expect(before).toHaveLength(1);
    const rotated = await comity(['keys', 'rotate']);
    expect(rotated.code, rotated.stderr).toBe(0);
    const after = json<{ id: string; expiredAt: string | null }[]>(await comity(['keys', 'list', '--json']));
    expect(after).toHaveLength(2);
    expect(after.find((k) => k.id === before[0]!.id)?.expiredAt).not.toBeNull();
    expect(JSON.stringify(after)).not.toContain('PRIVATE');
  });

  it('audit verify passes on an intact log', async () => {
    const r = await comity(['audit', 'verify']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Audit log verified: \d+ events/);
    const report = json<{ ok: boolean; treeSize: number; checkpointsChecked: number; problems: string[] }>(
      await comity(['audit', 'verify', '--json']),
    );
    expect(report.ok).toBe(true);
    expect(report.problems).toEqual([]);
    expect(report.treeSize).toBeGreaterThan(10);
    expect(report.checkpointsChecked).toBeGreaterThanOrEqual(2);
  });

  it('checkpoint export, then offline verification of the signature and of consistency', async () => {
    const cp1 = path.join(tmp, 'cp1.json');
    const cp2 = path.join(tmp, 'cp2.json');
    const proof = path.join(tmp, 'proof.json');
    expect((await comity(['audit', 'checkpoint', 'export', '--out', cp1])).code).toBe(0);
    const older = JSON.parse(fs.readFileSync(cp1, 'utf8'));
    expect(Object.keys(older).sort()).toEqual([
      'issuedAt',
      'keyId',
      'nodeId',
      'publicKey',
      'rootHash',
      'signature',
      'treeSize',
    ]);

    // The log grows; a newer checkpoint and a proof between the two sizes.
    expect((await comity(['agency', 'list'])).code).toBe(0);
    const exported = await comity(['audit', 'checkpoint', 'export']);
    fs.writeFileSync(cp2, exported.stdout);
    const newer = JSON.parse(exported.stdout);
    expect(newer.treeSize).toBeGreaterThan(older.treeSize);
    expect(
      (await comity(['audit', 'consistency', '--from', String(older.treeSize), '--out', proof])).code,
    ).toBe(0);

    const alone = await comity(['audit', 'checkpoint', 'verify', cp1, '--key-id', older.keyId]);
    expect(alone.code, alone.stdout).toBe(0);
    const both = await comity([
      'audit',
      'checkpoint',
      'verify',
      cp1,
      '--consistency',
      proof,
      '--against',
      cp2,
      '--json',
    ]);
    const result = json<{ ok: boolean; checks: { check: string; ok: boolean }[] }>(both);
    expect(result.ok).toBe(true);
    expect(result.checks.some((c) => c.check.startsWith('RFC 9162 consistency'))).toBe(true);

    // A forged root fails the signature; an altered proof fails consistency.
    const forged = path.join(tmp, 'forged.json');
    fs.writeFileSync(forged, JSON.stringify({ ...older, rootHash: newer.rootHash }));
    const badSig = await comity(['audit', 'checkpoint', 'verify', forged]);
    expect(badSig.code).toBe(1);
    expect(badSig.stdout).toMatch(/FAIL.*Ed25519 signature/);
    const p = JSON.parse(fs.readFileSync(proof, 'utf8'));
    fs.writeFileSync(proof, JSON.stringify({ ...p, path: ['00'.repeat(32), ...p.path.slice(1)] }));
    const badProof = await comity([
      'audit',
      'checkpoint',
      'verify',
      cp1,
      '--consistency',
      proof,
      '--against',
      cp2,
    ]);
    expect(badProof.code).toBe(1);
    expect(badProof.stdout).toMatch(/FAIL.*RFC 9162 consistency/);

    const notACheckpoint = await comity(['audit', 'checkpoint', 'verify', proof]);
    expect(notACheckpoint.code).toBe(1);
    expect(notACheckpoint.stderr).toContain('not a signed checkpoint');
  });

  it('backup writes a consistent copy with a SHA-256 manifest (pg_dump guidance on PostgreSQL)', async () => {
    const out = path.join(tmp, 'backup');
    if (postgresUrl) {
      const r = await comity(['backup', '--out', out]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('pg_dump --format=custom');
      const password = new URL(env.DATABASE_URL!).password;
      if (password) expect(r.stdout).not.toContain(password);
      return;
    }
    fs.mkdirSync(path.join(env.COMITY_DATA_DIR!, 'blobs', 'ab'), { recursive: true });
    fs.writeFileSync(
      path.join(env.COMITY_DATA_DIR!, 'blobs', 'ab', 'evidence.bin'),
      crypto.randomBytes(4096),
    );
    const r = await comity(['backup', '--out', out]);
    expect(r.code, r.stderr).toBe(0);

    const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8')) as {
      files: { path: string; bytes: number; sha256: string }[];
    };
    expect(manifest.files.map((f) => f.path)).toEqual(['comity.sqlite', 'blobs/ab/evidence.bin']);
    for (const f of manifest.files) {
      const bytes = fs.readFileSync(path.join(out, f.path));
      expect(crypto.createHash('sha256').update(bytes).digest('hex')).toBe(f.sha256);
      expect(bytes.length).toBe(f.bytes);
    }
    const copy = new SQLite(path.join(out, 'comity.sqlite'), { readonly: true, fileMustExist: true });
    const live = new SQLite(path.join(env.COMITY_DATA_DIR!, 'comity.sqlite'), {
      readonly: true,
      fileMustExist: true,
    });
    try {
      const count = (db: SQLite.Database) =>
        (db.prepare('SELECT count(*) AS n FROM user_account').get() as { n: number }).n;
      expect(count(copy)).toBe(2);
      expect(count(copy)).toBe(count(live));
    } finally {
      copy.close();
      live.close();
    }
    const again = await comity(['backup', '--out', out]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('not empty');
  });

  it('audit verify exits 1 and names the event when a row was changed in the database', async () => {
    const target = await withDatabase(env, async (db) => {
      const row = await db
        .selectFrom('audit_event')
        .select(['id', 'leaf_index'])
        .where('object_id', '=', userId)
        .where('action', '=', 'user.lock')
        .executeTakeFirstOrThrow();
      await db.updateTable('audit_event').set({ action: 'user.read' }).where('id', '=', row.id).execute();
      return row;
    });
    const r = await comity(['audit', 'verify']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('verification FAILED');
    expect(r.stdout).toContain(`event ${target.id} (leaf ${target.leaf_index}) does not match its leaf hash`);
    const report = JSON.parse((await comity(['audit', 'verify', '--json'])).stdout) as {
      ok: boolean;
      problems: string[];
    };
    expect(report.ok).toBe(false);
    expect(report.problems.join('\n')).toContain(target.id);
  });

  it('demo accounts lists the exercise world without its password', async () => {
    const demoPassword = 'x9Qm-4Lp7-Vt2w-R8c3';
    const node = await openNode(
      loadConfig({ ...demoEnv, COMITY_DEMO_PASSWORD: demoPassword }, { demo: true }),
    );
    try {
      await seedDemoWorld(node);
    } finally {
      await node.close();
    }
    const accounts = json<
      { email: string; name: string; roles: string[]; agency: string; jurisdiction: string }[]
    >(await comity(['demo', 'accounts', '--json'], { env: demoEnv }));
    expect(accounts.length).toBeGreaterThanOrEqual(10);
    for (const a of accounts)
      expect(Object.keys(a).sort()).toEqual(['agency', 'email', 'jurisdiction', 'name', 'roles']);
    expect(new Set(accounts.map((a) => a.jurisdiction)).size).toBeGreaterThanOrEqual(3);

    const table = await comity(['demo', 'accounts'], { env: demoEnv });
    expect(table.code).toBe(0);
    expect(table.stdout).toContain(accounts[0]!.email);
    expect(table.stdout + table.stderr).not.toContain(demoPassword);
  });

  it('names the setting in a configuration error', async () => {
    const r = await comity(['user', 'list'], { env: { ...env, DATABASE_URL: 'mysql://nope' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('DATABASE_URL');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
