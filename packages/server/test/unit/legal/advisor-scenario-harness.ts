import { describe, expect, it } from 'vitest';
import {
  type AdviceInput,
  type AdvisoryCode,
  advise,
  type ChannelKind,
  type InstrumentId,
  loadRegistry,
  type NotApplicableCode,
} from '../../../src/modules/legal/index.ts';

// Harness for the advisor scenarios (advisor.*-scenarios.test.ts), written from
// shared/reference/legal-instruments.md: pairs of states × measures × urgency, with the instruments we
// expect in rank order, why the others do not apply, and the deadlines (duration and article) of the
// applicable ones.

export const BEFORE_E_EVIDENCE = '2025-06-01';
export const AFTER_E_EVIDENCE = '2026-09-01'; // Reg. (EU) 2023/1543 applies from 18.8.2026 [S9]
export const BEFORE_BREXIT_END = '2019-06-01';

export type Deadline = readonly [id: string, duration: string, citation: string];

export interface Scenario {
  readonly name: string;
  readonly input: AdviceInput;
  /** Ids of the applicable instruments, in rank order. */
  readonly applicable: readonly InstrumentId[];
  readonly notApplicable?: Partial<Record<InstrumentId, NotApplicableCode>>;
  readonly deadlines?: Partial<Record<InstrumentId, readonly Deadline[]>>;
  readonly dualCriminality?: Partial<Record<InstrumentId, { required: boolean; waivedByCategory?: boolean }>>;
  readonly channel?: Partial<Record<InstrumentId, ChannelKind>>;
  readonly languages?: Partial<Record<InstrumentId, readonly string[]>>;
  readonly reasonIncludes?: Partial<Record<InstrumentId, string>>;
  readonly advisories?: readonly AdvisoryCode[];
}

export const input = (
  requestingState: string,
  requestedState: string,
  measures: string[],
  extra: Partial<AdviceInput> = {},
): AdviceInput => ({
  requestingState,
  requestedState,
  measures,
  urgent: false,
  at: BEFORE_E_EVIDENCE,
  ...extra,
});

// EIO Art. 16(1), 12(3), 12(4) [S1, S3].
export const EIO_BASE: readonly Deadline[] = [
  ['eio-acknowledge-receipt', 'P7D', 'Dir. 2014/41/EU Art. 16(1), Annex B'],
  ['eio-recognition-decision', 'P30D', 'Dir. 2014/41/EU Art. 12(3)'],
  ['eio-execution', 'P90D', 'Dir. 2014/41/EU Art. 12(4)'],
];
// EAW Art. 17(2) [S17b], 17(3) [S17a], 23(2) [unverified].
export const EAW_DEADLINES: readonly Deadline[] = [
  ['eaw-decision-after-consent', 'P10D', 'FD 2002/584/JHA Art. 17(2) [S17b]'],
  ['eaw-decision-after-arrest', 'P60D', 'FD 2002/584/JHA Art. 17(3) [S17a]'],
  ['eaw-surrender', 'P10D', 'FD 2002/584/JHA Art. 23(2)'],
];
export const UN: readonly InstrumentId[] = ['untoc', 'uncac'];

export function describeScenarios(title: string, scenarios: readonly Scenario[]): void {
  describe(title, () => {
    const registry = loadRegistry();

    it.each(scenarios.map((s) => [s.name, s] as const))('%s', (_name, s) => {
      const advice = advise(registry, s.input);
      const byId = new Map(advice.instruments.map((i) => [i.id, i]));

      // Applicable first, in rank order; ranks are 1..n.
      expect(advice.instruments.filter((i) => i.applies).map((i) => i.id)).toEqual(s.applicable);
      expect(advice.instruments.slice(0, s.applicable.length).every((i) => i.applies)).toBe(true);
      expect(advice.instruments.map((i) => i.rank)).toEqual(advice.instruments.map((_, k) => k + 1));

      for (const [id, code] of Object.entries(s.notApplicable ?? {})) {
        const i = byId.get(id as InstrumentId);
        expect(i, `${id} listed`).toBeDefined();
        expect(i?.applies).toBe(false);
        expect(i?.notAppliesCode).toBe(code);
        expect(i?.notAppliesReason).toBeTruthy();
      }
      for (const [id, expected] of Object.entries(s.deadlines ?? {})) {
        const got = byId.get(id as InstrumentId)?.deadlines.map((d) => [d.id, d.duration, d.citation]);
        expect(got, `${id} deadlines`).toEqual(expected);
      }
      for (const [id, expected] of Object.entries(s.dualCriminality ?? {})) {
        expect(byId.get(id as InstrumentId)?.dualCriminality, `${id} dual criminality`).toMatchObject(
          expected,
        );
      }
      for (const [id, kind] of Object.entries(s.channel ?? {})) {
        expect(byId.get(id as InstrumentId)?.channel?.kind, `${id} channel`).toBe(kind);
      }
      for (const [id, languages] of Object.entries(s.languages ?? {})) {
        expect(byId.get(id as InstrumentId)?.languages, `${id} languages`).toEqual(languages);
      }
      for (const [id, text] of Object.entries(s.reasonIncludes ?? {})) {
        expect(byId.get(id as InstrumentId)?.reasons.join(' | '), `${id} reasons`).toContain(text);
      }
      if (s.advisories) expect(advice.advisories.map((a) => a.code)).toEqual(s.advisories);
    });
  });
}
