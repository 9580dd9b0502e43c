import { type Kysely, sql } from "kysely";
import type { Database } from "../db/schema";

export type VoteValue = 1 | -1;
/** 0 withdraws the voter's vote. */
export type VoteChoice = VoteValue | 0;

/** What a vote needs to know of its summary. */
export interface VotableSummary {
  authorId: number;
  isPrivate: boolean;
}

/**
 * Locks the voter's row and tells whether the account still exists. An account deletion locks
 * the same row first, so a vote cast while its voter is being deleted either lands before the
 * deletion (which then takes it back) or is refused after it, never slips between its
 * statements. Voter before summary, in every transaction, so the two never deadlock.
 * It writes nothing (deleted_at = deleted_at): the lock order lives with the votes, so this one
 * statement on users stays here rather than in users.repo, the table's writer.
 */
export async function lockVoter(db: Kysely<Database>, userId: number): Promise<boolean> {
  const row = await db
    .updateTable("users")
    .set({ deleted_at: sql`deleted_at` })
    .where("id", "=", userId)
    .where("deleted_at", "is", null)
    .returning("id")
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Locks the summary's row for the rest of the transaction and returns it (null when there is
 * none). Every change of a vote row happens under this lock, so reading the voter's previous
 * vote afterwards sees the latest committed value and no one can change it before we commit:
 * that makes `score + delta` exact on PostgreSQL under READ COMMITTED, where recomputing from
 * the rows a statement can see loses concurrent votes. The no-op UPDATE (rather than
 * SELECT … FOR UPDATE) is what takes a row lock on PostgreSQL and the write lock on SQLite alike.
 */
export async function lockSummaryForVote(
  db: Kysely<Database>,
  summaryId: number,
): Promise<VotableSummary | null> {
  const locked = await db
    .updateTable("summaries")
    .set({ score: sql`score` })
    .where("id", "=", summaryId)
    .returning(["user_id", "is_private"])
    .executeTakeFirst();
  return locked ? { authorId: locked.user_id, isPrivate: locked.is_private === 1 } : null;
}

/**
 * Records, changes or (with 0) withdraws a vote, and moves the score by exactly the change of
 * the voter's row. Call inside a transaction, after `lockSummaryForVote` on the same summary.
 * Returns the previous value (0 when there was no vote).
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
  await addToScores(db, [v.summaryId], v.value - previous);
  return previous;
}

/** Scores move by a delta in one statement, never by a recount from rows a statement sees. */
export async function addToScores(
  db: Kysely<Database>,
  summaryIds: readonly number[],
  delta: number,
): Promise<void> {
  if (summaryIds.length === 0 || delta === 0) return;
  await db
    .updateTable("summaries")
    .set({ score: sql`score + ${delta}` })
    .where("id", "in", summaryIds)
    .execute();
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

// Bound values per statement, far below SQLite's and PostgreSQL's limits.
const IDS_PER_STATEMENT = 500;

/**
 * Removes a user's votes and takes each one's value off its summary's score. The user's row
 * is locked first, then the summaries one by one in id order, as a vote does (lockVoter,
 * then lockSummaryForVote): a vote the person casts at the same moment waits for us and is
 * then refused, and two deletions never lock in opposite orders.
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
