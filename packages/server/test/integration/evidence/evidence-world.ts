import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { CreateEvidence, LabelsInput } from '@comity/contracts';
import { systemMeta } from '../../../src/modules/access/actor.ts';
import type { ComityNode } from '../../../src/node.ts';
import { actorFor, buildAgency, buildUser } from '../../support/factories.ts';

export const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Two agencies in France and one in Germany, an investigator in each. */
export async function evidenceWorld(node: ComityNode) {
  const a = await buildAgency(node, { name: 'Police A' });
  const b = await buildAgency(node, { name: 'Prosecutor B', kind: 'prosecution' });
  const c = await buildAgency(node, { jurisdiction: 'DE', name: 'Polizei C' });
  const ua = await buildUser(node, { agencyId: a.id, roles: ['investigator'] });
  const ub = await buildUser(node, { agencyId: b.id, roles: ['prosecutor'] });
  const uc = await buildUser(node, { agencyId: c.id, roles: ['investigator'] });
  const actors = { a: actorFor(ua), b: actorFor(ub), c: actorFor(uc, 'DE') };
  let n = 0;
  const item = async (labels: LabelsInput, extra: Partial<CreateEvidence> = {}, content?: Buffer) => {
    n++;
    const created = await node.evidence.service.create(actors.a, systemMeta, {
      exhibitNumber: `EX-${n}-${Date.now()}`,
      description: `Exhibit ${n}`,
      source: 'Search of premises',
      seizedAt: '2026-11-20T10:00:00Z',
      seizedPlace: 'Lyon',
      seizedBy: 'Officer Martin',
      legalBasis: 'CPP art. 56',
      labels,
      ...extra,
    });
    if (!content) return created;
    return node.evidence.service.addFile(
      { actor: actors.a, meta: systemMeta },
      created.id,
      { name: `file-${n}.bin`, sha256: sha256(content) },
      Readable.from([content]),
    );
  };
  return { a, b, c, users: { ua, ub, uc }, actors, item };
}
