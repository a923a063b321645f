import type { Competence as CompetenceSchema } from '@comity/contracts';
import type { z } from 'zod';
import type { Queryable } from '../../platform/db/database.ts';
import type { Tables } from '../../platform/db/schema.ts';
import './competence.tables.ts';

export type CompetenceRow = Tables['competence'];

export type Competence = z.infer<typeof CompetenceSchema>;

const list = <T = string>(json: string) => JSON.parse(json) as T[];

export const toCompetence = (r: CompetenceRow): Competence => ({
  id: r.id,
  agencyId: r.agency_id,
  nodeId: r.node_id,
  state: r.state,
  functions: list(r.functions),
  measures: list<Competence['measures'][number]>(r.measures),
  instruments: list<Competence['instruments'][number]>(r.instruments),
  regions: list(r.regions),
  languages: list(r.languages),
  channels: list<Competence['channels'][number]>(r.channels),
  contact247: r.contact_247 ? (JSON.parse(r.contact_247) as NonNullable<Competence['contact247']>) : null,
  notes: r.notes,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export const competenceRepository = {
  byId: (db: Queryable, id: string) =>
    db
      .selectFrom('competence')
      .selectAll()
      .where('id', '=', id)
      .where('withdrawn_at', 'is', null)
      .executeTakeFirst(),
  list: (db: Queryable, agencyId?: string) => {
    let q = db.selectFrom('competence').selectAll().where('withdrawn_at', 'is', null);
    if (agencyId) q = q.where('agency_id', '=', agencyId);
    return q.orderBy('state').orderBy('id').execute();
  },
  /** Entries for a state; measure, place and instrument are matched by the service on the JSON lists. */
  inState: (db: Queryable, state: string) =>
    db
      .selectFrom('competence')
      .selectAll()
      .where('state', '=', state)
      .where('withdrawn_at', 'is', null)
      .orderBy('id')
      .execute(),
  insert: (db: Queryable, row: CompetenceRow) => db.insertInto('competence').values(row).execute(),
  replace: (db: Queryable, id: string, set: Partial<CompetenceRow>) =>
    db.updateTable('competence').set(set).where('id', '=', id).where('withdrawn_at', 'is', null).execute(),
  withdraw: (db: Queryable, id: string, at: string) =>
    db.updateTable('competence').set({ withdrawn_at: at, updated_at: at }).where('id', '=', id).execute(),
};
