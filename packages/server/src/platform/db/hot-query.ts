import { type Compilable, CompiledQuery, type Insertable, type Kysely, type QueryResult } from 'kysely';
import type { Queryable } from './database.ts';
import type { Tables } from './schema.ts';

/** SQL text per dialect adapter (one per engine), then per statement shape. */
const compiled = new WeakMap<object, Map<string, string>>();

/**
 * Runs a statement of a hot path whose SQL text depends only on `shape` (the table, the columns
 * and their order, the number of rows): Kysely builds and compiles a query anew on every call,
 * which on SQLite costs about as much as running it. The first call of a shape on an engine
 * builds it with Kysely and checks that Kysely's parameters are exactly `params`, in order; later
 * calls reuse that SQL text with their own parameters. Still one parameterised statement.
 */
export async function runHot<R = unknown>(
  db: Queryable,
  shape: string,
  params: readonly unknown[],
  build: () => Compilable<R>,
): Promise<QueryResult<R>> {
  for (const p of params)
    if (p === undefined) throw new Error(`${shape}: undefined parameter (use null for a missing value)`);
  const adapter = db.getExecutor().adapter;
  let byShape = compiled.get(adapter);
  if (!byShape) {
    byShape = new Map();
    compiled.set(adapter, byShape);
  }
  const text = byShape.get(shape);
  if (text !== undefined) return db.executeQuery<R>(CompiledQuery.raw(text, params as unknown[]));
  const query = build().compile();
  if (query.parameters.length !== params.length || query.parameters.some((p, i) => !Object.is(p, params[i])))
    throw new Error(`${shape}: the parameters do not follow the statement's placeholders`);
  byShape.set(shape, query.sql);
  return db.executeQuery<R>(query);
}

/** The values of `rows` in row-major order of `columns`: the parameters of a multi-row INSERT. */
export function rowParams<T>(rows: readonly T[], columns: readonly (keyof T)[]): unknown[] {
  const out: unknown[] = [];
  for (const r of rows) for (const c of columns) out.push(r[c]);
  return out;
}

/** What an INSERT does with a row that conflicts on `columns`: nothing, or set `update` from it. */
export interface OnConflict {
  columns: readonly string[];
  update?: readonly string[];
}

/**
 * A multi-row INSERT of a hot path, its SQL compiled once per engine and row count (see runHot).
 * Every row must give every column (null for none).
 */
export class HotInsert<TB extends keyof Tables & string> {
  private readonly shape: string;

  constructor(
    private readonly table: TB,
    private readonly columns: readonly (keyof Tables[TB] & string)[],
    private readonly onConflict?: OnConflict,
  ) {
    this.shape = `insert ${table} (${columns.join(',')})${
      onConflict ? ` on (${onConflict.columns.join(',')}) ${onConflict.update?.join(',') ?? 'nothing'}` : ''
    } x`;
  }

  async run(db: Queryable, rows: readonly Insertable<Tables[TB]>[]): Promise<QueryResult<unknown>> {
    if (rows.length === 0) return { rows: [] };
    const columns = this.columns as readonly string[];
    const params = rowParams(rows as readonly Record<string, unknown>[], columns);
    return runHot(db, this.shape + rows.length, params, () => {
      // Kysely's columns in exactly this order, whatever the key order of the rows.
      const values = rows.map((r) =>
        Object.fromEntries(columns.map((c) => [c, (r as Record<string, unknown>)[c]])),
      );
      const q = (db as unknown as Kysely<Record<string, Record<string, unknown>>>)
        .insertInto(this.table as string)
        .values(values);
      const c = this.onConflict;
      if (!c) return q;
      return q.onConflict((oc) => {
        const target = oc.columns(c.columns as string[]);
        return c.update
          ? target.doUpdateSet((eb) => Object.fromEntries(c.update!.map((u) => [u, eb.ref(`excluded.${u}`)])))
          : target.doNothing();
      });
    });
  }
}
