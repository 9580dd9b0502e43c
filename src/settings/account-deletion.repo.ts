import type { Kysely } from "kysely";
import type { Database } from "../db/schema";
import { addToScores, lockSummaryForVote, lockVoter } from "../votes/votes.repo";

// Bound values per statement, far below SQLite's and PostgreSQL's limits.
const IDS_PER_STATEMENT = 500;

/**
 * Removes a user's votes and takes each one's value off its summary's score. The user's row
 * is locked first, then the summaries one by one in id order, as a vote does (votes.repo.ts):
 * a vote the person casts at the same moment waits for us and is then refused, and two
 * deletions never lock in opposite orders.
 */
export async function deleteVotesOf(db: Kysely<Database>, userId: number): Promise<void> {
  // In "keep" mode the row is already marked deleted (and so locked) by this transaction.
  await lockVoter(db, userId);
  const voted = await db
    .selectFrom("votes")
    .select("summary_id")
    .where("user_id", "=", userId)
    .orderBy("summary_id")
    .execute();
  for (const v of voted) await lockSummaryForVote(db, v.summary_id);
  const removed = await db
    .deleteFrom("votes")
    .where("user_id", "=", userId)
    .returning(["summary_id", "value"])
    .execute();
  for (const value of [1, -1]) {
    const ids = removed.filter((r) => r.value === value).map((r) => r.summary_id);
    for (let i = 0; i < ids.length; i += IDS_PER_STATEMENT) {
      await addToScores(db, ids.slice(i, i + IDS_PER_STATEMENT), -value);
    }
  }
}

/** Deletes the user row; foreign keys cascade to their summaries, comments and sessions. */
export async function deleteUserAndContent(db: Kysely<Database>, userId: number): Promise<void> {
  await deleteVotesOf(db, userId);
  await db.deleteFrom("users").where("id", "=", userId).execute();
}

export async function deleteIdentitiesOf(db: Kysely<Database>, userId: number): Promise<void> {
  await db.deleteFrom("user_identities").where("user_id", "=", userId).execute();
}
