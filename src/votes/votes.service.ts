import type { Kysely } from "kysely";
import type { CurrentUser } from "../auth/sessions.service";
import { writeVisible } from "../db/content-version";
import type { Database } from "../db/schema";
import { DomainError, notFound } from "../errors";
import { consumeRateLimit } from "../ratelimit/rate-limit.service";
import { assertCanPublish } from "../summaries/summary-editor.service";
import { nowIso } from "../time";
import { castVote } from "./votes.repo";

export async function voteOnSummary(
  db: Kysely<Database>,
  v: { summaryId: number; userId: number; value: 1 | -1; at?: string },
): Promise<void> {
  await writeVisible(db, async (trx) => {
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
  });
}

/** A vote from the web: a logged-in, confirmed user, within the vote rate limit. */
export async function castUserVote(
  db: Kysely<Database>,
  user: CurrentUser | null,
  v: { summaryId: number; value: 1 | -1 },
): Promise<void> {
  const voter = assertCanPublish(user);
  await consumeRateLimit(db, "votePerUser", String(voter.id));
  await voteOnSummary(db, { summaryId: v.summaryId, userId: voter.id, value: v.value });
}
