import { type Kysely, type RawBuilder, sql } from "kysely";
import { dialectOf } from "../db/dialect";
import {
  SUMMARIES_LISTED_BEST,
  SUMMARIES_LISTED_ID,
  SUMMARIES_LISTED_RECENT,
} from "../db/migrations/2026-12-04T1000-home-listing-indexes";
import { SUMMARY_LISTING } from "../db/migrations/2026-12-04T1100-sqlite-summary-listing";
import type { Database } from "../db/schema";
import { offLoop } from "../db/sqlite-read-dialect";

// The home tabs' lists, as ids, from indexes of listed summaries: a best or recent page reads
// a few index entries instead of whole summary rows; popular also reads the period's votes
// and views (scoredByActivity), so its cost follows that activity. All summaries: the
// partial indexes of 2026-12-04T1000-home-listing-indexes. One section: PostgreSQL adds the
// section its search_summaries rows carry; SQLite reads summary_listing (2026-12-04T1100),
// where a section is a range. SQLite has no planner statistics, so it is told which index to
// walk.

export type ListedOrder = "best" | "recent";

/** One way to read listed summaries: the table, its id and score, and the condition. */
interface Listing {
  from: RawBuilder<unknown>;
  id: RawBuilder<unknown>;
  score: RawBuilder<unknown>;
  updatedAt: RawBuilder<unknown>;
  where: RawBuilder<unknown>;
}

const isPostgres = (db: Kysely<Database>) => dialectOf(db) === "postgres";

/** Listed summaries of `section` (or all), through the index that serves `index`'s order. */
function listing(db: Kysely<Database>, section: string | null, index: ListedOrder | "id"): Listing {
  const postgres = isPostgres(db);
  if (section !== null && !postgres) {
    // By id: summary_id is the table's rowid, which no index is needed for.
    const indexed = index === "id" ? "" : ` indexed by ${SUMMARY_LISTING}_${index}`;
    return {
      from: sql.raw(`${SUMMARY_LISTING} l${indexed}`),
      id: sql.raw("l.summary_id"),
      score: sql.raw("l.score"),
      updatedAt: sql.raw("l.updated_at"),
      where: sql`l.section = ${section}`,
    };
  }
  const named = {
    best: SUMMARIES_LISTED_BEST,
    recent: SUMMARIES_LISTED_RECENT,
    id: SUMMARIES_LISTED_ID,
  };
  // The partial indexes' condition, written as they are (a planner matches it by its terms).
  const listed = sql`s.is_private = 0 and s.deleted_at is null and s.hidden_at is null`;
  return {
    from: sql.raw(postgres ? "summaries s" : `summaries s indexed by ${named[index]}`),
    id: sql.raw("s.id"),
    score: sql.raw("s.score"),
    updatedAt: sql.raw("s.updated_at"),
    // PostgreSQL reads the section from the summary's search row (a narrow copy its triggers
    // keep): from `papers` it cost a heap page per summary, 20 µs.
    where:
      section === null
        ? listed
        : sql`${listed} and exists (select 1 from search_summaries ss
            where ss.summary_id = s.id and ss.section = ${section})`,
  };
}

/**
 * The join from the scored summaries to their listing. SQLite: CROSS JOIN keeps the scored
 * ones as the outer loop, each looked up by id; left free, it walked a whole section's range
 * and probed the scored ones, so the cost grew with the section as well as with the activity.
 */
function byId(db: Kysely<Database>): RawBuilder<unknown> {
  return sql.raw(isPostgres(db) ? "join" : "cross join");
}

/** ` and` the summary is not one of `ids`, or nothing for none. */
function notAmong(db: Kysely<Database>, id: RawBuilder<unknown>, ids: readonly number[]) {
  if (ids.length === 0) return sql``;
  return isPostgres(db)
    ? sql` and ${id} <> all(${[...ids]}::integer[])`
    : sql` and ${id} not in (select value from json_each(${JSON.stringify(ids)}))`;
}

