import { type Kysely, SqliteAdapter, sql } from "kysely";
import type { Database } from "./schema";

// One counter that every write visible on public pages increments, in the same
// transaction: app processes compare it to drop their cached pages.

async function bumpContentVersion(db: Kysely<Database>): Promise<void> {
  await db
    .updateTable("content_version")
    .set({ version: sql`version + 1` })
    .where("id", "=", 1)
    .execute();
}

/**
 * SQLite starts a transaction as a reader; one that read and then writes after another
 * process committed fails at once with SQLITE_BUSY (its snapshot is stale, so waiting cannot
 * help). Taking the write lock with the first statement makes a concurrent writer wait
 * and retry (sqlite-driver.ts) instead. PostgreSQL locks rows, so it needs no such step.
 */
async function claimSqliteWriteLock(db: Kysely<Database>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return;
  await db
    .updateTable("content_version")
    .set({ version: sql`version` })
    .where("id", "=", 1)
    .execute();
}

/**
 * The one write path for anything a page, feed or count shows: runs `work` and the version
 * bump in one transaction (or inside the caller's, when `db` is one already), so a cached page
 * can never outlive the change that made it stale, and no service has to remember the bump.
 */
export async function writeVisible<T>(
  db: Kysely<Database>,
  work: (trx: Kysely<Database>) => Promise<T>,
  options: { changed?: (result: T) => boolean } = {},
): Promise<T> {
  const run = async (trx: Kysely<Database>) => {
    await claimSqliteWriteLock(trx);
    const result = await work(trx);
    // A write that turned out to change nothing (an import re-run) keeps every cached page.
    if (options.changed?.(result) ?? true) await bumpContentVersion(trx);
    return result;
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}

export async function readContentVersion(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom("content_version")
    .select("version")
    .where("id", "=", 1)
    .executeTakeFirst();
  return row?.version ?? 0;
}
