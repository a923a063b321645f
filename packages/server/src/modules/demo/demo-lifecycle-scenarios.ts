import type { CreateRequest, TransitionAction } from '@comity/contracts';

// The stories of the exercise world's requests (see demo-lifecycle.ts): who acts, what, and how many
// days after the previous step. `@agency-key` and `+20` / `@now` are resolved at seeding.

/** A transition's body without its version (checked by the schema-free service call at seeding). */
export type Body = { action: TransitionAction } & Record<string, unknown>;
export type Step =
  | { by: string; days?: number; body: Body }
  | { by: string; days?: number; task: 'create' | 'done'; agency?: string; title?: string };

export interface Scenario {
  drafter: string;
  /** Days before now at which the story starts. */
  startDaysAgo: number;
  draft: Partial<CreateRequest>;
  steps: Step[];
}

export const ANNA = 'anna.weber@de-bka.example';
export const JONAS = 'jonas.keller@de-bka.example';
export const MARKUS = 'markus.roth@de-sta.example';
export const KATRIN = 'katrin.vogel@de-sta.example';
export const INES = 'ines.dupont@fr-bec.example';
export const LOUIS = 'louis.bernard@fr-parquet.example';
export const CARMEN = 'carmen.ortiz@es-mj.example';
export const CLAIRE = 'claire.martin@fr-pj.example';

export const s = (by: string, body: Body, days = 0): Step => ({ by, body, days });
const toSent = (recipientKey: string): Step[] => [
  s(ANNA, { action: 'submit' }),
  s(JONAS, { action: 'approve', comments: 'Proportionate; go ahead.' }, 1),
  s(MARKUS, { action: 'validate' }, 1),
  s(ANNA, { action: 'transmit', recipientAgencyId: `@${recipientKey}` }),
];
const assess = (by = INES): Step[] => [s(by, { action: 'acknowledge' }, 2), s(by, { action: 'accept' }, 6)];

const TO_SPAIN: Partial<CreateRequest> = {
  requestedState: 'ES',
  attachments: [{ name: 'OEI-es.pdf', kind: 'translation', language: 'es' }],
};

export const SCENARIOS: Scenario[] = [
  {
    drafter: ANNA,
    startDaysAgo: 2,
    draft: { title: 'Exercise: awaiting approval' },
    steps: [s(ANNA, { action: 'submit' })],
  },
  {
    drafter: ANNA,
    startDaysAgo: 3,
    draft: { title: 'Exercise: awaiting validation' },
    steps: toSent('fr-bec').slice(0, 2),
  },
  {
    drafter: ANNA,
    startDaysAgo: 3,
    draft: { title: 'Exercise: approved, ready to send' },
    steps: toSent('fr-bec').slice(0, 3),
  },
  {
    drafter: ANNA,
    startDaysAgo: 12,
    draft: { title: 'Exercise: sent, acknowledgement overdue' },
    steps: toSent('fr-bec'),
  },
  {
    drafter: ANNA,
    startDaysAgo: 27,
    draft: { title: 'Exercise: under assessment, decision due soon' },
    steps: [...toSent('fr-bec'), s(INES, { action: 'acknowledge' }, 3)],
  },
  {
    drafter: ANNA,
    startDaysAgo: 38,
    draft: { title: 'Exercise: decision overdue (Art. 12(3))' },
    steps: [...toSent('fr-bec'), s(INES, { action: 'acknowledge' }, 3)],
  },
  {
    drafter: ANNA,
    startDaysAgo: 20,
    draft: { title: 'Exercise: more information requested' },
    steps: [
      ...toSent('fr-bec'),
      s(INES, { action: 'acknowledge' }, 1),
      s(
        INES,
        { action: 'request-information', questions: 'Please give the account numbers and the period.' },
        4,
      ),
    ],
  },
  {
    drafter: ANNA,
    startDaysAgo: 15,
    draft: { title: 'Exercise: accepted in Spain', ...TO_SPAIN },
    steps: [...toSent('es-mj'), ...assess(CARMEN)],
  },
  {
    drafter: ANNA,
    startDaysAgo: 30,
    draft: { title: 'Exercise: postponed (Art. 15)' },
    steps: [
      ...toSent('fr-bec'),
      ...assess(),
      s(INES, { action: 'postpone', reason: 'Domestic investigation would be prejudiced.', until: '+20' }, 2),
    ],
  },
  {
    drafter: ANNA,
    startDaysAgo: 40,
    draft: { title: 'Exercise: in execution, two tasks' },
    steps: [
      ...toSent('fr-bec'),
      ...assess(),
      { by: INES, task: 'create', agency: 'fr-parquet', title: 'Hear the witness' },
      { by: INES, task: 'create', agency: 'fr-pj', title: 'Obtain the bank records' },
      s(INES, { action: 'start-execution' }),
    ],
  },
  {
    drafter: ANNA,
    startDaysAgo: 60,
    draft: { title: 'Exercise: partly executed' },
    steps: [
      ...toSent('fr-bec'),
      ...assess(),
      { by: INES, task: 'create', agency: 'fr-parquet', title: 'Hear the witness' },
      { by: INES, task: 'create', agency: 'fr-pj', title: 'Obtain the bank records' },
      s(INES, { action: 'start-execution' }),
      { by: LOUIS, task: 'done', days: 10 },
      s(INES, { action: 'return-results', summary: 'Minutes of the hearing.' }, 1),
    ],
  },
  {
    drafter: ANNA,
    startDaysAgo: 50,
    draft: { title: 'Exercise: executed, results to return' },
    steps: [
      ...toSent('fr-bec'),
      ...assess(),
      s(INES, { action: 'start-execution' }, 1),
      s(INES, { action: 'complete' }, 20),
    ],
  },
  {
    drafter: ANNA,
    startDaysAgo: 45,
    draft: { title: 'Exercise: results returned', ...TO_SPAIN },
    steps: [
      ...toSent('es-mj'),
      ...assess(CARMEN),
      s(CARMEN, { action: 'start-execution' }, 1),
      s(CARMEN, { action: 'complete' }, 15),
      s(CARMEN, { action: 'return-results', summary: 'Bank statements sent.' }, 1),
    ],
  },
  {
    drafter: ANNA,
    startDaysAgo: 70,
    draft: { title: 'Exercise: closed' },
    steps: [
      ...toSent('fr-bec'),
      ...assess(),
      s(INES, { action: 'start-execution' }, 1),
      s(INES, { action: 'complete' }, 20),
      s(INES, { action: 'return-results', summary: 'All evidence sent.' }),
      s(ANNA, { action: 'close' }, 3),
    ],
  },
  {
    drafter: ANNA,
    startDaysAgo: 25,
    draft: { title: 'Exercise: refused (ne bis in idem)' },
    steps: [
      ...toSent('fr-bec'),
      s(INES, { action: 'acknowledge' }, 2),
      s(
        INES,
        {
          action: 'refuse',
          grounds: ['ne_bis_in_idem'],
          reasons: 'Final judgment in France for the same acts.',
        },
        5,
      ),
    ],
  },
  {
    drafter: ANNA,
    startDaysAgo: 18,
    draft: { title: 'Exercise: withdrawn' },
    steps: [
      ...toSent('fr-bec'),
      s(INES, { action: 'acknowledge' }, 2),
      s(ANNA, { action: 'withdraw', reason: 'Suspect arrested in Germany.' }, 3),
    ],
  },
  {
    drafter: ANNA,
    startDaysAgo: 5,
    draft: { title: 'Exercise: cancelled before sending' },
    steps: [
      s(ANNA, { action: 'submit' }),
      s(ANNA, { action: 'withdraw', reason: 'Duplicate of another request.' }, 1),
    ],
  },
];

