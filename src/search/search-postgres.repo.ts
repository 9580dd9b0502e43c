// Search on PostgreSQL: tsvectors in search_papers / search_summaries (GIN), kept by
// triggers with the `search_simple` configuration (simple + unaccent; migration
// 2026-11-28T1200-search). Queries go through to_tsquery only as text search-query.ts built
// from letters and digits, so nothing the reader typed is tsquery syntax.
//
// Two steps, as on SQLite: rank (ids only) and then ts_headline for the page's ids alone,
// since a headline re-parses the whole text.

import { type Kysely, type RawBuilder, sql } from "kysely";
import {
  MAX_TIMER_DELAY_MS,
  SEARCH_SNIPPET_TOKENS,
  SEARCH_TITLE_CANDIDATES,
  SEARCH_WORK_MEM,
} from "../core/limits";
import { listedSummary } from "../db/listed";
import type { Database } from "../db/schema";
import {
  inOrder,
  listedSummaryCount,
  noFilters,
  type PaperHitRow,
  type SearchQuery,
  type SearchRepo,
  type SummaryHitRow,
  selectIds,
} from "./search-filters";
import { everyMatchFound, newestOf } from "./search-found.repo";
import { MARK_CLOSE, MARK_OPEN } from "./search-marks";
import { inTime, type SearchTable } from "./search-newest.repo";
import { copiedFilters, searchPapersFilters } from "./search-postgres-filters";
import { exactTitleChars, mayBeTitle, tsqueryText } from "./search-query";

/** All terms ANDed, as one tsquery (a phrase's words next to each other, `<->`). */
const tsquery = (q: SearchQuery): RawBuilder<unknown> =>
  sql`(${sql.join(
    q.terms.map((t) => sql`to_tsquery('search_simple', ${tsqueryText(t)})`),
    sql` && `,
  )})`;

const TITLE_OPTIONS = `StartSel="${MARK_OPEN}", StopSel="${MARK_CLOSE}", HighlightAll=true`;
const SNIPPET_OPTIONS =
  `StartSel="${MARK_OPEN}", StopSel="${MARK_CLOSE}", MaxWords=${SEARCH_SNIPPET_TOKENS}, ` +
  `MinWords=${Math.floor(SEARCH_SNIPPET_TOKENS / 2)}, MaxFragments=2, FragmentDelimiter=" … "`;

// `doc` (title, authors, abstract) for matches; `title_doc` (the title alone, migration
// 2026-11-29T1200-search-filters) for the papers whose title matches, each with its own GIN.
// The filters' facets only with `doc`, whose index holds them; title_doc's tests the rows.
const papersMatching = (q: SearchQuery, column: "doc" | "title_doc" = "doc") =>
  noFilters(q.filters)
    ? sql`(select ${tsquery(q)} as query) tq
  cross join search_papers sp
  where ${sql.ref(`sp.${column}`)} @@ tq.query`
    : sql`(select ${tsquery(q)} as query) tq
  cross join search_papers sp
  where ${sql.ref(`sp.${column}`)} @@ tq.query and ${
    column === "doc" ? searchPapersFilters(q.filters) : copiedFilters(q.filters, "sp")
  }`;

// `listed` is copied too: a summary made private, deleted or hidden is not matched.
const summariesMatching = (q: SearchQuery) =>
  noFilters(q.filters)
    ? sql`(select ${tsquery(q)} as query) tq
  cross join search_summaries ss
  where ss.doc @@ tq.query and ss.listed`
    : sql`(select ${tsquery(q)} as query) tq
  cross join search_summaries ss
  where ss.doc @@ tq.query and ss.listed and ${copiedFilters(q.filters, "ss")}`;

