// Search on SQLite: FTS5 tables search_papers (external content over papers) and
// search_summaries, kept by triggers (migration 2026-11-28T1200-search), and search_titles,
// papers' titles alone (2026-11-29T1200-search-filters). FTS5's hidden column is the table's
// own name, so these queries never alias the FTS table.
//
// Two steps: rank (ids only, bm25 over every match) and then snippets for the page's ids
// alone, because SQLite would otherwise build a snippet for every match before sorting.

import { type RawBuilder, sql } from "kysely";
import { SEARCH_SNIPPET_TOKENS, SEARCH_TITLE_CANDIDATES } from "../core/limits";
import { listedSummary } from "../db/listed";
import {
  PAPERS_SEARCH_FILTERS,
  SUMMARIES_SEARCH_LISTED,
} from "../db/migrations/2026-12-02T1000-search-filter-indexes";
import { offLoop } from "../db/sqlite-read-dialect";
import {
  countCapped,
  inOrder,
  listedSummaryCount,
  noFilters,
  type PaperHitRow,
  paperFilters,
  type SearchQuery,
  type SearchRepo,
  type SummaryHitRow,
  selectIds,
} from "./search-filters";
import { MARK_CLOSE, MARK_OPEN } from "./search-marks";
import { exactTitleChars, fts5Match, mayBeTitle } from "./search-query";

// bm25 weights are the tables' own `rank` (set in the migration): title 10, authors 4,
// abstract 1; a summary's text 1, its author 0.5. `order by rank` is sorted inside FTS5.

// In papersMatching and summariesMatching the FTS5 table drives the join (CROSS JOIN keeps
// that order), and each match is tested on a narrow index (INDEXED BY: a plan that must not
// change) rather than on its large row: migration 2026-12-02T1000-search-filter-indexes.
// Without a pinned order, the planner has scanned summaries first and then the FTS table once
// per summary (0.4–0.7 s a query).
const papersFiltered = sql.raw(`papers p indexed by ${PAPERS_SEARCH_FILTERS}`);
const summariesListed = sql.raw(`summaries s indexed by ${SUMMARIES_SEARCH_LISTED}`);

// Without filters papers need no join: the FTS table alone, as fast as a raw MATCH.
const papersMatching = (q: SearchQuery) =>
  noFilters(q.filters)
    ? sql`search_papers where search_papers match ${fts5Match(q.terms)}`
    : sql`search_papers
  cross join ${papersFiltered} on p.id = search_papers.rowid
  left join venues v on v.id = p.venue_id
  where search_papers match ${fts5Match(q.terms)} and ${paperFilters(q.filters)}`;

// A summary's paper is always there (a foreign key, not null): joined for filters only.
const summariesMatching = (q: SearchQuery) =>
  noFilters(q.filters)
    ? sql`search_summaries
  cross join ${summariesListed} on s.id = search_summaries.rowid
  where search_summaries match ${fts5Match(q.terms)} and ${listedSummary("s")}`
    : sql`search_summaries
  cross join ${summariesListed} on s.id = search_summaries.rowid
  cross join ${papersFiltered} on p.id = s.paper_id
  left join venues v on v.id = p.venue_id
  where search_summaries match ${fts5Match(q.terms)} and ${listedSummary("s")}
    and ${paperFilters(q.filters)}`;

// Every match (window null, at most SEARCH_RANK_WINDOW of them): `order by rank` (bm25),
// sorted inside FTS5.
//
// A bounded window: FTS5 walks its doclist newest first (`order by rowid desc` is consumed
// by the index) and stops after `window` rows. Summaries rank those by bm25 too. Papers don't:
// bm25 first counts every row holding each term (a whole-doclist scan, ~40 ms for a word in
// 80% of a million papers; 1–2 ms among 50,000 summaries) to weigh rare terms above common
// ones. Instead each paper column's matches are counted from highlight() (this row's
// positions only) and scored as bm25 does without that weight: k1 = 1.2, b = 0.75, lengths
// against the window's own average, the same column weights. highlight() re-reads and
// re-tokenizes each row's text, so it is the costlier way wherever the scan is cheap: 20 ms
// against 2 for a window of 1,000 summaries.
// char(57344) is U+E000, the hit marker: counting it in the highlighted text counts hits (a
// stored U+E000 adds a little to a row's score, nothing more).
const K1 = 1.2;
const B = 0.75;

const PAPER_COLUMNS = [
  { index: 0, weight: 10 },
  { index: 1, weight: 4 },
  { index: 2, weight: 1 },
];

/** Each paper column's length and hits, from its marked text c0…c2, as l0, h0, l1, … */
const lengthsAndHits = sql.raw(
  PAPER_COLUMNS.map(({ index: i }) => {
    const hits = `length(c${i}) - length(replace(c${i}, char(57344), ''))`;
    return `length(c${i}) as l${i}, (${hits}) as h${i}`;
  }).join(", "),
);

