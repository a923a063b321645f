import { describe, expect, it } from 'vitest';
import { advise, loadRegistry, validateAdviceInput } from '../../../src/modules/legal/index.ts';

const registry = loadRegistry();

describe('advise', () => {
  it('returns no instruments and one advisory when both states are the same', () => {
    const advice = advise(registry, {
      requestingState: 'FR',
      requestedState: 'FR',
      measures: ['hearing-witness'],
      urgent: false,
    });
    expect(advice.instruments).toEqual([]);
    expect(advice.advisories).toHaveLength(1);
    expect(advice.advisories[0]?.code).toBe('same-state');
  });

  it('never throws on unknown states or measures', () => {
    expect(() =>
      advise(registry, {
        requestingState: 'XX',
        requestedState: 'DE',
        measures: ['teleportation'],
        urgent: true,
        at: '2025-01-01',
      }),
    ).not.toThrow();
    const advice = advise(registry, {
      requestingState: 'FR',
      requestedState: 'DE',
      measures: ['teleportation'],
      urgent: false,
      at: '2025-01-01',
    });
    expect(advice.instruments.every((i) => !i.applies)).toBe(true);
  });

  it('says which conventions an applicable EU instrument replaces', () => {
    const advice = advise(registry, {
      requestingState: 'FR',
      requestedState: 'DE',
      measures: ['hearing-witness'],
      urgent: false,
      at: '2025-01-01',
    });
    const eio = advice.instruments.find((i) => i.id === 'eio');
    expect(eio?.replaces).toEqual(['coe-mla-1959', 'eu-mla-2000']);
  });

  it('marks reasons resting on unverified facts', () => {
    const advice = advise(registry, {
      requestingState: 'DK',
      requestedState: 'DE',
      measures: ['hearing-witness'],
      urgent: false,
      at: '2025-01-01',
    });
    const eio = advice.instruments.find((i) => i.id === 'eio');
    // Reference file: "Not bound: Denmark, Ireland [unverified]".
    expect(eio?.reasons.join(' ')).toContain('[unverified]');
    expect(eio?.membershipVerified).toBe(false);
  });

  it('names the central authority declared by the requested state', () => {
    const advice = advise(registry, {
      requestingState: 'FR',
      requestedState: 'LT',
      measures: ['hearing-witness'],
      urgent: false,
      at: '2025-01-01',
    });
    const untoc = advice.instruments.find((i) => i.id === 'untoc');
    expect(untoc?.channel?.centralAuthority).toBe('Ministry of Justice; Prosecutor General’s Office');
    expect(untoc?.channel?.verified).toBe(true);
  });

  it('drops the dual-criminality refusal ground when the category waives it', () => {
    const base = {
      requestingState: 'FR',
      requestedState: 'DE',
      measures: ['search-seizure'],
      urgent: false,
      at: '2025-01-01',
    };
    const grounds = (offenceCategory?: string) =>
      advise(registry, { ...base, offenceCategory })
        .instruments.find((i) => i.id === 'eio')
        ?.refusalRisks.map((r) => r.ground);
    expect(grounds()).toContain('dual_criminality');
    expect(grounds('fraud')).not.toContain('dual_criminality');
  });
});

describe('validateAdviceInput', () => {
  it('accepts a well-formed request', () => {
    expect(
      validateAdviceInput(registry, {
        requestingState: 'FR',
        requestedState: 'DE',
        measures: ['hearing-witness'],
        urgent: false,
        offenceCategory: 'fraud',
        at: '2026-01-31',
      }),
    ).toEqual([]);
  });

  it('accepts the same state twice (the advisor answers with an advisory)', () => {
    expect(
      validateAdviceInput(registry, {
        requestingState: 'FR',
        requestedState: 'FR',
        measures: ['hearing-witness'],
        urgent: false,
      }),
    ).toEqual([]);
  });

  it('lists every problem with its path', () => {
    const errors = validateAdviceInput(registry, {
      requestingState: 'UK',
      requestedState: 42,
      measures: ['hearing-witness', 'teleportation', 'hearing-witness', 7],
      offenceCategory: 'jaywalking',
      urgent: 'yes',
      at: '2026-02-30',
    });
    expect(errors.map((e) => e.path)).toEqual([
      'requestingState',
      'requestedState',
      'measures.1',
      'measures.2',
      'measures.3',
      'offenceCategory',
      'urgent',
      'at',
    ]);
    expect(errors[0]?.message).toContain('GB for the UK');
  });

  it('requires at least one measure and an object', () => {
    expect(
      validateAdviceInput(registry, {
        requestingState: 'FR',
        requestedState: 'DE',
        measures: [],
        urgent: false,
      }),
    ).toEqual([{ path: 'measures', message: 'required: at least one measure' }]);
    expect(validateAdviceInput(registry, null)).toEqual([{ path: '', message: 'expected an object' }]);
  });
});
