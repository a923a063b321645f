import { describe, expect, it } from 'vitest';
import { INSTRUMENTS } from '../../../src/modules/legal/data/index.ts';
import type { Instrument } from '../../../src/modules/legal/index.ts';
import {
  addDuration,
  addWorkingDays,
  dueTimes,
  parseDuration,
  reminderAt,
  rulesFor,
} from '../../../src/modules/requests/deadlines/deadline-clock.ts';

// Clocks from the registry's rules: the durations and citations come from the legal data, never
// from strings in the lifecycle.

const inst = (id: string) => INSTRUMENTS.find((i) => i.id === id) as Instrument;
const T0 = new Date('2026-03-02T10:00:00.000Z'); // a Monday
const DAY = 86_400_000;

describe('deadline clocks', () => {
  it('parses ISO 8601 durations', () => {
    expect(parseDuration('P30D')).toMatchObject({ days: 30 });
    expect(parseDuration('PT8H')).toMatchObject({ hours: 8 });
    expect(parseDuration('P1Y2M3W4DT5H6M7S')).toEqual({
      years: 1,
      months: 2,
      weeks: 3,
      days: 4,
      hours: 5,
      minutes: 6,
      seconds: 7,
    });
    expect(() => parseDuration('30 days')).toThrow();
  });

  it('calendar days are elapsed days; working days skip Saturday and Sunday', () => {
    expect(addDuration(T0, 'P7D', 'calendar').toISOString()).toBe('2026-03-09T10:00:00.000Z');
    expect(addDuration(T0, 'PT8H', 'calendar').toISOString()).toBe('2026-03-02T18:00:00.000Z');
    expect(addWorkingDays(T0, 5).toISOString()).toBe('2026-03-09T10:00:00.000Z');
    const friday = new Date('2026-03-06T10:00:00.000Z');
    expect(addWorkingDays(friday, 1).toISOString()).toBe('2026-03-09T10:00:00.000Z');
    expect(addDuration(friday, 'P10D', 'working').toISOString()).toBe('2026-03-20T10:00:00.000Z');
  });

  it('EIO: receipt starts 7 days to acknowledge (Art. 16(1)) and 30 to decide (Art. 12(3)); the decision 90 to execute (Art. 12(4))', () => {
    const eio = inst('eio');
    const receipt = rulesFor(eio, 'receipt', {
      urgent: false,
      measures: ['banking-information', 'hearing-witness'],
    });
    expect(receipt.start.map((r) => [r.action, r.duration, r.citation])).toEqual([
      ['acknowledge', 'P7D', 'Dir. 2014/41/EU Art. 16(1), Annex B'],
      ['decide', 'P30D', 'Dir. 2014/41/EU Art. 12(3)'],
    ]);
    expect(receipt.start[1]!.extension).toMatchObject({
      duration: 'P30D',
      citation: 'Dir. 2014/41/EU Art. 12(5)',
    });
    expect(receipt.skipped.map((s) => s.rule.id)).toEqual(['eio-provisional-measure-decision']);
    const decision = rulesFor(eio, 'decision', { urgent: false, measures: [] }).start;
    expect(decision.map((r) => [r.duration, r.citation, r.verified])).toEqual([
      ['P90D', 'Dir. 2014/41/EU Art. 12(4)', true],
    ]);
    const freeze = rulesFor(eio, 'receipt', { urgent: false, measures: ['freezing'] }).start;
    expect(freeze.map((r) => [r.duration, r.verified])).toContainEqual(['PT24H', false]);
  });

  it('EAW: 10 days after consent (Art. 17(2)), 60 after arrest (17(3)) with +30 (17(4)), surrender 10 after the decision', () => {
    const eaw = inst('eaw');
    expect(
      rulesFor(eaw, 'consent', { urgent: false, measures: ['surrender'] }).start.map((r) => r.duration),
    ).toEqual(['P10D']);
    const arrest = rulesFor(eaw, 'arrest', { urgent: false, measures: ['surrender'] }).start;
    expect(arrest.map((r) => [r.duration, r.extension?.duration, r.citation])).toEqual([
      ['P60D', 'P30D', 'FD 2002/584/JHA Art. 17(3) [S17a]'],
    ]);
    expect(
      rulesFor(eaw, 'final-decision', { urgent: false, measures: [] }).start.map((r) => [
        r.duration,
        r.verified,
      ]),
    ).toEqual([['P10D', false]]);
  });

  it('e-evidence: 10 days, or 8 hours in an emergency (Art. 10(3), 10(4)); the twin Art. 10(2) clock is one clock', () => {
    const ee = inst('e-evidence');
    const normal = rulesFor(ee, 'receipt', { urgent: false, measures: ['traffic-data'] });
    expect(normal.start.map((r) => [r.id, r.duration])).toEqual([['epoc-produce', 'P10D']]);
    expect(normal.skipped.find((s) => s.rule.id === 'epoc-produce-after-notification')?.reason).toMatch(
      /same period/,
    );
    const urgent = rulesFor(ee, 'receipt', { urgent: true, measures: ['subscriber-data'] });
    expect(urgent.start.map((r) => [r.duration, r.citation])).toEqual([
      ['PT8H', 'Reg. (EU) 2023/1543 Art. 10(4)'],
    ]);
    const preserve = rulesFor(ee, 'receipt', { urgent: false, measures: ['preservation'] }).start;
    expect(preserve.map((r) => [r.action, r.duration, r.extension?.duration])).toEqual([
      ['preserve', 'P60D', 'P30D'],
    ]);
  });

  it('Budapest: preservation for at least 60 days (Art. 29(7)); conventions without periods start no clock', () => {
    const b = rulesFor(inst('budapest'), 'receipt', { urgent: true, measures: ['preservation'] }).start;
    expect(b.map((r) => [r.action, r.duration, r.citation])).toEqual([
      ['preserve', 'P60D', 'ETS 185 Art. 29(7) [S13b]'],
    ]);
    expect(rulesFor(inst('coe-mla-1959'), 'receipt', { urgent: false, measures: [] }).start).toEqual([]);
  });

  it('pauses add to the due time; extensions add to the base; reminders come a quarter before, at most two days', () => {
    const base = dueTimes({ startedAt: T0, duration: 'P30D', dayKind: 'calendar', pausedMs: 0 });
    expect(base.dueAt.toISOString()).toBe('2026-04-01T10:00:00.000Z');
    const paused = dueTimes({ startedAt: T0, duration: 'P30D', dayKind: 'calendar', pausedMs: 5 * DAY });
    expect(paused.dueAt.getTime() - base.dueAt.getTime()).toBe(5 * DAY);
    expect(paused.baseDueAt).toEqual(base.baseDueAt);
    const ext = dueTimes({
      startedAt: T0,
      duration: 'P30D',
      dayKind: 'calendar',
      extension: 'P30D',
      pausedMs: 0,
    });
    expect(ext.dueAt.toISOString()).toBe('2026-05-01T10:00:00.000Z');
    expect(base.dueAt.getTime() - reminderAt(T0, base.baseDueAt, base.dueAt).getTime()).toBe(2 * DAY);
    const eight = dueTimes({ startedAt: T0, duration: 'PT8H', dayKind: 'calendar', pausedMs: 0 });
    expect(eight.dueAt.getTime() - reminderAt(T0, eight.baseDueAt, eight.dueAt).getTime()).toBe(
      2 * 3_600_000,
    );
  });
});
