import type { AgencyKind, Role } from '@comity/contracts';
import type { Actor } from '../../src/modules/access/actor.ts';
import { systemMeta } from '../../src/modules/access/actor.ts';
import { permissionsFor } from '../../src/modules/access/permissions.ts';
import type { ComityNode } from '../../src/node.ts';
import { newId } from '../../src/platform/ids.ts';

export const PASSWORD = 'correct-horse-battery-staple-42';

export async function buildJurisdiction(node: ComityNode, code = 'FR', name = 'France') {
  const existing = await node.database.db
    .selectFrom('jurisdiction')
    .select('code')
    .where('code', '=', code)
    .executeTakeFirst();
  if (!existing) await node.directory.createJurisdictionAs(null, systemMeta, { code, name });
  return code;
}

export async function buildAgency(
  node: ComityNode,
  o: { jurisdiction?: string; kind?: AgencyKind; name?: string; parentId?: string } = {},
) {
  const jurisdiction = await buildJurisdiction(
    node,
    o.jurisdiction ?? 'FR',
    o.jurisdiction === 'DE' ? 'Germany' : (o.jurisdiction ?? 'France'),
  );
  return node.directory.createAgencyAs(null, systemMeta, {
    name: o.name ?? `Agency ${newId().slice(-6)}`,
    kind: o.kind ?? 'police',
    jurisdiction,
    parentId: o.parentId,
  });
}

let seq = 0;
export async function buildUser(
  node: ComityNode,
  o: { agencyId: string; roles?: Role[]; clearance?: number; exercise?: boolean; email?: string },
) {
  seq++;
  const created = await node.users.create(
    null,
    systemMeta,
    {
      email: o.email ?? `officer${seq}.${newId().slice(-8)}@agency.example`,
      displayName: `Officer Number${seq}`,
      agencyId: o.agencyId,
      roles: o.roles ?? ['investigator'],
      clearance: o.clearance ?? 2,
      languages: ['en'],
      password: PASSWORD,
    },
    { exercise: o.exercise },
  );
  return 'data' in created ? created.data : created;
}

/** An actor as the auth hook would build it, for service-level tests. */
export function actorFor(
  user: { id: string; agencyId: string; roles: Role[]; clearance: number; exercise?: boolean },
  jurisdiction = 'FR',
): Actor {
  return {
    userId: user.id,
    agencyId: user.agencyId,
    jurisdiction,
    roles: user.roles,
    clearance: user.clearance,
    exercise: Boolean(user.exercise),
    permissions: permissionsFor(user.roles),
    via: { kind: 'session', sessionId: 'test' },
  };
}
