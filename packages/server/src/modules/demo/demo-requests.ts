import type { CreateRequest, Role } from '@comity/contracts';
import type { ComityNode } from '../../node.ts';
import { type Actor, systemMeta } from '../access/actor.ts';
import { permissionsFor } from '../access/permissions.ts';
import type { CompetenceInput } from '../directory/competence.service.ts';
import { demoAgencies } from './demo-world.ts';

// The exercise world's legal side: the directory of competent authorities for the demo agencies, and
// request drafts in several states of completeness — a complete EIO, an EIO missing the issuing
// authority's e-mail, an MLA request to the United States, an urgent preservation request without its
// reasons. All invented (.example addresses, RFC 2606).

type Competence = Omit<CompetenceInput, 'agencyId'> & { agency: string };

const none: Pick<CompetenceInput, 'instruments' | 'regions' | 'channels' | 'contact247' | 'notes'> = {
  instruments: [],
  regions: [],
  channels: [],
  contact247: null,
  notes: null,
};

export const demoCompetences: Competence[] = [
  {
    ...none,
    agency: 'de-bfj',
    functions: ['central-authority', 'receiving'],
    measures: [
      'hearing-witness',
      'search-seizure',
      'banking-information',
      'service-of-documents',
      'surrender',
    ],
    instruments: ['coe-mla-1959', 'untoc', 'uncac', 'us-eu-mla', 'coe-extradition-1957'],
    languages: ['de', 'en'],
    channels: [{ kind: 'email', value: 'rechtshilfe@de-bfj.example' }],
  },
  {
    ...none,
    agency: 'de-sta',
    functions: ['issuing', 'executing', 'validating'],
    measures: [
      'hearing-witness',
      'hearing-suspect',
      'search-seizure',
      'banking-information',
      'interception',
      'freezing',
    ],
    instruments: ['eio', 'eu-mla-2000'],
    regions: ['DE-HE', 'Hessen', 'Frankfurt am Main'],
    languages: ['de'],
    channels: [{ kind: 'email', value: 'eea@de-sta.example' }],
  },
  {
    ...none,
    agency: 'de-bka',
    functions: ['executing', 'receiving'],
    measures: ['preservation', 'subscriber-data', 'traffic-data'],
    instruments: ['budapest'],
    languages: ['de', 'en'],
    channels: [{ kind: 'email', value: '24-7@de-bka.example' }],
    contact247: {
      phone: '+49 611 000 0000',
      email: '24-7@de-bka.example',
      notes: 'Budapest Art. 35 contact point',
    },
  },
  {
    ...none,
    agency: 'fr-bec',
    functions: ['central-authority', 'receiving'],
    measures: [
      'hearing-witness',
      'search-seizure',
      'banking-information',
      'service-of-documents',
      'surrender',
    ],
    instruments: ['coe-mla-1959', 'untoc', 'uncac', 'us-eu-mla', 'coe-extradition-1957'],
    languages: ['fr', 'en'],
    channels: [{ kind: 'email', value: 'entraide@fr-bec.example' }],
  },
  {
    ...none,
    agency: 'fr-parquet',
    functions: ['executing', 'validating'],
    measures: [
      'hearing-witness',
      'hearing-suspect',
      'search-seizure',
      'banking-information',
      'banking-monitoring',
      'interception',
      'freezing',
    ],
    instruments: ['eio', 'eu-mla-2000'],
    regions: ['FR-75', 'Paris', 'Île-de-France'],
    languages: ['fr'],
    channels: [
      { kind: 'email', value: 'dee@fr-parquet.example' },
      { kind: 'phone', value: '+33 1 00 00 00 00' },
    ],
  },
  {
    ...none,
    agency: 'fr-pj',
    functions: ['executing'],
    measures: [
      'hearing-witness',
      'search-seizure',
      'subscriber-data',
      'traffic-data',
      'preservation',
      'covert-investigation',
      'controlled-delivery',
    ],
    languages: ['fr', 'en'],
    channels: [{ kind: 'email', value: 'international@fr-pj.example' }],
    contact247: { phone: '+33 1 00 00 24 07', notes: 'Budapest Art. 35 contact point' },
  },
  {
    ...none,
    agency: 'es-mj',
    functions: ['central-authority', 'receiving'],
    measures: [
      'hearing-witness',
      'search-seizure',
      'banking-information',
      'service-of-documents',
      'surrender',
    ],
    instruments: ['coe-mla-1959', 'untoc', 'uncac', 'us-eu-mla', 'coe-extradition-1957'],
    languages: ['es', 'en'],
    channels: [{ kind: 'email', value: 'cooperacion@es-mj.example' }],
  },
  {
    ...none,
    agency: 'es-court',
    functions: ['executing'],
    measures: [
      'hearing-witness',
      'hearing-suspect',
      'search-seizure',
      'banking-information',
      'interception',
      'freezing',
    ],
    instruments: ['eio'],
    regions: ['ES-MD', 'Madrid', 'Comunidad de Madrid'],
    languages: ['es'],
    channels: [{ kind: 'email', value: 'jci1@es-court.example' }],
  },
  {
    ...none,
    agency: 'es-pn',
    functions: ['executing'],
    measures: [
      'search-seizure',
      'subscriber-data',
      'traffic-data',
      'preservation',
      'controlled-delivery',
      'covert-investigation',
    ],
    languages: ['es', 'en'],
    channels: [{ kind: 'email', value: 'uco@es-pn.example' }],
  },
];

