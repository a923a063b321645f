import type { AgencyKind, Role } from '@comity/contracts';

/**
 * The exercise world of `npm run demo`: three states, agencies of every kind, officers in every
 * role. All of it is marked as exercise data. Names and addresses are invented (.example, RFC 2606).
 */
export const demoJurisdictions = [
  { code: 'DE', name: 'Germany' },
  { code: 'FR', name: 'France' },
  { code: 'ES', name: 'Spain' },
] as const;

export interface DemoAgency {
  key: string;
  name: string;
  shortName: string;
  kind: AgencyKind;
  jurisdiction: string;
  parent?: string;
}

export const demoAgencies: DemoAgency[] = [
  {
    key: 'de-bfj',
    name: 'Federal Office of Justice (exercise)',
    shortName: 'DE-BfJ',
    kind: 'central-authority',
    jurisdiction: 'DE',
  },
  {
    key: 'de-bka',
    name: 'Federal Criminal Police Office (exercise)',
    shortName: 'DE-BKA',
    kind: 'police',
    jurisdiction: 'DE',
  },
  {
    key: 'de-zoll',
    name: 'Customs Investigation Office (exercise)',
    shortName: 'DE-ZKA',
    kind: 'customs',
    jurisdiction: 'DE',
  },
  {
    key: 'de-sta',
    name: 'Public Prosecutor’s Office Frankfurt (exercise)',
    shortName: 'DE-StA-F',
    kind: 'prosecution',
    jurisdiction: 'DE',
  },
  {
    key: 'fr-bec',
    name: 'Bureau of International Mutual Assistance (exercise)',
    shortName: 'FR-BEPI',
    kind: 'central-authority',
    jurisdiction: 'FR',
  },
  {
    key: 'fr-pj',
    name: 'Judicial Police Directorate (exercise)',
    shortName: 'FR-DCPJ',
    kind: 'police',
    jurisdiction: 'FR',
  },
  {
    key: 'fr-tracfin',
    name: 'Financial Intelligence Unit (exercise)',
    shortName: 'FR-FIU',
    kind: 'fiu',
    jurisdiction: 'FR',
  },
  {
    key: 'fr-parquet',
    name: 'Public Prosecutor, Paris (exercise)',
    shortName: 'FR-PR-P',
    kind: 'prosecution',
    jurisdiction: 'FR',
  },
  {
    key: 'es-mj',
    name: 'Ministry of Justice, International Cooperation (exercise)',
    shortName: 'ES-MJ',
    kind: 'central-authority',
    jurisdiction: 'ES',
  },
  {
    key: 'es-pn',
    name: 'National Police, Central Unit (exercise)',
    shortName: 'ES-PN',
    kind: 'police',
    jurisdiction: 'ES',
  },
  {
    key: 'es-court',
    name: 'Central Investigating Court No. 1 (exercise)',
    shortName: 'ES-JCI-1',
    kind: 'court',
    jurisdiction: 'ES',
    parent: 'es-mj',
  },
];

export interface DemoUser {
  email: string;
  name: string;
  agency: string;
  roles: Role[];
  clearance: number;
  languages: string[];
}

