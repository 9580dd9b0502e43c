import type { Kysely } from "kysely";
import type { Database } from "../db/schema";

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

export async function countCommentsForSummaries(
  db: Kysely<Database>,
  summaryIds: readonly number[],
): Promise<Map<number, number>> {
  if (summaryIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("comments")
    .where("summary_id", "in", summaryIds)
    .groupBy("summary_id")
    .select(["summary_id"])
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .execute();
  return new Map(rows.map((r) => [r.summary_id, Number(r.n)]));
}

export async function listStaleComments(
  db: Kysely<Database>,
  rendererVersion: number,
  afterId: number,
  limit: number,
): Promise<{ id: number; source: string }[]> {
  return db
    .selectFrom("comments")
    .select(["id", "source"])
    .where("renderer_version", "!=", rendererVersion)
    .where("id", ">", afterId)
    .orderBy("id")
    .limit(limit)
    .execute();
}

export async function updateCommentHtml(
  db: Kysely<Database>,
  id: number,
  /** The source the HTML was made from: an edit since then keeps the editor's HTML. */
  r: { source: string; html: string; rendererVersion: number },
): Promise<void> {
  await db
    .updateTable("comments")
    .set({ html: r.html, renderer_version: r.rendererVersion })
    .where("id", "=", id)
    .where("source", "=", r.source)
    .execute();
}
