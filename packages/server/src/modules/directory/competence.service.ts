import type {
  Agency,
  CompetenceInput as CompetenceInputSchema,
  CompetenceMatch,
  CompetentQuery,
} from '@comity/contracts';
import { z } from 'zod';
import type { Clock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/database.ts';
import { inTransaction } from '../../platform/db/unit-of-work.ts';
import { notFound } from '../../platform/http/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { AccessGate } from '../access/access-gate.ts';
import type { Actor, RequestMeta } from '../access/actor.ts';
import type { AuditLog } from '../audit/audit.service.ts';
import type { DirectoryService } from '../identity/directory.service.ts';
import {
  type Competence,
  type CompetenceRow,
  competenceRepository as repo,
  toCompetence,
} from './competence.repository.ts';

export type CompetenceInput = z.infer<typeof CompetenceInputSchema>;

const ROUGH = /[\u0300-\u036f]/g;
const SPECIAL: Record<string, string> = {
  ł: 'l',
  ø: 'o',
  đ: 'd',
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ı: 'i',
  þ: 'th',
};

/** Place names compared without case, accents or punctuation: "Île-de-France" = "ile de france". */
export function normalisePlace(s: string): string {
  return s
    .toLowerCase()
    .normalize('NFD')
    .replace(ROUGH, '')
    .replace(/[łøđßæœıþ]/g, (c) => SPECIAL[c] ?? c)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const regionsKey = (regions: readonly string[]) => `|${regions.map(normalisePlace).join('|')}|`;

const RANK: Record<CompetenceMatch, number> = { place: 0, nationwide: 1, regional: 2 };

const AgencyRef = z.object({ id: z.string(), jurisdiction: z.string() });

/**
 * The directory of competent authorities, like the EJN Atlas: what each agency does (issue, execute,
 * receive…) for which measures and instruments, where, in which languages and through which
 * channels, with its 24/7 contact point. Agencies on this node for now (`nodeId` null); partner
 * nodes' agencies arrive with federation. Administrators maintain it; every officer can search it.
 */
export class CompetenceService {
  constructor(
    private readonly database: Database,
    private readonly gate: AccessGate,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly directory: DirectoryService,
  ) {}

  private async withPolicies(actor: Actor, items: Competence[]) {
    const can = await this.gate.filter(
      actor,
      'agency.manage',
      items.map((c) => c.agencyId),
    );
    return items.map((c) => ({ data: c, policies: { update: can.has(c.agencyId) } }));
  }

  async list(actor: Actor, meta: RequestMeta, agencyId?: string) {
    const rows = await repo.list(this.database.db, agencyId);
    await this.audit.record(
      { actor, meta },
      {
        action: 'competence.list',
        objectType: 'competence',
        details: { count: rows.length, agencyId: agencyId ?? null },
      },
    );
    return this.withPolicies(actor, rows.map(toCompetence));
  }

  /** `actor` null: the node itself (demo seed). The agency's jurisdiction is the state served. */
  async createFor(
    actor: Actor | null,
    meta: RequestMeta,
    agency: Pick<Agency, 'id' | 'jurisdiction'>,
    input: CompetenceInput,
  ) {
    const now = this.clock.now().toISOString();
    const row: CompetenceRow = {
      id: newId(),
      agency_id: agency.id,
      node_id: null,
      state: agency.jurisdiction,
      ...this.columns(input),
      created_by: actor?.userId ?? null,
      created_at: now,
      updated_at: now,
      withdrawn_at: null,
    };
    await inTransaction(this.database, async (uow) => {
      await repo.insert(uow.tx, row);
      await this.audit.append(
        uow,
        { actor, meta },
        {
          action: 'competence.create',
          objectType: 'competence',
          objectId: row.id,
          details: { agencyId: agency.id },
        },
      );
    });
    return toCompetence(row);
  }

  private columns(input: CompetenceInput) {
    return {
      functions: JSON.stringify(input.functions),
      measures: JSON.stringify(input.measures),
      instruments: JSON.stringify(input.instruments),
      regions: JSON.stringify(input.regions),
      regions_key: regionsKey(input.regions),
      languages: JSON.stringify(input.languages),
      channels: JSON.stringify(input.channels),
      contact_247: input.contact247 ? JSON.stringify(input.contact247) : null,
      notes: input.notes,
    };
  }

  private async agency(actor: Actor, meta: RequestMeta, id: string) {
    await this.gate.require(actor, 'agency.manage', [id]);
    return AgencyRef.parse((await this.directory.getAgency(actor, meta, id)).data);
  }

  async create(actor: Actor, meta: RequestMeta, input: CompetenceInput) {
    const agency = await this.agency(actor, meta, input.agencyId);
    return (await this.withPolicies(actor, [await this.createFor(actor, meta, agency, input)]))[0]!;
  }

  async replace(actor: Actor, meta: RequestMeta, id: string, input: CompetenceInput) {
    const existing = await repo.byId(this.database.db, id);
    if (!existing) throw notFound();
    await this.gate.require(actor, 'agency.manage', [existing.agency_id]);
    const agency = await this.agency(actor, meta, input.agencyId);
    const now = this.clock.now().toISOString();
    await inTransaction(this.database, async (uow) => {
      await repo.replace(uow.tx, id, {
        agency_id: agency.id,
        state: agency.jurisdiction,
        ...this.columns(input),
        updated_at: now,
      });
      await this.audit.append(
        uow,
        { actor, meta },
        {
          action: 'competence.update',
          objectType: 'competence',
          objectId: id,
          details: { agencyId: agency.id },
        },
      );
    });
    const row = await repo.byId(this.database.db, id);
    if (!row) throw notFound();
    return (await this.withPolicies(actor, [toCompetence(row)]))[0]!;
  }

  async withdraw(actor: Actor, meta: RequestMeta, id: string) {
    const existing = await repo.byId(this.database.db, id);
    if (!existing) throw notFound();
    await this.gate.require(actor, 'agency.manage', [existing.agency_id]);
    await inTransaction(this.database, async (uow) => {
      await repo.withdraw(uow.tx, id, this.clock.now().toISOString());
      await this.audit.append(
        uow,
        { actor, meta },
        {
          action: 'competence.withdraw',
          objectType: 'competence',
          objectId: id,
          details: { agencyId: existing.agency_id },
        },
      );
    });
  }

  /**
   * Who does measure M in place P of state S: entries naming the place first, then those covering
   * the whole state. Without a place, every entry of the state for the measure.
   */
  async find(actor: Actor, meta: RequestMeta, q: z.infer<typeof CompetentQuery>) {
    const place = q.place ? normalisePlace(q.place) : undefined;
    const matches = (await repo.inState(this.database.db, q.state))
      .map((row) => ({ row, c: toCompetence(row) }))
      .filter(({ c }) => c.measures.includes(q.measure))
      .filter(({ c }) => !q.instrument || c.instruments.length === 0 || c.instruments.includes(q.instrument))
      .filter(({ c }) => !q.function || c.functions.includes(q.function))
      .map(({ row, c }) => {
        const here = place !== undefined && place.length > 0 && row.regions_key.includes(`|${place}|`);
        const match: CompetenceMatch = here ? 'place' : c.regions.length === 0 ? 'nationwide' : 'regional';
        return { c, match };
      })
      // A place asked for: entries naming it, and those covering the whole state.
      .filter((m) => place === undefined || m.match !== 'regional');
    const agencies = new Map(
      (await this.directory.listAgencies(actor, meta)).map((a) => [a.data.id, a.data] as const),
    );
    await this.audit.record(
      { actor, meta },
      {
        action: 'competence.find',
        objectType: 'competence',
        details: { measure: q.measure, state: q.state, place: Boolean(q.place), count: matches.length },
      },
    );
    return matches
      .filter((m) => agencies.has(m.c.agencyId))
      .sort((a, b) => RANK[a.match] - RANK[b.match])
      .map((m) => {
        const a = agencies.get(m.c.agencyId)!;
        return {
          agency: {
            id: a.id,
            name: a.name,
            shortName: a.shortName,
            kind: a.kind,
            jurisdiction: a.jurisdiction,
          },
          nodeId: m.c.nodeId,
          match: m.match,
          competence: m.c,
        };
      });
  }
}
