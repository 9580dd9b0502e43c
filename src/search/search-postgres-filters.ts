// A PostgreSQL search's filters, on search_papers and search_summaries, where year, section
// and venue_id are copied from papers by triggers (migrations 2026-11-29T1200-search-filters
// and 2026-11-30T1000-search-summary-filters). The conditions mean exactly what paperFilters
// (search-filters.ts) says on papers.
//
// On search_papers, a bounded year range and a section are also lexemes of `facets`, which
// shares a GIN index with `doc` (migration 2026-12-06T1000-search-facets): asked there, the
// index ANDs them with the words, and only rows that pass are read from the table.

import { type RawBuilder, type SqlBool, sql } from "kysely";
import { SEARCH_YEAR_FACETS_MAX } from "../core/limits";
import { listedSummary } from "../db/listed";
import type { SearchFilters } from "./search-filters";

/** What the facets say, as tsquery text, and which filters are left to test on the rows. */
export interface FacetSplit {
  /** Null when no filter is a facet. */
  facets: string | null;
  rest: SearchFilters;
}

/** A section lexeme is quoted in tsquery text: only names that need no escaping. */
const PLAIN_SECTION = /^[a-z]+$/;

/**
 * A range both of whose ends are given, at most SEARCH_YEAR_FACETS_MAX years long, is asked
 * as its years' lexemes, ORed; an open or longer one is tested on the rows, since its lexemes
 * would be many, or unbounded.
 */
export function facetSplit(f: SearchFilters): FacetSplit {
  const parts: string[] = [];
  let rest = f;
  const { yearFrom, yearTo } = f;
  if (
    yearFrom !== null &&
    yearTo !== null &&
    yearFrom <= yearTo &&
    yearTo - yearFrom < SEARCH_YEAR_FACETS_MAX
  ) {
    const years = Array.from({ length: yearTo - yearFrom + 1 }, (_, i) => `'~y${yearFrom + i}'`);
    parts.push(`(${years.join(" | ")})`);
    rest = { ...rest, yearFrom: null, yearTo: null };
  }
  if (f.section !== null && PLAIN_SECTION.test(f.section)) {
    parts.push(`'~s${f.section}'`);
    rest = { ...rest, section: null };
  }
  return { facets: parts.length === 0 ? null : parts.join(" & "), rest };
}

/** The filters as conditions on the copied columns of `alias`'s rows. */
export function copiedFilters(f: SearchFilters, alias: "sp" | "ss"): RawBuilder<SqlBool> {
  const column = (name: string) => sql.ref(`${alias}.${name}`);
  const parts: RawBuilder<unknown>[] = [sql`1 = 1`];
  if (f.yearFrom !== null) parts.push(sql`${column("year")} >= ${f.yearFrom}`);
  if (f.yearTo !== null) parts.push(sql`${column("year")} <= ${f.yearTo}`);
  if (f.venueKey !== null)
    parts.push(
      sql`${column("venue_id")} = (select fv.id from venues fv where fv.key = ${f.venueKey})`,
    );
  if (f.section !== null) parts.push(sql`${column("section")} = ${f.section}`);
  if (f.hasSummaries)
    parts.push(
      sql`exists (select 1 from summaries hs where hs.paper_id = ${column("paper_id")} and ${listedSummary("hs")})`,
    );
  return sql<SqlBool>`(${sql.join(parts, sql` and `)})`;
}

/** The filters on search_papers (alias sp): the facets through the index, the rest on rows. */
export function searchPapersFilters(f: SearchFilters): RawBuilder<SqlBool> {
  const { facets, rest } = facetSplit(f);
  if (facets === null) return copiedFilters(f, "sp");
  return sql<SqlBool>`sp.facets @@ ${facets}::tsquery and ${copiedFilters(rest, "sp")}`;
}
