import { type Kysely, sql } from "kysely";
import type { Database } from "../db/schema";

/** Records (or changes) a vote and keeps the summary's score equal to the sum of its votes. */
export async function castVote(
  db: Kysely<Database>,
  v: { summaryId: number; userId: number; value: 1 | -1; at: string },
): Promise<void> {
  await db
    .insertInto("votes")
    .values({ summary_id: v.summaryId, user_id: v.userId, value: v.value, created_at: v.at })
    .onConflict((oc) =>
      oc.columns(["summary_id", "user_id"]).doUpdateSet({ value: v.value, created_at: v.at }),
    )
    .execute();
  await db
    .updateTable("summaries")
    .set({
      score: sql`(select coalesce(sum(value), 0) from votes where summary_id = ${v.summaryId})`,
    })
    .where("id", "=", v.summaryId)
    .execute();
}
