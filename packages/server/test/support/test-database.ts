import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/**
 * Each test file gets its own storage: a temp directory (SQLite) and, when DATABASE_URL is set
 * (CI's second pass), a fresh PostgreSQL database created and dropped around the file.
 */
export interface TestStorage {
  dataDir: string;
  databaseUrl: string | undefined;
  drop(): Promise<void>;
}

const adminUrl = (url: string) => {
  const u = new URL(url);
  u.pathname = '/postgres';
  return u.toString();
};

export async function createTestStorage(): Promise<TestStorage> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'comity-test-'));
  const base = process.env.DATABASE_URL;
  if (!base) {
    return {
      dataDir,
      databaseUrl: undefined,
      drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const name = `comity_t_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl(base) });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(base);
  u.pathname = `/${name}`;
  return {
    dataDir,
    databaseUrl: u.toString(),
    drop: async () => {
      fs.rmSync(dataDir, { recursive: true, force: true });
      const c = new pg.Client({ connectionString: adminUrl(base) });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export const engineName = (): 'sqlite' | 'postgres' => (process.env.DATABASE_URL ? 'postgres' : 'sqlite');
