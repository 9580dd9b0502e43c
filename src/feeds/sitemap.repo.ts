// What the sitemap lists, read in keyset pages (by id) so a page of 50,000 URLs is written
// as it is read. Reads only. Only what the public can see: papers with a listed summary,
// listed summaries, and the profiles of people with a listed signed summary.

import { type Kysely, sql } from "kysely";
import { PAGE_READ_DEADLINE_MS } from "../core/limits";
import { listedSummary } from "../db/listed";
import type { Database } from "../db/schema";
import { offLoop } from "../db/sqlite-read-dialect";

export type SitemapKind = "papers" | "summaries" | "users";

export interface SitemapRow {
  id: number;
  /** The profile's username (users only). */
  username: string | null;
  lastmod: string;
}

function ids(db: Kysely<Database>, kind: SitemapKind) {
  const s = db.selectFrom("summaries as s").where(listedSummary("s"));
  if (kind === "summaries") return s.select("s.id as id");
  if (kind === "papers") return s.select("s.paper_id as id").distinct();
  return s
    .innerJoin("users as u", "u.id", "s.user_id")
    .where("s.is_anonymous", "=", 0)
    .where("u.deleted_at", "is", null)
    .select("s.user_id as id")
    .distinct();
}

/** Reads every listed summary (100-150 ms at 50,000 on SQLite): off the event loop. */
export async function countSitemapRows(
  db: Kysely<Database>,
  kind: SitemapKind,
  deadline: number,
): Promise<number> {
  const reader = offLoop(db, deadline);
  const row = await reader
    .selectFrom(ids(reader, kind).as("t"))
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The id a page starts at: the (offset+1)-th in id order, or null past the end. Off the loop. */
export async function sitemapIdAt(
  db: Kysely<Database>,
  kind: SitemapKind,
  offset: number,
): Promise<number | null> {
  const reader = offLoop(db, Date.now() + PAGE_READ_DEADLINE_MS);
  const row = await reader
    .selectFrom(ids(reader, kind).as("t"))
    .select("t.id")
    .orderBy("t.id")
    .limit(1)
    .offset(offset)
    .executeTakeFirst();
  return row ? Number(row.id) : null;
}

/** Up to `limit` rows with id ≥ `from`, by id. */
export async function listSitemapRows(
  db: Kysely<Database>,
  kind: SitemapKind,
  from: number,
  limit: number,
): Promise<SitemapRow[]> {
  if (kind === "summaries") {
    const rows = await db
      .selectFrom("summaries as s")
      .where(listedSummary("s"))
      .where("s.id", ">=", from)
      .select(["s.id", "s.updated_at as lastmod"])
      .orderBy("s.id")
      .limit(limit)
      .execute();
    return rows.map((r) => ({ id: r.id, username: null, lastmod: r.lastmod }));
  }
  if (kind === "papers") {
    // A paper page changes with its summaries and with its own details: the later of both.
    const rows = await db
      .selectFrom("summaries as s")
      .innerJoin("papers as p", "p.id", "s.paper_id")
      .where(listedSummary("s"))
      .where("s.paper_id", ">=", from)
      .groupBy(["s.paper_id", "p.updated_at"])
      .select(["s.paper_id as id", "p.updated_at as paper_at"])
      .select(sql<string>`max(s.updated_at)`.as("summary_at"))
      .orderBy("s.paper_id")
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      username: null,
      lastmod: [r.summary_at, r.paper_at].sort()[1] ?? r.paper_at,
    }));
  }
  const rows = await db
    .selectFrom("summaries as s")
    .innerJoin("users as u", "u.id", "s.user_id")
    .where(listedSummary("s"))
    .where("s.is_anonymous", "=", 0)
    .where("u.deleted_at", "is", null)
    .where("s.user_id", ">=", from)
    .groupBy(["s.user_id", "u.username"])
    .select(["s.user_id as id", "u.username"])
    .select(sql<string>`max(s.updated_at)`.as("lastmod"))
    .orderBy("s.user_id")
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, username: r.username, lastmod: r.lastmod }));
}
