import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Role } from '@comity/contracts';
import type { ComityNode } from '../../node.ts';
import type { Actor } from '../access/actor.ts';
import { systemMeta } from '../access/actor.ts';
import { permissionsFor } from '../access/permissions.ts';

/**
 * Demo world for messaging and evidence: on up to three transmitted requests, a thread between the requesting and
 * the requested agency with labelled messages and formal communications, and an evidence item
 * held by the requested agency with a file and a custody history (uploaded, transferred with a
 * signed receipt, received, sealed).
 */
export async function seedDemoMessagingAndEvidence(node: ComityNode): Promise<void> {
  const db = node.database.db;
  const pairs = await db
    .selectFrom('request_lifecycle as l')
    .innerJoin('mla_request as r', 'r.id', 'l.request_id')
    .select(['r.id', 'r.agency_id', 'r.case_id', 'r.reference', 'r.title', 'l.recipient_agency_id'])
    .where('l.recipient_agency_id', 'is not', null)
    .orderBy('r.id')
    .limit(3)
    .execute();
  const actorOf = async (agencyId: string): Promise<Actor | undefined> => {
    const users = await db
      .selectFrom('user_account')
      .selectAll()
      .where('agency_id', '=', agencyId)
      .orderBy('email')
      .execute();
    const u = users.find((x) =>
      (JSON.parse(x.roles) as Role[]).some((r) => permissionsFor([r]).has('evidence.create')),
    );
    if (!u) return undefined;
    const agency = await db
      .selectFrom('agency')
      .select('jurisdiction')
      .where('id', '=', agencyId)
      .executeTakeFirstOrThrow();
    const roles = JSON.parse(u.roles) as Role[];
    return {
      userId: u.id,
      agencyId,
      jurisdiction: agency.jurisdiction,
      roles,
      clearance: u.clearance,
      exercise: true,
      permissions: permissionsFor(roles),
      via: { kind: 'session', sessionId: 'demo-seed' },
    };
  };
  let n = 0;
  for (const p of pairs) {
    const requesting = await actorOf(p.agency_id);
    const requested = await actorOf(p.recipient_agency_id!);
    if (!requesting || !requested || requesting.agencyId === requested.agencyId) continue;
    n++;
    const ref = p.reference ?? p.title ?? p.id.slice(-6);
    const thread = await node.messaging.createThread(requesting, systemMeta, {
      // The demo's requests share a case reference: the title tells their threads apart.
      subject: [p.title, p.reference].filter(Boolean).join(' — ') || `Request ${ref}`,
      requestId: p.id,
      participants: [requested.agencyId],
      labels: { tlp: 'AMBER', handlingCode: 'H0' },
    });
    const a = { actor: requesting, meta: systemMeta };
    const b = { actor: requested, meta: systemMeta };
    await node.messaging.post(b, thread.id, {
      kind: 'acknowledgement',
      body: `We acknowledge receipt of request ${ref}.`,
      labels: { tlp: 'GREEN', handlingCode: 'H0' },
    });
    await node.messaging.post(b, thread.id, {
      kind: 'request-for-information',
      body: 'Please give the IBAN and the period for the bank records requested.',
    });
    await node.messaging.post(a, thread.id, {
      kind: 'text',
      body: 'IBAN FR76 3000 6000 0112 3456 7890 189, January to June 2026.',
      labels: { tlp: 'AMBER', handlingCode: 'H2', sourceReliability: 'B', informationAssessment: '2' },
    });
    await node.messaging.post(a, thread.id, {
      kind: 'text',
      body: 'Source reporting: the suspect plans to travel on Friday. Do not act on this without contacting us.',
      labels: {
        tlp: 'RED',
        handlingCode: 'H3',
        handlingText: 'No executive action without prior consultation',
        sourceReliability: 'C',
        informationAssessment: '3',
      },
    });
    const item = await node.evidence.service.create(requested, systemMeta, {
      exhibitNumber: `DEMO-${n}-${ref}`.slice(0, 80),
      description: `Bank statements produced for request ${ref}`,
      source: 'Production order to the bank',
      // A few days before the demo's today, whatever day that is.
      seizedAt: new Date(node.clock.now().getTime() - 3 * 86_400_000).toISOString(),
      seizedPlace: 'Bank head office',
      seizedBy: 'Executing officer',
      legalBasis: 'Directive 2014/41/EU (EIO), Art. 26',
      requestId: p.id,
      labels: {
        tlp: 'AMBER',
        handlingCode: n === 2 ? 'H1' : 'H0',
        recipients: [requesting.agencyId],
        useLimitations: { proceedings: [ref] },
      },
    });
    const content = Buffer.from(
      `Statement of account\nRequest ${ref}\n${'2026-01-01;transfer;1000.00 EUR\n'.repeat(40)}`,
    );
    await node.evidence.service.addFile(
      b,
      item.id,
      { name: 'statements.txt', sha256: createHash('sha256').update(content).digest('hex') },
      Readable.from([content]),
    );
    await node.evidence.service.transfer(requested, systemMeta, item.id, {
      toAgencyId: requesting.agencyId,
      authority: `Execution of request ${ref}`,
      reason: 'Results of the execution',
    });
    await node.evidence.service.receive(requesting, systemMeta, item.id);
    await node.evidence.service.seal(requested, systemMeta, item.id, 'Execution complete');
    await node.messaging.post(b, thread.id, {
      kind: 'text',
      body: `Results sent as exhibit ${item.exhibitNumber}.`,
      attachments: [item.id],
    });
  }
}
