// The /search page's query parameters: read strictly (a value the page can't use is a clear
// 400), and canonically for the page cache's key (search.pages.tsx's searchCacheQuery).

import { invalid } from "../core/errors";
import { SEARCH_QUERY_MAX_CHARS } from "../core/limits";
import { type CachedQuery, pageNumber } from "../http/page-cache-keys";
import { pageParam } from "../http/params";
import { isSection } from "../papers/sections";
import { normalizeVenue } from "../papers/venue-names";
import type { SearchFilters } from "./search-filters";

export type SearchKind = "papers" | "summaries";

export interface SearchParams {
  /** The query as typed, trimmed, whitespace collapsed. */
  q: string;
  kind: SearchKind;
  page: number;
  filters: SearchFilters;
}

/** The query text, or a 400 when it is too long (checked before anything else reads it). */
export function queryParam(value: string | undefined): string {
  const raw = value ?? "";
  if (raw.length > SEARCH_QUERY_MAX_CHARS * 4)
    throw invalid(`A search can be at most ${SEARCH_QUERY_MAX_CHARS} characters long.`);
  const q = raw.replace(/\s+/g, " ").trim();
  if (q.length > SEARCH_QUERY_MAX_CHARS)
    throw invalid(`A search can be at most ${SEARCH_QUERY_MAX_CHARS} characters long.`);
  return q;
}

function yearParam(value: string | undefined, what: string): number | null {
  if (value === undefined || value.trim() === "") return null;
  if (!/^\s*\d{4}\s*$/.test(value)) throw invalid(`The ${what} year must be four digits.`);
  return Number(value);
}

function kindParam(value: string | undefined): SearchKind {
  if (value === undefined || value === "" || value === "papers") return "papers";
  if (value === "summaries") return "summaries";
  throw invalid("Search papers or summaries.");
}

function venueParam(value: string | undefined): string | null {
  if (value === undefined || value.trim() === "") return null;
  const venue = normalizeVenue(value);
  if (!venue) throw invalid("That is not a venue name.");
  return venue.key;
}

function sectionParam(value: string | undefined): string | null {
  if (value === undefined || value === "") return null;
  if (!isSection(value)) throw invalid("Unknown field.");
  return value;
}

function flagParam(value: string | undefined): boolean {
  if (value === undefined || value === "") return false;
  if (value === "1" || value === "on") return true;
  throw invalid("The summaries filter is 1 or absent.");
}

/** Every parameter the page reads, or a 400 naming the first it can't use. */
export function readSearchParams(get: (name: string) => string | undefined): SearchParams {
  const filters: SearchFilters = {
    yearFrom: yearParam(get("from"), "first"),
    yearTo: yearParam(get("to"), "last"),
    venueKey: venueParam(get("venue")),
    section: sectionParam(get("section")),
    hasSummaries: flagParam(get("summaries")),
  };
  return {
    q: queryParam(get("q")),
    kind: kindParam(get("type")),
    page: pageParam(get("page")),
    filters,
  };
}

/** The parameters that say these results, in a fixed order (links, pagination, canonical). */
export function searchHref(p: SearchParams, change: Partial<SearchParams> = {}): string {
  const next = { ...p, ...change };
  const f = next.filters;
  const params = new URLSearchParams({ q: next.q });
  if (next.kind !== "papers") params.set("type", next.kind);
  if (f.yearFrom !== null) params.set("from", String(f.yearFrom));
  if (f.yearTo !== null) params.set("to", String(f.yearTo));
  if (f.venueKey !== null) params.set("venue", f.venueKey);
  if (f.section !== null) params.set("section", f.section);
  if (f.hasSummaries) params.set("summaries", "1");
  if (next.page > 1) params.set("page", String(next.page));
  return `/search?${params.toString()}`;
}

/** A parameter's canonical value for the cache key: "" = absent, null = refused (a 400). */
export function canonicalParam(read: (value: string) => unknown): (value: string) => string | null {
  return (value) => {
    try {
      const v = read(value);
      if (v === null || v === false || v === "") return "";
      return String(v === true ? "1" : v);
    } catch {
      return null;
    }
  };
}

export const searchParamReaders = {
  q: queryParam,
  type: (v: string) => (kindParam(v) === "papers" ? "" : "summaries"),
  from: (v: string) => yearParam(v, "first"),
  to: (v: string) => yearParam(v, "last"),
  venue: venueParam,
  section: sectionParam,
  summaries: flagParam,
} as const;

/** Every parameter a search reads, canonical: the page cache's key of /search and its feeds. */
export const searchCacheParams: CachedQuery["params"] = {
  page: pageNumber,
  ...Object.fromEntries(
    Object.entries(searchParamReaders).map(([name, read]) => [name, canonicalParam(read)]),
  ),
};
