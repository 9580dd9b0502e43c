import type { Migration } from "kysely";
import { runStatements } from "../run-statements";

// Never edit once landed: add a new migration instead.
//
// The home page's tabs at 50,000 summaries. Its count, its "best" and "recent" pages past the
// first few, and every "popular" page read whole summary rows (source and HTML, into
// overflow pages) to learn which are listed: the count took 300 ms and a popular page 500 ms,
// on the event loop. These partial indexes hold only listed summaries (public, not deleted,
// not hidden) with what the tabs sort and filter by, so a page walks a few index entries
// (home-listing.repo.ts; SQLite names them with INDEXED BY, as its planner has no statistics).
//
// They replace the initial migration's (is_private, score, id) and (is_private, updated_at, id)
// indexes. Without statistics, SQLite took `is_private = 0` for a selective term wherever a
// query listed summaries: a profile's reputation (summaries of one user) and the cards of five
// ids each walked every public summary, 90-110 ms at 50,000, instead of their own few rows.

export const SUMMARIES_LISTED_BEST = "summaries_listed_best";
export const SUMMARIES_LISTED_RECENT = "summaries_listed_recent";
export const SUMMARIES_LISTED_ID = "summaries_listed_id";

const LISTED = "where is_private = 0 and deleted_at is null and hidden_at is null";

const up = [
  `create index ${SUMMARIES_LISTED_BEST} on summaries (score desc, id desc, paper_id) ${LISTED}`,
  // With the score: the legacy feeds walk it for summaries scored above 1.
  `create index ${SUMMARIES_LISTED_RECENT}
     on summaries (updated_at desc, id desc, paper_id, score) ${LISTED}`,
  // By id, for the summaries a popularity score names: whether listed, and its score.
  `create index ${SUMMARIES_LISTED_ID} on summaries (id, score, paper_id) ${LISTED}`,
  "drop index summaries_public_score",
  "drop index summaries_public_updated",
];

const down = [
  "create index summaries_public_score on summaries (is_private, score, id)",
  "create index summaries_public_updated on summaries (is_private, updated_at, id)",
  `drop index if exists ${SUMMARIES_LISTED_ID}`,
  `drop index if exists ${SUMMARIES_LISTED_RECENT}`,
  `drop index if exists ${SUMMARIES_LISTED_BEST}`,
];

export function homeListingIndexesMigration(): Migration {
  return {
    up: (db) => runStatements(db, up),
    down: (db) => runStatements(db, down),
  };
}
