import { type Kysely, sql } from "kysely";
import type { Database } from "../db/schema";

/** Adds counted page views (buffered in memory by the caller) to the paper's daily row. */
export async function addPaperViews(
  db: Kysely<Database>,
  paperId: number,
  day: string,
  views: number,
): Promise<void> {
  await db
    .insertInto("paper_views")
    .values({ paper_id: paperId, day, views })
    .onConflict((oc) =>
      oc.columns(["paper_id", "day"]).doUpdateSet({ views: sql`paper_views.views + ${views}` }),
    )
    .execute();
}
