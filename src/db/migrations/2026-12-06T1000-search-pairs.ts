import type { Migration } from "kysely";
import type { DialectName } from "../dialect";
import { runStatements } from "../run-statements";

// Never edit once landed: add a new migration instead.
//
// PostgreSQL: an index of adjacent word pairs, for phrases. A phrase ("kakaka lattice") was
// found through `doc`'s GIN entries of each of its words, and every row holding them all was
// re-read to check their positions: for two common words, 140,000-740,000 rows at 1M papers
// and 180-580 ms, however few rows held the phrase. `pairs` holds each pair of lexemes at
// positions p and p+1 of `doc` ("kakaka lattice"), taken from doc's own stored positions, so a
// row holds the pair exactly when `doc @@ 'kakaka' <-> 'lattice'`; a GIN over it finds a
// phrase's rows by one entry per pair, and the planner weighs a pair with statistics of its
// own. Kept by a BEFORE trigger on the search tables themselves: every statement that writes a
// `doc` (the papers' and summaries' triggers, an author's rename) keeps `pairs` with it, in the
// same transaction. The backfill reads every doc once (about 2 minutes at 1M papers). SQLite
// needs none of this: FTS5 checks positions in its doclists without reading rows.

/**
 * The pairs of a tsvector, and with `titles` (papers) also the pairs whose two positions are
 * both in the title (weight A, search_paper_doc), joined by a tab: no lexeme holds a space or
 * a tab, so neither kind is taken for the other. Pairs longer than a lexeme may be (2,046
 * bytes) are left out: their words alone are already beyond what to_tsvector keeps.
 */
const SEARCH_PAIRS = `create function search_pairs(doc tsvector, titles boolean) returns text[]
  language sql immutable strict parallel safe as $$
    with t as (
      select u.lexeme, p.pos, p.weight
      from unnest(doc) u, unnest(u.positions, u.weights) p(pos, weight)
    )
    select coalesce(array_agg(distinct x.pair), '{}')
    from t a join t b on b.pos = a.pos + 1
    cross join lateral (values (a.lexeme || ' ' || b.lexeme),
      (case when titles and a.weight = 'A' and b.weight = 'A'
        then a.lexeme || E'\\t' || b.lexeme end)) x(pair)
    where x.pair is not null and octet_length(a.lexeme) + octet_length(b.lexeme) < 2046
  $$`;

const postgresUp = [
  // No write may slip between the backfill and the triggers that keep what it wrote.
  "lock table search_papers, search_summaries in share row exclusive mode",
  SEARCH_PAIRS,
  `create function search_pairs_sync() returns trigger language plpgsql as $$
     begin
       new.pairs := search_pairs(new.doc, coalesce(tg_argv[0] = 'titles', false));
       return new;
     end $$`,
  "alter table search_papers add column pairs text[]",
  "alter table search_summaries add column pairs text[]",
  "update search_papers set pairs = search_pairs(doc, true)",
  "update search_summaries set pairs = search_pairs(doc, false)",
  "alter table search_papers alter column pairs set not null",
  "alter table search_summaries alter column pairs set not null",
  `create trigger search_papers_pairs before insert or update of doc on search_papers
     for each row execute function search_pairs_sync('titles')`,
  `create trigger search_summaries_pairs before insert or update of doc on search_summaries
     for each row execute function search_pairs_sync('summaries')`,
  // A GIN build sorts its entries in this memory (~90 pairs a paper): at the default 64MB it
  // spills and merges many times.
  "set local maintenance_work_mem = '512MB'",
  "create index search_papers_pairs on search_papers using gin (pairs)",
  "create index search_summaries_pairs on search_summaries using gin (pairs)",
  // As for `doc`: enough common pairs sampled that the guess of how many rows hold one is
  // near the truth (search-newest.repo.ts sizes its first range by it).
  "alter table search_papers alter column pairs set statistics 1000",
  "alter table search_summaries alter column pairs set statistics 1000",
  "analyze search_papers",
  "analyze search_summaries",
];

const postgresDown = [
  "drop trigger if exists search_summaries_pairs on search_summaries",
  "drop trigger if exists search_papers_pairs on search_papers",
  "alter table search_summaries drop column if exists pairs",
  "alter table search_papers drop column if exists pairs",
  "drop function if exists search_pairs_sync()",
  "drop function if exists search_pairs(tsvector, boolean)",
];

export function searchPairsMigration(dialect: DialectName): Migration {
  const postgres = dialect === "postgres";
  return {
    up: (db) => (postgres ? runStatements(db, postgresUp) : Promise.resolve()),
    down: (db) => (postgres ? runStatements(db, postgresDown) : Promise.resolve()),
  };
}
