// The newest `window` matches of a PostgreSQL search (ids, highest first), found through a
// range of ids rather than a walk. Left to itself the planner walks the primary key backwards
// and tests each row's tsvector until `window` of them match: cheap for a word in most rows,
// but a word in 1% of a million papers means a walk through 100,000 rows (150–220 ms here).
// Bounded to the ids above a lower limit, it reads only the rows that match in that range
// (15–30 ms for the same words): on search_papers the range is asked of the words' own GIN
// index as id blocks (id-blocks.ts), elsewhere ANDed as a primary-key bitmap.
//
// The limit comes from the planner's own estimate of how many rows match, which its
// statistics make close for words (the schema keeps 1000 per tsvector column). Where it is
// off: words that seldom go together are counted too many (the planner takes words as
// independent), and a range that holds too few matches is widened by what it held, until it
// holds `window` or takes in every row; words that mostly go together are counted too few,
// so the first range is wider than needed, which costs time, never matches. Not for
// phrases: the planner estimates one as its words anywhere in a row, often a hundred times
// too many, and each range tried would read the words' whole GIN entries again (which is
// most of a phrase's cost).

import { type Kysely, type RawBuilder, sql } from "kysely";
import { MAX_TIMER_DELAY_MS } from "../core/limits";
import { ReadCanceledError } from "../db/db-errors";
import type { Database } from "../db/schema";
import { idBlocksQuery } from "./id-blocks";

export interface SearchTable {
  name: "search_papers" | "search_summaries";
  key: "paper_id" | "summary_id";
  alias: "sp" | "ss";
  /**
   * A walk through at most this many rows beats reading the GIN bitmap and the rows it finds:
   * about 1 µs a paper, 6 µs a summary (whose longer tsvectors are read out of TOAST), against
   * about 0.12 µs an entry of the GIN bitmap and 6 µs a row it finds.
   */
  walkMaxRows: number;
  /**
   * How a range of ids narrows the rows a bitmap reads: as lexemes of `facets` that the
   * matches' own GIN index ANDs with their words (id-blocks.ts; only where `matches` reads
   * that index, doc's), as a primary-key bitmap, or not at all. Not for summaries: their
   * tsvectors live in TOAST, so the table itself is a few hundred pages and reading every
   * match there (3 ms for 3,000, 11 ms for 10,000) beats the planner's plan for a range, which
   * reads every row of the range out of TOAST to test it.
   */
  rangedBitmaps: "id blocks" | "primary key" | false;
}

/** A range this many times what the estimate says holds `window` matches: some to spare. */
const SPARE = 1.5;
/** A range that held too few is widened at least this many times, and at most … */
const GROW_MIN = 2;
const GROW_MAX = 16;

async function estimatedRows(db: Kysely<Database>, matches: RawBuilder<unknown>): Promise<number> {
  const { rows } = await sql<{
    "QUERY PLAN": unknown;
  }>`explain (format json) select 1 from ${matches}`.execute(db);
  const text = rows[0]?.["QUERY PLAN"];
  const plan = typeof text === "string" ? JSON.parse(text) : text;
  const estimate = Number((plan as { Plan?: { "Plan Rows"?: unknown } }[])[0]?.Plan?.["Plan Rows"]);
  return Number.isFinite(estimate) && estimate >= 1 ? estimate : 1;
}

async function idRange(db: Kysely<Database>, table: SearchTable) {
  const key = sql.ref(table.key);
  const { rows } = await sql<{ low: number | null; high: number | null }>`select
      min(${key}) as low, max(${key}) as high from ${sql.table(table.name)}`.execute(db);
  const low = rows[0]?.low;
  const high = rows[0]?.high;
  return low === null || low === undefined || high === null || high === undefined
    ? null
    : { low: Number(low), high: Number(high) };
}

/** How many ids below the highest the next range takes in, after one that held `found`. */
export function widerSpan(span: number, found: number, window: number): number {
  const factor = found === 0 ? GROW_MAX : (window / found) * SPARE;
  return Math.ceil(span * Math.min(GROW_MAX, Math.max(GROW_MIN, factor)));
}

/** The first span tried: what the estimate says holds `window` matches, with some to spare. */
export function firstSpan(rows: number, estimate: number, window: number): number {
  return Math.ceil(((window * rows) / Math.max(1, estimate)) * SPARE);
}

