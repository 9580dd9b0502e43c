import type { Migration } from "kysely";
import type { DialectName } from "../dialect";
import { runStatements } from "../run-statements";

// Never edit once landed: add a new migration instead.
//
// SQLite only: FTS5 prefix indexes for prefixes of 3 and 4 characters (a prefix query needs
// SEARCH_PREFIX_MIN_CHARS = 3). Without them a query like `kaka*` merges the doclists of every
// word starting so before it can return one row (0.7 s median, up to 14 s at 1M papers, even
// for "the newest 1,000 matches"); with them such a prefix is one doclist, read newest first
// and stopped early like a word (~20 ms). FTS5 uses an index only for a prefix of exactly its
// length: longer prefixes match fewer words and are merged as before. No 2-character index:
// it added about as much insert work as each of the others (FTS5 work per paper, measured:
// no prefix 1×, '3 4' ~2.4×, '2 3 4' ~3.3×) for prefixes that match most of the vocabulary.
// The tables are rebuilt with the same columns, tokenizer and ranking; the triggers of
// 2026-11-28T1200-search name the tables, not their definitions, so they keep working.
//
// PostgreSQL: the planner estimates how many rows a tsquery matches from the most common
// lexemes it sampled; with the default 100 it knew too few of them, guessed 0.5% for a word
// or prefix found in 17% of papers, and read all 170,000 through the GIN index instead of
// walking the newest ids until it had SEARCH_RANK_WINDOW. A larger sample fixes the guess.

const SQLITE_TOKENIZE = "tokenize='unicode61 remove_diacritics 2'";

function sqliteStatements(prefix: string): string[] {
  return [
    "drop table search_papers",
    `create virtual table search_papers using fts5(title, authors, abstract,
       content='papers', content_rowid='id', ${SQLITE_TOKENIZE}${prefix})`,
    `insert into search_papers(search_papers) values ('rebuild')`,
    `insert into search_papers(search_papers, rank) values ('rank', 'bm25(10.0, 4.0, 1.0)')`,
    "drop table search_summaries",
    `create virtual table search_summaries using fts5(source, author, ${SQLITE_TOKENIZE}${prefix})`,
    `insert into search_summaries(search_summaries, rank) values ('rank', 'bm25(1.0, 0.5)')`,
    `insert into search_summaries(rowid, source, author)
       select s.id, s.source, case when s.is_anonymous = 0
         then coalesce(u.display_name || ' ' || u.username, '') else '' end
       from summaries s left join users u on u.id = s.user_id`,
  ];
}

export function searchPrefixMigration(dialect: DialectName): Migration {
  const postgres = (target: number) =>
    ["search_papers", "search_summaries"].flatMap((table) => [
      `alter table ${table} alter column doc set statistics ${target}`,
      `analyze ${table}`,
    ]);
  return {
    up: (db) =>
      runStatements(db, dialect === "sqlite" ? sqliteStatements(", prefix='3 4'") : postgres(1000)),
    down: (db) => runStatements(db, dialect === "sqlite" ? sqliteStatements("") : postgres(-1)),
  };
}
