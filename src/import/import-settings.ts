// SQLite settings for the length of a bulk import, put back when it ends (even by an error).
//
// - FTS5 `automerge` 0: the search index (kept by the papers triggers, in each batch's own
//   transaction) stops merging its segments a little on every write. Profiled on generated
//   snapshot records, that incremental merging is about a quarter of the index's cost. The
//   index stays complete and consistent at every commit (merging only reorganises it), and
//   FTS5's `crisismerge` still merges a level once it holds 16 segments, so queries never
//   face an unbounded number of them. The value found before is restored afterwards, by the
//   last import to finish when several run at once (import-hold.ts tells). The setting is
//   stored in the database: an import that never reached its end (a second Ctrl-C, SIGTERM,
//   a crash) leaves 0 behind, and repairImportSettings puts the default back when a server
//   starts, if no import is running then (an import that starts on a 0 restores the default
//   too when it ends).
// - A bigger page cache: the identifier index (scheme, value) takes inserts all over its
//   b-tree; with SQLite's 2 MB default, a million-record import reads the same pages again
//   and again. Bounded (IMPORT_SQLITE_CACHE_KB), and only for the import's duration.
// journal_mode stays WAL and synchronous NORMAL: switching a live database out of WAL needs
// every other connection closed, and the gain measured was within the noise of this machine.
// PostgreSQL: nothing to change.

import { type Kysely, sql } from "kysely";
import { dialectOf } from "../db/dialect";
import type { Database } from "../db/schema";
import { holdForImport, whenNoImportRuns } from "./import-hold";

/** The import's page cache in KiB (SQLite's `cache_size = -N`). */
export const IMPORT_SQLITE_CACHE_KB = 65_536;
/** SQLite's default page cache (connect.ts does not change it): -2000 KiB. */
const DEFAULT_SQLITE_CACHE = -2000;
/** FTS5's default automerge, when the index has no setting of its own. */
export const DEFAULT_AUTOMERGE = 4;

export async function withImportSettings<T>(
  db: Kysely<Database>,
  run: () => Promise<T>,
): Promise<T> {
  if (!isSqlite(db) || db.isTransaction) return run();
  const file = await databaseFile(db);
  const hold = file === null ? null : holdForImport(file);
  let previous: number | null = null;
  let cacheChanged = false;
  let outcome: { ok: true; value: T } | { ok: false; error: unknown };
  try {
    const found = await readAutomerge(db);
    await setAutomerge(db, 0);
    previous = found;
    await sql.raw(`pragma cache_size = -${IMPORT_SQLITE_CACHE_KB}`).execute(db);
    cacheChanged = true;
    outcome = { ok: true, value: await run() };
  } catch (error) {
    outcome = { ok: false, error };
  }
  hold?.release();
  // Each setting on its own: one that cannot be put back (the database went away) must hide
  // neither the other nor the import's own error.
  const problems: unknown[] = [];
  if (cacheChanged) {
    await sql
      .raw(`pragma cache_size = ${DEFAULT_SQLITE_CACHE}`)
      .execute(db)
      .catch((e: unknown) => problems.push(e));
  }
  if (previous !== null) {
    const value = previous;
    const restore = () => setAutomerge(db, value);
    // Another import still running needs the 0: the last one to finish puts the value back.
    await (file === null ? restore() : whenNoImportRuns(file, restore)).catch((e: unknown) =>
      problems.push(e),
    );
  }
  if (!outcome.ok) throw outcome.error;
  if (problems.length > 0) throw problems[0];
  return outcome.value;
}

/**
 * Puts FTS5's default automerge back when an import that never reached its end left 0, unless
 * an import runs now (its 0 is meant). Nothing to do on PostgreSQL. True when it repaired.
 */
export async function repairImportSettings(db: Kysely<Database>): Promise<boolean> {
  if (!isSqlite(db)) return false;
  let repaired = false;
  const repair = async () => {
    if ((await storedAutomerge(db)) !== 0) return;
    await setAutomerge(db, DEFAULT_AUTOMERGE);
    repaired = true;
  };
  const file = await databaseFile(db);
  // In memory, no other process can see the database, let alone import into it.
  if (file === null) await repair();
  else await whenNoImportRuns(file, repair);
  return repaired;
}

function isSqlite(db: Kysely<Database>): boolean {
  return dialectOf(db) === "sqlite";
}

/** The database's file, null in memory (where no other process can share it). */
async function databaseFile(db: Kysely<Database>): Promise<string | null> {
  const { rows } = await sql<{ file: string | null }>`
    select file from pragma_database_list where name = 'main'`.execute(db);
  const file = rows[0]?.file;
  return file ? file : null;
}

/** The index's own automerge setting, null when it has none (FTS5 then uses its default). */
async function storedAutomerge(db: Kysely<Database>): Promise<number | null> {
  const { rows } = await sql<{ v: unknown }>`
    select v from search_papers_config where k = 'automerge'`.execute(db);
  return rows.length === 0 ? null : Number(rows[0]?.v);
}

async function readAutomerge(db: Kysely<Database>): Promise<number> {
  const value = await storedAutomerge(db);
  // 0 is another import's (running, or one that died before restoring it): the default then.
  return value !== null && Number.isInteger(value) && value > 0 ? value : DEFAULT_AUTOMERGE;
}

async function setAutomerge(db: Kysely<Database>, value: number): Promise<void> {
  // FTS5 reads its settings as integers; the value is ours (an integer), never user input.
  await sql
    .raw(
      `insert into search_papers(search_papers, rank) values ('automerge', ${Math.trunc(value)})`,
    )
    .execute(db);
}
