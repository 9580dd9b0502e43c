// What one PostgreSQL search found, shared by its count and its ranking: the count asks for
// the newest `cap + 1` matches, the ranking for the newest `cap` or, when the count found
// fewer than it asked for, for every match. Found once per search and table. Keyed by the
// query object, which lives as long as the search.

import type { Kysely, RawBuilder } from "kysely";
import type { Database } from "../db/schema";
import type { SearchQuery } from "./search-filters";
import { newestIds, type SearchTable } from "./search-newest.repo";
import { wordsOf } from "./search-query";

/** By search, then by what was searched: how many were asked for, and the ids found. */
const newestFound = new WeakMap<
  SearchQuery,
  Map<string, { window: number; ids: Promise<number[]> }>
>();

export function newestOf(
  db: Kysely<Database>,
  q: SearchQuery,
  of: "papers" | "titles" | "summaries",
  table: SearchTable,
  matches: RawBuilder<unknown>,
  window: number,
): Promise<number[]> {
  const byTable =
    newestFound.get(q) ?? new Map<string, { window: number; ids: Promise<number[]> }>();
  newestFound.set(q, byTable);
  const known = byTable.get(of);
  if (known && known.window >= window)
    return known.ids.then((ids: number[]) => ids.slice(0, window));
  const guess = q.terms.some((t) => t.prefix)
    ? "prefix"
    : q.terms.some((t) => t.phrase && wordsOf(t.text).length > 1)
      ? "phrase"
      : "words";
  const ids = newestIds(db, table, matches, window, guess, q.deadline);
  byTable.set(of, { window, ids });
  return ids;
}

/**
 * Every match of `q` in `of`, when this search's count found fewer than it asked for (so
 * all there are); null when no count ran for it (a caller of the repo alone) or found more.
 */
export async function everyMatchFound(
  q: SearchQuery,
  of: "papers" | "summaries",
): Promise<number[] | null> {
  const known = newestFound.get(q)?.get(of);
  if (!known) return null;
  const ids = await known.ids;
  return ids.length < known.window ? ids : null;
}
