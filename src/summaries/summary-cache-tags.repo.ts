import type { Kysely } from "kysely";
import type { Database } from "../db/schema";

/** What a summary's pages hang on: its paper, its author and the paper's venue. */
export async function summaryCacheTagSources(
  db: Kysely<Database>,
  summaryIds: readonly number[],
): Promise<{ id: number; paperId: number; authorId: number; venueId: number | null }[]> {
  if (summaryIds.length === 0) return [];
  return db
    .selectFrom("summaries")
    .innerJoin("papers", "papers.id", "summaries.paper_id")
    .select([
      "summaries.id as id",
      "summaries.paper_id as paperId",
      "summaries.user_id as authorId",
      "papers.venue_id as venueId",
    ])
    .where("summaries.id", "in", summaryIds)
    .execute();
}
