import { type Kysely, type Migration, sql } from "kysely";
import type { DialectName } from "../dialect";

// Never edit once landed: add a new migration instead.
//
// Issue 11, point 1: full-text search over papers (title, authors, abstract) and summaries
// (the Markdown source, and the author's names unless the summary is anonymous). The indexes
// are kept by triggers, so every writer — the services, imports, the CLI, a moderator's
// direct UPDATE — keeps them in its own transaction: a rolled-back write leaves no trace.
// Visibility (private, deleted, hidden) is not indexed: queries join the row and check
// db/listed.ts, so a later hide is never found even before anything else runs.
//
// SQLite: FTS5 with `unicode61 remove_diacritics 2` ("Schrodinger" finds "Schrödinger").
// Papers are an external-content table over `papers` (no second copy of 1M abstracts);
// summaries a table of their own, because the author's name lives in `users`.
// PostgreSQL: a tsvector per row in search_papers / search_summaries (GIN), built with a text
// search configuration `search_simple` = simple + the `unaccent` dictionary, so the stored
// vectors, the queries and ts_headline all fold diacritics the same way.
// Weights: title A, authors B, abstract C; summary text A, author B.
//
// The search_* tables are not in db/schema.ts: only src/search/ reads them, in raw SQL, and
// their shape differs per database (schema-drift.test.ts skips them).

const sqliteStatements = [
  `create virtual table search_papers using fts5(title, authors, abstract,
     content='papers', content_rowid='id', tokenize='unicode61 remove_diacritics 2')`,
  `create trigger search_papers_insert after insert on papers begin
     insert into search_papers(rowid, title, authors, abstract)
       values (new.id, new.title, new.authors, new.abstract);
   end`,
  `create trigger search_papers_delete after delete on papers begin
     insert into search_papers(search_papers, rowid, title, authors, abstract)
       values ('delete', old.id, old.title, old.authors, old.abstract);
   end`,
  `create trigger search_papers_update after update of title, authors, abstract on papers begin
     insert into search_papers(search_papers, rowid, title, authors, abstract)
       values ('delete', old.id, old.title, old.authors, old.abstract);
     insert into search_papers(rowid, title, authors, abstract)
       values (new.id, new.title, new.authors, new.abstract);
   end`,
  `insert into search_papers(search_papers) values ('rebuild')`,
  // `order by rank` then ranks title above authors above abstract, sorted inside FTS5.
  `insert into search_papers(search_papers, rank) values ('rank', 'bm25(10.0, 4.0, 1.0)')`,

  `create virtual table search_summaries using fts5(source, author,
     tokenize='unicode61 remove_diacritics 2')`,
  `insert into search_summaries(search_summaries, rank) values ('rank', 'bm25(1.0, 0.5)')`,
  `create trigger search_summaries_insert after insert on summaries begin
     insert into search_summaries(rowid, source, author) values (new.id, new.source,
       case when new.is_anonymous = 0
         then coalesce((select display_name || ' ' || username from users where id = new.user_id), '')
         else '' end);
   end`,
  `create trigger search_summaries_update after update of source, is_anonymous, user_id on summaries begin
     delete from search_summaries where rowid = old.id;
     insert into search_summaries(rowid, source, author) values (new.id, new.source,
       case when new.is_anonymous = 0
         then coalesce((select display_name || ' ' || username from users where id = new.user_id), '')
         else '' end);
   end`,
  `create trigger search_summaries_delete after delete on summaries begin
     delete from search_summaries where rowid = old.id;
   end`,
  `create trigger search_summaries_author after update of display_name, username on users begin
     update search_summaries set author = new.display_name || ' ' || new.username
       where rowid in (select id from summaries where user_id = new.id and is_anonymous = 0);
   end`,
  `insert into search_summaries(rowid, source, author)
     select s.id, s.source, case when s.is_anonymous = 0
       then coalesce(u.display_name || ' ' || u.username, '') else '' end
     from summaries s left join users u on u.id = s.user_id`,
];

/** The trigger keeping search_papers, as created here; later migrations' downs restore it. */
export const SEARCH_PAPERS_SYNC = [
  `create function search_papers_sync() returns trigger language plpgsql as $$
     begin
       insert into search_papers(paper_id, doc)
         values (new.id, search_paper_doc(new.title, new.authors, new.abstract))
         on conflict (paper_id) do update set doc = excluded.doc;
       return null;
     end $$`,
  `create trigger search_papers_sync after insert or update of title, authors, abstract
     on papers for each row execute function search_papers_sync()`,
];

