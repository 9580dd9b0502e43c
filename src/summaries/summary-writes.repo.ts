import type { Kysely } from "kysely";
import type { Database } from "../db/schema";

export interface StoredSummary {
  paperId: number;
  userId: number;
  source: string;
  html: string;
  rendererVersion: number;
  mathCount: number;
  mathErrors: number;
  isPrivate: boolean;
  isAnonymous: boolean;
  shareToken: string;
  paperVersion: number | null;
  at: string;
}

export async function insertSummary(db: Kysely<Database>, s: StoredSummary): Promise<number> {
  const row = await db
    .insertInto("summaries")
    .values({
      paper_id: s.paperId,
      user_id: s.userId,
      source: s.source,
      html: s.html,
      renderer_version: s.rendererVersion,
      math_count: s.mathCount,
      math_errors: s.mathErrors,
      is_private: s.isPrivate ? 1 : 0,
      is_anonymous: s.isAnonymous ? 1 : 0,
      share_token: s.shareToken,
      paper_version: s.paperVersion,
      score: 0,
      created_at: s.at,
      updated_at: s.at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await insertRevision(db, row.id, s.source, s.paperVersion, s.at);
  return row.id;
}

export async function insertRevision(
  db: Kysely<Database>,
  summaryId: number,
  source: string,
  paperVersion: number | null,
  at: string,
): Promise<void> {
  await db
    .insertInto("summary_revisions")
    .values({ summary_id: summaryId, source, paper_version: paperVersion, created_at: at })
    .execute();
}

export async function findSummaryByPaperAndUser(
  db: Kysely<Database>,
  paperId: number,
  userId: number,
): Promise<{ id: number } | null> {
  return (
    (await db
      .selectFrom("summaries")
      .select("id")
      .where("paper_id", "=", paperId)
      .where("user_id", "=", userId)
      .executeTakeFirst()) ?? null
  );
}

/** Summaries whose stored HTML came from an older renderer, a page at a time. */
export async function listStaleSummaries(
  db: Kysely<Database>,
  rendererVersion: number,
  afterId: number,
  limit: number,
): Promise<{ id: number; source: string }[]> {
  return db
    .selectFrom("summaries")
    .select(["id", "source"])
    .where("renderer_version", "!=", rendererVersion)
    .where("id", ">", afterId)
    .orderBy("id")
    .limit(limit)
    .execute();
}

export async function updateSummaryHtml(
  db: Kysely<Database>,
  id: number,
  r: {
    /** The source the HTML was made from: an edit since then keeps the editor's HTML. */
    source: string;
    html: string;
    rendererVersion: number;
    mathCount: number;
    mathErrors: number;
  },
): Promise<boolean> {
  const result = await db
    .updateTable("summaries")
    .set({
      html: r.html,
      renderer_version: r.rendererVersion,
      math_count: r.mathCount,
      math_errors: r.mathErrors,
    })
    .where("id", "=", id)
    .where("source", "=", r.source)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function findOwnSummary(
  db: Kysely<Database>,
  paperId: number,
  userId: number,
): Promise<{
  id: number;
  source: string;
  is_private: number;
  is_anonymous: number;
  share_token: string;
} | null> {
  return (
    (await db
      .selectFrom("summaries")
      .select(["id", "source", "is_private", "is_anonymous", "share_token"])
      .where("paper_id", "=", paperId)
      .where("user_id", "=", userId)
      .executeTakeFirst()) ?? null
  );
}

export async function updateSummaryContent(
  db: Kysely<Database>,
  id: number,
  s: {
    source: string;
    html: string;
    rendererVersion: number;
    mathCount: number;
    mathErrors: number;
    isPrivate: boolean;
    isAnonymous: boolean;
    paperVersion: number | null;
    at: string;
  },
): Promise<void> {
  await db
    .updateTable("summaries")
    .set({
      source: s.source,
      html: s.html,
      renderer_version: s.rendererVersion,
      math_count: s.mathCount,
      math_errors: s.mathErrors,
      is_private: s.isPrivate ? 1 : 0,
      is_anonymous: s.isAnonymous ? 1 : 0,
      paper_version: s.paperVersion,
      updated_at: s.at,
    })
    .where("id", "=", id)
    .execute();
  await insertRevision(db, id, s.source, s.paperVersion, s.at);
}
