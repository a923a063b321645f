import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messagingRepository } from '../../src/modules/messaging/messaging.repository.ts';
import { type Database, openDatabase } from '../../src/platform/db/database.ts';
import { migrations } from '../../src/platform/db/migrations/index.ts';
import { createMigrator, migrateToLatest, pendingMigrations } from '../../src/platform/db/migrator.ts';
import { queryTerms } from '../../src/platform/text-search.ts';
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

  it('carry the deadline jobs waiting over into each running clock’s next alert, and remove them', async () => {
    const db = database.db as any;
    const migrator = createMigrator(db);
    expect((await migrator.migrateTo('202612010002_notification_task_done')).error).toBeUndefined();
    const at = '2026-03-01T00:00:00.000Z';
    const clock = (id: string, status: string, dueAt: string) => ({
      id,
      request_id: `r-${id}`,
      rule_id: 'eio-acknowledge-receipt',
      instrument_id: 'eio',
      basis: 'law',
      owner_side: 'requested',
      owner_agency_id: 'a1',
      event: 'receipt',
      action: 'acknowledge',
      duration: 'P7D',
      day_kind: 'calendar',
      citation: 'Directive 2014/41/EU Art. 16(1)',
      verified: 1,
      ext_applied: 0,
      started_at: at,
      base_due_at: '2026-03-08T00:00:00.000Z',
      due_at: dueAt,
      paused_ms: 0,
      status,
      created_at: at,
    });
    await db
      .insertInto('request_deadline')
      .values([
        clock('fresh', 'running', '2026-03-08T00:00:00.000Z'),
        clock('reminded', 'running', '2026-03-08T00:00:00.000Z'),
        clock('escalated', 'running', '2026-03-08T00:00:00.000Z'),
        // Resumed after a pause: its jobs were for the earlier due time.
        clock('resumed', 'running', '2026-03-10T00:00:00.000Z'),
        clock('paused', 'paused', '2026-03-08T00:00:00.000Z'),
        clock('met', 'met', '2026-03-08T00:00:00.000Z'),
      ])
      .execute();
    const job = (name: string, status: string, deadlineId: string, dueAt = '2026-03-08T00:00:00.000Z') => ({
      id: `${name}-${deadlineId}`,
      name,
      payload: JSON.stringify({ deadlineId, dueAt }),
      status,
      run_at: at,
      attempts: 0,
      max_attempts: 8,
      idempotency_key: `deadline:${deadlineId}:${name}:${dueAt}`,
      created_at: at,
      updated_at: at,
    });
    await db
      .insertInto('job')
      .values([
        job('deadline.remind', 'queued', 'fresh'),
        job('deadline.remind', 'done', 'reminded'),
        job('deadline.escalate', 'queued', 'reminded'),
        job('deadline.remind', 'done', 'escalated'),
        job('deadline.escalate', 'done', 'escalated'),
        job('deadline.remind', 'done', 'resumed'),
        job('deadline.escalate', 'done', 'resumed'),
        job('deadline.remind', 'queued', 'paused'),
      ])
      .execute();
    expect(await migrateToLatest(db)).toContain('202612010003_deadline_alerts');
    const alerts = await db
      .selectFrom('request_deadline')
      .select(['id', 'alert_at', 'alert_kind'])
      .where('owner_agency_id', '=', 'a1')
      .execute();
    expect(Object.fromEntries(alerts.map((a: any) => [a.id, [a.alert_kind, a.alert_at]]))).toEqual({
      // A quarter of seven days before it is due, at most two days: 42 hours.
      fresh: ['reminder', '2026-03-06T06:00:00.000Z'],
      reminded: ['escalation', '2026-03-08T00:00:00.000Z'],
      escalated: [null, null],
      resumed: ['reminder', '2026-03-08T06:00:00.000Z'],
      paused: [null, null],
      met: [null, null],
    });
    const left = await db
      .selectFrom('job')
      .select(['id', 'status'])
      .where('name', 'like', 'deadline.%')
      .execute();
    expect(left.map((j: { id: string }) => j.id).sort()).toEqual([
      'deadline.escalate-escalated',
      'deadline.escalate-resumed',
      'deadline.remind-escalated',
      'deadline.remind-reminded',
      'deadline.remind-resumed',
    ]);
  });

  it('store counts past 2^31 and read them back as numbers: a clock paused 30 days, a 3 GiB file offered', async () => {
    const db = database.db as any;
    const paused = 30 * 86_400_000;
    await db.updateTable('request_deadline').set({ paused_ms: paused }).where('id', '=', 'paused').execute();
    const clock = await db
      .selectFrom('request_deadline')
      .select('paused_ms')
      .where('id', '=', 'paused')
      .executeTakeFirst();
    expect(clock.paused_ms).toBe(paused);
    const size = 3 * 2 ** 30;
    await db
      .insertInto('federation_blob_grant')
      .values({
        partner_node: 'n2',
        sha256: 'ab'.repeat(32),
        size,
        envelope_id: 'e1',
        created_at: '2026-03-01T00:00:00.000Z',
      })
      .execute();
    const grant = await db
      .selectFrom('federation_blob_grant')
      .select('size')
      .where('partner_node', '=', 'n2')
      .executeTakeFirst();
    expect(grant.size).toBe(size);
  });
  it('let an execution task name a request received from a partner node, keeping its owner’s references', async () => {
    const db = database.db as any;
    const migrator = createMigrator(db);
    expect((await migrator.migrateTo('202612010101_audit_wide_positions')).error).toBeUndefined();
    const at = '2026-03-01T00:00:00.000Z';
    const task = (id: string, o: { request?: string; agency?: string } = {}) => ({
      id,
      request_id: o.request ?? 'received-1',
      owner_agency_id: o.agency ?? 'a1',
      owner_user_id: null,
      title: 'Hear the witness',
      status: 'open',
      version: 1,
      created_by: 'u1',
      updated_by: 'u1',
      created_at: at,
      updated_at: at,
    });
    // Before: a task's request is one of this node's (mla_request); one of those is kept.
    await db
      .insertInto('mla_request')
      .values({
        id: 'local-1',
        agency_id: 'a1',
        status: 'in-execution',
        kind: 'eio',
        current_version: 1,
        created_by: 'u1',
        updated_by: 'u1',
        created_at: at,
        updated_at: at,
      })
      .execute();
    await db
      .insertInto('execution_task')
      .values(task('t-local', { request: 'local-1' }))
      .execute();
    await expect(db.insertInto('execution_task').values(task('t0')).execute()).rejects.toThrow();
    expect(await migrateToLatest(db)).toContain('202612010201_received_request_tasks');
    await db.insertInto('execution_task').values(task('t1')).execute();
    // Its owner agency is still one of this node's.
    await expect(
      db
        .insertInto('execution_task')
        .values(task('t2', { agency: 'nowhere' }))
        .execute(),
    ).rejects.toThrow();
    const rows = await db.selectFrom('execution_task').select(['id', 'request_id']).orderBy('id').execute();
    expect(rows).toEqual([
      { id: 't-local', request_id: 'local-1' },
      { id: 't1', request_id: 'received-1' },
    ]);
    // Down again: the tasks of received requests go with the reference back; up again.
    expect((await migrator.migrateTo('202612010101_audit_wide_positions')).error).toBeUndefined();
    expect(await db.selectFrom('execution_task').select('id').execute()).toEqual([{ id: 't-local' }]);
    expect(await migrateToLatest(db)).toContain('202612010201_received_request_tasks');
  });
  it('fold a Greek word-final sigma in text indexed before, so that a search finds it again', async () => {
    const db = database.db as any;
    const migrator = createMigrator(db);
    expect((await migrator.migrateTo('202612010501_totp_used_step')).error).toBeUndefined();
    const at = '2026-04-01T00:00:00.000Z';
    await db
      .insertInto('thread')
      .values({
        id: 'th-1',
        subject: 'Οδός',
        agency_id: 'a1',
        labels: '{}',
        created_by: 'u1',
        created_at: at,
        updated_at: at,
      })
      .execute();
    // Indexed by the earlier normalisation, which kept the ς of "Οδός".
    await db
      .insertInto('message')
      .values({
        id: 'm-1',
        thread_id: 'th-1',
        kind: 'message',
        body: 'Οδός Αθηνάς 12',
        search: 'οδος αθηνας 12',
        mentions: '[]',
        attachments: '[]',
        labels: '{}',
        author_id: 'u1',
        author_agency_id: 'a1',
        revision: 1,
        created_at: at,
      })
      .execute();
    if (database.engine === 'sqlite')
      await sql`INSERT INTO message_fts (search, message_id) VALUES ('οδος αθηνας 12', 'm-1')`.execute(db);
    const found = () => messagingRepository.search(db, database.engine, queryTerms('ΟΔΟΣ'));
    // PostgreSQL's `simple` text search keeps the ς apart (SQLite's FTS5 folds it, and found it).
    if (database.engine === 'postgres') expect(await found()).toEqual([]);
    expect(await migrateToLatest(db)).toContain('202612020001_final_sigma_search');
    expect(await found()).toEqual(['m-1']);
    expect(await messagingRepository.search(db, database.engine, queryTerms('Αθηνάς 12'))).toEqual(['m-1']);
    expect(
      (await db.selectFrom('message').select('search').where('id', '=', 'm-1').executeTakeFirst()).search,
    ).toBe('οδοσ αθηνασ 12');
  });
});