/** The trigger keeping search_summaries, as created here; later migrations' downs restore it. */
export const SEARCH_SUMMARIES_SYNC = [
  `create function search_summaries_sync() returns trigger language plpgsql as $$
     begin
       insert into search_summaries(summary_id, doc)
         values (new.id, search_summary_doc(new.source, new.is_anonymous, new.user_id))
         on conflict (summary_id) do update set doc = excluded.doc;
       return null;
     end $$`,
  `create trigger search_summaries_sync after insert or update of source, is_anonymous, user_id
     on summaries for each row execute function search_summaries_sync()`,
];

const postgresStatements = [
  // A trusted extension: the database owner may create it (CI's PostgreSQL has it too).
  "create extension if not exists unaccent",
  "create text search configuration search_simple (copy = simple)",
  `alter text search configuration search_simple
     alter mapping for hword, hword_part, word with unaccent, simple`,
  `create table search_papers (
     paper_id integer primary key references papers(id) on delete cascade,
     doc tsvector not null)`,
  "create index search_papers_doc on search_papers using gin (doc)",
  `create function search_paper_doc(title text, authors text, abstract text) returns tsvector
     language sql stable as $$
       select setweight(to_tsvector('search_simple', coalesce(title, '')), 'A')
         || setweight(to_tsvector('search_simple', coalesce(authors, '')), 'B')
         || setweight(to_tsvector('search_simple', coalesce(abstract, '')), 'C')
     $$`,
  ...SEARCH_PAPERS_SYNC,
  `insert into search_papers(paper_id, doc)
     select id, search_paper_doc(title, authors, abstract) from papers`,

  `create table search_summaries (
     summary_id integer primary key references summaries(id) on delete cascade,
     doc tsvector not null)`,
  "create index search_summaries_doc on search_summaries using gin (doc)",
  `create function search_summary_doc(source text, is_anonymous integer, user_id integer)
     returns tsvector language sql stable as $$
       select setweight(to_tsvector('search_simple', coalesce($1, '')), 'A')
         || setweight(to_tsvector('search_simple', case when $2 = 0 then coalesce(
              (select u.display_name || ' ' || u.username from users u where u.id = $3), '')
              else '' end), 'B')
     $$`,
  ...SEARCH_SUMMARIES_SYNC,
  `create function search_summaries_author() returns trigger language plpgsql as $$
     begin
       update search_summaries x set doc = search_summary_doc(s.source, s.is_anonymous, s.user_id)
         from summaries s where s.user_id = new.id and s.is_anonymous = 0 and x.summary_id = s.id;
       return null;
     end $$`,
  `create trigger search_summaries_author after update of display_name, username
     on users for each row execute function search_summaries_author()`,
  `insert into search_summaries(summary_id, doc)
     select id, search_summary_doc(source, is_anonymous, user_id) from summaries`,
];

export function searchMigration(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      const statements = dialect === "postgres" ? postgresStatements : sqliteStatements;
      for (const statement of statements) await sql.raw(statement).execute(db);
    },
    async down(db: Kysely<unknown>) {
      const statements =
        dialect === "postgres"
          ? [
              "drop trigger if exists search_summaries_author on users",
              "drop trigger if exists search_summaries_sync on summaries",
              "drop trigger if exists search_papers_sync on papers",
              "drop table if exists search_summaries",
              "drop table if exists search_papers",
              "drop function if exists search_summaries_author()",
              "drop function if exists search_summaries_sync()",
              "drop function if exists search_summary_doc(text, integer, integer)",
              "drop function if exists search_papers_sync()",
              "drop function if exists search_paper_doc(text, text, text)",
              "drop text search configuration if exists search_simple",
            ]
          : [
              "drop trigger if exists search_summaries_author",
              "drop trigger if exists search_summaries_delete",
              "drop trigger if exists search_summaries_update",
              "drop trigger if exists search_summaries_insert",
              "drop trigger if exists search_papers_update",
              "drop trigger if exists search_papers_delete",
              "drop trigger if exists search_papers_insert",
              "drop table if exists search_summaries",
              "drop table if exists search_papers",
            ];
      for (const statement of statements) await sql.raw(statement).execute(db);
    },
  };
}
