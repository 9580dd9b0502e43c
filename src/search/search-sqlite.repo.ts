// Search on SQLite: FTS5 tables search_papers (external content over papers) and
// search_summaries, kept by triggers (migration 2026-11-28T1200-search). FTS5's hidden
// column is the table's own name, so these queries never alias the FTS table.
//
// Two steps: rank (ids only, bm25 over every match) and then snippets for the page's ids
// alone, because SQLite would otherwise build a snippet for every match before sorting.

import { type Kysely, type RawBuilder, sql } from "kysely";
import { SEARCH_SNIPPET_TOKENS } from "../core/limits";
import { listedSummary } from "../db/listed";
import type { Database } from "../db/schema";
import {
  countCapped,
  inOrder,
  listedSummaryCount,
  type PaperHitRow,
  paperFilters,
  type SearchQuery,
  type SearchRepo,
  type SummaryHitRow,
  selectIds,
} from "./search-filters";
import { MARK_CLOSE, MARK_OPEN } from "./search-marks";
import { fts5Match } from "./search-query";

// bm25 weights are the tables' own `rank` (set in the migration): title 10, authors 4,
// abstract 1; a summary's text 1, its author 0.5. `order by rank` is sorted inside FTS5.

const noFilters = (q: SearchQuery) => {
  const f = q.filters;
  return (
    f.yearFrom === null &&
    f.yearTo === null &&
    f.venueKey === null &&
    f.section === null &&
    !f.hasSummaries
  );
};

// Without filters papers need no join: the FTS table alone, as fast as a raw MATCH.
const papersMatching = (q: SearchQuery) =>
  noFilters(q)
    ? sql`search_papers where search_papers match ${fts5Match(q.terms)}`
    : sql`search_papers
  join papers p on p.id = search_papers.rowid
  left join venues v on v.id = p.venue_id
  where search_papers match ${fts5Match(q.terms)} and ${paperFilters(q.filters)}`;

const summariesMatching = (q: SearchQuery) => sql`search_summaries
  join summaries s on s.id = search_summaries.rowid
  join papers p on p.id = s.paper_id
  left join venues v on v.id = p.venue_id
  where search_summaries match ${fts5Match(q.terms)} and ${listedSummary("s")}
    and ${paperFilters(q.filters)}`;

export const sqliteSearchRepo: SearchRepo = {
  rankPapers: (db, q, limit, offset) =>
    selectIds(
      db,
      sql`select search_papers.rowid as id from ${papersMatching(q)}
        order by rank limit ${limit} offset ${offset}`,
    ),

  countPapers: (db, q, cap) => countCapped(db, papersMatching(q), cap),

  async paperHits(db, q, wanted) {
    if (wanted.length === 0) return [];
    const { rows } = await sql<PaperHitRow>`select p.id as id,
        highlight(search_papers, 0, ${MARK_OPEN}, ${MARK_CLOSE}) as title,
        snippet(search_papers, 2, ${MARK_OPEN}, ${MARK_CLOSE}, '…', ${SEARCH_SNIPPET_TOKENS}) as abstract,
        p.authors as authors, p.year as year, v.key as venue_key, v.name as venue_name,
        ${listedSummaryCount} as summaries
      from search_papers
      join papers p on p.id = search_papers.rowid
      left join venues v on v.id = p.venue_id
      where search_papers match ${fts5Match(q.terms)}
        and search_papers.rowid in (${sql.join(wanted)})`.execute(db);
    return inOrder(wanted, rows);
  },

  rankSummaries: (db, q, limit, offset) =>
    selectIds(
      db,
      sql`select s.id as id from ${summariesMatching(q)}
        order by rank limit ${limit} offset ${offset}`,
    ),

  countSummaries: (db, q, cap) => countCapped(db, summariesMatching(q), cap),

  async summaryHits(db, q, wanted) {
    if (wanted.length === 0) return [];
    // Listed again: a summary hidden between the two queries is not shown.
    const { rows } = await sql<SummaryHitRow>`select s.id as id, s.paper_id as paper_id,
        p.title as paper_title, p.year as year, v.name as venue_name,
        snippet(search_summaries, 0, ${MARK_OPEN}, ${MARK_CLOSE}, '…', ${SEARCH_SNIPPET_TOKENS}) as snippet,
        s.score as score,
        case when s.is_anonymous = 0 then u.username end as author_username,
        case when s.is_anonymous = 0 then u.display_name end as author_display_name
      from search_summaries
      join summaries s on s.id = search_summaries.rowid
      join papers p on p.id = s.paper_id
      join users u on u.id = s.user_id
      left join venues v on v.id = p.venue_id
      where search_summaries match ${fts5Match(q.terms)} and ${listedSummary("s")}
        and search_summaries.rowid in (${sql.join(wanted)})`.execute(db);
    return inOrder(wanted, rows);
  },
};
