import { describe, expect, it } from 'vitest';
import { describeScenarios } from './advisor-scenario-harness.ts';
import { EVIDENCE_SCENARIOS } from './scenarios.evidence.ts';
import { SURRENDER_AND_DATA_SCENARIOS } from './scenarios.surrender-data.ts';

// The advisor against scenario tables written from shared/reference/legal-instruments.md.

describe('advisor scenario tables', () => {
  it('hold at least 30 scenarios with unique names', () => {
    const all = [...EVIDENCE_SCENARIOS, ...SURRENDER_AND_DATA_SCENARIOS];
    expect(all.length).toBeGreaterThanOrEqual(30);
    expect(new Set(all.map((s) => s.name)).size).toBe(all.length);
  });
});

describeScenarios('legal-basis advisor: evidence scenarios', EVIDENCE_SCENARIOS);
describeScenarios(
  'legal-basis advisor: surrender and electronic-data scenarios',
  SURRENDER_AND_DATA_SCENARIOS,
);
