import { describe, expect, it } from 'vitest';
import { loadRegistry, validateDraft } from '../../../src/modules/legal/index.ts';
import { AFTER_E_EVIDENCE, AT, buildEioDraft, buildUntocDraft, codes, find } from './draft-factories.ts';

// The draft validator on other instruments: UNTOC, US–UK MLAT, EAW, Budapest, e-Evidence, CoE 1959, US–EU.

const registry = loadRegistry();

describe('validateDraft per instrument', () => {
  it('blocks a language refused by a verified declaration (Latvia under UNTOC 18(14))', () => {
    expect(
      validateDraft(registry, buildUntocDraft({ requestedState: 'LV', language: 'en' }), { at: AT }),
    ).toEqual([]);
    const german = validateDraft(registry, buildUntocDraft({ requestedState: 'LV', language: 'de' }), {
      at: AT,
    });
    expect(find(german, 'language-not-accepted')).toMatchObject({ severity: 'blocking', verified: true });
    expect(find(german, 'language-not-accepted')?.citation).toContain('[S15]');
  });

  it('warns of dual criminality under UNTOC 18(9) unless the offence is punishable in the requested state', () => {
    const draft = buildUntocDraft({
      offences: [{ legalClassification: 'Escroquerie', category: 'fraud', maxPenaltyMonths: 60 }],
    });
    expect(codes(validateDraft(registry, draft, { at: AT }))).toEqual([
      'dual-criminality-risk@offences.0.punishableInRequestedState',
    ]);
  });

  it('checks UNTOC Art. 18(15) contents (unverified)', () => {
    const findings = validateDraft(
      registry,
      buildUntocDraft({ summaryOfFacts: '', proceedings: { type: 'criminal' } }),
      { at: AT },
    );
    expect(codes(findings)).toEqual([
      'missing-content@proceedings.reference',
      'missing-content@summaryOfFacts',
    ]);
    expect(find(findings, 'missing-content', 'summaryOfFacts')).toMatchObject({
      citation: 'UNTOC Art. 18(15)(c)',
      verified: false,
    });
  });

  it('does not ask for a summary of facts for service of documents only (UNTOC 18(15)(c))', () => {
    const draft = buildUntocDraft({
      summaryOfFacts: undefined,
      measures: [{ id: 'service-of-documents', details: 'Summons to appear', personIndex: 0 }],
    });
    expect(
      find(validateDraft(registry, draft, { at: AT }), 'missing-content', 'summaryOfFacts'),
    ).toBeUndefined();
  });

  it('flags a measure the treaty does not cover (US–UK MLAT, interception)', () => {
    const draft = buildUntocDraft({
      instrumentId: 'us-uk-mlat',
      requestingState: 'US',
      requestedState: 'GB',
      measures: [{ id: 'interception', details: 'Line +44…', personIndex: 0 }],
    });
    expect(
      find(validateDraft(registry, draft, { at: AT }), 'measure-not-covered', 'measures.0.id')?.severity,
    ).toBe('blocking');
  });

  it('checks an EAW: nationality (Art. 8(1)(a)) and the 12-month threshold (Art. 2)', () => {
    const draft = buildEioDraft({
      kind: 'eaw',
      instrumentId: 'eaw',
      persons: [{ role: 'accused', name: 'Max Muster' }],
      offences: [
        { legalClassification: 'Vol simple', maxPenaltyMonths: 6, punishableInRequestedState: true },
      ],
      measures: [{ id: 'surrender', personIndex: 0 }],
    });
    const findings = validateDraft(registry, draft, { at: AT });
    expect(find(findings, 'missing-content', 'persons.0.nationality')).toMatchObject({
      citation: 'FD 2002/584/JHA Art. 8(1)(a)',
      verified: true,
    });
    expect(find(findings, 'below-penalty-threshold', 'offences.0.maxPenaltyMonths')).toMatchObject({
      severity: 'warning',
      citation: 'FD 2002/584/JHA Art. 2 [S17b]',
    });
  });

  it('checks a Budapest preservation request against Art. 29(2) (verified)', () => {
    const draft = buildUntocDraft({
      kind: 'preservation',
      instrumentId: 'budapest',
      measures: [{ id: 'preservation' }],
    });
    const findings = validateDraft(registry, draft, { at: AT });
    expect(codes(findings)).toEqual(['missing-content@measures.0.details']);
    expect(findings[0]).toMatchObject({ citation: 'ETS 185 Art. 29(2)(c)-(e)', verified: true });
  });

  it('knows when the e-Evidence Regulation applies and its Art. 5(4) threshold', () => {
    const draft = buildEioDraft({
      kind: 'production-order',
      instrumentId: 'e-evidence',
      offences: [{ legalClassification: 'Escroquerie', category: 'fraud', maxPenaltyMonths: 24 }],
      measures: [{ id: 'traffic-data', details: 'Traffic data of account x@example.com, 1.1.–31.3.2025' }],
    });
    expect(codes(validateDraft(registry, draft, { at: AT }))).toContain(
      'instrument-not-in-force@instrumentId',
    );
    const after = validateDraft(registry, draft, { at: AFTER_E_EVIDENCE });
    expect(codes(after)).not.toContain('instrument-not-in-force@instrumentId');
    expect(find(after, 'below-penalty-threshold')).toMatchObject({
      citation: 'Reg. (EU) 2023/1543 Art. 5(4)',
      verified: true,
    });
  });

  it('warns that the EIO replaces the 1959 Convention between bound states, but not with Denmark', () => {
    const coe = (requestingState: string) =>
      validateDraft(
        registry,
        buildEioDraft({ kind: 'mla', instrumentId: 'coe-mla-1959', requestingState, language: 'de' }),
        { at: AT },
      );
    expect(find(coe('FR'), 'instrument-replaced')).toMatchObject({
      severity: 'warning',
      citation: 'Dir. 2014/41/EU Art. 34(1)(a)',
      verified: false,
    });
    expect(find(coe('DK'), 'instrument-replaced')).toBeUndefined();
  });

  it('rejects the US–EU Agreement between two member states', () => {
    const findings = validateDraft(
      registry,
      buildUntocDraft({ instrumentId: 'us-eu-mla', requestedState: 'DE' }),
      { at: AT },
    );
    expect(find(findings, 'state-not-party', 'instrumentId')?.message).toContain('only between US');
  });
});