// Every match (window null, at most SEARCH_RANK_WINDOW of them): ts_rank_cd over all. The
// search's count has found them all already (newestOf): ranked by those ids, the matches are
// not searched for a second time (for a phrase, 20–30 ms of rechecking rows at 1M papers).
// A bounded window: the ids of the newest `window` matches first (search-newest.repo.ts), then
// ts_rank_cd over those rows alone. For papers (two words or more: mayBeTitle) the ranked ids
// also take papers whose TITLE matches (title_doc), so that a title typed in full finds its
// paper even when thousands of newer abstracts hold its words: of the newest `window` such
// papers, the SEARCH_TITLE_CANDIDATES with the shortest titles, each once, ranked alike, except
// that a title that is the query itself (exactTitleChars) comes first, as on SQLite
// (search-sqlite.repo.ts says why). Ties: oldest first over every match (as before the
// window), newest first in a window.
async function ranked(
  db: Kysely<Database>,
  q: SearchQuery,
  of: "papers" | "summaries",
  table: SearchTable,
  matches: RawBuilder<unknown>,
  titled: RawBuilder<unknown> | null,
  window: number | null,
  limit: number,
  offset: number,
): Promise<number[]> {
  const id = sql.ref(`${table.alias}.${table.key}`);
  const key = sql.ref(`d.${table.key}`);
  const rankedIds = async (ids: number[], ties: "oldest" | "newest") => {
    await inTime(db, q.deadline);
    return selectIds(
      db,
      sql`select ${key} as id from ${sql.table(table.name)} d
    cross join (select ${tsquery(q)} as query) wq
    where ${key} = any(${ids}::integer[])
    order by ts_rank_cd(d.doc, wq.query) desc, ${key} ${sql.raw(ties === "oldest" ? "asc" : "desc")}
    limit ${limit} offset ${offset}`,
    );
  };
  if (window === null) {
    const every = await everyMatchFound(q, of);
    if (every !== null) return rankedIds(every, "oldest");
    await inTime(db, q.deadline);
    return selectIds(
      db,
      sql`select ${id} as id from ${matches}
      order by ts_rank_cd(${sql.ref(`${table.alias}.doc`)}, tq.query) desc, ${id}
      limit ${limit} offset ${offset}`,
    );
  }
  const newest = await newestOf(db, q, of, table, matches, window);
  if (titled === null) return rankedIds(newest, "newest");
  const titles = await newestOf(db, q, "titles", TITLES_TABLE, titled, window);
  await inTime(db, q.deadline);
  return selectIds(
    db,
    sql`with titled as materialized (
      select tp.id, length(tp.title) as chars from papers tp
      where tp.id = any(${titles}::integer[])
      order by chars, tp.id desc limit ${Math.min(window, SEARCH_TITLE_CANDIDATES)}
    )
    select ids.id from (select unnest(${newest}::integer[]) as id union select id from titled) ids
    join search_papers d on d.paper_id = ids.id
    left join titled on titled.id = ids.id
    cross join (select ${tsquery(q)} as query) wq
    order by case when titled.chars <= ${exactTitleChars(q.terms)} then titled.chars end nulls last,
      ts_rank_cd(d.doc, wq.query) desc, ids.id desc
    limit ${limit} offset ${offset}`,
  );
}

/**
 * A filtered search's costs, as measured at 1M papers before a bounded year range and a section
 * became facets of doc's index (search-postgres-filters.ts). They still matter wherever filters
 * are tested on rows: an open range, a venue, "has summaries", and every filter of the title
 * and summary matches, whose indexes hold no facets. With the defaults the planner ANDs
 * the words' GIN bitmap with a btree bitmap of every paper the filters keep, which it prices
 * far below what it takes: "from 2000 to 2010, cs" is 190,000 entries, 30–47 ms, where
 * testing the filters on the 12,000 rows holding the word takes about 40 ms without it. With
 * entries priced at about a fourteenth of a row, and rows at what a cached page costs (1.1),
 * it keeps the btree for a narrow filter (one year: 17,000 entries, 7 ms in all) and tests a
 * wide one on the rows (bench, filtered kind: p50 53–71 ms against 61–74). Only for filtered
 * searches: unfiltered words keep the bitmap of an id range (search-newest.repo.ts), which
 * these costs would price out for a slower read of every match.
 */
const FILTERED_COSTS = "; set local random_page_cost = 1.1; set local cpu_index_tuple_cost = 0.08";

/**
 * `run` in a transaction of its own whose statements PostgreSQL cancels at the search's
 * deadline (SQLSTATE 57014; search.service tells the reader). Local to the transaction, so the
 * pooled connection goes back with its usual settings.
 */