/**
 * Where the planner would walk the primary key backwards, testing each row, it must use the
 * indexes' bitmaps instead: it counts that walk's cost without reading each row's tsvector
 * out of its TOAST table, so it picks a walk through 15,000 summaries (88 ms) over a bitmap of
 * their 3,000 matches, or through a million papers (1.3 s) for a phrase the bitmap finds in
 * 76 ms. The setting is local to the transaction, and put back after.
 */
async function withoutWalks<T>(db: Kysely<Database>, run: () => Promise<T>): Promise<T> {
  const { rows } = await sql<{
    before: string;
  }>`select current_setting('enable_indexscan') as before,
    set_config('enable_indexscan', 'off', true)`.execute(db);
  const restore = sql`select set_config('enable_indexscan', ${rows[0]?.before ?? "on"}, true)`;
  let result: T;
  try {
    result = await run();
  } catch (error) {
    // A failed statement has aborted the transaction, and its rollback undoes the setting;
    // the restore would fail too, and hide the error that matters.
    await restore.execute(db).catch(() => undefined);
    throw error;
  }
  await restore.execute(db);
  return result;
}

/**
 * Gives the next statement what is left of the search's time (PostgreSQL's statement_timeout
 * counts per statement; set once, each of a search's statements could use all of it), or
 * stops the search when none is left. Not in a caller's own transaction, whose settings are
 * its own (search-postgres.repo.ts's bounded).
 */
export async function inTime(db: Kysely<Database>, deadline: number): Promise<void> {
  if (db.isTransaction) return;
  const left = Math.ceil(deadline - Date.now());
  if (left <= 0) throw new ReadCanceledError();
  await sql.raw(`set local statement_timeout = ${Math.min(left, MAX_TIMER_DELAY_MS)}`).execute(db);
}

/** A phrase's bitmap rechecks every row holding its words: past this many, let the planner pick. */
const PHRASE_BITMAP_MAX_ROWS = 100_000;

/**
 * Ids of the newest `window` rows of `matches` (a FROM … WHERE over `table` as its alias),
 * highest first. `matches` must end in its WHERE condition: the range is ANDed to it.
 * `guess`: how far the planner's estimate of how many rows match is a guide. For words it is
 * close. For a phrase it counts the rows holding its words anywhere, so no range is tried. For
 * a prefix it is a fixed fraction, so the planner's own plan is left alone (it walks; a GIN
 * bitmap of a prefix costs 150–190 ms by itself).
 */
export async function newestIds(
  db: Kysely<Database>,
  table: SearchTable,
  matches: RawBuilder<unknown>,
  window: number,
  guess: "words" | "phrase" | "prefix",
  deadline: number,
): Promise<number[]> {
  const id = sql.ref(`${table.alias}.${table.key}`);
  const newest = async (above: number | null, range = sql`and ${id} > ${above}`) => {
    await inTime(db, deadline);
    const { rows } = await sql<{ id: number | string }>`select ${id} as id from ${matches}
      ${above === null ? sql`` : range}
      order by ${id} desc limit ${window}`.execute(db);
    return rows.map((r) => Number(r.id));
  };
  // `+ 0`: the blocks' lexemes narrow the range; the test only cuts their lowest block's ids
  // below it, on rows read anyway, so no btree of the key may be ANDed in for it.
  const inBlocks = (above: number, high: number) => {
    const blocks = table.rangedBitmaps === "id blocks" ? idBlocksQuery(above + 1, high) : null;
    return blocks === null
      ? newest(above)
      : newest(
          above,
          sql`and ${sql.ref(`${table.alias}.facets`)} @@ ${blocks}::tsquery and ${id} + 0 > ${above}`,
        );
  };
  if (guess === "prefix") return newest(null);
  const estimate = await estimatedRows(db, matches);
  if (guess === "phrase")
    return estimate <= PHRASE_BITMAP_MAX_ROWS ? withoutWalks(db, () => newest(null)) : newest(null);
  const range = await idRange(db, table);
  if (range === null) return [];
  const rows = range.high - range.low + 1;
  let span = firstSpan(rows, estimate, window);
  // A range too wide to walk: a bitmap, of the range or (rangedBitmaps false) of every match.
  while (span < rows && (span <= table.walkMaxRows || table.rangedBitmaps)) {
    const above = range.high - span;
    const found = await (span <= table.walkMaxRows
      ? newest(above)
      : withoutWalks(db, () => inBlocks(above, range.high)));
    if (found.length >= window) return found;
    span = widerSpan(span, found.length, window);
  }
  // Fewer matches than the window, or fewer than the estimate said: a walk would cross them all.
  return withoutWalks(db, () => newest(null));
}
