import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/platform/db/database.ts';
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

  it('roll all the way down and up again', async () => {
    const migrator = createMigrator(database.db);
    const { error } = await migrator.migrateTo((await import('kysely/migration')).NO_MIGRATIONS);
    expect(error).toBeUndefined();
    expect(await migrateToLatest(database.db)).not.toEqual([]);
  });
});