export const demoUsers: DemoUser[] = [
  {
    email: 'admin@comity-demo.example',
    name: 'Alex Admin',
    agency: 'de-bfj',
    roles: ['administrator'],
    clearance: 2,
    languages: ['en', 'de'],
  },
  {
    email: 'anna.weber@de-bka.example',
    name: 'Anna Weber',
    agency: 'de-bka',
    roles: ['investigator'],
    clearance: 2,
    languages: ['de', 'en'],
  },
  {
    email: 'jonas.keller@de-bka.example',
    name: 'Jonas Keller',
    agency: 'de-bka',
    roles: ['supervisor'],
    clearance: 3,
    languages: ['de', 'en', 'fr'],
  },
  {
    email: 'petra.lang@de-zoll.example',
    name: 'Petra Lang',
    agency: 'de-zoll',
    roles: ['investigator', 'task-force-member'],
    clearance: 2,
    languages: ['de', 'en'],
  },
  {
    email: 'markus.roth@de-sta.example',
    name: 'Markus Roth',
    agency: 'de-sta',
    roles: ['prosecutor'],
    clearance: 3,
    languages: ['de', 'en'],
  },
  {
    email: 'sabine.hoff@de-bfj.example',
    name: 'Sabine Hoff',
    agency: 'de-bfj',
    roles: ['central-authority-caseworker'],
    clearance: 2,
    languages: ['de', 'en', 'fr'],
  },
  {
    email: 'claire.martin@fr-pj.example',
    name: 'Claire Martin',
    agency: 'fr-pj',
    roles: ['investigator'],
    clearance: 2,
    languages: ['fr', 'en'],
  },
  {
    email: 'louis.bernard@fr-parquet.example',
    name: 'Louis Bernard',
    agency: 'fr-parquet',
    roles: ['prosecutor', 'supervisor'],
    clearance: 3,
    languages: ['fr', 'en'],
  },
  {
    email: 'ines.dupont@fr-bec.example',
    name: 'Inès Dupont',
    agency: 'fr-bec',
    roles: ['central-authority-caseworker'],
    clearance: 2,
    languages: ['fr', 'en', 'es'],
  },
  {
    email: 'hugo.leroy@fr-tracfin.example',
    name: 'Hugo Leroy',
    agency: 'fr-tracfin',
    roles: ['investigator'],
    clearance: 2,
    languages: ['fr', 'en'],
  },
  {
    email: 'lucia.garcia@es-pn.example',
    name: 'Lucía García',
    agency: 'es-pn',
    roles: ['investigator'],
    clearance: 2,
    languages: ['es', 'en'],
  },
  {
    email: 'diego.ruiz@es-court.example',
    name: 'Diego Ruiz',
    agency: 'es-court',
    roles: ['prosecutor'],
    clearance: 3,
    languages: ['es', 'en', 'fr'],
  },
  {
    email: 'carmen.ortiz@es-mj.example',
    name: 'Carmen Ortiz',
    agency: 'es-mj',
    roles: ['central-authority-caseworker', 'supervisor'],
    clearance: 2,
    languages: ['es', 'en'],
  },
  {
    email: 'audit@comity-demo.example',
    name: 'Olga Auditor',
    agency: 'de-bfj',
    roles: ['auditor'],
    clearance: 1,
    languages: ['en', 'de'],
  },
  {
    email: 'dpo@comity-demo.example',
    name: 'Paul Privacy',
    agency: 'de-bfj',
    roles: ['data-protection-officer'],
    clearance: 1,
    languages: ['en', 'fr'],
  },
  {
    // A second prosecutor of the Frankfurt office: four eyes there need two (Markus drafts, Katrin
    // approves, or the other way round).
    email: 'katrin.vogel@de-sta.example',
    name: 'Katrin Vogel',
    agency: 'de-sta',
    roles: ['prosecutor'],
    clearance: 3,
    languages: ['de', 'en'],
  },
  {
    email: 'trainer@comity-demo.example',
    name: 'Tara Trainer',
    agency: 'de-bfj',
    roles: ['trainer'],
    clearance: 0,
    languages: ['en', 'es'],
  },
];

export const demoCases = [
  {
    agency: 'de-bka',
    reference: 'BKA-2026-0147',
    title: 'Investment fraud ring “Nordlicht”',
    classification: 1,
  },
  {
    agency: 'de-bka',
    reference: 'BKA-2026-0203',
    title: 'Ransomware attack on a hospital network',
    classification: 2,
  },
  {
    agency: 'de-zoll',
    reference: 'ZKA-2026-0031',
    title: 'Cigarette smuggling via Hamburg port',
    classification: 1,
  },
  {
    agency: 'fr-pj',
    reference: 'DCPJ-2026-0815',
    title: 'Money laundering through car dealerships',
    classification: 1,
  },
  {
    agency: 'fr-tracfin',
    reference: 'FIU-2026-0042',
    title: 'Suspicious transaction report cluster',
    classification: 2,
  },
  { agency: 'es-pn', reference: 'UCO-2026-0099', title: 'Cocaine shipment, Algeciras', classification: 2 },
];
