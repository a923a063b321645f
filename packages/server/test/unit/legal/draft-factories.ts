import type { Finding, RequestDraft } from '../../../src/modules/legal/index.ts';

// Test-data factories for the draft validator tests.

export const AT = '2025-06-01';
export const AFTER_E_EVIDENCE = '2026-09-01';

/** A complete EIO from France to Germany, written in German: no findings. */
export function buildEioDraft(overrides: Partial<RequestDraft> = {}): RequestDraft {
  return {
    kind: 'eio',
    instrumentId: 'eio',
    requestingState: 'FR',
    requestedState: 'DE',
    issuingAuthority: {
      name: 'Parquet national financier',
      address: '1 parvis du Tribunal, Paris',
      phone: '+33 1 44 32 51 51',
      email: 'pnf@justice.fr',
    },
    proceedings: { type: 'criminal', reference: 'PNF-2025-0042' },
    persons: [{ role: 'witness', name: 'Anna Schmidt', nationality: 'DE' }],
    offences: [
      { legalClassification: 'Escroquerie, art. 313-1 Code pénal', category: 'fraud', maxPenaltyMonths: 60 },
    ],
    summaryOfFacts: 'Zwischen Januar und März 2025 wurden 1,2 Mio. EUR auf Konten in Frankfurt überwiesen.',
    measures: [{ id: 'hearing-witness', details: 'Vernehmung zur Überweisung vom 3.2.2025', personIndex: 0 }],
    urgency: { urgent: false },
    language: 'de',
    ...overrides,
  };
}

/**
 * A UNTOC request from France to the United States, in English. The offence is marked punishable in
 * the requested state: under UNTOC 18(9) dual criminality is otherwise a (warning) risk.
 */
export function buildUntocDraft(overrides: Partial<RequestDraft> = {}): RequestDraft {
  return buildEioDraft({
    kind: 'mla',
    instrumentId: 'untoc',
    requestedState: 'US',
    language: 'en',
    offences: [
      {
        legalClassification: 'Escroquerie, art. 313-1 Code pénal',
        category: 'fraud',
        maxPenaltyMonths: 60,
        punishableInRequestedState: true,
      },
    ],
    summaryOfFacts: 'Funds were transferred to accounts in New York.',
    measures: [{ id: 'hearing-witness', details: 'To establish who ordered the transfer', personIndex: 0 }],
    ...overrides,
  });
}

export const codes = (findings: readonly Finding[]) => findings.map((f) => `${f.code}@${f.path}`);
export const find = (findings: readonly Finding[], code: string, path?: string) =>
  findings.find((f) => f.code === code && (path === undefined || f.path === path));
