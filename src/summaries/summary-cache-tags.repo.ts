import type { Kysely } from "kysely";
import { listedComment } from "../db/listed";
import type { Database } from "../db/schema";

/** What a summary's pages hang on: its paper, its author, the paper's venue, and who may see it. */
export interface SummaryTagSource {
  id: number;
  paperId: number;
  authorId: number;
  venueId: number | null;
  /** Shown to the public in lists, on its paper and on profiles (db/listed.ts listedSummary). */
  listed: boolean;
  anonymous: boolean;
}

export async function summaryCacheTagSources(
  db: Kysely<Database>,
  summaryIds: readonly number[],
): Promise<SummaryTagSource[]> {
  if (summaryIds.length === 0) return [];
  const rows = await db
    .selectFrom("summaries")
    .innerJoin("papers", "papers.id", "summaries.paper_id")
    .select([
      "summaries.id as id",
      "summaries.paper_id as paperId",
      "summaries.user_id as authorId",
      "papers.venue_id as venueId",
      "summaries.is_private as isPrivate",
      "summaries.is_anonymous as isAnonymous",
      "summaries.deleted_at as deletedAt",
      "summaries.hidden_at as hiddenAt",
    ])
    .where("summaries.id", "in", summaryIds)
    .execute();
  // The same test as db/listed.ts listedSummary, on the row read.
  return rows.map((r) => ({
    id: r.id,
    paperId: r.paperId,
    authorId: r.authorId,
    venueId: r.venueId,
    listed: r.isPrivate === 0 && r.deletedAt === null && r.hiddenAt === null,
    anonymous: r.isAnonymous === 1,
  }));
}

/**
 * The distinct authors of the summary's listed comments, at most `limit` of them (the caller
 * asks one more than it can name, and names everything when it gets that many).
 */
export async function summaryCommenterIds(
  db: Kysely<Database>,
  summaryId: number,
  limit: number,
): Promise<number[]> {
  const rows = await db
    .selectFrom("comments")
    .select("user_id")
    .distinct()
    .where("summary_id", "=", summaryId)
    .where(listedComment("comments"))
    .orderBy("user_id")
    .limit(limit)
    .execute();
  return rows.map((r) => r.user_id);
}
