import type { Kysely } from "kysely";
import { compiledOnce } from "../db/compiled-queries";
import { listedComment } from "../db/listed";
import type { Database } from "../db/schema";
import { type StaleRow, selectStaleRows } from "../db/stale-rows";

export interface CommentRow {
  id: number;
  summary_id: number;
  parent_id: number | null;
  html: string;
  created_at: string;
  edited_at: string | null;
  deleted_at: string | null;
  hidden_at: string | null;
  author_username: string;
  author_display_name: string;
}

/** One comment as its author, an admin, or a reply to it needs to know it. */
export interface CommentRecord {
  id: number;
  summary_id: number;
  user_id: number;
  parent_id: number | null;
  source: string;
  deleted_at: string | null;
  hidden_at: string | null;
}

export async function insertComment(
  db: Kysely<Database>,
  c: {
    summaryId: number;
    userId: number;
    /** The top-level comment this one replies to, or null. */
    parentId: number | null;
    source: string;
    html: string;
    rendererVersion: number;
    at: string;
  },
): Promise<number> {
  const row = await db
    .insertInto("comments")
    .values({
      summary_id: c.summaryId,
      parent_id: c.parentId,
      user_id: c.userId,
      source: c.source,
      html: c.html,
      renderer_version: c.rendererVersion,
      created_at: c.at,
      updated_at: c.at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function listCommentsForSummaries(
  db: Kysely<Database>,
  summaryIds: readonly number[],
): Promise<CommentRow[]> {
  if (summaryIds.length === 0) return [];
  // Every reading page asks: compiled once per list length (db/compiled-queries.ts).
  return compiledOnce(db, `comments-for-summaries:${summaryIds.length}`, summaryIds, () =>
    db
      .selectFrom("comments as c")
      .innerJoin("users as u", "u.id", "c.user_id")
      .where("c.summary_id", "in", summaryIds)
      // Deleted and hidden rows come too: a top-level one stands as a placeholder above its
      // replies (comments.service decides what shows); their text never leaves the service.
      .select([
        "c.id",
        "c.summary_id",
        "c.parent_id",
        "c.html",
        "c.created_at",
        "c.edited_at",
        "c.deleted_at",
        "c.hidden_at",
        "u.username as author_username",
        "u.display_name as author_display_name",
      ])
      .orderBy("c.created_at")
      .orderBy("c.id"),
  );
}

/** Comments whose stored HTML came from an older renderer, a page at a time. */
export function listStaleComments(
  db: Kysely<Database>,
  rendererVersion: number,
  afterId: number,
  limit: number,
): Promise<StaleRow[]> {
  return selectStaleRows(db, "comments", rendererVersion, afterId, limit);
}

/**
 * Replaces a comment's HTML if its source is still `source` (the one the HTML was made from):
 * a comment edited since keeps its own HTML. False when it did.
 */
export async function updateCommentHtml(
  db: Kysely<Database>,
  id: number,
  source: string,
  r: { html: string; rendererVersion: number },
): Promise<boolean> {
  const result = await db
    .updateTable("comments")
    .set({ html: r.html, renderer_version: r.rendererVersion })
    .where("id", "=", id)
    .where("source", "=", source)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** A moderator hides (`at`) or unhides (null) a comment. False when there is no such comment. */
export async function setCommentHidden(
  db: Kysely<Database>,
  id: number,
  at: string | null,
): Promise<boolean> {
  const result = await db
    .updateTable("comments")
    .set({ hidden_at: at })
    .where("id", "=", id)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export function findComment(db: Kysely<Database>, id: number): Promise<CommentRecord | undefined> {
  return db
    .selectFrom("comments")
    .where("id", "=", id)
    .select(["id", "summary_id", "user_id", "parent_id", "source", "deleted_at", "hidden_at"])
    .executeTakeFirst();
}

/**
 * Locks a listed comment of this summary (a no-op write) for a reply to go under it, and says
 * whose it is and what it replies to; undefined when it is not there, not listed or on another
 * summary. On PostgreSQL a delete in flight is waited for and its result seen, so no reply
 * lands under a comment deleted before it.
 */
export function lockListedComment(
  db: Kysely<Database>,
  id: number,
  summaryId: number,
): Promise<{ id: number; parent_id: number | null; user_id: number } | undefined> {
  return db
    .updateTable("comments")
    .set((eb) => ({ parent_id: eb.ref("parent_id") }))
    .where("id", "=", id)
    .where("summary_id", "=", summaryId)
    .where(listedComment("comments"))
    .returning(["id", "parent_id", "user_id"])
    .executeTakeFirst();
}

/** The author's edit: new source and HTML, marked edited. False when not theirs or not listed. */
export async function updateCommentSource(
  db: Kysely<Database>,
  c: {
    id: number;
    userId: number;
    source: string;
    html: string;
    rendererVersion: number;
    at: string;
  },
): Promise<boolean> {
  const result = await db
    .updateTable("comments")
    .set({
      source: c.source,
      html: c.html,
      renderer_version: c.rendererVersion,
      edited_at: c.at,
      updated_at: c.at,
    })
    .where("id", "=", c.id)
    .where("user_id", "=", c.userId)
    .where(listedComment("comments"))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Marks a comment deleted (soft: replies keep their place). False when it already was. */
export async function markCommentDeleted(
  db: Kysely<Database>,
  id: number,
  at: string,
): Promise<boolean> {
  const result = await db
    .updateTable("comments")
    .set({ deleted_at: at, updated_at: at })
    .where("id", "=", id)
    .where("deleted_at", "is", null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
