import { describe, expect, it } from 'vitest';
import { systemMeta } from '../../../src/modules/access/actor.ts';
import { toCsv } from '../../../src/modules/audit/audit-csv.ts';
import { buildAuditRow, canonicalEventBytes, eventLeafHash } from '../../../src/modules/audit/audit-event.ts';
import { ConfigError, loadConfig, publicOrigin } from '../../../src/platform/config.ts';
import { GroupCommit } from '../../../src/platform/db/group-commit.ts';
import { backoffMs } from '../../../src/platform/jobs/job-queue.ts';

describe('config', () => {
  it('names the setting that is wrong', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ COMITY_TLS_CERT: '/a.pem' })).toThrow(/COMITY_TLS_KEY/);
  });
  it('defaults to SQLite under ./data, the demo under ./data-demo', () => {
    expect(loadConfig({}).engine).toBe('sqlite');
    expect(loadConfig({}).dataDir).toMatch(/\/data$/);
    expect(loadConfig({}, { demo: true }).dataDir).toMatch(/\/data-demo$/);
    expect(loadConfig({ DATABASE_URL: 'postgres://x@h/db' }).engine).toBe('postgres');
  });
  it('links to the node where it is reached: its public URL, else the port it listens on', () => {
    expect(publicOrigin(loadConfig({ PORT: '18080' }))).toBe('http://localhost:18080');
    expect(publicOrigin(loadConfig({ PORT: '18080', COMITY_PUBLIC_URL: 'https://comity.example/' }))).toBe(
      'https://comity.example',
    );
  });
});

describe('group commit', () => {
  it('writes concurrent submissions in few batches and settles each after its batch', async () => {
    const batches: number[][] = [];
    const gc = new GroupCommit<number>(async (items) => {
      await new Promise((r) => setTimeout(r, 5));
      batches.push(items);
    });
    await Promise.all(Array.from({ length: 100 }, (_, i) => gc.submit(i)));
    expect(batches.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(batches.length).toBeLessThanOrEqual(2);
  });
  it('rejects every caller of a failed batch', async () => {
    const gc = new GroupCommit<number>(async () => {
      throw new Error('disk full');
    });
    const results = await Promise.allSettled([gc.submit(1), gc.submit(2)]);
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
  });
});

describe('audit events', () => {
  const row = buildAuditRow(
    { action: 'case.read', objectType: 'case', objectId: 'c1', details: { n: 1 } },
    { actor: { userId: 'u', agencyId: 'a' }, meta: systemMeta },
    { id: 'e1', nodeId: 'n', occurredAt: '2026-01-01T00:00:00.000Z' },
  );
  it('hashes the canonical event with the RFC 9162 leaf prefix', async () => {
    const { createHash } = await import('node:crypto');
    const { leaf_hash: _h, leaf_index: _i, ...fields } = row;
    const expected = createHash('sha256')
      .update(Buffer.concat([Buffer.from([0]), canonicalEventBytes(fields)]))
      .digest('hex');
    expect(row.leaf_hash).toBe(expected);
    expect(eventLeafHash({ ...fields, outcome: 'failure' })).not.toBe(row.leaf_hash);
  });
  it('hashes the same bytes whatever the characters (non-ASCII, astral, lone surrogates)', async () => {
    const { createHash } = await import('node:crypto');
    const {
      leaf_hash: _h,
      leaf_index: _i,
      ...fields
    } = buildAuditRow(
      { action: 'case.read', objectType: 'Größe 🔒', objectId: 'c\u0000\ud800', details: { q: 'é\udfff' } },
      { actor: null, meta: systemMeta },
      { id: 'e2', nodeId: 'n', occurredAt: '2026-01-01T00:00:00.000Z' },
    );
    const expected = createHash('sha256')
      .update(Buffer.concat([Buffer.from([0]), canonicalEventBytes(fields)]))
      .digest('hex');
    expect(eventLeafHash(fields)).toBe(expected);
  });
  it('exports CSV that spreadsheets will not execute', () => {
    const csv = toCsv([
      {
        id: 'e1',
        leafIndex: 0,
        occurredAt: 'x',
        nodeId: 'n',
        actorUserId: null,
        actorAgencyId: null,
        action: '=HYPERLINK("x")',
        objectType: null,
        objectId: null,
        outcome: 'success',
        ip: null,
        sessionId: null,
        requestId: null,
        purpose: 'a, "quoted" purpose',
        details: {},
      },
    ]);
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
    expect(csv).toContain('"a, ""quoted"" purpose"');
  });
});

describe('job backoff', () => {
  it('grows exponentially with full jitter and a cap', () => {
    expect(backoffMs(1, () => 1)).toBe(2000);
    expect(backoffMs(3, () => 1)).toBe(8000);
    expect(backoffMs(30, () => 1)).toBe(3_600_000);
    expect(backoffMs(5, () => 0)).toBe(0);
  });
});
