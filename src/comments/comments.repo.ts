import type { Kysely } from "kysely";
import type { Database } from "../db/schema";
import { type StaleRow, selectStaleRows } from "../db/stale-rows";

export interface CommentRow {
  id: number;
  summary_id: number;
  html: string;
  created_at: string;
  author_username: string;
  author_display_name: string;
}

export async function insertComment(
  db: Kysely<Database>,
  c: {
    summaryId: number;
    userId: number;
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
  return db
    .selectFrom("comments as c")
    .innerJoin("users as u", "u.id", "c.user_id")
    .where("c.summary_id", "in", summaryIds)
    .select([
      "c.id",
      "c.summary_id",
      "c.html",
      "c.created_at",
      "u.username as author_username",
      "u.display_name as author_display_name",
    ])
    .orderBy("c.created_at")
    .orderBy("c.id")
    .execute();
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
