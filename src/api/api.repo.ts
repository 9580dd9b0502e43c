// What the JSON API reads, one keyset page at a time (issue 11, point 6). Reads only: every
// table here has its one writer elsewhere, and writes go through the owning features'
// services. What lists may show is db/listed.ts's; api.service.ts drops anonymous authors.

import type { Kysely } from "kysely";
import { listedComment, listedSummary, presentSummary } from "../db/listed";
import type { Database } from "../db/schema";

export interface ApiSummaryRow {
  id: number;
  paper_id: number;
  user_id: number;
  source: string;
  html: string;
  score: number;
  is_private: number;
  is_anonymous: number;
  created_at: string;
  updated_at: string;
  edited_at: string | null;
  author_username: string;
  author_display_name: string;
  author_deleted_at: string | null;
}

export interface ApiCommentRow {
  id: number;
  summary_id: number;
  parent_id: number | null;
  source: string;
  html: string;
  created_at: string;
  edited_at: string | null;
  author_username: string;
  author_display_name: string;
  author_deleted_at: string | null;
}

function summaryRows(db: Kysely<Database>) {
  return db
    .selectFrom("summaries as s")
    .innerJoin("users as u", "u.id", "s.user_id")
    .select([
      "s.id",
      "s.paper_id",
      "s.user_id",
      "s.source",
      "s.html",
      "s.score",
      "s.is_private",
      "s.is_anonymous",
      "s.created_at",
      "s.updated_at",
      "s.edited_at",
      "u.username as author_username",
      "u.display_name as author_display_name",
      "u.deleted_at as author_deleted_at",
    ]);
}

function commentRows(db: Kysely<Database>) {
  return db
    .selectFrom("comments as c")
    .innerJoin("users as u", "u.id", "c.user_id")
    .select([
      "c.id",
      "c.summary_id",
      "c.parent_id",
      "c.source",
      "c.html",
      "c.created_at",
      "c.edited_at",
      "u.username as author_username",
      "u.display_name as author_display_name",
      "u.deleted_at as author_deleted_at",
    ]);
}

/** Papers, newest added first (ids only: papers.service decodes them). */
export async function listPaperIdsPage(
  db: Kysely<Database>,
  beforeId: number | null,
  limit: number,
): Promise<number[]> {
  let q = db.selectFrom("papers").select("id");
  if (beforeId !== null) q = q.where("id", "<", beforeId);
  const rows = await q.orderBy("id", "desc").limit(limit).execute();
  return rows.map((r) => r.id);
}

/** A paper's listed summaries, best first: (score, id) descending, after a (score, id) key. */
export function listPaperSummariesPage(
  db: Kysely<Database>,
  paperId: number,
  after: { score: number; id: number } | null,
  limit: number,
): Promise<ApiSummaryRow[]> {
  let q = summaryRows(db).where("s.paper_id", "=", paperId).where(listedSummary("s"));
  if (after) {
    q = q.where((eb) =>
      eb.or([
        eb("s.score", "<", after.score),
        eb.and([eb("s.score", "=", after.score), eb("s.id", "<", after.id)]),
      ]),
    );
  }
  return q.orderBy("s.score", "desc").orderBy("s.id", "desc").limit(limit).execute();
}

/** A person's listed, signed summaries, newest first. */
export function listUserSummariesPage(
  db: Kysely<Database>,
  userId: number,
  beforeId: number | null,
  limit: number,
): Promise<ApiSummaryRow[]> {
  let q = summaryRows(db)
    .where("s.user_id", "=", userId)
    .where("s.is_anonymous", "=", 0)
    .where(listedSummary("s"));
  if (beforeId !== null) q = q.where("s.id", "<", beforeId);
  return q.orderBy("s.id", "desc").limit(limit).execute();
}

/** A summary that exists (not deleted or hidden), private or not: the caller decides who sees it. */
export async function findPresentSummary(
  db: Kysely<Database>,
  id: number,
): Promise<ApiSummaryRow | null> {
  const row = await summaryRows(db)
    .where("s.id", "=", id)
    .where(presentSummary("s"))
    .executeTakeFirst();
  return row ?? null;
}

/** The caller's own summary of a paper (not deleted), if any. */
export async function findOwnSummaryId(
  db: Kysely<Database>,
  paperId: number,
  userId: number,
): Promise<number | null> {
  const row = await db
    .selectFrom("summaries")
    .select("id")
    .where("paper_id", "=", paperId)
    .where("user_id", "=", userId)
    .where("deleted_at", "is", null)
    .executeTakeFirst();
  return row?.id ?? null;
}

/** A summary's listed comments, oldest first (replies carry their top-level comment's id). */
export function listCommentsPage(
  db: Kysely<Database>,
  summaryId: number,
  afterId: number | null,
  limit: number,
): Promise<ApiCommentRow[]> {
  let q = commentRows(db).where("c.summary_id", "=", summaryId).where(listedComment("c"));
  if (afterId !== null) q = q.where("c.id", ">", afterId);
  return q.orderBy("c.id", "asc").limit(limit).execute();
}

export async function findCommentRow(
  db: Kysely<Database>,
  id: number,
): Promise<ApiCommentRow | null> {
  return (await commentRows(db).where("c.id", "=", id).executeTakeFirst()) ?? null;
}

/** A public profile's account id (not deleted, not banned), by username key. */
export async function findPublicUserId(
  db: Kysely<Database>,
  usernameKey: string,
): Promise<number | null> {
  const row = await db
    .selectFrom("users")
    .select("id")
    .where("username_key", "=", usernameKey)
    .where("deleted_at", "is", null)
    .executeTakeFirst();
  return row?.id ?? null;
}
