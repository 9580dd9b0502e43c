// SQLite settings for the length of a bulk import, put back when it ends (even by an error).
//
// - FTS5 `automerge` 0: the search index (kept by the papers triggers, in each batch's own
//   transaction) stops merging its segments a little on every write. Profiled on generated
//   snapshot records, that incremental merging is about a quarter of the index's cost. The
//   index stays complete and consistent at every commit (merging only reorganises it), and
//   FTS5's `crisismerge` still merges a level once it holds 16 segments, so queries never
//   face an unbounded number of them. The value found before is restored afterwards.
// - A bigger page cache: the identifier index (scheme, value) takes inserts all over its
//   b-tree; with SQLite's 2 MB default, a million-record import reads the same pages again
//   and again. Bounded (IMPORT_SQLITE_CACHE_KB), and only for the import's duration.
// journal_mode stays WAL and synchronous NORMAL: switching a live database out of WAL needs
// every other connection closed, and the gain measured was within the noise of this machine.
// PostgreSQL: nothing to change.

import { type Kysely, SqliteAdapter, sql } from "kysely";
import type { Database } from "../db/schema";

/** The import's page cache in KiB (SQLite's `cache_size = -N`). */
const IMPORT_SQLITE_CACHE_KB = 65_536;
/** SQLite's default page cache (connect.ts does not change it): -2000 KiB. */
const DEFAULT_SQLITE_CACHE = -2000;
/** FTS5's default automerge, when the index has no setting of its own. */
const DEFAULT_AUTOMERGE = 4;

export async function withImportSettings<T>(
  db: Kysely<Database>,
  run: () => Promise<T>,
): Promise<T> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter) || db.isTransaction) return run();
  const automerge = await readAutomerge(db);
  await setAutomerge(db, 0);
  await sql.raw(`pragma cache_size = -${IMPORT_SQLITE_CACHE_KB}`).execute(db);
  try {
    return await run();
  } finally {
    await sql.raw(`pragma cache_size = ${DEFAULT_SQLITE_CACHE}`).execute(db);
    await setAutomerge(db, automerge);
  }
}

async function readAutomerge(db: Kysely<Database>): Promise<number> {
  const { rows } = await sql<{ v: unknown }>`
    select v from search_papers_config where k = 'automerge'`.execute(db);
  const value = Number(rows[0]?.v);
  // A previous import that died before restoring it left 0: the default is then the answer.
  return Number.isInteger(value) && value > 0 ? value : DEFAULT_AUTOMERGE;
}

async function setAutomerge(db: Kysely<Database>, value: number): Promise<void> {
  // FTS5 reads its settings as integers; the value is ours (an integer), never user input.
  await sql
    .raw(
      `insert into search_papers(search_papers, rank) values ('automerge', ${Math.trunc(value)})`,
    )
    .execute(db);
}
