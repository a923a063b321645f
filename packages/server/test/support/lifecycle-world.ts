import type { AgencyKind, CreateRequest, Role } from '@comity/contracts';
import type { ManualClock } from '../../src/platform/clock.ts';
import { buildAgency, buildUser } from './factories.ts';
import { type Reply, TestClient } from './http-client.ts';
import type { TestNode } from './test-node.ts';

// Two states' worth of agencies and officers for lifecycle tests: in Germany a police office that
// drafts, its supervisor, a prosecutor who validates; in France a central authority that receives, a
// prosecutor and a police directorate that execute. Every officer signs in with MFA on the node's
// clock; `relogin()` after moving the clock (sessions lock after 30 idle minutes).

export interface Officer {
  id: string;
  email: string;
  agencyId: string;
  client: TestClient;
  secret: string;
}

const AGENCIES = {
  deBka: { jurisdiction: 'DE', kind: 'police', name: 'Bundeskriminalamt (test)' },
  deSta: { jurisdiction: 'DE', kind: 'prosecution', name: 'Staatsanwaltschaft Frankfurt (test)' },
  frBec: { jurisdiction: 'FR', kind: 'central-authority', name: 'Bureau de l’entraide (test)' },
  frParquet: { jurisdiction: 'FR', kind: 'prosecution', name: 'Parquet de Paris (test)' },
  frPj: { jurisdiction: 'FR', kind: 'police', name: 'Police judiciaire (test)' },
} as const satisfies Record<string, { jurisdiction: string; kind: AgencyKind; name: string }>;
type AgencyKey = keyof typeof AGENCIES;

const OFFICERS = {
  anna: { agency: 'deBka', roles: ['investigator'] },
  jonas: { agency: 'deBka', roles: ['supervisor'] },
  markus: { agency: 'deSta', roles: ['prosecutor'] },
  ines: { agency: 'frBec', roles: ['central-authority-caseworker'] },
  carla: { agency: 'frBec', roles: ['supervisor'] },
  louis: { agency: 'frParquet', roles: ['prosecutor'] },
  claire: { agency: 'frPj', roles: ['investigator'] },
} as const satisfies Record<string, { agency: AgencyKey; roles: Role[] }>;
type OfficerKey = keyof typeof OFFICERS;

export type World = Record<OfficerKey, Officer> & {
  agencies: Record<AgencyKey, string>;
  relogin(): Promise<void>;
  /** After a restart (TestNode.reopen): new clients on the new app, signed in again. */
  rebind(app: TestNode['app']): Promise<void>;
};

export async function buildLifecycleWorld(t: TestNode, clock: ManualClock): Promise<World> {
  const agencies = {} as Record<AgencyKey, string>;
  for (const [key, a] of Object.entries(AGENCIES) as [AgencyKey, (typeof AGENCIES)[AgencyKey]][])
    agencies[key] = (
      await buildAgency(t.node, { jurisdiction: a.jurisdiction, kind: a.kind, name: a.name })
    ).id;
  const officers = {} as Record<OfficerKey, Officer>;
  for (const [key, o] of Object.entries(OFFICERS) as [OfficerKey, (typeof OFFICERS)[OfficerKey]][]) {
    const u = await buildUser(t.node, { agencyId: agencies[o.agency], roles: [...o.roles], clearance: 2 });
    const client = new TestClient(t.app, clock);
    const secret = await client.signInWithMfa(u.email);
    officers[key] = { id: u.id, email: u.email, agencyId: agencies[o.agency], client, secret };
  }
  return {
    ...officers,
    agencies,
    async relogin() {
      for (const o of Object.values(officers)) await o.client.signInWithMfa(o.email, o.secret);
    },
    async rebind(app) {
      for (const o of Object.values(officers)) {
        o.client = new TestClient(app, clock);
        await o.client.signInWithMfa(o.email, o.secret);
      }
    },
  };
}

/** POST a transition; `version` is the lifecycle version the action is based on. */
export const act = (o: Officer, requestId: string, body: Record<string, unknown>): Promise<Reply> =>
  o.client.post(`/api/requests/${requestId}/transitions`, body);

/** Takes a transition that must succeed and returns the new lifecycle view. */
export async function step(o: Officer, requestId: string, body: Record<string, unknown>) {
  const r = await act(o, requestId, body);
  if (r.status !== 200)
    throw new Error(`${String(body.action)} by ${o.email}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as {
    data: { version: number; state: string } & Record<string, unknown>;
    allowedActions: string[];
    warnings?: unknown[];
  };
}

export const lifecycleOf = async (o: Officer, requestId: string) =>
  (await o.client.get(`/api/requests/${requestId}/lifecycle`)).body;

/** The demo world's complete DE→FR EIO (German, with its French translation attached). */
export function nordlichtEio(w: World, overrides: Partial<CreateRequest> = {}): CreateRequest {
  return {
    kind: 'eio',
    title: 'Nordlicht: bank records and a witness in Paris',
    classification: 1,
    instrumentId: 'eio',
    requestingState: 'DE',
    requestedState: 'FR',
    language: 'de',
    issuingAuthority: {
      name: 'Bundeskriminalamt (test)',
      address: 'Thaerstraße 11, 65193 Wiesbaden',
      phone: '+49 611 000 0000',
      email: 'eea@bka.example',
    },
    validatingAuthority: { name: 'Staatsanwaltschaft Frankfurt (test)', agencyId: w.agencies.deSta },
    requestedAuthority: { name: 'Bureau de l’entraide (test)', agencyId: w.agencies.frBec },
    proceedings: { type: 'criminal', reference: '7410 Js 1234/26' },
    persons: [{ role: 'witness', name: 'Camille Lefèvre', nationality: 'FR' }],
    offences: [
      {
        legalClassification: 'Gewerbsmäßiger Betrug, § 263 Abs. 5 StGB',
        category: 'swindling',
        maxPenaltyMonths: 120,
      },
    ],
    summaryOfFacts: 'Zwischen Januar und März 2026 zahlten Anleger 2,4 Mio. EUR auf Konten in Paris ein.',
    measures: [
      { id: 'banking-information', details: 'Kontoinhaber und Auszüge, 1.1.2026 bis 31.3.2026.' },
      { id: 'hearing-witness', details: 'Vernehmung zur Kontoeröffnung.', personIndex: 0 },
    ],
    urgency: { urgent: false },
    attachments: [{ name: 'EEA-Nordlicht-fr.pdf', kind: 'translation', language: 'fr' }],
    ...overrides,
  };
}
