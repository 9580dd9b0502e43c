import type { Kysely } from "kysely";
import type { CurrentUser } from "../core/current-user";
import { DomainError, invalid, notFound } from "../core/errors";
import { assertCanPublish } from "../core/publish-policy";
import { nowIso } from "../core/time";
import { writeVisible } from "../db/content-version";
import type { Database } from "../db/schema";
import { consumeRateLimit } from "../ratelimit/rate-limit.service";
import {
  castVote,
  deleteVotesOf,
  lockSummaryForVote,
  lockVoter,
  type VoteChoice,
} from "./votes.repo";

export type { VoteChoice } from "./votes.repo";

/** What a vote form may send: +1, −1, or 0 to withdraw. Anything else is refused. */
export function parseVoteChoice(raw: string): VoteChoice {
  if (raw === "1" || raw === "+1") return 1;
  if (raw === "-1") return -1;
  if (raw === "0") return 0;
  throw invalid("A vote is +1, −1, or 0 to withdraw it.");
}

/**
 * Records, changes or withdraws (value 0) a vote. The score moves by the change of the voter's
 * row in the same transaction, under the summary's row lock (see votes.repo.ts).
 */
export async function voteOnSummary(
  db: Kysely<Database>,
  v: { summaryId: number; userId: number; value: VoteChoice; at?: string },
): Promise<void> {
  await writeVisible(
    db,
    async (trx) => {
      if (!(await lockVoter(trx, v.userId))) {
        throw new DomainError("forbidden", "This account has been deleted.");
      }
      const summary = await lockSummaryForVote(trx, v.summaryId);
      if (!summary || summary.isPrivate) throw notFound("The summary");
      if (summary.authorId === v.userId) {
        throw new DomainError("forbidden", "You cannot vote on your own summary.");
      }
      const previous = await castVote(trx, { ...v, at: v.at ?? nowIso() });
      return previous !== v.value;
    },
    // Repeating one's vote changes nothing a page shows: cached pages stay.
    { changed: (changed) => changed },
  );
}

/** A vote from the web: a logged-in, confirmed user, within the vote rate limit. */
export async function castUserVote(
  db: Kysely<Database>,
  user: CurrentUser | null,
  v: { summaryId: number; value: VoteChoice },
): Promise<void> {
  const voter = assertCanPublish(user);
  await consumeRateLimit(db, "votePerUser", String(voter.id));
  await voteOnSummary(db, { summaryId: v.summaryId, userId: voter.id, value: v.value });
}

/**
 * An account deletion takes back the person's votes, inside the deletion's own transaction:
 * the locks it takes (voter, then summaries in id order; see deleteVotesOf) must hold until
 * that transaction commits, so the caller passes it and no transaction is opened here.
 */
export async function removeVotesOf(trx: Kysely<Database>, userId: number): Promise<void> {
  if (!trx.isTransaction) throw new Error("removeVotesOf runs inside the caller's transaction.");
  await deleteVotesOf(trx, userId);
}
