import { type Kysely, sql } from "kysely";
import { EVERY_PAGE, isCacheTag, MAX_TAGS_PER_WRITE } from "../core/cache-tags";
import { compiledOnceForList } from "./compiled-queries";
import { dialectOf } from "./dialect";
import type { Database } from "./schema";

// One counter that every write visible on public pages increments, in the same transaction,
// and the tags (core/cache-tags.ts) that write changed, stamped with the counter's new value:
// app processes read the tags stamped after the newest version they know and drop only the
// pages carrying them (http/page-cache-tags.ts).

/**
 * Bumps the counter and stamps `tags` with its new value. The bump's row lock (and SQLite's
 * single writer) orders concurrent writes, so stamps commit in version order; one row per
 * tag, overwritten, keeps the table bounded by the number of entities, not of writes.
 */
async function bumpContentVersion(db: Kysely<Database>, tags: readonly string[]): Promise<void> {
  const { version } = await db
    .updateTable("content_version")
    .set({ version: sql`version + 1` })
    .where("id", "=", 1)
    .returning("version")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("cache_tags")
    .values(tags.map((tag) => ({ tag, version })))
    .onConflict((oc) => oc.column("tag").doUpdateSet({ version }))
    .execute();
}

/** No tags, or more than a write may name, mean every page (slow, never stale). */
function stampedTags(tags: readonly string[] | undefined): string[] {
  if (!tags || tags.length === 0 || tags.length > MAX_TAGS_PER_WRITE) return [EVERY_PAGE];
  for (const tag of tags) {
    // A programming error (tags come from core/cache-tags.ts): fail the write loudly.
    if (!isCacheTag(tag)) throw new Error(`not a cache tag: ${JSON.stringify(tag)}`);
  }
  return [...new Set(tags)].sort();
}

/**
 * SQLite starts a transaction as a reader; one that read and then writes after another
 * process committed fails at once with SQLITE_BUSY (its snapshot is stale, so waiting cannot
 * help). Taking the write lock with the first statement makes a concurrent writer wait
 * and retry (sqlite-driver.ts) instead. PostgreSQL locks rows, so it needs no such step.
 */
async function claimSqliteWriteLock(db: Kysely<Database>): Promise<void> {
  if (dialectOf(db) !== "sqlite") return;
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
export interface VisibleWriteOptions<T> {
  /** False when the write turned out to change nothing (an import re-run): no page drops. */
  changed?: (result: T) => boolean;
  /**
   * The cache tags (core/cache-tags.ts) naming everything this write changed, so only the
   * pages showing those drop. Omitted or empty: every page drops (a forgotten call site is
   * slow, never stale). When unsure, name more.
   */
  tags?: (result: T) => readonly string[];
}

export async function writeVisible<T>(
  db: Kysely<Database>,
  work: (trx: Kysely<Database>) => Promise<T>,
  options: VisibleWriteOptions<T> = {},
): Promise<T> {
  const run = async (trx: Kysely<Database>) => {
    await claimSqliteWriteLock(trx);
    const result = await work(trx);
    if (options.changed?.(result) ?? true) {
      await bumpContentVersion(trx, stampedTags(options.tags?.(result)));
    }
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

export interface TagStamp {
  tag: string;
  version: number;
}

/**
 * The tags stamped after `version`, at most `limit` of them (the caller treats a full answer
 * as "everything": a process that was away long must not read a table the size of the site).
 */
export async function readTagsSince(
  db: Kysely<Database>,
  version: number,
  limit: number,
): Promise<TagStamp[]> {
  return db
    .selectFrom("cache_tags")
    .select(["tag", "version"])
    .where("version", ">", version)
    .orderBy("version")
    .limit(limit)
    .execute();
}

/**
 * The current version of each of `tags` (0 for a tag no write has stamped yet), in one indexed
 * query: a page rendered under these versions is still current while they are unchanged.
 */
export async function readTagVersions(
  db: Kysely<Database>,
  tags: readonly string[],
): Promise<Map<string, number>> {
  const versions = new Map<string, number>(tags.map((tag) => [tag, 0]));
  if (tags.length === 0) return versions;
  // A page's tags (its paper, its summaries, "*"): asked on every logged-in paper page.
  const rows = await compiledOnceForList(db, "tag-versions", tags, () =>
    db.selectFrom("cache_tags").select(["tag", "version"]).where("tag", "in", tags),
  );
  for (const row of rows) versions.set(row.tag, row.version);
  return versions;
}
