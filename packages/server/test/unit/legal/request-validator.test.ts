import { describe, expect, it } from 'vitest';
import {
  isSendable,
  loadRegistry,
  type RequestDraft,
  validateDraft,
} from '../../../src/modules/legal/index.ts';
import { AT, buildEioDraft, codes, find } from './draft-factories.ts';

// The draft validator on an EIO: contents, language, urgency, persons, dual criminality, robustness.

const registry = loadRegistry();

describe('validateDraft', () => {
  it('finds nothing in a complete EIO', () => {
    const findings = validateDraft(registry, buildEioDraft(), { at: AT });
    expect(findings).toEqual([]);
    expect(isSendable(findings)).toBe(true);
  });

  it('reports a missing issuing-authority e-mail under EIO Art. 5(1)(a)', () => {
    const findings = validateDraft(
      registry,
      buildEioDraft({ issuingAuthority: { name: 'PNF', address: 'Paris', phone: '+33 1' } }),
      { at: AT },
    );
    expect(codes(findings)).toEqual(['missing-content@issuingAuthority.email']);
    expect(findings[0]).toMatchObject({
      severity: 'blocking',
      citation: 'Dir. 2014/41/EU Art. 5(1)(a)',
      verified: true,
      messageKey: 'legal.findings.missing-content',
    });
    expect(isSendable(findings)).toBe(false);
  });

  it('warns when the language is not among the (unverified) accepted ones, unless translated', () => {
    const english = validateDraft(registry, buildEioDraft({ language: 'en' }), { at: AT });
    expect(find(english, 'language-not-accepted')).toMatchObject({
      severity: 'warning',
      verified: false,
      params: { accepted: 'de' },
    });
    expect(
      validateDraft(registry, buildEioDraft({ language: 'en', translations: ['de'] }), { at: AT }),
    ).toEqual([]);
  });

  it('blocks an EIO involving Denmark (not bound, unverified)', () => {
    const findings = validateDraft(registry, buildEioDraft({ requestingState: 'DK' }), { at: AT });
    const f = find(findings, 'state-not-party', 'requestingState');
    expect(f).toMatchObject({ severity: 'blocking', verified: false });
    expect(f?.message).toContain('Denmark');
  });

  it('blocks surrender under an evidence instrument', () => {
    const draft = buildEioDraft({
      measures: [
        { id: 'hearing-witness', personIndex: 0, details: 'x' },
        { id: 'surrender', personIndex: 0 },
      ],
    });
    const findings = validateDraft(registry, draft, { at: AT });
    expect(find(findings, 'surrender-under-evidence-instrument', 'measures.1.id')?.severity).toBe('blocking');
  });

  it('requires reasons for urgency', () => {
    const without = validateDraft(registry, buildEioDraft({ urgency: { urgent: true } }), { at: AT });
    expect(codes(without)).toEqual(['urgency-without-reasons@urgency.reasons']);
    expect(
      validateDraft(
        registry,
        buildEioDraft({ urgency: { urgent: true, reasons: 'Witness leaves the EU on 1.7.' } }),
        { at: AT },
      ),
    ).toEqual([]);
  });

  it('requires person data for measures that need it', () => {
    const noPerson = validateDraft(
      registry,
      buildEioDraft({ persons: [], measures: [{ id: 'hearing-witness', details: 'x' }] }),
      { at: AT },
    );
    expect(codes(noPerson)).toEqual([
      'missing-content@persons',
      'person-data-missing@measures.0.personIndex',
    ]);
    expect(find(noPerson, 'person-data-missing')?.citation).toBe('Dir. 2014/41/EU Art. 5(1)(c)');

    const dangling = validateDraft(
      registry,
      buildEioDraft({ measures: [{ id: 'hearing-witness', personIndex: 3 }] }),
      { at: AT },
    );
    expect(codes(dangling)).toContain('person-data-missing@measures.0.personIndex');

    const anonymous = validateDraft(
      registry,
      buildEioDraft({ persons: [{ role: 'witness', nationality: 'DE' }] }),
      { at: AT },
    );
    expect(codes(anonymous)).toEqual(['person-data-missing@persons.0.name']);

    const wrongRole = validateDraft(
      registry,
      buildEioDraft({ measures: [{ id: 'hearing-suspect', personIndex: 0 }] }),
      { at: AT },
    );
    expect(find(wrongRole, 'person-role-mismatch', 'persons.0.role')?.severity).toBe('warning');
  });

  it('warns of dual criminality unless a listed category with ≥ 3 years, or punishable in the requested state', () => {
    const search = (offence: RequestDraft['offences']) =>
      validateDraft(
        registry,
        buildEioDraft({
          offences: offence,
          measures: [{ id: 'search-seizure', details: 'Offices in Frankfurt' }],
        }),
        { at: AT },
      );
    const unlisted = search([{ legalClassification: 'Abus de biens sociaux' }]);
    expect(find(unlisted, 'dual-criminality-risk', 'offences.0.punishableInRequestedState')).toMatchObject({
      severity: 'warning',
      citation: 'Dir. 2014/41/EU Art. 11(1)(g)',
    });
    expect(
      find(
        search([{ legalClassification: 'Escroquerie', category: 'fraud', maxPenaltyMonths: 24 }]),
        'dual-criminality-risk',
      ),
    ).toBeDefined();
    expect(search([{ legalClassification: 'Escroquerie', category: 'fraud', maxPenaltyMonths: 60 }])).toEqual(
      [],
    );
    expect(
      search([{ legalClassification: 'Abus de biens sociaux', punishableInRequestedState: true }]),
    ).toEqual([]);
    // EIO Art. 10(2), 11(2): a witness hearing is not subject to the check.
    expect(
      validateDraft(
        registry,
        buildEioDraft({ offences: [{ legalClassification: 'Abus de biens sociaux' }] }),
        { at: AT },
      ),
    ).toEqual([]);
  });

  it('returns only same-state when both states are equal', () => {
    expect(codes(validateDraft(registry, buildEioDraft({ requestedState: 'FR' }), { at: AT }))).toEqual([
      'same-state@requestedState',
    ]);
  });

  it('rejects an unknown instrument and a kind the instrument does not serve', () => {
    expect(codes(validateDraft(registry, buildEioDraft({ instrumentId: 'hague-1970' }), { at: AT }))).toEqual(
      ['unknown-instrument@instrumentId'],
    );
    expect(codes(validateDraft(registry, buildEioDraft({ kind: 'eaw' }), { at: AT }))).toContain(
      'kind-instrument-mismatch@kind',
    );
  });

  it('flags unknown measure ids', () => {
    expect(
      codes(validateDraft(registry, buildEioDraft({ measures: [{ id: 'teleportation' }] }), { at: AT })),
    ).toEqual(['unknown-measure@measures.0.id']);
  });

  it('never throws on malformed drafts', () => {
    const junk: unknown[] = [
      null,
      42,
      'draft',
      [],
      {},
      { persons: 'x', offences: {}, measures: [null, 5, { id: 3 }], urgency: null, translations: 'de' },
      {
        instrumentId: 'eio',
        requestingState: 'FR',
        requestedState: 'DE',
        measures: [null],
        persons: [null],
        offences: [null],
      },
    ];
    for (const j of junk)
      expect(() => validateDraft(registry, j, { at: AT }), JSON.stringify(j)).not.toThrow();
    expect(codes(validateDraft(registry, {}, { at: AT }))).toEqual([
      'missing-content@requestingState',
      'missing-content@requestedState',
      'missing-content@instrumentId',
    ]);
  });

  it('gives every finding an i18n key and a filled-in English message', () => {
    const draft = buildEioDraft({
      requestingState: 'DK',
      language: 'en',
      urgency: { urgent: true },
      persons: [],
      measures: [{ id: 'search-seizure' }, { id: 'surrender' }],
      offences: [{ legalClassification: 'x', maxPenaltyMonths: 3 }],
    });
    const findings = validateDraft(registry, draft, { at: AT });
    expect(findings.length).toBeGreaterThan(4);
    for (const f of findings) {
      expect(f.messageKey).toBe(`legal.findings.${f.code}`);
      expect(f.message).not.toMatch(/\{\w+\}/);
      expect(f.citation.length).toBeGreaterThan(0);
      expect(typeof f.verified).toBe('boolean');
    }
  });
});
