import type { Migration } from "kysely";
import type { DialectName } from "../dialect";
import { runStatements } from "../run-statements";
import {
  PAPER_COPIES_SYNC,
  SUMMARY_COPIES_SYNC,
  summaryCopiesSync,
} from "./2026-11-30T1000-search-summary-filters";

// Never edit once landed: add a new migration instead.
//
// PostgreSQL: the summary search copies (2026-11-30T1000-search-summary-filters) guarded their
// paper's year, section and venue with one advisory lock per paper. Advisory locks live in the
// shared lock table (max_locks_per_transaction × connections, 6,400 slots by default), so one
// transaction writing summaries of more papers than that (a legacy import, a bulk load) failed
// with "out of shared memory". Row locks live in the rows themselves and have no such bound:
// a summary write now takes FOR KEY SHARE on its paper (what its foreign key check takes
// anyway, and no bar to an ordinary update of the paper), and a change of the copied columns
// takes FOR UPDATE on the paper it is changing, the one mode that waits for those KEY SHARE
// holders. Each still sees the other's write: the summary reads the paper in a statement after
// its lock is granted (so after the change committed), and the paper's update of the copies
// runs after its lock, in a statement of its own that sees the summary committed.

const postgresUp = [
  // Two statements: a SELECT … FOR KEY SHARE that waited for the paper's change still returns
  // the row its snapshot saw (KEY SHARE doesn't conflict with the update itself, only with the
  // trigger's FOR UPDATE), so the read that follows, with a snapshot taken after the wait,
  // is the one that sees the committed change.
  summaryCopiesSync(
    `perform 1 from papers where id = new.paper_id for key share;
       select p.year, p.section, p.venue_id into paper from papers p where p.id = new.paper_id;`,
  ),
  `create or replace function search_summaries_paper() returns trigger language plpgsql as $$
     begin
       perform 1 from papers where id = new.id for update;
       update search_summaries set year = new.year, section = new.section,
           venue_id = new.venue_id
         where paper_id = new.id;
       return null;
     end $$`,
];

const postgresDown = [SUMMARY_COPIES_SYNC, PAPER_COPIES_SYNC];

export function searchCopyRowLocksMigration(dialect: DialectName): Migration {
  const postgres = dialect === "postgres";
  return {
    up: (db) => (postgres ? runStatements(db, postgresUp) : Promise.resolve()),
    down: (db) => (postgres ? runStatements(db, postgresDown) : Promise.resolve()),
  };
}