/** bm25 without its term weights, over the lengths and hits of `lengthsAndHits`. */
const windowScore = sql.raw(
  PAPER_COLUMNS.map(({ index: i, weight }) => {
    const norm = `(1 - ${B} + ${B} * l${i} / max(1.0, avg(l${i}) over ()))`;
    return `${weight} * h${i} * ${K1 + 1} / (h${i} + ${K1} * ${norm})`;
  }).join(" + "),
);

/** Each paper column's text with every hit marked by U+E000, as c0, c1, c2. */
const marked = sql.join(
  PAPER_COLUMNS.map(
    ({ index }) =>
      sql`highlight(search_papers, ${sql.lit(index)}, char(57344), '') as ${sql.ref(`c${index}`)}`,
  ),
);

// The marked texts become numbers in a MATERIALIZED step of their own: the window function
// and the sort then carry six numbers a row, not three texts (11–14 ms against 18–24 for 1,000
// papers), and each text is measured once.
function ranked(
  matches: RawBuilder<unknown>,
  fts: "search_papers" | "search_summaries",
  window: number | null,
  limit: number,
  offset: number,
) {
  const id = sql`${sql.table(fts)}.rowid`;
  if (window === null)
    return sql`select ${id} as id from ${matches} order by rank limit ${limit} offset ${offset}`;
  if (fts === "search_summaries")
    return sql`select id from (
      select ${id} as id, rank from ${matches} order by ${id} desc limit ${window}
    ) newest order by rank, id desc limit ${limit} offset ${offset}`;
  return sql`with scored as materialized (
      select id, ${lengthsAndHits} from (
        select ${id} as id, ${marked} from ${matches} order by ${id} desc limit ${window}
      )
    ) select id from scored order by ${windowScore} desc, id desc limit ${limit} offset ${offset}`;
}

// Papers whose title holds every term: search_titles (migration 2026-11-29T1200), with the
// paper joined for its title's length and the filters.
const titlesMatching = (q: SearchQuery) => sql`search_titles
  join papers p on p.id = search_titles.rowid
  left join venues v on v.id = p.venue_id
  where search_titles match ${fts5Match(q.terms)} and ${paperFilters(q.filters)}`;

// Papers in a bounded window: the newest `window` matches, as above, and (two words or more:
// mayBeTitle) papers whose TITLE holds every term, so that a title typed in full finds its
// paper even when thousands of newer abstracts hold its words ("Attention is all you need"):
// of the newest `window` such papers, the SEARCH_TITLE_CANDIDATES with the shortest titles
// (the exact title is the shortest holding them all). Those not among the newest are matched
// again by rowid (a seek each, so they are few) for their highlights; all are scored alike,
// except that a title that is the query itself (exactTitleChars) comes first: with title
// weight 10 alone, a longer title repeating the words or an author's name holding one of
// them outranked it (1 of 5 such titles first at 1M papers; 5 of 5 with this rule).
function rankedPapers(q: SearchQuery, window: number | null, limit: number, offset: number) {
  if (window === null || !mayBeTitle(q.terms))
    return ranked(papersMatching(q), "search_papers", window, limit, offset);
  const id = sql`search_papers.rowid`;
  return sql`with newest as (
      select ${id} as id, ${marked} from ${papersMatching(q)}
      order by ${id} desc limit ${window}
    ), titled as (
      select id, chars from (
        select search_titles.rowid as id, length(p.title) as chars from ${titlesMatching(q)}
        order by search_titles.rowid desc limit ${window}
      ) order by chars, id desc limit ${Math.min(window, SEARCH_TITLE_CANDIDATES)}
    )
    , scored as materialized (
      select id, chars, ${lengthsAndHits} from (
        select newest.*, titled.chars from newest left join titled on titled.id = newest.id
        union all
        select ${id} as id, ${marked}, titled.chars
        -- CROSS JOIN keeps titled outside: a seek by rowid each, not a scan of every match.
        from titled cross join search_papers on ${id} = titled.id
        where search_papers match ${fts5Match(q.terms)} and titled.id not in (select id from newest)
      )
    )
    select id from scored
    order by case when chars <= ${exactTitleChars(q.terms)} then chars end nulls last,
      ${windowScore} desc, id desc
    limit ${limit} offset ${offset}`;
}

export const sqliteSearchRepo: SearchRepo = {
  // On the read pool's threads, stopped at the deadline (db/sqlite-read-pool.ts), except in a
  // caller's transaction (rows it has yet to commit) or in memory (no file for a thread to
  // open): there better-sqlite3 runs each statement to its end.
  bounded: (db, q, run) => run(offLoop(db, q.deadline, "search")),

  rankPapers: (db, q, limit, offset, window) =>
    selectIds(db, rankedPapers(q, window, limit, offset)),

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

  rankSummaries: (db, q, limit, offset, window) =>
    selectIds(db, ranked(summariesMatching(q), "search_summaries", window, limit, offset)),

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
