import type { Migration } from "kysely";
import type { DialectName } from "../dialect";
import { runStatements } from "../run-statements";

// Never edit once landed: add a new migration instead.
//
// PostgreSQL: a rename rewrites the search text of the author's named summaries
// (search_summaries_author, 2026-11-28T1200-search). It chose them from its snapshot: a
// summary made anonymous by a transaction that committed while the rename waited for that
// summary's search row was still "named" to it, and got the author's new name written back,
// so a search for the name found the anonymous summary. The summaries are now chosen FOR NO
// KEY UPDATE: a row changed meanwhile is read again in its committed state and checked again,
// and one made anonymous is left out. The order of locks is the summary write's own (the
// summary, then its search row), so the two don't deadlock; an account deletion, which
// renames too, takes its summaries' locks first, in id order (votes.service.ts). The reverse
// race (a summary made named while its author renames in another tab) can leave the old name
// in its search text until its next write: stale, never a name the author has hidden (an
// account deletion holds all its summaries before it renames, so none turns named unseen).
// SQLite writes one transaction at a time.

const postgresUp = [
  `create or replace function search_summaries_author() returns trigger language plpgsql as $$
     begin
       update search_summaries x set doc = search_summary_doc(s.source, s.is_anonymous, s.user_id)
         from (select id, source, is_anonymous, user_id from summaries
               where user_id = new.id and is_anonymous = 0 for no key update) s
         where x.summary_id = s.id;
       return null;
     end $$`,
];

const postgresDown = [
  `create or replace function search_summaries_author() returns trigger language plpgsql as $$
     begin
       update search_summaries x set doc = search_summary_doc(s.source, s.is_anonymous, s.user_id)
         from summaries s where s.user_id = new.id and s.is_anonymous = 0 and x.summary_id = s.id;
       return null;
     end $$`,
];

export function searchAuthorRowLocksMigration(dialect: DialectName): Migration {
  const postgres = dialect === "postgres";
  return {
    up: (db) => (postgres ? runStatements(db, postgresUp) : Promise.resolve()),
    down: (db) => (postgres ? runStatements(db, postgresDown) : Promise.resolve()),
  };
}
