import type { Migration } from "kysely";
import type { DialectName } from "../dialect";
import { runStatements } from "../run-statements";

// Never edit once landed: add a new migration instead.
//
// PostgreSQL. search_papers is wide (doc is about 1.4 KB a paper, kept in the row), so every
// row a search reads costs a page of its own, and two kinds of search read far more rows than
// they keep:
// - A filtered one ("from 2000 to 2010, cs") found its words through doc's GIN index and then
//   read each match to test the filters: at a million papers, 11,800 pages to keep 2,300.
// - Any search ranks the newest 1,000 matches, found in a range of ids (search-newest.repo.ts).
//   ANDed as a primary-key bitmap, the range read 200,000–300,000 btree entries (30–77 ms);
//   left as a row test, every match below it was read too.
// `facets` holds both as lexemes, in one GIN index with `doc`: the paper's year (`~y2005`),
// section (`~scs`), and the blocks its id falls in (`~i` of 4,096 ids, `~j` of 65,536). The
// index itself then ANDs the words with the filters and the range, skipping through the long
// entries of a year or a section, and only rows that pass are read. The `~` sets these
// lexemes apart from words: no lexeme the parser makes holds one. The GIN index on doc alone
// goes: the two-column index answers doc alone too. Adding the column rewrites the table
// under an exclusive lock, and searches wait for the migration (about 2 minutes at a million
// papers here).
// SQLite's FTS5 tables are untouched (filters there read a narrow index of papers,
// 2026-12-02T1000-search-filter-indexes).

export const SEARCH_PAPERS_DOC_FACETS = "search_papers_doc_facets";
/** The id block lexemes: `~i` is the id shifted right by ID_FINE_BITS, `~j` by ID_COARSE_BITS. */
export const ID_FINE_BITS = 12;
export const ID_COARSE_BITS = 16;

const postgresUp = [
  // Building a GIN index over a million rows at the default 64MB takes several times longer.
  "set local maintenance_work_mem = '256MB'",
  `alter table search_papers add column facets tsvector generated always as (
     array_to_tsvector(array_remove(array[
       case when year is not null then '~y' || year::text end,
       case when section is not null then '~s' || section end,
       '~i' || (paper_id >> ${ID_FINE_BITS})::text,
       '~j' || (paper_id >> ${ID_COARSE_BITS})::text], null))
   ) stored`,
  `create index ${SEARCH_PAPERS_DOC_FACETS} on search_papers using gin (doc, facets)`,
  "drop index search_papers_doc",
  // As for doc (2026-11-29T1000-search-prefix): the planner weighs a year, a section or a block
  // by the share of rows holding it, so each value is kept in the statistics.
  "alter table search_papers alter column facets set statistics 1000",
  // A rewritten table has no statistics for its new column until autovacuum's next analyze,
  // and the planner's fixed guess for @@ would size the newest matches' first range.
  "analyze search_papers (facets)",
];

const postgresDown = [
  "set local maintenance_work_mem = '256MB'",
  "create index search_papers_doc on search_papers using gin (doc)",
  `drop index if exists ${SEARCH_PAPERS_DOC_FACETS}`,
  "alter table search_papers drop column facets",
];

export function searchFacetsMigration(dialect: DialectName): Migration {
  const postgres = dialect === "postgres";
  return {
    up: (db) => (postgres ? runStatements(db, postgresUp) : Promise.resolve()),
    down: (db) => (postgres ? runStatements(db, postgresDown) : Promise.resolve()),
  };
}
