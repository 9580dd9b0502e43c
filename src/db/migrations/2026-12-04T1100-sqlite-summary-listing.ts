import type { Migration } from "kysely";
import type { DialectName } from "../dialect";
import { runStatements } from "../run-statements";

// Never edit once landed: add a new migration instead.
//
// SQLite: a home tab of one section (2026-12-04T1000-home-listing-indexes) tested each listed
// summary's paper for its section, one lookup in a million-entry index each: a section with
// few summaries walked them all, 115 ms at 50,000 summaries. This table holds each listed
// summary with its paper's section and what the tabs sort by, so a section's list is a range
// of an index. Triggers keep it in the summary's and the paper's own statements (SQLite runs
// one writer at a time, so no write can slip between a row and its copy). PostgreSQL reads the
// section from search_summaries, which its own triggers keep (2026-11-30T1000).

export const SUMMARY_LISTING = "summary_listing";

const LISTED = "new.is_private = 0 and new.deleted_at is null and new.hidden_at is null";

/** The row of summary `new` if it is listed, with its paper's section. */
const copyNew = `insert into ${SUMMARY_LISTING} (summary_id, section, score, updated_at)
       select new.id, p.section, new.score, new.updated_at from papers p
       where p.id = new.paper_id and ${LISTED};`;

const sqliteUp = [
  `create table ${SUMMARY_LISTING} (
     summary_id integer primary key references summaries (id) on delete cascade,
     section text,
     score integer not null,
     updated_at text not null)`,
  `create index ${SUMMARY_LISTING}_best on ${SUMMARY_LISTING} (section, score desc, summary_id desc)`,
  `create index ${SUMMARY_LISTING}_recent
     on ${SUMMARY_LISTING} (section, updated_at desc, summary_id desc)`,
  `insert into ${SUMMARY_LISTING} (summary_id, section, score, updated_at)
     select s.id, p.section, s.score, s.updated_at from summaries s join papers p on p.id = s.paper_id
     where s.is_private = 0 and s.deleted_at is null and s.hidden_at is null`,
  `create trigger ${SUMMARY_LISTING}_insert after insert on summaries begin
     ${copyNew}
   end`,
  `create trigger ${SUMMARY_LISTING}_update
     after update of paper_id, is_private, deleted_at, hidden_at, score, updated_at on summaries
   begin
     delete from ${SUMMARY_LISTING} where summary_id = old.id;
     ${copyNew}
   end`,
  `create trigger ${SUMMARY_LISTING}_delete after delete on summaries begin
     delete from ${SUMMARY_LISTING} where summary_id = old.id;
   end`,
  `create trigger ${SUMMARY_LISTING}_section after update of section on papers
     when old.section is not new.section
   begin
     update ${SUMMARY_LISTING} set section = new.section
       where summary_id in (select id from summaries where paper_id = new.id);
   end`,
];

const sqliteDown = [
  `drop trigger if exists ${SUMMARY_LISTING}_section`,
  `drop trigger if exists ${SUMMARY_LISTING}_delete`,
  `drop trigger if exists ${SUMMARY_LISTING}_update`,
  `drop trigger if exists ${SUMMARY_LISTING}_insert`,
  `drop table if exists ${SUMMARY_LISTING}`,
];

export function sqliteSummaryListingMigration(dialect: DialectName): Migration {
  const sqlite = dialect === "sqlite";
  return {
    up: (db) => (sqlite ? runStatements(db, sqliteUp) : Promise.resolve()),
    down: (db) => (sqlite ? runStatements(db, sqliteDown) : Promise.resolve()),
  };
}
