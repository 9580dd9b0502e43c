// What both search repos share: the filters as SQL (the same on SQLite and PostgreSQL), the
// rows they return, and the interface the service picks an implementation of.

import { type Kysely, type RawBuilder, type SqlBool, sql } from "kysely";
import { listedSummary } from "../db/listed";
import type { Database } from "../db/schema";
import type { SearchTerm } from "./search-query";

export interface SearchFilters {
  yearFrom: number | null;
  yearTo: number | null;
  /** A venue's key (venues.key), already resolved from any alias. */
  venueKey: string | null;
  section: string | null;
  /** Only papers with at least one listed summary. */
  hasSummaries: boolean;
}

export interface SearchQuery {
  terms: readonly SearchTerm[];
  filters: SearchFilters;
  /**
   * Date.now() by which the search must be done (SEARCH_STATEMENT_TIMEOUT_MS after it began):
   * each statement gets what is left of it, so one search is bounded as a whole.
   */
  deadline: number;
}

/** A matching paper; title and abstract carry the private-use markers of search-marks.ts. */
export interface PaperHitRow {
  id: number;
  title: string;
  abstract: string;
  /** The stored JSON text (papers.mapper decodes it). */
  authors: string;
  year: number | null;
  venue_key: string | null;
  venue_name: string | null;
  summaries: number;
}

/** A matching listed summary; author columns are null for an anonymous one. */
export interface SummaryHitRow {
  id: number;
  paper_id: number;
  paper_title: string;
  year: number | null;
  venue_name: string | null;
  snippet: string;
  score: number;
  author_username: string | null;
  author_display_name: string | null;
}

/**
 * One implementation per database: search-sqlite.repo.ts, search-postgres.repo.ts.
 *
 * `window`: null ranks every match (the service knows there are at most SEARCH_RANK_WINDOW);
 * a number ranks only the newest `window` matches (highest ids), filters applied first, so a
 * query matching most of a million papers scores a bounded set, not all of them.
 */
export interface SearchRepo {
  /**
   * `run` with its statements cut off at the query's deadline: on PostgreSQL one transaction
   * with a local statement_timeout; on a SQLite file, on the read pool's threads
   * (db/sqlite-read-pool.ts), where a read past the deadline is given up.
   */
  bounded<T>(
    db: Kysely<Database>,
    q: SearchQuery,
    run: (db: Kysely<Database>) => Promise<T>,
  ): Promise<T>;
  /** Ids of matching papers, best first. */
  rankPapers(
    db: Kysely<Database>,
    q: SearchQuery,
    limit: number,
    offset: number,
    window: number | null,
  ): Promise<number[]>;
  /** How many papers match, counted up to `cap` + 1. */
  countPapers(db: Kysely<Database>, q: SearchQuery, cap: number): Promise<number>;
  /** The rows of these papers, with snippets (any order). */
  paperHits(db: Kysely<Database>, q: SearchQuery, ids: readonly number[]): Promise<PaperHitRow[]>;
  rankSummaries(
    db: Kysely<Database>,
    q: SearchQuery,
    limit: number,
    offset: number,
    window: number | null,
  ): Promise<number[]>;
  countSummaries(db: Kysely<Database>, q: SearchQuery, cap: number): Promise<number>;
  summaryHits(
    db: Kysely<Database>,
    q: SearchQuery,
    ids: readonly number[],
  ): Promise<SummaryHitRow[]>;
}

/** No filter set: a query needs no join to papers (or venues); the index alone answers. */
export function noFilters(f: SearchFilters): boolean {
  return (
    f.yearFrom === null &&
    f.yearTo === null &&
    f.venueKey === null &&
    f.section === null &&
    !f.hasSummaries
  );
}

/** The filters on paper `p` and its venue `v` (left-joined), as one condition. */
export function paperFilters(f: SearchFilters): RawBuilder<SqlBool> {
  const parts: RawBuilder<unknown>[] = [sql`1 = 1`];
  if (f.yearFrom !== null) parts.push(sql`p.year >= ${f.yearFrom}`);
  if (f.yearTo !== null) parts.push(sql`p.year <= ${f.yearTo}`);
  if (f.venueKey !== null) parts.push(sql`v.key = ${f.venueKey}`);
  if (f.section !== null) parts.push(sql`p.section = ${f.section}`);
  if (f.hasSummaries)
    parts.push(
      sql`exists (select 1 from summaries hs where hs.paper_id = p.id and ${listedSummary("hs")})`,
    );
  return sql<SqlBool>`(${sql.join(parts, sql` and `)})`;
}

/** Listed summaries of paper `p`, for a hit's "N summaries". */
export const listedSummaryCount = sql<number>`(select count(*) from summaries cs where cs.paper_id = p.id and ${listedSummary("cs")})`;

/** Rows back in the order of `ids`, dropping any that vanished between the two queries. */
export function inOrder<T extends { id: number }>(ids: readonly number[], rows: readonly T[]): T[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [row] : [];
  });
}

/** The `id` column of a ranking query, in its order (PostgreSQL may answer bigints as text). */
export async function selectIds(
  db: Kysely<Database>,
  query: RawBuilder<unknown>,
): Promise<number[]> {
  const { rows } = await query.execute(db);
  return (rows as { id: number | string }[]).map((r) => Number(r.id));
}

/** Rows of `from`, counted up to `cap + 1` only: "more than cap" needs no further scan. */
export async function countCapped(
  db: Kysely<Database>,
  from: RawBuilder<unknown>,
  cap: number,
): Promise<number> {
  const { rows } = await sql<{
    n: number | string;
  }>`select count(*) as n from (select 1 from ${from} limit ${cap + 1}) m`.execute(db);
  return Number(rows[0]?.n ?? 0);
}
