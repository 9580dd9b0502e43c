import type { Migration } from "kysely";
import type { DialectName } from "../dialect";
import { runStatements } from "../run-statements";

// Never edit once landed: add a new migration instead.
//
// SQLite: a filtered search (year, section, venue) or any summary search tests each FTS5 match
// against its row in papers or summaries. Those rows are large (a paper's abstract; a
// summary's source and HTML, which run into overflow pages, before is_private), so each test
// read a page or more of its own: at a million papers, a filtered count of 1,001 matches read
// about 10,000 of them. These narrow indexes hold just what the tests read, keyed by id, so the
// lookups stay in a few megabytes of index pages (search-sqlite.repo.ts names them with
// INDEXED BY). PostgreSQL keeps copies of these columns in its own search tables
// (2026-11-30T1000-search-summary-filters) and needs nothing here.

export const PAPERS_SEARCH_FILTERS = "papers_search_filters";
export const SUMMARIES_SEARCH_LISTED = "summaries_search_listed";

const sqliteUp = [
  `create index ${PAPERS_SEARCH_FILTERS} on papers (id, year, section, venue_id)`,
  `create index ${SUMMARIES_SEARCH_LISTED}
     on summaries (id, paper_id, is_private, deleted_at, hidden_at)`,
];

const sqliteDown = [
  `drop index if exists ${SUMMARIES_SEARCH_LISTED}`,
  `drop index if exists ${PAPERS_SEARCH_FILTERS}`,
];

export function searchFilterIndexesMigration(dialect: DialectName): Migration {
  const sqlite = dialect === "sqlite";
  return {
    up: (db) => (sqlite ? runStatements(db, sqliteUp) : Promise.resolve()),
    down: (db) => (sqlite ? runStatements(db, sqliteDown) : Promise.resolve()),
  };
}
