import type { Kysely } from "kysely";
import { HOME_LIST_MAX_ITEMS, HOME_PAGE_SIZE, PAGE_READ_DEADLINE_MS } from "../core/limits";
import { pageWindow } from "../core/paging";
import { daysAgoIso } from "../core/time";
import type { Database } from "../db/schema";
import { countListed, listedIds, scoredByActivity } from "./home-listing.repo";
import { listSummaryCardRowsByIds } from "./summaries.repo";
import { asCards, type SummaryCard } from "./summaries.service";
import type { HomeTab } from "./summary-view";

/** Votes and views of the last 30 days make a summary "popular". */
const POPULAR_WINDOW_DAYS = 30;
const MINUTE_MS = 60_000;

export interface HomePage {
  tab: HomeTab;
  section: string | null;
  page: number;
  pageCount: number;
  /** More summaries are listed than the tabs go through (HOME_LIST_MAX_ITEMS). */
  capped: boolean;
  summaries: SummaryCard[];
}

/** Set by tests only: a smaller cap, an earlier deadline for the costly read. */
export interface HomeListOptions {
  listMax?: number;
  readDeadline?: number;
}

/** A page of a home tab. */
export async function getHomePage(
  db: Kysely<Database>,
  q: { tab: HomeTab; section: string | null; page: number },
  options: HomeListOptions = {},
): Promise<HomePage> {
  const listMax = options.listMax ?? HOME_LIST_MAX_ITEMS;
  const listed = await countListed(db, { section: q.section, excluded: [], atMost: listMax + 1 });
  const shown = Math.min(listed, listMax);
  const { pageCount, offset, limit } = pageWindow(shown, HOME_PAGE_SIZE, q.page);
  const window = { section: q.section, offset, limit };
  const ids =
    window.limit <= 0
      ? []
      : q.tab === "popular"
        ? await popularIds(db, {
            ...window,
            deadline: options.readDeadline ?? Date.now() + PAGE_READ_DEADLINE_MS,
          })
        : await listedIds(db, { ...window, order: q.tab, excluded: [] });
  const rows = await listSummaryCardRowsByIds(db, ids);
  return {
    ...q,
    pageCount,
    capped: listed > listMax,
    summaries: await asCards(db, rows),
  };
}

/**
 * The popular tab's page: by points, then score, then newest. The summaries with points come
 * from the period's votes and views; all the others (no points) sit between those above zero
 * and those below, in the order of the best tab, so they are walked from its index.
 */
async function popularIds(
  db: Kysely<Database>,
  q: { section: string | null; offset: number; limit: number; deadline: number },
): Promise<number[]> {
  // From the start of the minute: the same statement for a minute, which the read pool's
  // threads answer from memory until the next commit (db/sqlite-read-memo.ts).
  const since = daysAgoIso(POPULAR_WINDOW_DAYS, Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS);
  const scored = await scoredByActivity(db, {
    section: q.section,
    votesSince: since,
    viewsSinceDay: since.slice(0, 10),
    deadline: q.deadline,
  });
  const above = scored.filter((r) => r.points > 0);
  const below = scored.filter((r) => r.points < 0);
  const excluded = scored.map((r) => r.id);
  const ids = above.slice(q.offset, q.offset + q.limit).map((r) => r.id);
  const middleStart = Math.max(0, q.offset - above.length);
  if (ids.length < q.limit) {
    const middle = await listedIds(db, {
      order: "best",
      section: q.section,
      excluded,
      deadline: q.deadline,
      offset: middleStart,
      limit: q.limit - ids.length,
    });
    ids.push(...middle);
  }
  if (ids.length < q.limit) {
    // The middle ended inside this page, so a count bounded by the page's end is exact.
    const middleCount = await countListed(db, {
      section: q.section,
      excluded,
      deadline: q.deadline,
      atMost: middleStart + q.limit,
    });
    const belowStart = Math.max(0, q.offset - above.length - middleCount);
    ids.push(...below.slice(belowStart, belowStart + q.limit - ids.length).map((r) => r.id));
  }
  return ids;
}
