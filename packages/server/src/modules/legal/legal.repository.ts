import type { Queryable } from '../../platform/db/database.ts';
import type { Tables } from '../../platform/db/schema.ts';
import './legal.tables.ts';

export type InstrumentVersionRow = Tables['legal_instrument_version'] & { seq: number };
type NewVersionRow = Omit<Tables['legal_instrument_version'], 'seq'>;

const versionColumns = [
  'seq',
  'instrument_id',
  'version',
  'content',
  'content_hash',
  'source',
  'created_at',
  'created_by',
] as const;

export const legalRepository = {
  /** The current version of every instrument. */
  currentVersions: (db: Queryable) =>
    db
      .selectFrom('legal_instrument_version as v')
      .innerJoin('legal_instrument as i', (j) =>
        j.onRef('i.id', '=', 'v.instrument_id').onRef('i.current_version', '=', 'v.version'),
      )
      .select(versionColumns.map((c) => `v.${c}` as const))
      .execute() as Promise<InstrumentVersionRow[]>,
  /** Highest change number: grows with every new version on any instance. */
  maxSeq: async (db: Queryable) =>
    Number(
      (
        await db
          .selectFrom('legal_instrument_version')
          .select((eb) => eb.fn.max('seq').as('seq'))
          .executeTakeFirst()
      )?.seq ?? 0,
    ),
  instrument: (db: Queryable, id: string) =>
    db.selectFrom('legal_instrument').selectAll().where('id', '=', id).executeTakeFirst(),
  version: (db: Queryable, id: string, version: number) =>
    db
      .selectFrom('legal_instrument_version')
      .select(versionColumns)
      .where('instrument_id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst() as Promise<InstrumentVersionRow | undefined>,
  versions: (db: Queryable, id: string) =>
    db
      .selectFrom('legal_instrument_version')
      .select(['version', 'content_hash', 'source', 'created_at', 'created_by'])
      .where('instrument_id', '=', id)
      .orderBy('version', 'desc')
      .execute(),
  /** Hash of the shipped data last seeded for an instrument. */
  lastSeedHash: async (db: Queryable, id: string) =>
    (
      await db
        .selectFrom('legal_instrument_version')
        .select('content_hash')
        .where('instrument_id', '=', id)
        .where('source', '=', 'seed')
        .orderBy('version', 'desc')
        .limit(1)
        .executeTakeFirst()
    )?.content_hash,
  insertInstrument: (db: Queryable, row: Tables['legal_instrument']) =>
    db.insertInto('legal_instrument').values(row).execute(),
  /** Moves an instrument to its next version if it is still at `from`; false when it moved on. */
  advance: async (db: Queryable, id: string, from: number, at: string) => {
    const r = await db
      .updateTable('legal_instrument')
      .set({ current_version: from + 1, updated_at: at })
      .where('id', '=', id)
      .where('current_version', '=', from)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
  insertVersion: (db: Queryable, row: NewVersionRow) =>
    db.insertInto('legal_instrument_version').values(row).execute(),
};
