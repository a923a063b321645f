import type { CreateRequest } from '@comity/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.ts';
import { newId } from '../../src/platform/ids.ts';
import { buildUser } from '../support/factories.ts';
import { TestClient } from '../support/http-client.ts';
import { act, buildLifecycleWorld, type Officer, step, type World } from '../support/lifecycle-world.ts';
import { engineName } from '../support/test-database.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';

// Instrument-specific steps: an EAW with consent (decision within 10 days, FD 2002/584/JHA Art.
// 17(2)) and without (60 days from arrest, Art. 17(3), extended once by 30 days, Art. 17(4)); and an
// e-evidence preservation order followed by a production order (Reg. (EU) 2023/1543 Art. 11).

const DAY = 86_400_000;
const plus = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

describe(`EAW and e-evidence lifecycles on ${engineName()}`, () => {
  const clock = new ManualClock(new Date('2026-09-07T08:00:00.000Z'));
  let t: TestNode;
  let w: World;
  let chief: Officer;

  const eaw = (): CreateRequest => ({
    kind: 'eaw',
    title: 'Surrender of J. Nordmann',
    instrumentId: 'eaw',
    requestingState: 'DE',
    requestedState: 'FR',
    language: 'fr',
    issuingAuthority: {
      name: 'Staatsanwaltschaft Frankfurt (test)',
      address: 'Frankfurt',
      phone: '+49 69 0',
      email: 'eub@sta.example',
    },
    requestedAuthority: { name: 'Parquet de Paris (test)', agencyId: w.agencies.frParquet },
    proceedings: { type: 'criminal', reference: 'Haftbefehl 931 Gs 12/26' },
    persons: [{ role: 'suspect', name: 'Jörg Nordmann', nationality: 'DE' }],
    offences: [
      { legalClassification: 'Escroquerie en bande organisée', category: 'swindling', maxPenaltyMonths: 120 },
    ],
    summaryOfFacts: 'Escroquerie aux investissements, janvier à mars 2026, Francfort et Paris.',
    measures: [{ id: 'surrender', personIndex: 0 }],
    urgency: { urgent: false },
  });
  const deadlines = async (id: string, o: Officer = w.louis) =>
    (await o.client.get(`/api/requests/${id}/deadlines`)).body.items as {
      ruleId: string;
      [k: string]: unknown;
    }[];
  const sent = async (body: CreateRequest, by: Officer) => {
    const id = (await by.client.post('/api/requests', body)).body.data.id as string;
    await step(by, id, { action: 'submit', expectedVersion: 1 });
    await step(chief, id, { action: 'approve', expectedVersion: 2 });
    await step(by, id, { action: 'transmit', expectedVersion: 3 });
    return id;
  };

  beforeAll(async () => {
    t = await startTestNode({ clock });
    w = await buildLifecycleWorld(t, clock);
    const u = await buildUser(t.node, { agencyId: w.agencies.deSta, roles: ['supervisor'] });
    const client = new TestClient(t.app, clock);
    chief = {
      id: u.id,
      email: u.email,
      agencyId: w.agencies.deSta,
      client,
      secret: await client.signInWithMfa(u.email),
    };
  });
  afterAll(() => t.close());

  it('EAW with consent: 10 days to decide from the consent, then 10 days to surrender', async () => {
    const id = await sent(eaw(), w.markus);
    await step(w.louis, id, { action: 'acknowledge', expectedVersion: 4 });
    expect((await act(w.louis, id, { action: 'accept', expectedVersion: 5 })).status).toBe(409);
    const consentAt = plus(clock.now().toISOString(), -3_600_000);
    for (const [bad, path] of [
      [{ arrestedAt: plus(consentAt, DAY * 365 * 70), consentAt }, 'body.arrestedAt'],
      [{ arrestedAt: plus(consentAt, 600_000), consentAt }, 'body.consentAt'],
    ] as const) {
      const r = await act(w.louis, id, { action: 'consent', expectedVersion: 5, ...bad });
      expect(r.status, JSON.stringify(bad)).toBe(422);
      expect(r.body.errors[0].path).toBe(path);
    }
    const c = await step(w.louis, id, {
      action: 'consent',
      expectedVersion: 5,
      arrestedAt: plus(consentAt, -DAY),
      consentAt,
    });
    expect(c.data).toMatchObject({ state: 'surrender-consented', consent: 'given' });
    const decide = (await deadlines(id)).find((d) => d.ruleId === 'eaw-decision-after-consent')!;
    expect(decide).toMatchObject({
      event: 'consent',
      duration: 'P10D',
      startedAt: consentAt,
      dueAt: plus(consentAt, 10 * DAY),
      citation: 'FD 2002/584/JHA Art. 17(2) [S17b]',
      verified: true,
    });
    expect((await deadlines(id)).some((d) => d.ruleId === 'eaw-decision-after-arrest')).toBe(false);
    const at = clock.now().toISOString();
    await step(w.louis, id, { action: 'accept', expectedVersion: 6 });
    const d = await deadlines(id);
    expect(d.find((x) => x.ruleId === 'eaw-decision-after-consent')).toMatchObject({ status: 'met' });
    expect(d.find((x) => x.ruleId === 'eaw-surrender')).toMatchObject({
      event: 'final-decision',
      dueAt: plus(at, 10 * DAY),
      verified: false,
      citation: 'FD 2002/584/JHA Art. 23(2)',
    });
    await step(w.louis, id, { action: 'start-execution', expectedVersion: 7 });
    await step(w.louis, id, {
      action: 'complete',
      expectedVersion: 8,
      note: 'Surrendered at Frankfurt airport.',
    });
    expect((await deadlines(id)).find((x) => x.ruleId === 'eaw-surrender')).toMatchObject({ status: 'met' });
    await step(w.louis, id, {
      action: 'return-results',
      expectedVersion: 9,
      summary: 'Surrender carried out.',
    });
    expect((await step(w.markus, id, { action: 'close', expectedVersion: 10 })).data.state).toBe('closed');
  });

  it('EAW without consent: 60 days from the arrest, extended once by 30 with reasons', async () => {
    const id = await sent(eaw(), w.markus);
    await step(w.louis, id, { action: 'acknowledge', expectedVersion: 4 });
    const arrestedAt = plus(clock.now().toISOString(), -2 * DAY);
    expect(
      (
        await act(w.louis, id, {
          action: 'no-consent',
          expectedVersion: 5,
          arrestedAt: plus(clock.now().toISOString(), DAY),
        })
      ).status,
    ).toBe(422);
    const nc = await step(w.louis, id, { action: 'no-consent', expectedVersion: 5, arrestedAt });
    expect(nc.data).toMatchObject({ state: 'surrender-contested', consent: 'refused' });
    const clockRow = (await deadlines(id)).find((d) => d.ruleId === 'eaw-decision-after-arrest')!;
    expect(clockRow).toMatchObject({
      event: 'arrest',
      startedAt: arrestedAt,
      dueAt: plus(arrestedAt, 60 * DAY),
      citation: 'FD 2002/584/JHA Art. 17(3) [S17a]',
    });
    expect(clockRow.extension).toMatchObject({
      duration: 'P30D',
      applied: false,
      citation: 'FD 2002/584/JHA Art. 17(4) [S17a]',
    });
    expect(
      (
        await act(w.markus, id, {
          action: 'extend',
          expectedVersion: 6,
          deadlineId: clockRow.id,
          reasons: 'x',
        })
      ).status,
    ).toBe(404);
    const unknown = await act(w.louis, id, {
      action: 'extend',
      expectedVersion: 6,
      deadlineId: newId(),
      reasons: 'x',
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0].path).toBe('body.deadlineId');
    const ext = await step(w.louis, id, {
      action: 'extend',
      expectedVersion: 6,
      deadlineId: clockRow.id,
      reasons: 'Hearing on the Charter objection.',
    });
    expect(ext.data.state).toBe('surrender-contested');
    const extended = (await deadlines(id)).find((d) => d.ruleId === 'eaw-decision-after-arrest')!;
    expect(extended).toMatchObject({
      dueAt: plus(arrestedAt, 90 * DAY),
      extension: { applied: true, reasons: 'Hearing on the Charter objection.' },
    });
    const again = await act(w.louis, id, {
      action: 'extend',
      expectedVersion: 7,
      deadlineId: clockRow.id,
      reasons: 'more',
    });
    expect(again.status).toBe(409);
    expect(again.body.detail).toMatch(/already extended/);
    expect((await step(w.louis, id, { action: 'accept', expectedVersion: 7 })).data.state).toBe('accepted');
    expect((await deadlines(id)).find((d) => d.ruleId === 'eaw-decision-after-arrest')).toMatchObject({
      status: 'met',
    });
  });

  it('e-evidence: preservation for 60 days (Art. 11(1)), extended by the issuer, then confirmed by a production order', async () => {
    const body: CreateRequest = {
      kind: 'preservation',
      title: 'Preserve mailbox',
      instrumentId: 'e-evidence',
      requestingState: 'DE',
      requestedState: 'FR',
      language: 'fr',
      issuingAuthority: {
        name: 'Staatsanwaltschaft Frankfurt (test)',
        address: 'Frankfurt',
        phone: '+49 69 0',
        email: 'eub@sta.example',
      },
      requestedAuthority: { name: 'Police judiciaire (test)', agencyId: w.agencies.frPj },
      proceedings: { type: 'criminal', reference: '7410 Js 2203/26' },
      offences: [
        {
          legalClassification: 'Extorsion informatique',
          category: 'computer-related-crime',
          maxPenaltyMonths: 120,
        },
      ],
      summaryOfFacts: 'Rançongiciel contre un hôpital ; le compte de messagerie doit être conservé.',
      measures: [{ id: 'preservation', details: 'Toutes les données du compte ransom-desk@mail.example.' }],
      urgency: { urgent: false },
    };
    const created = await w.markus.client.post('/api/requests', body);
    expect(created.body.data.findings, JSON.stringify(created.body.data.findings)).toMatchObject({
      submittable: true,
    });
    const id = await sent(body, w.markus);
    const preserve = (await deadlines(id, w.markus)).find((d) => d.ruleId === 'epoc-pr-preservation')!;
    expect(preserve).toMatchObject({
      owner: 'requesting',
      action: 'preserve',
      duration: 'P60D',
      citation: 'Reg. (EU) 2023/1543 Art. 11(1)',
    });
    // An investigator of the receiving police may not acknowledge or decide (request.receive).
    expect((await act(w.claire, id, { action: 'acknowledge', expectedVersion: 4 })).status).toBe(404);
    const pj = await buildUser(t.node, {
      agencyId: w.agencies.frPj,
      roles: ['central-authority-caseworker'],
    });
    const pjClient = new TestClient(t.app, clock);
    const pjOfficer = {
      id: pj.id,
      email: pj.email,
      agencyId: w.agencies.frPj,
      client: pjClient,
      secret: await pjClient.signInWithMfa(pj.email),
    };
    await step(pjOfficer, id, { action: 'acknowledge', expectedVersion: 4 });
    await step(pjOfficer, id, { action: 'accept', expectedVersion: 5 });
    const ext = await step(w.markus, id, {
      action: 'extend',
      expectedVersion: 6,
      deadlineId: preserve.id,
      reasons: 'Production order being prepared.',
    });
    expect(ext.data.state).toBe('accepted');
    expect((await deadlines(id, w.markus)).find((d) => d.id === preserve.id)).toMatchObject({
      dueAt: plus(preserve.startedAt as string, 90 * DAY),
    });
    const at = clock.now().toISOString();
    const prod = await step(w.markus, id, {
      action: 'request-production',
      expectedVersion: 7,
      measures: ['traffic-data'],
    });
    expect(prod.data.state).toBe('in-execution');
    const d = await deadlines(id, w.markus);
    expect(d.find((x) => x.id === preserve.id)).toMatchObject({
      status: 'met',
      endedReason: 'request-production',
    });
    expect(d.find((x) => x.ruleId === 'epoc-produce')).toMatchObject({
      owner: 'requested',
      duration: 'P10D',
      startedAt: at,
      dueAt: plus(at, 10 * DAY),
      citation: 'Reg. (EU) 2023/1543 Art. 10(3)',
    });
  });
});
