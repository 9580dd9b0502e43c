import type { Kysely } from "kysely";
import type { Database } from "../db/schema";

export type VoteValue = 1 | -1;
/** 0 withdraws the voter's vote. */
export type VoteChoice = VoteValue | 0;

/**
 * Records, changes or (with 0) withdraws a vote and returns the previous value (0 when there
 * was none). Call inside a transaction, after locking the summary (votes.service.ts): the
 * previous value read here is then the latest, and the caller moves the score by the change.
 */
export async function castVote(
  db: Kysely<Database>,
  v: { summaryId: number; userId: number; value: VoteChoice; at: string },
): Promise<number> {
  const previous = await findVote(db, v.summaryId, v.userId);
  if (previous === v.value) return previous;
  if (v.value === 0) {
    await db
      .deleteFrom("votes")
      .where("summary_id", "=", v.summaryId)
      .where("user_id", "=", v.userId)
      .execute();
  } else {
    await db
      .insertInto("votes")
      .values({ summary_id: v.summaryId, user_id: v.userId, value: v.value, created_at: v.at })
      .onConflict((oc) =>
        oc.columns(["summary_id", "user_id"]).doUpdateSet({ value: v.value, created_at: v.at }),
      )
      .execute();
  }
  return previous;
}

export async function findVote(
  db: Kysely<Database>,
  summaryId: number,
  userId: number,
): Promise<number> {
  const row = await db
    .selectFrom("votes")
    .select("value")
    .where("summary_id", "=", summaryId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return row?.value ?? 0;
}

/** The summaries a user voted on, in id order: the order account deletion locks them in. */
export async function listVotedSummaryIds(db: Kysely<Database>, userId: number): Promise<number[]> {
  const rows = await db
    .selectFrom("votes")
    .select("summary_id")
    .where("user_id", "=", userId)
    .orderBy("summary_id")
    .execute();
  return rows.map((r) => r.summary_id);
}

/** Deletes a user's votes and returns what they were, so the scores can be moved back. */
export async function deleteVotesBy(
  db: Kysely<Database>,
  userId: number,
): Promise<{ summaryId: number; value: number }[]> {
  const removed = await db
    .deleteFrom("votes")
    .where("user_id", "=", userId)
    .returning(["summary_id", "value"])
    .execute();
  return removed.map((r) => ({ summaryId: r.summary_id, value: r.value }));
}
