import type { Kysely } from "kysely";
import { bumpContentVersion } from "../db/content-version";
import type { Database } from "../db/schema";
import { DomainError, notFound } from "../errors";
import { nowIso } from "../time";
import { castVote } from "./votes.repo";

export async function voteOnSummary(
  db: Kysely<Database>,
  v: { summaryId: number; userId: number; value: 1 | -1; at?: string },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const summary = await trx
      .selectFrom("summaries")
      .select(["user_id", "is_private"])
      .where("id", "=", v.summaryId)
      .executeTakeFirst();
    if (!summary || summary.is_private === 1) throw notFound("The summary");
    if (summary.user_id === v.userId) {
      throw new DomainError("forbidden", "You cannot vote on your own summary.");
    }
    await castVote(trx, { ...v, at: v.at ?? nowIso() });
    await bumpContentVersion(trx);
  });
}
