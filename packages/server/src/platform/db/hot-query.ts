import {
  type Compilable,
  type CompiledQuery,
  createQueryId,
  type Insertable,
  type Kysely,
  type QueryResult,
} from 'kysely';
import type { Queryable } from './database.ts';
import type { Tables } from './schema.ts';
import { directRunOf } from './transaction-group.ts';

/** Per dialect adapter (one per engine), then per statement shape; null: not reusable. */
const compiled = new WeakMap<object, Map<string, CompiledQuery | null>>();

/**
 * Runs a statement of a hot path whose SQL text depends only on `shape` (the table, the columns
 * and their order, the number of rows): Kysely builds and compiles a query anew on every call,
 * which on SQLite costs about as much as running it. The first call of a shape on an engine
 * builds it with Kysely and checks that Kysely's parameters are exactly `params`, in order; later
 * calls reuse that SQL text with their own parameters. Still one parameterised statement. A shape
 * whose parameters do not match (a value Kysely inlines, say) is always built with Kysely.
 */
export async function runHot<R = unknown>(
  db: Queryable,
  shape: string,
  params: readonly unknown[],
  build: () => Compilable<R>,
): Promise<QueryResult<R>> {
  const byShape = shapesOf(db);
  const known = byShape.get(shape);
  // An undefined value is left out by Kysely (or made DEFAULT): that call is built as it is.
  const complete = !params.includes(undefined);
  if (known && complete) {
    // In a SQLite write group the writer is held for the whole transaction and answers at once:
    // the statement goes straight to it (no plugins are installed, so Kysely would not change it).
    const direct = directRunOf(db);
    if (direct) return direct({ ...known, parameters: params }) as QueryResult<R>;
    return db.executeQuery<R>({
      sql: known.sql,
      query: known.query,
      parameters: params,
      queryId: createQueryId(),
    });
  }
  const query = build().compile();
  if (known === undefined && complete)
    byShape.set(
      shape,
      query.parameters.length === params.length && query.parameters.every((p, i) => Object.is(p, params[i]))
        ? query
        : null,
    );
  return db.executeQuery<R>(query);
}

function shapesOf(db: Queryable): Map<string, CompiledQuery | null> {
  const adapter = db.getExecutor().adapter;
  let byShape = compiled.get(adapter);
  if (!byShape) {
    byShape = new Map();
    compiled.set(adapter, byShape);
  }
  return byShape;
}

/** The shapes seen on this database's engine and whether their SQL is reused (for tests). */
export function hotShapes(db: Queryable): Map<string, boolean> {
  return new Map([...shapesOf(db)].map(([shape, text]) => [shape, text !== null]));
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

/** Up to this many rows, each row count is a shape of its own. */
const HOT_ROWS = 16;

/**
 * A multi-row INSERT of a hot path, its SQL compiled once per engine and row count (see runHot).
 * Every row gives every column (null for none); more than a few rows are built with Kysely.
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
    const build = () => {
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
    };
    if (rows.length > HOT_ROWS) return db.executeQuery(build().compile());
    const params = rowParams(rows as readonly Record<string, unknown>[], columns);
    return runHot(db, this.shape + rows.length, params, build);
  }
}
