import type { Migration } from "kysely";
import type { DialectName } from "../dialect";
import { runStatements } from "../run-statements";
import { SEARCH_SUMMARIES_SYNC } from "./2026-11-28T1200-search";

// Never edit once landed: add a new migration instead.
//
// PostgreSQL: a summary search answered from search_summaries alone. Each match used to be
// joined to `summaries` to know whether it is listed (public, not deleted, not hidden), and
// to `papers` for the filters; the planner chose a sequential scan of `summaries` (whole
// Markdown and HTML rows) for it: 110-240 ms per query at 50,000 summaries. Whether a summary
// is listed, and its paper's id, year, section and venue, are now copied next to its tsvector,
// kept by triggers in the same transaction as the summary's or the paper's write, as
// 2026-11-29T1200-search-filters did for papers. Rows are narrow (the tsvectors are TOASTed),
// so the filters need no index of their own. SQLite needs none of this: FTS5 walks its doclist
// newest first and the join stays cheap.

/** The first key of the two-key advisory locks on a paper's copied columns (the second is the
 *  paper's id): a key space of its own, apart from dialect.ts's one-key hashtext locks. */
const PAPER_COPY_LOCK = 7301;

/** search_summaries_sync, reading its paper's row into `paper` with `readPaper`. */
export const summaryCopiesSync = (
  readPaper: string,
) => `create or replace function search_summaries_sync() returns trigger language plpgsql as $$
     declare
       is_listed boolean := new.is_private = 0 and new.deleted_at is null
         and new.hidden_at is null;
       paper record;
     begin
       ${readPaper}
       if tg_op = 'UPDATE' and new.source is not distinct from old.source
           and new.is_anonymous is not distinct from old.is_anonymous
           and new.user_id is not distinct from old.user_id then
         update search_summaries set listed = is_listed, paper_id = new.paper_id,
             year = paper.year, section = paper.section, venue_id = paper.venue_id
           where summary_id = new.id;
       else
         insert into search_summaries(summary_id, doc, listed, paper_id, year, section, venue_id)
           values (new.id, search_summary_doc(new.source, new.is_anonymous, new.user_id),
                   is_listed, new.paper_id, paper.year, paper.section, paper.venue_id)
           on conflict (summary_id) do update set doc = excluded.doc, listed = excluded.listed,
             paper_id = excluded.paper_id, year = excluded.year, section = excluded.section,
             venue_id = excluded.venue_id;
       end if;
       return null;
     end $$`;

/** search_summaries_paper as created here; 2026-12-01T1000-search-copy-row-locks' down restores it. */
export const PAPER_COPIES_SYNC = `create or replace function search_summaries_paper() returns trigger language plpgsql as $$
     begin
       perform pg_advisory_xact_lock(${PAPER_COPY_LOCK}, new.id);
       update search_summaries set year = new.year, section = new.section,
           venue_id = new.venue_id
         where paper_id = new.id;
       return null;
     end $$`;

/** The summary trigger's read of its paper as created here (2026-12-01T1000-search-copy-row-locks
 *  replaced it; its down restores this). */
export const SUMMARY_COPIES_SYNC = summaryCopiesSync(
  `-- Against a concurrent change of the paper's year, section or venue (whose trigger takes
       -- this lock exclusively): without it, each would miss the other's uncommitted write. An
       -- advisory lock rather than FOR SHARE on the paper, which would block every update of
       -- the paper row (updated_at, a metadata check) for as long as this transaction runs.
       perform pg_advisory_xact_lock_shared(${PAPER_COPY_LOCK}, new.paper_id);
       select p.year, p.section, p.venue_id into paper from papers p where p.id = new.paper_id;`,
);

const postgresUp = [
  // Writers wait for the whole migration: a summary written between the backfill and the new
  // triggers would keep listed = false, a paper changed then would keep its old copies.
  "lock table papers, summaries, search_summaries in share row exclusive mode",
  `alter table search_summaries add column listed boolean not null default false,
     add column paper_id integer, add column year integer, add column section text,
     add column venue_id integer`,
  `update search_summaries ss set
     listed = (s.is_private = 0 and s.deleted_at is null and s.hidden_at is null),
     paper_id = p.id, year = p.year, section = p.section, venue_id = p.venue_id
     from summaries s join papers p on p.id = s.paper_id where s.id = ss.summary_id`,
  // A change of only the copied columns leaves the tsvector alone (no re-parse).
  SUMMARY_COPIES_SYNC,
  "drop trigger search_summaries_sync on summaries",
  `create trigger search_summaries_sync
     after insert or update of source, is_anonymous, user_id, is_private, deleted_at, hidden_at,
       paper_id
     on summaries for each row execute function search_summaries_sync()`,
  PAPER_COPIES_SYNC,
  `create trigger search_summaries_paper after update of year, section, venue_id
     on papers for each row
     when (old.year is distinct from new.year or old.section is distinct from new.section
       or old.venue_id is distinct from new.venue_id)
     execute function search_summaries_paper()`,
  "create index search_summaries_paper on search_summaries (paper_id)",
  "analyze search_summaries",
];

const postgresDown = [
  "drop trigger if exists search_summaries_paper on papers",
  "drop function if exists search_summaries_paper()",
  "drop index if exists search_summaries_paper",
  "drop trigger search_summaries_sync on summaries",
  "drop function search_summaries_sync()",
  ...SEARCH_SUMMARIES_SYNC,
  `alter table search_summaries drop column listed, drop column paper_id, drop column year,
     drop column section, drop column venue_id`,
];

export function searchSummaryFiltersMigration(dialect: DialectName): Migration {
  const postgres = dialect === "postgres";
  return {
    up: (db) => (postgres ? runStatements(db, postgresUp) : Promise.resolve()),
    down: (db) => (postgres ? runStatements(db, postgresDown) : Promise.resolve()),
  };
}
