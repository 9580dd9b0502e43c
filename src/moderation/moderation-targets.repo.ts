import { type Kysely, sql } from "kysely";
import { listedSummary } from "../db/listed";
import type { Database } from "../db/schema";

// Reads of what reports and moderators point at, hidden or not (the public lists never show
// hidden rows; moderators must). Writes go through the summaries' and comments' services.

export interface SummaryTargetRow {
  id: number;
  user_id: number;
  html: string;
  is_private: number;
  deleted_at: string | null;
  hidden_at: string | null;
  paper_title: string;
  author_username: string;
  author_display_name: string;
}

/** These summaries, whatever their state, with their paper's title and author. */
export function findSummaryTargets(
  db: Kysely<Database>,
  ids: readonly number[],
): Promise<SummaryTargetRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("summaries as s")
    .innerJoin("papers as p", "p.id", "s.paper_id")
    .innerJoin("users as u", "u.id", "s.user_id")
    .where("s.id", "in", ids)
    .select([
      "s.id",
      "s.user_id",
      "s.html",
      "s.is_private",
      "s.deleted_at",
      "s.hidden_at",
      "p.title as paper_title",
      "u.username as author_username",
      "u.display_name as author_display_name",
    ])
    .execute();
}

export interface CommentTargetRow {
  id: number;
  user_id: number;
  summary_id: number;
  html: string;
  deleted_at: string | null;
  hidden_at: string | null;
  /** 1 when readers see the comment's summary (public, not deleted, not hidden). */
  summary_listed: number;
  paper_title: string;
  author_username: string;
  author_display_name: string;
}

/** These comments, whatever their state, with their summary's paper and their author. */
export function findCommentTargets(
  db: Kysely<Database>,
  ids: readonly number[],
): Promise<CommentTargetRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("comments as c")
    .innerJoin("summaries as s", "s.id", "c.summary_id")
    .innerJoin("papers as p", "p.id", "s.paper_id")
    .innerJoin("users as u", "u.id", "c.user_id")
    .where("c.id", "in", ids)
    .select([
      "c.id",
      "c.user_id",
      "c.summary_id",
      "c.html",
      "c.deleted_at",
      "c.hidden_at",
      "p.title as paper_title",
      "u.username as author_username",
      "u.display_name as author_display_name",
    ])
    .select((eb) => eb.case().when(listedSummary("s")).then(1).else(0).end().as("summary_listed"))
    .execute();
}

export interface HiddenRow {
  kind: string;
  id: number;
  hidden_at: string;
}

/** Hidden summaries and comments, the latest hidden first, a page at a time. */
export function listHidden(
  db: Kysely<Database>,
  offset: number,
  limit: number,
): Promise<HiddenRow[]> {
  const summaries = db
    .selectFrom("summaries")
    .where("hidden_at", "is not", null)
    .select((eb) => [
      sql.lit<string>("summary").as("kind"),
      "id",
      eb.ref("hidden_at").$notNull().as("hidden_at"),
    ]);
  const comments = db
    .selectFrom("comments")
    .where("hidden_at", "is not", null)
    .select((eb) => [
      sql.lit<string>("comment").as("kind"),
      "id",
      eb.ref("hidden_at").$notNull().as("hidden_at"),
    ]);
  return db
    .selectFrom(summaries.unionAll(comments).as("h"))
    .selectAll()
    .orderBy("hidden_at", "desc")
    .orderBy("kind")
    .orderBy("id", "desc")
    .offset(offset)
    .limit(limit)
    .execute();
}

export async function countHidden(db: Kysely<Database>): Promise<number> {
  const count = async (table: "summaries" | "comments") =>
    Number(
      (
        await db
          .selectFrom(table)
          .where("hidden_at", "is not", null)
          .select((eb) => eb.fn.countAll<number | string | bigint>().as("n"))
          .executeTakeFirst()
      )?.n ?? 0,
    );
  return (await count("summaries")) + (await count("comments"));
}