export interface DemoDraft {
  /** Drafter's e-mail (a demo user). */
  drafter: string;
  /** Case reference to attach the draft to (a case of the drafter's agency). */
  caseReference?: string;
  /** What the draft shows in the exercise. */
  purpose: string;
  body: CreateRequest;
}

const STA_FRANKFURT = {
  name: 'Staatsanwaltschaft Frankfurt am Main (exercise)',
  address: 'Konrad-Adenauer-Straße 20, 60313 Frankfurt am Main, Deutschland',
  phone: '+49 69 0000 0000',
  email: 'eea@de-sta.example',
  reference: '7410 Js 1234/26',
};

export const demoDrafts: DemoDraft[] = [
  {
    drafter: 'anna.weber@de-bka.example',
    caseReference: 'BKA-2026-0147',
    purpose: 'complete DE→FR EIO in German with its French translation attached: no blocking finding',
    body: {
      kind: 'eio',
      title: 'Nordlicht: bank records and a witness in Paris',
      classification: 1,
      instrumentId: 'eio',
      requestingState: 'DE',
      requestedState: 'FR',
      language: 'de',
      issuingAuthority: STA_FRANKFURT,
      requestedAuthority: { name: 'Parquet de Paris (exercise)', email: 'dee@fr-parquet.example' },
      proceedings: { type: 'criminal', reference: '7410 Js 1234/26' },
      persons: [
        {
          role: 'witness',
          name: 'Camille Lefèvre',
          dateOfBirth: '1984-03-12',
          nationality: 'FR',
          address: '12 rue de l’Exemple, 75011 Paris',
          description: 'Bankangestellte, die die Konten eröffnet hat.',
        },
        { role: 'suspect', name: 'Jörg Nordmann', nationality: 'DE', identifiers: { passport: 'C01X00T47' } },
      ],
      offences: [
        {
          legalClassification: 'Gewerbs- und bandenmäßiger Betrug, § 263 Abs. 5 StGB (bis zu 10 Jahre)',
          category: 'swindling',
          maxPenaltyMonths: 120,
          description: 'Scheinanlagen, mehr als 300 Anlegern angeboten.',
        },
      ],
      summaryOfFacts:
        'Zwischen Januar und März 2026 zahlten mehr als 300 Anleger 2,4 Mio. EUR auf in Paris eröffnete Konten für Anlagen ein, die es nicht gab. Die Gelder wurden bar abgehoben.',
      measures: [
        {
          id: 'banking-information',
          details:
            'Inhaber, Bevollmächtigte und Auszüge der Konten FR76 0000 0000 0000, 1.1.2026 bis 31.3.2026.',
          personIndex: 1,
        },
        { id: 'hearing-witness', details: 'Vernehmung zur Eröffnung der Konten.', personIndex: 0 },
      ],
      urgency: { urgent: false },
      confidentiality: { required: true, reasons: 'Die Beschuldigten dürfen nicht gewarnt werden.' },
      attachments: [
        {
          name: 'EEA-Nordlicht-fr.pdf',
          kind: 'translation',
          language: 'fr',
          mediaType: 'application/pdf',
          description: 'Traduction française certifiée',
        },
      ],
    },
  },
  {
    drafter: 'claire.martin@fr-pj.example',
    caseReference: 'DCPJ-2026-0815',
    purpose:
      'incomplete FR→ES EIO in French: the issuing authority’s e-mail is missing (blocking), no Spanish translation yet',
    body: {
      kind: 'eio',
      title: 'Car dealerships: search in Madrid',
      instrumentId: 'eio',
      requestingState: 'FR',
      requestedState: 'ES',
      language: 'fr',
      issuingAuthority: {
        name: 'Parquet de Paris (exercise)',
        address: '4 boulevard du Palais, 75001 Paris, France',
        phone: '+33 1 00 00 00 00',
      },
      validatingAuthority: { name: 'Parquet de Paris (exercise)' },
      proceedings: { type: 'criminal', reference: 'DCPJ-2026-0815' },
      persons: [{ role: 'suspect', name: 'Rafael Montoya', nationality: 'ES' }],
      offences: [
        {
          legalClassification: 'Blanchiment aggravé, art. 324-2 Code pénal',
          category: 'laundering-of-proceeds',
          maxPenaltyMonths: 120,
        },
      ],
      summaryOfFacts:
        'Des véhicules achetés en espèces à Paris sont revendus par un concessionnaire de Madrid ; le blanchiment de fonds issus du trafic de stupéfiants est soupçonné.',
      measures: [
        {
          id: 'search-seizure',
          details: 'Perquisition des locaux du concessionnaire et saisie de la comptabilité.',
        },
      ],
      urgency: { urgent: false },
    },
  },
  {
    drafter: 'markus.roth@de-sta.example',
    purpose: 'DE→US MLA request under the US–EU agreement, in English',
    body: {
      kind: 'mla',
      title: 'Ransomware: account data from a US provider',
      instrumentId: 'us-eu-mla',
      requestingState: 'DE',
      requestedState: 'US',
      language: 'en',
      issuingAuthority: { ...STA_FRANKFURT, reference: '7410 Js 2203/26' },
      proceedings: { type: 'criminal', reference: '7410 Js 2203/26' },
      offences: [
        {
          legalClassification: 'Computer sabotage, § 303b StGB; extortion, § 253 StGB',
          category: 'computer-related-crime',
          maxPenaltyMonths: 120,
          punishableInRequestedState: true,
        },
      ],
      summaryOfFacts:
        'On 2 February 2026 the network of a Frankfurt hospital was encrypted and a ransom demanded by e-mail from an account hosted in the United States.',
      measures: [
        {
          id: 'subscriber-data',
          details: 'Subscriber information for the account ransom-desk@mail.example.',
        },
        { id: 'content-data', details: 'Stored messages of that account, 1.1.2026 to 28.2.2026.' },
      ],
      urgency: { urgent: true, reasons: 'Patient data may be published on 15 March 2026.' },
    },
  },
  {
    drafter: 'lucia.garcia@es-pn.example',
    caseReference: 'UCO-2026-0099',
    purpose: 'urgent ES→US preservation request without reasons for urgency (blocking)',
    body: {
      kind: 'preservation',
      title: 'Algeciras: preserve messaging account',
      instrumentId: 'budapest',
      requestingState: 'ES',
      requestedState: 'US',
      language: 'en',
      issuingAuthority: {
        name: 'Policía Nacional, Unidad Central (exercise)',
        address: 'Calle Ejemplo 1, 28001 Madrid, España',
        phone: '+34 91 000 00 00',
        email: 'uco@es-pn.example',
      },
      offences: [
        {
          legalClassification: 'Tráfico de drogas, art. 368 Código Penal',
          category: 'illicit-trafficking-in-drugs',
          maxPenaltyMonths: 108,
          punishableInRequestedState: true,
        },
      ],
      summaryOfFacts: 'Shipment of cocaine coordinated through a messaging account of a US provider.',
      measures: [
        { id: 'preservation', details: 'Preserve all stored data of the account @algeciras_example.' },
      ],
      urgency: { urgent: true },
    },
  },
];

