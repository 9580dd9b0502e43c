import { type Kysely, PostgresAdapter, type RawBuilder, type SqlBool, sql } from "kysely";
import { PAPERS_SEARCH_FILTERS } from "../db/migrations/2026-12-02T1000-search-filter-indexes";
import {
  SUMMARIES_LISTED_BEST,
  SUMMARIES_LISTED_ID,
  SUMMARIES_LISTED_RECENT,
} from "../db/migrations/2026-12-04T1000-home-listing-indexes";
import type { Database } from "../db/schema";

// The home tabs' lists, as ids, from the partial indexes of listed summaries: a page reads a
// few index entries instead of whole summary rows (2026-12-04T1000-home-listing-indexes).
// SQLite has no planner statistics, so it is told which index to walk; PostgreSQL chooses.

export type ListedOrder = "best" | "recent";

const ORDER_INDEX: Record<ListedOrder, string> = {
  best: SUMMARIES_LISTED_BEST,
  recent: SUMMARIES_LISTED_RECENT,
};

const ORDER_BY: Record<ListedOrder, RawBuilder<unknown>> = {
  best: sql`s.score desc, s.id desc`,
  recent: sql`s.updated_at desc, s.id desc`,
};

/** The partial indexes' condition, written as they are (a planner matches it by its terms). */
const LISTED = sql<SqlBool>`s.is_private = 0 and s.deleted_at is null and s.hidden_at is null`;

const isPostgres = (db: Kysely<Database>) => db.getExecutor().adapter instanceof PostgresAdapter;

function listedSummaries(db: Kysely<Database>, index: string): RawBuilder<unknown> {
  return sql.raw(isPostgres(db) ? "summaries s" : `summaries s indexed by ${index}`);
}

/**
 * ` and` the summary's paper is in `section`, or nothing without one. PostgreSQL reads the
 * section from the summary's search row (a narrow copy its triggers keep in the paper's and
 * the summary's transactions): reading it from `papers` cost a heap page per summary, 20 µs.
 */
function inSection(db: Kysely<Database>, section: string | null): RawBuilder<unknown> {
  if (section === null) return sql``;
  if (isPostgres(db)) {
    return sql` and exists (select 1 from search_summaries ss where ss.summary_id = s.id and ss.section = ${section})`;
  }
  return sql` and exists (select 1 from ${sql.raw(`papers p indexed by ${PAPERS_SEARCH_FILTERS}`)} where p.id = s.paper_id and p.section = ${section})`;
}

/** ` and` the summary is not one of `ids`, or nothing for none. */
function notAmong(db: Kysely<Database>, ids: readonly number[]): RawBuilder<unknown> {
  if (ids.length === 0) return sql``;
  return isPostgres(db)
    ? sql` and s.id <> all(${[...ids]}::integer[])`
    : sql` and s.id not in (select value from json_each(${JSON.stringify(ids)}))`;
}

export interface ListedQuery {
  section: string | null;
  /** Summaries left out of the list (the popular tab's scored ones). */
  excluded: readonly number[];
}

/** How many listed summaries there are (of the section, not excluded), counting `atMost`. */
export async function countListed(
  db: Kysely<Database>,
  q: ListedQuery & { atMost: number },
): Promise<number> {
  const { rows } = await sql<{ n: number | string }>`
    select count(*) as n from (
      select 1 from ${listedSummaries(db, SUMMARIES_LISTED_BEST)}
      where ${LISTED}${inSection(db, q.section)}${notAmong(db, q.excluded)}
      limit ${sql.lit(q.atMost)}
    ) c`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

/** Ids of listed summaries in `order` (best: score; recent: last change), newest id first on ties. */
export async function listedIds(
  db: Kysely<Database>,
  q: ListedQuery & { order: ListedOrder; offset: number; limit: number },
): Promise<number[]> {
  const { rows } = await sql<{ id: number }>`
    select s.id from ${listedSummaries(db, ORDER_INDEX[q.order])}
    where ${LISTED}${inSection(db, q.section)}${notAmong(db, q.excluded)}
    order by ${ORDER_BY[q.order]}
    limit ${sql.lit(q.limit)} offset ${q.offset}`.execute(db);
  return rows.map((r) => Number(r.id));
}

export interface PopularityRow {
  id: number;
  /** Ten points per up-vote (minus one per down-vote) since, one per view of the paper since. */
  points: number;
  score: number;
}

/**
 * Listed summaries (of the section) with recent votes or recent views of their paper, whose
 * points are not zero. Every other listed summary has none: the popular tab puts them between
 * these, in order of score. Read from the votes and views of the period (their indexes by
 * time), not per summary.
 */
export async function scoredByActivity(
  db: Kysely<Database>,
  q: { section: string | null; votesSince: string; viewsSinceDay: string },
): Promise<PopularityRow[]> {
  const { rows } = await sql<{ id: number; points: number | string; score: number }>`
    select a.id, a.points, s.score from (
      select id, sum(points) as points from (
        select v.summary_id as id, 10 * v.value as points from votes v
          where v.created_at >= ${q.votesSince}
        union all
        select ps.id, pv.views from paper_views pv
          join summaries ps on ps.paper_id = pv.paper_id
          where pv.day >= ${q.viewsSinceDay}
      ) activity group by id
    ) a
    join ${listedSummaries(db, SUMMARIES_LISTED_ID)} on s.id = a.id
    where a.points <> 0 and ${LISTED}${inSection(db, q.section)}`.execute(db);
  return rows.map((r) => ({ id: Number(r.id), points: Number(r.points), score: Number(r.score) }));
}
