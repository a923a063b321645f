import type { Agency, AgencyKind } from '@comity/contracts';
import type { Clock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/database.ts';
import { fromBool, toBool } from '../../platform/db/schema.ts';
import { inTransaction } from '../../platform/db/unit-of-work.ts';
import { conflict, notFound, validationFailed } from '../../platform/http/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { AccessGate } from '../access/access-gate.ts';
import type { Actor, RequestMeta } from '../access/actor.ts';
import type { AuditLog } from '../audit/audit.service.ts';
import { identityRepository as repo, toAgency } from './identity.repository.ts';

export interface NewAgency {
  name: string;
  shortName?: string | undefined;
  kind: AgencyKind;
  jurisdiction: string;
  parentId?: string | undefined;
}

export interface AgencyWithPolicies {
  data: Agency;
  policies: { update: boolean; createUser: boolean };
}

/** Exercise agencies and operational ones are never in one tree (access/exercise-world.ts). */
const OTHER_WORLD_PARENT = {
  path: 'body.parentId',
  message: 'The parent agency is of the other world (exercise or operational).',
};

/** Jurisdictions, agencies and units: the node's directory. */

export class DirectoryService {
  constructor(
    private readonly database: Database,
    private readonly gate: AccessGate,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async listJurisdictions() {
    return (await repo.listJurisdictions(this.database.db)).map((j) => ({
      code: j.code,
      name: j.name,
      exercise: j.exercise === 1,
    }));
  }

  /** `actor` null: the node itself (first start, CLI, demo seed). */
  async createJurisdictionAs(
    actor: Actor | null,
    meta: RequestMeta,
    input: { code: string; name: string },
    exercise = false,
  ) {
    return inTransaction(this.database, async (uow) => {
      const taken = () => conflict(`Jurisdiction ${input.code} already exists.`);
      if (await repo.jurisdiction(uow.tx, input.code)) throw taken();
      const inserted = await repo.insertJurisdiction(uow.tx, {
        code: input.code,
        name: input.name,
        exercise: toBool(exercise),
        created_at: this.clock.now().toISOString(),
      });
      // On PostgreSQL a creation at the same moment passes the check too: the insert tells.
      if (!inserted) throw taken();
      await this.audit.append(
        uow,
        { actor, meta },
        { action: 'jurisdiction.create', objectType: 'jurisdiction', objectId: input.code },
      );
      return { code: input.code, name: input.name, exercise };
    });
  }

  private async withPolicies(actor: Actor, agencies: Agency[]): Promise<AgencyWithPolicies[]> {
    const can = await this.gate.can(
      actor,
      ['agency.manage'],
      agencies.map((a) => a.id),
    );
    // Administrators add accounts to the agencies they manage (identity.policy.ts: those of their
    // world for an administrator of the exercise world, every one otherwise).
    const createUser = actor.permissions.has('user.manage');
    return agencies.map((a) => {
      const manage = can.get(a.id)?.has('agency.manage') ?? false;
      return { data: a, policies: { update: manage, createUser: createUser && manage } };
    });
  }

  async listAgencies(actor: Actor, meta: RequestMeta): Promise<AgencyWithPolicies[]> {
    const rows = await repo.listAgencies(this.database.db);
    const allowed = await this.gate.filter(
      actor,
      'agency.read',
      rows.map((r) => r.id),
    );
    await this.audit.record(
      { actor, meta },
      { action: 'agency.list', objectType: 'agency', details: { count: allowed.size } },
    );
    return this.withPolicies(actor, rows.filter((r) => allowed.has(r.id)).map(toAgency));
  }

  async getAgency(actor: Actor, meta: RequestMeta, id: string): Promise<AgencyWithPolicies> {
    await this.gate.require(actor, 'agency.read', [id]);
    const row = await repo.agencyById(this.database.db, id);
    if (!row) throw notFound();
    await this.audit.record({ actor, meta }, { action: 'agency.read', objectType: 'agency', objectId: id });
    return (await this.withPolicies(actor, [toAgency(row)]))[0]!;
  }

  createJurisdiction(actor: Actor, meta: RequestMeta, input: { code: string; name: string }) {
    return this.createJurisdictionAs(actor, meta, input);
  }

  async createAgency(actor: Actor, meta: RequestMeta, input: NewAgency): Promise<AgencyWithPolicies> {
    return (await this.withPolicies(actor, [await this.createAgencyAs(actor, meta, input)]))[0]!;
  }

  /** `actor` null: the node itself (first start, CLI, demo seed). */
  async createAgencyAs(
    actor: Actor | null,
    meta: RequestMeta,
    input: NewAgency,
    opts: { exercise?: boolean } = {},
  ): Promise<Agency> {
    const now = this.clock.now().toISOString();
    return inTransaction(this.database, async (uow) => {
      if (!(await repo.jurisdiction(uow.tx, input.jurisdiction))) {
        throw validationFailed([
          {
            path: 'body.jurisdiction',
            message: `Unknown jurisdiction ${input.jurisdiction}; create it first.`,
          },
        ]);
      }
      // An administrator's agencies are of the administrator's world (exercise or operational).
      const exercise = opts.exercise ?? actor?.exercise ?? false;
      if (input.parentId) {
        const parent = await repo.agencyById(uow.tx, input.parentId);
        if (!parent) throw validationFailed([{ path: 'body.parentId', message: 'No such agency.' }]);
        if (fromBool(parent.exercise) !== exercise) throw validationFailed([OTHER_WORLD_PARENT]);
      }
      const row = {
        id: newId(),
        name: input.name,
        short_name: input.shortName ?? null,
        kind: input.kind,
        jurisdiction: input.jurisdiction,
        parent_id: input.parentId ?? null,
        exercise: toBool(exercise),
        created_at: now,
        updated_at: now,
      };
      await repo.insertAgency(uow.tx, row);
      await this.audit.append(
        uow,
        { actor, meta },
        {
          action: 'agency.create',
          objectType: 'agency',
          objectId: row.id,
          details: { kind: input.kind, jurisdiction: input.jurisdiction },
        },
      );
      return toAgency(row);
    });
  }

  async updateAgency(
    actor: Actor,
    meta: RequestMeta,
    id: string,
    patch: {
      name?: string | undefined;
      shortName?: string | null | undefined;
      parentId?: string | null | undefined;
    },
  ): Promise<AgencyWithPolicies> {
    await this.gate.require(actor, 'agency.manage', [id]);
    const agency = await inTransaction(this.database, async (uow) => {
      if (patch.parentId) {
        const subtree = await repo.agencySubtree(uow.tx, id);
        if (subtree.includes(patch.parentId))
          throw validationFailed([{ path: 'body.parentId', message: 'An agency cannot sit below itself.' }]);
        const [parent, self] = [
          await repo.agencyById(uow.tx, patch.parentId),
          await repo.agencyById(uow.tx, id),
        ];
        if (!parent) throw validationFailed([{ path: 'body.parentId', message: 'No such agency.' }]);
        if (fromBool(parent.exercise) !== fromBool(self?.exercise))
          throw validationFailed([OTHER_WORLD_PARENT]);
      }
      await repo.updateAgency(uow.tx, id, {
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.shortName !== undefined ? { short_name: patch.shortName } : {}),
        ...(patch.parentId !== undefined ? { parent_id: patch.parentId } : {}),
        updated_at: this.clock.now().toISOString(),
      });
      await this.audit.append(
        uow,
        { actor, meta },
        {
          action: 'agency.update',
          objectType: 'agency',
          objectId: id,
          details: { fields: Object.keys(patch) },
        },
      );
      return toAgency((await repo.agencyById(uow.tx, id))!);
    });
    return (await this.withPolicies(actor, [agency]))[0]!;
  }

  async listUnits(actor: Actor, meta: RequestMeta, agencyId?: string) {
    const rows = await repo.listUnits(this.database.db, agencyId);
    await this.audit.record(
      { actor, meta },
      { action: 'unit.list', objectType: 'unit', details: { count: rows.length } },
    );
    return rows.map((u) => ({ id: u.id, agencyId: u.agency_id, name: u.name, createdAt: u.created_at }));
  }

  async createUnit(actor: Actor, meta: RequestMeta, input: { agencyId: string; name: string }) {
    await this.gate.require(actor, 'agency.manage', [input.agencyId]);
    return inTransaction(this.database, async (uow) => {
      const row = {
        id: newId(),
        agency_id: input.agencyId,
        name: input.name,
        created_at: this.clock.now().toISOString(),
      };
      await repo.insertUnit(uow.tx, row);
      await this.audit.append(
        uow,
        { actor, meta },
        {
          action: 'unit.create',
          objectType: 'unit',
          objectId: row.id,
          details: { agencyId: input.agencyId },
        },
      );
      return { id: row.id, agencyId: row.agency_id, name: row.name, createdAt: row.created_at };
    });
  }
}