/** Seeds the directory entries and the request drafts of the exercise world (demo mode only). */
export async function seedDemoRequests(node: ComityNode): Promise<{ competences: number; drafts: number }> {
  const db = node.database.db;
  const agencies = await db
    .selectFrom('agency')
    .select(['id', 'name', 'jurisdiction'])
    .where('exercise', '=', 1)
    .execute();
  const agencyOf = (key: string) => {
    const name = demoAgencies.find((a) => a.key === key)?.name;
    return agencies.find((a) => a.name === name);
  };
  let competences = 0;
  for (const { agency: key, ...input } of demoCompetences) {
    const agency = agencyOf(key);
    if (!agency) continue;
    await node.competences.createFor(null, systemMeta, agency, { agencyId: agency.id, ...input });
    competences++;
  }

  let drafts = 0;
  for (const d of demoDrafts) {
    const user = await db
      .selectFrom('user_account as u')
      .innerJoin('agency as a', 'a.id', 'u.agency_id')
      .select(['u.id', 'u.agency_id', 'u.roles', 'u.clearance', 'a.jurisdiction'])
      .where('u.email', '=', d.drafter)
      .executeTakeFirst();
    if (!user) continue;
    const roles = JSON.parse(user.roles) as Role[];
    const actor: Actor = {
      userId: user.id,
      agencyId: user.agency_id,
      jurisdiction: user.jurisdiction,
      roles,
      clearance: user.clearance,
      exercise: true,
      permissions: permissionsFor(roles),
      via: { kind: 'session', sessionId: 'demo-seed' },
    };
    const caseRow = d.caseReference
      ? await db
          .selectFrom('case_file')
          .select('id')
          .where('agency_id', '=', user.agency_id)
          .where('reference', '=', d.caseReference)
          .executeTakeFirst()
      : undefined;
    await node.requests.create(actor, systemMeta, { ...d.body, ...(caseRow ? { caseId: caseRow.id } : {}) });
    drafts++;
  }
  return { competences, drafts };
}