async function bounded<T>(
  db: Kysely<Database>,
  q: SearchQuery,
  run: (db: Kysely<Database>) => Promise<T>,
): Promise<T> {
  // Inside a caller's own transaction (a search of rows it has yet to commit) its settings
  // are the caller's: no bound.
  if (db.isTransaction) return run(db);
  return db.connection().execute(async (conn) => {
    // Reckoned once the connection is ours: waiting for one is part of the search's time.
    const left = Math.min(MAX_TIMER_DELAY_MS, Math.max(1, Math.ceil(q.deadline - Date.now())));
    let result: T;
    try {
      // BEGIN and the settings in one round trip (a query without parameters may hold several
      // statements); `left` is an integer made here, not text from the reader. Without seq
      // scans: the planner doesn't count the cost of reading a tsvector out of its TOAST
      // table, so a scan "until 1001 rows match" looked cheaper than the GIN index and read
      // tens of thousands (a summary count: 108 ms against 1 ms). SEARCH_WORK_MEM: at the
      // default 4MB a bitmap of a wide id range or filter goes lossy (whole pages, every row
      // on them rechecked: 9,000 rows too many for a filtered word); this holds 1M papers' pages.
      await sql
        .raw(
          `begin; set local statement_timeout = ${left}; set local enable_seqscan = off; ` +
            `set local work_mem = '${SEARCH_WORK_MEM}'` +
            (noFilters(q.filters) ? "" : FILTERED_COSTS),
        )
        .execute(conn);
      result = await run(conn);
    } catch (error) {
      // A connection that can't roll back is broken, and the pool drops it; the search's own
      // error is the one worth telling.
      await sql`rollback`.execute(conn).catch(() => undefined);
      throw error;
    }
    await sql`commit`.execute(conn);
    return result;
  });
}

const PAPERS_TABLE: SearchTable = {
  name: "search_papers",
  key: "paper_id",
  alias: "sp",
  walkMaxRows: 20_000,
  rangedBitmaps: "id blocks",
};
/** Papers whose title matches: title_doc's GIN index holds no id blocks. */
const TITLES_TABLE: SearchTable = { ...PAPERS_TABLE, rangedBitmaps: "primary key" };
const SUMMARIES_TABLE: SearchTable = {
  name: "search_summaries",
  key: "summary_id",
  alias: "ss",
  walkMaxRows: 4_000,
  rangedBitmaps: false,
};

export const searchPostgresRepo: SearchRepo = {
  bounded,

  rankPapers: (db, q, limit, offset, window) =>
    ranked(
      db,
      q,
      "papers",
      PAPERS_TABLE,
      papersMatching(q),
      mayBeTitle(q.terms) ? papersMatching(q, "title_doc") : null,
      window,
      limit,
      offset,
    ),

  // The newest cap + 1 matches, which the ranking then reuses: no second pass over them.
  countPapers: async (db, q, cap) =>
    (await newestOf(db, q, "papers", PAPERS_TABLE, papersMatching(q), cap + 1)).length,

  async paperHits(db, q, wanted) {
    if (wanted.length === 0) return [];
    await inTime(db, q.deadline);
    const { rows } = await sql<PaperHitRow>`select p.id as id,
        ts_headline('search_simple', p.title, tq.query, ${TITLE_OPTIONS}) as title,
        ts_headline('search_simple', p.abstract, tq.query, ${SNIPPET_OPTIONS}) as abstract,
        p.authors as authors, p.year as year, v.key as venue_key, v.name as venue_name,
        ${listedSummaryCount}::integer as summaries
      from (select ${tsquery(q)} as query) tq
      cross join papers p
      left join venues v on v.id = p.venue_id
      where p.id in (${sql.join(wanted)})`.execute(db);
    return inOrder(wanted, rows);
  },

  rankSummaries: (db, q, limit, offset, window) =>
    ranked(db, q, "summaries", SUMMARIES_TABLE, summariesMatching(q), null, window, limit, offset),

  countSummaries: async (db, q, cap) =>
    (await newestOf(db, q, "summaries", SUMMARIES_TABLE, summariesMatching(q), cap + 1)).length,

  async summaryHits(db, q, wanted) {
    if (wanted.length === 0) return [];
    await inTime(db, q.deadline);
    // Listed again: a summary hidden between the two queries is not shown.
    const { rows } = await sql<SummaryHitRow>`select s.id as id, s.paper_id as paper_id,
        p.title as paper_title, p.year as year, v.name as venue_name,
        ts_headline('search_simple', s.source, tq.query, ${SNIPPET_OPTIONS}) as snippet,
        s.score as score,
        case when s.is_anonymous = 0 then u.username end as author_username,
        case when s.is_anonymous = 0 then u.display_name end as author_display_name
      from (select ${tsquery(q)} as query) tq
      cross join summaries s
      join papers p on p.id = s.paper_id
      join users u on u.id = s.user_id
      left join venues v on v.id = p.venue_id
      where s.id in (${sql.join(wanted)}) and ${listedSummary("s")}`.execute(db);
    return inOrder(wanted, rows);
  },
};
