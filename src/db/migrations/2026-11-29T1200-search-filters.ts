import type { Migration } from "kysely";
import type { DialectName } from "../dialect";
import { runStatements } from "../run-statements";
import { SEARCH_PAPERS_SYNC } from "./2026-11-28T1200-search";

// Never edit once landed: add a new migration instead.
//
// 1. PostgreSQL: search filters (year range, section, venue) answered next to the match. A
//    filtered query used to join every matching paper to `papers` to read its year and
//    section, and the planner could not know how many matches a filter keeps: a word limited
//    to 2000-2010 and cs walked ~220,000 rows (~48,000 blocks, 130-280 ms at 1M papers). The
//    filtered columns are now copied into search_papers, kept by its trigger in the same
//    transaction as the paper's write, with btree indexes the planner ANDs with the GIN match
//    (bitmaps), weighing each filter with statistics of its own. The backfill rewrites every
//    row once (~95 s at 1M papers); autovacuum reclaims the old versions. SQLite needs none of
//    this: FTS5 walks its doclist newest first and the join stays cheap.
// 2. Both: an index of titles alone. A query matching more than SEARCH_RANK_WINDOW papers
//    ranks only the newest matches, which could leave out the very paper whose title was typed
//    ("Attention is all you need": thousands of newer abstracts hold those words). The ranked
//    set also takes papers whose title matches (search-*.repo.ts), found here:
//    - PostgreSQL: `title_doc` in search_papers (positions kept, so phrases work), kept by the
//      same trigger, with a GIN index. `doc` can't answer it through its index: GIN keeps no
//      weights, so every row holding the words would be re-read to check the title.
//    - SQLite: an FTS5 table `search_titles` over papers.title (external content, like
//      search_papers), kept by triggers. A column filter on search_papers (`title : (…)`)
//      gives the same rows but reads the whole doclists of title, authors and abstract: 55-80
//      ms for three common words at 1M papers, against ~6 ms here. Rebuilt in ~5 s at 1M.

const SQLITE_TOKENIZE = "tokenize='unicode61 remove_diacritics 2'";

const sqliteUp = [
  `create virtual table search_titles using fts5(title, content='papers', content_rowid='id',
     ${SQLITE_TOKENIZE}, prefix='3 4')`,
  `create trigger search_titles_insert after insert on papers begin
     insert into search_titles(rowid, title) values (new.id, new.title);
   end`,
  `create trigger search_titles_delete after delete on papers begin
     insert into search_titles(search_titles, rowid, title) values ('delete', old.id, old.title);
   end`,
  `create trigger search_titles_update after update of title on papers begin
     insert into search_titles(search_titles, rowid, title) values ('delete', old.id, old.title);
     insert into search_titles(rowid, title) values (new.id, new.title);
   end`,
  `insert into search_titles(search_titles) values ('rebuild')`,
];

const sqliteDown = [
  "drop trigger if exists search_titles_update",
  "drop trigger if exists search_titles_delete",
  "drop trigger if exists search_titles_insert",
  "drop table if exists search_titles",
];

const postgresUp = [
  `alter table search_papers add column year integer, add column section text,
     add column venue_id integer, add column title_doc tsvector`,
  `update search_papers sp set year = p.year, section = p.section, venue_id = p.venue_id,
     title_doc = to_tsvector('search_simple', coalesce(p.title, ''))
     from papers p where p.id = sp.paper_id`,
  "alter table search_papers alter column title_doc set not null",
  // A change of only the copied columns leaves the tsvectors alone (no re-parse).
  `create or replace function search_papers_sync() returns trigger language plpgsql as $$
     begin
       if tg_op = 'UPDATE' and new.title is not distinct from old.title
           and new.authors is not distinct from old.authors
           and new.abstract is not distinct from old.abstract then
         update search_papers set year = new.year, section = new.section, venue_id = new.venue_id
           where paper_id = new.id;
       else
         insert into search_papers(paper_id, doc, title_doc, year, section, venue_id)
           values (new.id, search_paper_doc(new.title, new.authors, new.abstract),
                   to_tsvector('search_simple', coalesce(new.title, '')),
                   new.year, new.section, new.venue_id)
           on conflict (paper_id) do update set doc = excluded.doc,
             title_doc = excluded.title_doc, year = excluded.year,
             section = excluded.section, venue_id = excluded.venue_id;
       end if;
       return null;
     end $$`,
  "drop trigger search_papers_sync on papers",
  `create trigger search_papers_sync
     after insert or update of title, authors, abstract, year, section, venue_id
     on papers for each row execute function search_papers_sync()`,
  // Bitmaps of these ANDed with the GIN match (a GIN index over the scalars, btree_gin, was
  // tried: its year-range scan took 180 ms where a btree range takes a few).
  "create index search_papers_section_year on search_papers (section, year)",
  "create index search_papers_year on search_papers (year)",
  "create index search_papers_venue_year on search_papers (venue_id, year)",
  "create index search_papers_title_doc on search_papers using gin (title_doc)",
  // As for `doc` (2026-11-29T1000-search-prefix): enough common lexemes sampled that the
  // planner's guess of how many titles match is near the truth.
  "alter table search_papers alter column title_doc set statistics 1000",
  "analyze search_papers",
];

const postgresDown = [
  "drop index if exists search_papers_section_year",
  "drop index if exists search_papers_year",
  "drop index if exists search_papers_venue_year",
  "drop index if exists search_papers_title_doc",
  "drop trigger search_papers_sync on papers",
  "drop function search_papers_sync()",
  ...SEARCH_PAPERS_SYNC,
  `alter table search_papers drop column year, drop column section, drop column venue_id,
     drop column title_doc`,
];

export function searchFiltersMigration(dialect: DialectName): Migration {
  const postgres = dialect === "postgres";
  return {
    up: (db) => runStatements(db, postgres ? postgresUp : sqliteUp),
    down: (db) => runStatements(db, postgres ? postgresDown : sqliteDown),
  };
}
