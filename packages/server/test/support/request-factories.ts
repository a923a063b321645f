import type { CreateRequest } from '@comity/contracts';

/** A complete DE→FR EIO written in French: no blocking finding. */
export function buildEioRequest(overrides: Partial<CreateRequest> = {}): CreateRequest {
  return {
    kind: 'eio',
    title: 'Nordlicht: bank records in Paris',
    instrumentId: 'eio',
    requestingState: 'DE',
    requestedState: 'FR',
    language: 'fr',
    issuingAuthority: {
      name: 'Staatsanwaltschaft Frankfurt am Main',
      address: 'Konrad-Adenauer-Straße 20, 60313 Frankfurt am Main',
      phone: '+49 69 0000 0000',
      email: 'eea@sta-frankfurt.example',
    },
    proceedings: { type: 'criminal', reference: '7410 Js 1234/26' },
    persons: [{ role: 'witness', name: 'Camille Lefèvre', nationality: 'FR' }],
    offences: [
      { legalClassification: 'Escroquerie, § 263 StGB', category: 'swindling', maxPenaltyMonths: 120 },
    ],
    summaryOfFacts:
      'Entre janvier et mars 2026, 2,4 millions d’euros ont été versés sur des comptes à Paris.',
    measures: [{ id: 'hearing-witness', details: 'Audition sur l’ouverture des comptes.', personIndex: 0 }],
    urgency: { urgent: false },
    ...overrides,
  };
}

/** A DE→US request under the US–EU agreement, in English, without persons. */
export function buildMlaRequest(overrides: Partial<CreateRequest> = {}): CreateRequest {
  return {
    kind: 'mla',
    title: 'Ransomware: account data',
    instrumentId: 'us-eu-mla',
    requestingState: 'DE',
    requestedState: 'US',
    language: 'en',
    issuingAuthority: {
      name: 'Staatsanwaltschaft Frankfurt am Main',
      address: 'Konrad-Adenauer-Straße 20, 60313 Frankfurt am Main',
      phone: '+49 69 0000 0000',
      email: 'eea@sta-frankfurt.example',
    },
    proceedings: { type: 'criminal', reference: '7410 Js 2203/26' },
    offences: [
      {
        legalClassification: 'Computer sabotage, § 303b StGB',
        category: 'computer-related-crime',
        maxPenaltyMonths: 120,
        punishableInRequestedState: true,
      },
    ],
    summaryOfFacts:
      'A hospital network was encrypted and a ransom demanded from an account hosted in the US.',
    measures: [{ id: 'subscriber-data', details: 'Subscriber information for ransom-desk@mail.example.' }],
    urgency: { urgent: false },
    ...overrides,
  };
}

export const PURPOSE = { 'x-comity-purpose': 'Drafting the request in case 7410 Js 1234/26' };
