import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/platform/db/database.ts';
import { migrations } from '../../src/platform/db/migrations/index.ts';
import { createMigrator, migrateToLatest, pendingMigrations } from '../../src/platform/db/migrator.ts';
import { createTestStorage, engineName, type TestStorage } from '../support/test-database.ts';

describe(`migrations on ${engineName()}`, () => {
  let storage: TestStorage;
  let database: Database;
  beforeAll(async () => {
    storage = await createTestStorage();
    database = openDatabase({ dataDir: storage.dataDir, databaseUrl: storage.databaseUrl });
  });
  afterAll(async () => {
    await database.close();
    await storage.drop();
  });

  it('apply from empty, are idempotent, and leave nothing pending', async () => {
    expect((await pendingMigrations(database.db)).length).toBeGreaterThan(0);
    const ran = await migrateToLatest(database.db);
    expect(ran.length).toBeGreaterThan(0);
    expect(await migrateToLatest(database.db)).toEqual([]);
    expect(await pendingMigrations(database.db)).toEqual([]);
    expect(database.engine).toBe(engineName());
  });

  it('are all listed in migrations/index.ts, under their file names', () => {
    const folder = path.resolve(import.meta.dirname, '../../src/platform/db/migrations');
    const files = fs
      .readdirSync(folder)
      .filter((f) => f !== 'index.ts')
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    for (const f of files) expect(f, `migration file name ${f}`).toMatch(/^\d{12}_[\w-]+$/);
    expect(Object.keys(migrations).sort()).toEqual(files);
  });

  it('roll all the way down and up again', async () => {
    const migrator = createMigrator(database.db);
    const { error } = await migrator.migrateTo((await import('kysely/migration')).NO_MIGRATIONS);
    expect(error).toBeUndefined();
    expect(await migrateToLatest(database.db)).not.toEqual([]);
  });
});
