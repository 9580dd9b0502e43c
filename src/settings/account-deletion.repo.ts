import { type Kysely, sql } from "kysely";
import type { Database } from "../db/schema";

/** Removes a user's votes and recounts the scores they were part of. */
export async function deleteVotesOf(db: Kysely<Database>, userId: number): Promise<void> {
  const voted = await db
    .selectFrom("votes")
    .select("summary_id")
    .where("user_id", "=", userId)
    .execute();
  await db.deleteFrom("votes").where("user_id", "=", userId).execute();
  await recomputeScores(
    db,
    voted.map((v) => v.summary_id),
  );
}

/** Deletes the user row; foreign keys cascade to their summaries, comments and sessions. */
export async function deleteUserAndContent(db: Kysely<Database>, userId: number): Promise<void> {
  await deleteVotesOf(db, userId);
  await db.deleteFrom("users").where("id", "=", userId).execute();
}

/** A score is the sum of a summary's remaining votes. */
async function recomputeScores(db: Kysely<Database>, summaryIds: number[]): Promise<void> {
  if (summaryIds.length === 0) return;
  await db
    .updateTable("summaries")
    .set({
      score: sql`(select coalesce(sum(v.value), 0) from votes v where v.summary_id = summaries.id)`,
    })
    .where("id", "in", summaryIds)
    .execute();
}

export async function deleteIdentitiesOf(db: Kysely<Database>, userId: number): Promise<void> {
  await db.deleteFrom("user_identities").where("user_id", "=", userId).execute();
}
