// Kysely builds a query as an immutable tree of nodes and compiles it to SQL on every call:
// for the few queries every page runs (the session, the unread count, the paper, its
// summaries), that was 15% of a logged-in page's CPU, more than SQLite's work; for a 500-row
// INSERT or a 1,000-value IN list of an import, about as much as SQLite's work to run it.
// Their SQL text depends only on the query's shape (and row count), so it is compiled once per
// database and later calls bind their values to it.

import { type Compilable, CompiledQuery, type Kysely, type QueryResult } from "kysely";

/** SQL texts by shape key, per dialect adapter (SQLite and PostgreSQL compile differently). */
const texts = new WeakMap<object, Map<string, string>>();
/** Shapes are named in code (a few dozen at most); the bound is a guard against a bad key. */
const MAX_SHAPES_PER_DATABASE = 1_000;

/**
 * The query `build` makes, compiled only the first time `shape` is seen on this database's
 * dialect, run with `params`. `shape` must name everything the SQL text depends on (an IN
 * list's length, a batch's row count, an optional condition); `params` must be the values
 * Kysely binds, in its order, the constants it binds included. The first compile checks that,
 * so a wrong list fails at once (in the tests of each caller) instead of binding values to
 * the wrong places. Used by the pages' hot reads and the paper store's batched writes.
 */
export async function executeCompiledOnce<DB, R>(
  db: Kysely<DB>,
  shape: string,
  params: readonly unknown[],
  build: () => Compilable<R>,
): Promise<QueryResult<R>> {
  const adapter = db.getExecutor().adapter;
  let byShape = texts.get(adapter);
  if (!byShape) {
    byShape = new Map();
    texts.set(adapter, byShape);
  }
  let text = byShape.get(shape);
  if (text === undefined) {
    const compiled = build().compile();
    const same =
      compiled.parameters.length === params.length &&
      compiled.parameters.every((p, i) => p === params[i]);
    if (!same) {
      throw new Error(
        `compiledOnce(${shape}): Kysely binds [${compiled.parameters.map(String).join(", ")}], not the values given`,
      );
    }
    text = compiled.sql;
    if (byShape.size < MAX_SHAPES_PER_DATABASE) byShape.set(shape, text);
  }
  return db.executeQuery<R>(CompiledQuery.raw(text, [...params]));
}

/** The rows of executeCompiledOnce. */
export async function compiledOnce<DB, R>(
  db: Kysely<DB>,
  shape: string,
  params: readonly unknown[],
  build: () => Compilable<R>,
): Promise<R[]> {
  return (await executeCompiledOnce(db, shape, params, build)).rows;
}

/**
 * IN lists up to this long (a page's cards, a page's tags) are compiled once per length;
 * longer ones (a venue's thousands of papers) are built each time, so that they never fill
 * the shape table.
 */
export const COMPILED_LIST_MAX_LENGTH = 64;

/**
 * The rows of a query whose only bound values are `list` (an IN list), compiled once per
 * list length up to COMPILED_LIST_MAX_LENGTH, under the shape `${shape}:${length}`.
 */
export async function compiledOnceForList<DB, R>(
  db: Kysely<DB>,
  shape: string,
  list: readonly unknown[],
  build: () => Compilable<R>,
): Promise<R[]> {
  if (list.length > COMPILED_LIST_MAX_LENGTH) return (await db.executeQuery(build())).rows;
  return compiledOnce(db, `${shape}:${list.length}`, list, build);
}