export const EAW = (louis: string): Partial<CreateRequest> => ({
  kind: 'eaw',
  instrumentId: 'eaw',
  language: 'fr',
  issuingAuthority: {
    name: 'Staatsanwaltschaft Frankfurt am Main (exercise)',
    address: 'Konrad-Adenauer-Straße 20, 60313 Frankfurt',
    phone: '+49 69 0000 0000',
    email: 'eub@de-sta.example',
  },
  requestedAuthority: { name: 'Parquet de Paris (exercise)', agencyId: louis },
  proceedings: { type: 'criminal', reference: 'Haftbefehl 931 Gs 12/26' },
  persons: [{ role: 'suspect', name: 'Jörg Nordmann', nationality: 'DE' }],
  offences: [
    { legalClassification: 'Escroquerie en bande organisée', category: 'swindling', maxPenaltyMonths: 120 },
  ],
  summaryOfFacts: 'Escroquerie aux investissements, janvier à mars 2026, Francfort et Paris.',
  measures: [{ id: 'surrender', personIndex: 0 }],
  attachments: [],
});

/** The complete Nordlicht EIO of the demo drafts, as the base of every scenario. */
export const BASE: CreateRequest = {
  kind: 'eio',
  instrumentId: 'eio',
  requestingState: 'DE',
  requestedState: 'FR',
  classification: 1,
  language: 'de',
  issuingAuthority: {
    name: 'Bundeskriminalamt (exercise)',
    address: 'Thaerstraße 11, 65193 Wiesbaden',
    phone: '+49 611 000 0000',
    email: 'eea@de-bka.example',
  },
  proceedings: { type: 'criminal', reference: '7410 Js 1234/26' },
  persons: [{ role: 'witness', name: 'Camille Lefèvre', nationality: 'FR' }],
  offences: [
    {
      legalClassification: 'Gewerbsmäßiger Betrug, § 263 Abs. 5 StGB',
      category: 'swindling',
      maxPenaltyMonths: 120,
    },
  ],
  summaryOfFacts:
    'Zwischen Januar und März 2026 zahlten Anleger 2,4 Mio. EUR auf Konten ein, die es nicht gab.',
  measures: [
    { id: 'banking-information', details: 'Kontoinhaber und Auszüge, 1.1.2026 bis 31.3.2026.' },
    { id: 'hearing-witness', details: 'Vernehmung zur Kontoeröffnung.', personIndex: 0 },
  ],
  urgency: { urgent: false },
  attachments: [{ name: 'EEA-fr.pdf', kind: 'translation', language: 'fr' }],
};
