import { describe, expect, it } from 'vitest';
import { SseParser } from '../../src/app/notifications/sse.ts';
import { agencyTree } from '../../src/features/admin/agency-tree.ts';
import { bestUnit, formatDuration, formatRelative } from '../../src/ui/relative-time.ts';

describe('SSE parser', () => {
  it('reads named events split across chunks, with ids, comments and CRLF', () => {
    const p = new SseParser();
    expect(p.push('retry: 5000\n\n: keep-alive\n\nid: 1\nevent: case.cre')).toEqual([]);
    expect(p.push('ated\r\ndata: {"a":1}\r\n\r\nevent: x\ndata: line 1\ndata: line 2\n\n')).toEqual([
      { event: 'case.created', data: '{"a":1}', id: '1' },
      { event: 'x', data: 'line 1\nline 2', id: '1' },
    ]);
    expect(p.retryMs).toBe(5000);
  });

  it('calls unnamed events "message" and ignores events without data', () => {
    const p = new SseParser();
    expect(p.push('event: nothing\n\ndata: hi\n\n')).toEqual([{ event: 'message', data: 'hi' }]);
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
