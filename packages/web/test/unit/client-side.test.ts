import { afterEach, describe, expect, it, vi } from 'vitest';
import { followStream, RecentIds, SseParser } from '../../src/app/notifications/sse.ts';
import { ofWorld } from '../../src/features/admin/admin.api.ts';
import { agencyTree } from '../../src/features/admin/agency-tree.ts';
import { bestUnit, formatDuration, formatRelative } from '../../src/ui/relative-time.ts';

describe('SSE parser', () => {
  it('reads named events split across chunks, with ids, comments and CRLF', () => {
    const p = new SseParser();
    expect(p.push('retry: 5000\n\n: keep-alive\n\nid: 1\nevent: case.cre')).toEqual([]);
    expect(p.push('ated\r\ndata: {"a":1}\r\n\r\nevent: x\ndata: line 1\ndata: line 2\n\n')).toEqual([
      { event: 'case.created', data: '{"a":1}', id: '1', ownId: true },
      { event: 'x', data: 'line 1\nline 2', id: '1' },
    ]);
    expect(p.retryMs).toBe(5000);
  });

  it('calls unnamed events "message" and ignores events without data', () => {
    const p = new SseParser();
    expect(p.push('event: nothing\n\ndata: hi\n\n')).toEqual([{ event: 'message', data: 'hi' }]);
  });
});

describe('following the event stream', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('resumes from the last event after a reconnection, delivers a replayed event only once, and every event without an id of its own', async () => {
    const streams = [
      'retry: 1\n\nid: e1\nevent: a\ndata: {}\n\nid: e2\nevent: b\ndata: {}\n\n',
      // The replay repeats e1 (PostgreSQL's replay looks back), then brings what was missed.
      // A resync names no id of its own: it is delivered, each time, though e3's id is kept.
      'retry: 1\n\nid: e1\nevent: a\ndata: {}\n\nid: e3\nevent: c\ndata: {}\n\nevent: resync\ndata: {}\n\nevent: resync\ndata: {}\n\n',
    ];
    const sentLastIds: (string | null)[] = [];
    vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
      sentLastIds.push(new Headers(init.headers).get('last-event-id'));
      const body = streams.shift();
      if (body === undefined) return new Promise(() => {}); // stays connecting until stopped
      return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
    });
    const got: string[] = [];
    const stop = followStream({
      url: '/api/events/stream',
      onStatus: () => {},
      onMessage: (m) => got.push(m.event === 'resync' ? 'resync' : m.id!),
    });
    await vi.waitFor(() => expect(sentLastIds).toHaveLength(3), { timeout: 5_000 });
    stop();
    expect(got).toEqual(['e1', 'e2', 'e3', 'resync', 'resync']);
    expect(sentLastIds).toEqual([null, 'e2', 'e3']);
  });

  it('remembers a bounded number of ids, forgetting the oldest first', () => {
    const ids = new RecentIds(2);
    expect([ids.add('a'), ids.add('b'), ids.add('a')]).toEqual([true, true, false]);
    expect(ids.add('c')).toBe(true); // 'a' is forgotten
    expect([ids.add('b'), ids.add('a')]).toEqual([false, true]);
  });
});

describe('relative deadlines', () => {
  const now = new Date('2026-03-10T12:00:00Z');
  const later = (ms: number) => new Date(now.getTime() + ms);
  const day = 24 * 3600_000;

  it('counts in days up to two weeks, as the instruments do', () => {
    expect(bestUnit(3 * day + 4 * 3600_000)).toEqual({ unit: 'day', value: 3 });
    expect(bestUnit(13 * day)).toEqual({ unit: 'day', value: 13 });
    expect(bestUnit(21 * day)).toEqual({ unit: 'week', value: 3 });
    expect(bestUnit(-2 * 3600_000)).toEqual({ unit: 'hour', value: -2 });
  });

  it('says it in each language', () => {
    expect(formatRelative(later(3 * day), now, 'en')).toBe('in 3 days');
    expect(formatRelative(later(3 * day), now, 'fr')).toBe('dans 3 jours');
    expect(formatRelative(later(3 * day), now, 'de')).toBe('in 3 Tagen');
    expect(formatRelative(later(3 * day), now, 'es')).toBe('dentro de 3 días');
    expect(formatRelative(later(-day), now, 'en')).toBe('yesterday');
    expect(formatDuration(-2 * day, 'en')).toBe('2 days');
  });
});

describe('agency tree', () => {
  const agency = (id: string, name: string, parentId: string | null) => ({
    data: {
      id,
      name,
      parentId,
      shortName: null,
      kind: 'police' as const,
      jurisdiction: 'FR',
      exercise: false,
      createdAt: '2026-01-01T00:00:00.000Z',
    },
    policies: {},
  });

  it('puts children under their parents, siblings by name, and never loses an agency to a cycle', () => {
    const rows = [
      agency('c', 'Child B', 'p'),
      agency('p', 'Parent', null),
      agency('a', 'Child A', 'p'),
      agency('g', 'Grandchild', 'a'),
      agency('x', 'Cycle X', 'y'),
      agency('y', 'Cycle Y', 'x'),
      agency('o', 'Orphan', 'missing'),
    ];
    const tree = agencyTree(rows).map((r) => `${'-'.repeat(r.depth)}${r.row.data.name}`);
    expect(tree).toEqual(['Orphan', 'Parent', '-Child A', '--Grandchild', '-Child B', 'Cycle X', 'Cycle Y']);
  });
});

describe('agency pickers', () => {
  it('offer the agencies of the user’s world only, and none while it is unknown', () => {
    const agencies = [{ data: { id: 'ex', exercise: true } }, { data: { id: 'op', exercise: false } }];
    expect(ofWorld(agencies, true).map((a) => a.data.id)).toEqual(['ex']);
    expect(ofWorld(agencies, false).map((a) => a.data.id)).toEqual(['op']);
    expect(ofWorld(agencies, undefined)).toEqual([]);
    expect(ofWorld(undefined, true)).toEqual([]);
  });
});
