import type { Kysely } from "kysely";
import { compiledOnce } from "../db/compiled-queries";
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

/** A summary's score as this transaction sees it (after a vote moved it, under its lock). */
export async function readScore(db: Kysely<Database>, summaryId: number): Promise<number> {
  const row = await db
    .selectFrom("summaries")
    .select("score")
    .where("id", "=", summaryId)
    .executeTakeFirst();
  return row?.score ?? 0;
}

export interface ViewerVoteRow {
  summaryId: number;
  /** The viewer's vote on it: 1, −1, or 0 when none. */
  value: number;
  /** The viewer wrote it (anonymous summaries included: their author is still known here). */
  own: boolean;
}

/**
 * One reader's votes on a page's summaries, and which of them are theirs, in one query: a
 * page asks once, not once per summary. A read joining summaries, as reads may.
 */
export async function listViewerVotes(
  db: Kysely<Database>,
  userId: number,
  summaryIds: readonly number[],
): Promise<ViewerVoteRow[]> {
  if (summaryIds.length === 0) return [];
  // Every logged-in reading page asks: compiled once per list length (db/compiled-queries.ts).
  const rows = await compiledOnce(
    db,
    `viewer-votes:${summaryIds.length}`,
    [userId, ...summaryIds],
    () =>
      db
        .selectFrom("summaries")
        .leftJoin("votes", (join) =>
          join.onRef("votes.summary_id", "=", "summaries.id").on("votes.user_id", "=", userId),
        )
        .select(["summaries.id as id", "summaries.user_id as author", "votes.value as value"])
        .where("summaries.id", "in", summaryIds),
  );
  return rows.map((r) => ({ summaryId: r.id, value: r.value ?? 0, own: r.author === userId }));
}

/**
 * The summaries a user wrote or voted on, in id order: every summary row their account's
 * deletion locks, in the order it locks them.
 */
export async function listWrittenOrVotedSummaryIds(
  db: Kysely<Database>,
  userId: number,
): Promise<number[]> {
  const rows = await db
    .selectFrom("votes")
    .select("summary_id as id")
    .where("user_id", "=", userId)
    .union(db.selectFrom("summaries").select("id").where("user_id", "=", userId))
    .orderBy("id")
    .execute();
  return rows.map((r) => r.id);
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
