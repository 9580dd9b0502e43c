// Building a 500-row INSERT (or a 1,000-value IN list) through Kysely's value parser and
// compiler costs about as much as SQLite's work to run it. Its SQL depends only on the dialect
// and the row count, so the text Kysely compiles for the first chunk of a size is kept and
// later chunks bind their values to it (row by row, in the rows' key order: the order Kysely
// itself binds them in). Used by the paper store's batched reads and writes.

import { type Compilable, CompiledQuery, type Kysely } from "kysely";
import type { Database } from "../db/schema";

const compiledSql = new WeakMap<object, Map<string, string>>();

/**
 * Runs the query `build` gives with `params`, compiling it only the first time `key` is seen
 * on this database's dialect. `key` must name everything the SQL text depends on (the query
 * and its row or value count); `params` must be the values Kysely would bind, in its order.
 */
export async function executeCached<R>(
  db: Kysely<Database>,
  key: string,
  params: unknown[],
  build: () => Compilable<R>,
): Promise<{ rows: R[]; numAffectedRows?: bigint }> {
  const adapter = db.getExecutor().adapter;
  const byKey = compiledSql.get(adapter) ?? new Map<string, string>();
  compiledSql.set(adapter, byKey);
  let text = byKey.get(key);
  if (text === undefined) {
    const compiled = build().compile();
    // The cache is only sound if Kysely binds exactly these values in this order.
    const same =
      compiled.parameters.length === params.length &&
      compiled.parameters.every((p, i) => p === params[i]);
    if (!same) throw new Error(`unexpected parameter order compiling ${key}`);
    text = compiled.sql;
    byKey.set(key, text);
  }
  return db.executeQuery<R>(CompiledQuery.raw(text, params));
}
