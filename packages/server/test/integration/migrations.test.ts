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

  it('give saved inbox views unique names per person, keeping the oldest of earlier duplicates; e-mail tasks done to whoever has task e-mails', async () => {
    // The schema before the migration: untyped.
    const db = database.db as any;
    const migrator = createMigrator(db);
    expect((await migrator.migrateTo('202611300501_received_request_exercise')).error).toBeUndefined();
    const at = '2026-01-01T00:00:00.000Z';
    await db.insertInto('jurisdiction').values({ code: 'DE', name: 'Germany', created_at: at }).execute();
    await db
      .insertInto('agency')
      .values({
        id: 'a1',
        name: 'Agency',
        kind: 'police',
        jurisdiction: 'DE',
        created_at: at,
        updated_at: at,
      })
      .execute();
    const user = (id: string) => ({
      id,
      email: `${id}@example.org`,
      display_name: id,
      agency_id: 'a1',
      roles: '[]',
      languages: '[]',
      status: 'active',
      password_hash: 'x',
      created_at: at,
      updated_at: at,
    });
    await db
      .insertInto('user_account')
      .values([user('u1'), user('u2')])
      .execute();
    const view = (id: string, userId: string, name: string, createdAt: string) => ({
      id,
      user_id: userId,
      name,
      view: 'overdue',
      filters: '{}',
      created_at: createdAt,
    });
    await db
      .insertInto('inbox_view')
      .values([
        view('v3', 'u1', 'Mine', '2026-01-03T00:00:00.000Z'),
        view('v1', 'u1', 'Mine', '2026-01-02T00:00:00.000Z'),
        view('v2', 'u1', 'Mine', '2026-01-02T00:00:00.000Z'),
        view('v4', 'u1', 'Other', '2026-01-04T00:00:00.000Z'),
        view('v5', 'u2', 'Mine', '2026-01-05T00:00:00.000Z'),
      ])
      .execute();
    // Saved preferences: whoever has e-mails for tasks gets them for tasks done too, nobody else.
    const prefs = (userId: string, kinds: string[]) => ({
      user_id: userId,
      email: 1,
      email_kinds: JSON.stringify(kinds),
      digest: 'daily',
      updated_at: at,
    });
    await db
      .insertInto('notification_preference')
      .values([prefs('u1', ['action-needed', 'task']), prefs('u2', ['digest'])])
      .execute();
    const ran = await migrateToLatest(db);
    expect(ran).toContain('202612010001_inbox_view_unique_name');
    expect(ran).toContain('202612010002_notification_task_done');
    const kinds = await db.selectFrom('notification_preference').select(['user_id', 'email_kinds']).execute();
    expect(
      Object.fromEntries(
        kinds.map((r: { user_id: string; email_kinds: string }) => [r.user_id, JSON.parse(r.email_kinds)]),
      ),
    ).toEqual({ u1: ['action-needed', 'task', 'task-done'], u2: ['digest'] });
    const left = await db.selectFrom('inbox_view').select('id').orderBy('id').execute();
    expect(left.map((r: { id: string }) => r.id)).toEqual(['v1', 'v4', 'v5']);
    await expect(
      db
        .insertInto('inbox_view')
        .values(view('v6', 'u1', 'Mine', at))
        .execute(),
    ).rejects.toThrow();
  });
});