export interface ListedQuery {
  section: string | null;
  /** Summaries left out of the list (the popular tab's scored ones). */
  excluded: readonly number[];
  /**
   * Read on SQLite's read pool until then (offLoop): skipping thousands of excluded ids costs
   * milliseconds. Without it, on `db` itself: a best or recent page reads a few index entries.
   */
  deadline?: number;
}

const readerFor = (db: Kysely<Database>, q: ListedQuery) =>
  q.deadline === undefined ? db : offLoop(db, q.deadline);

/** How many listed summaries there are (of the section, not excluded), counting `atMost`. */
export async function countListed(
  db: Kysely<Database>,
  q: ListedQuery & { atMost: number },
): Promise<number> {
  const l = listing(db, q.section, "best");
  const { rows } = await sql<{ n: number | string }>`
    select count(*) as n from (
      select 1 from ${l.from} where ${l.where}${notAmong(db, l.id, q.excluded)}
      limit ${sql.lit(q.atMost)}
    ) c`.execute(readerFor(db, q));
  return Number(rows[0]?.n ?? 0);
}

/** Ids of listed summaries in `order` (best: score; recent: last change), newest id first on ties. */
export async function listedIds(
  db: Kysely<Database>,
  q: ListedQuery & { order: ListedOrder; offset: number; limit: number },
): Promise<number[]> {
  const l = listing(db, q.section, q.order);
  const orderBy = q.order === "best" ? l.score : l.updatedAt;
  const { rows } = await sql<{ id: number }>`
    select ${l.id} as id from ${l.from}
    where ${l.where}${notAmong(db, l.id, q.excluded)}
    order by ${orderBy} desc, ${l.id} desc
    limit ${sql.lit(q.limit)} offset ${q.offset}`.execute(readerFor(db, q));
  return rows.map((r) => Number(r.id));
}

export interface PopularityRow {
  id: number;
  /** Ten points per up-vote since (minus ten per down-vote), one per view of its paper since. */
  points: number;
  score: number;
}

/**
 * Listed summaries (of the section) with recent votes or recent views of their paper, whose
 * points are not zero, most popular first: points, then score, then newest. Every other listed
 * summary has none: the popular tab puts them between these, in order of score. Read from the
 * votes and views of the period (their indexes by time), not per summary. That costs in
 * proportion to the period's activity (60–100 ms at 15,000 votes and 25,000 daily view
 * counts), so on SQLite it runs on the read pool, where it holds a pool thread instead of the
 * event loop, and fails with ReadCanceledError past `deadline`. The rows come back as one JSON
 * list, sorted by the database: as 17,000 row objects, copying them from the pool's thread and
 * sorting them held the event loop for 10–20 ms.
 */
export async function scoredByActivity(
  db: Kysely<Database>,
  q: { section: string | null; votesSince: string; viewsSinceDay: string; deadline: number },
): Promise<PopularityRow[]> {
  const l = listing(db, q.section, "id");
  const order = sql`order by a.points desc, ${l.score} desc, a.id desc`;
  const list = isPostgres(db)
    ? sql`coalesce(json_agg(json_build_array(a.id, a.points, ${l.score}) ${order}), '[]')`
    : sql`json_group_array(json_array(a.id, a.points, ${l.score}) ${order})`;
  const { rows } = await sql<{ list: string | [number, number, number][] }>`
    select ${list} as list from (
      select id, sum(points) as points from (
        select v.summary_id as id, 10 * v.value as points from votes v
          where v.created_at >= ${q.votesSince}
        union all
        select ps.id, pv.views from paper_views pv
          join summaries ps on ps.paper_id = pv.paper_id
          where pv.day >= ${q.viewsSinceDay}
      ) activity group by id
    ) a
    ${byId(db)} ${l.from} on ${l.id} = a.id
    where a.points <> 0 and ${l.where}`.execute(offLoop(db, q.deadline));
  const raw = rows[0]?.list ?? [];
  // PostgreSQL's driver parses json; SQLite hands back the text.
  const triples: [number, number, number][] = typeof raw === "string" ? JSON.parse(raw) : raw;
  return triples.map(([id, points, score]) => ({ id, points, score }));
}
