import { type Kysely, sql } from "kysely";
import { listedSummary } from "../db/listed";
import type { Database } from "../db/schema";
import { offLoop } from "../db/sqlite-read-dialect";

// Reputation's SQL: one query for a profile, one for a page of the leaderboard, whatever the
// number of summaries. Reads summaries and votes (their owners write them); writes nothing.

/**
 * Each counted summary with its net vote: public (not private, deleted or hidden), signed (not anonymous: a
 * reputation that moved with an anonymous summary's votes would name its author), and only
 * votes cast or changed before `cutoff`. A summary with no such vote is not counted at all,
 * as on the original site, so a new summary never pulls its author's average down.
 */
function countedSummaryNets(db: Kysely<Database>, cutoff: string) {
  return db
    .selectFrom("summaries as s")
    .innerJoin("votes as v", "v.summary_id", "s.id")
    .where(listedSummary("s"))
    .where("s.is_anonymous", "=", 0)
    .where("v.created_at", "<", cutoff)
    .groupBy(["s.id", "s.user_id"])
    .select("s.user_id")
    .select((eb) => eb.fn.sum<number | string>("v.value").as("net"));
}

export interface ReputationRow {
  net: number | string | null;
  summaries: number | string;
}

/**
 * One person's counted summaries. It reads each of their counted votes (40–95 ms on SQLite
 * for a writer of 45,000 summaries), so it runs on SQLite's read pool until `deadline`.
 */
export async function selectReputation(
  db: Kysely<Database>,
  userId: number,
  cutoff: string,
  deadline: number,
): Promise<ReputationRow> {
  const reader = offLoop(db, deadline);
  return reader
    .selectFrom(countedSummaryNets(reader, cutoff).where("s.user_id", "=", userId).as("t"))
    .select((eb) => [
      eb.fn.sum<number | string | null>("t.net").as("net"),
      eb.fn.countAll<number | string>().as("summaries"),
    ])
    .executeTakeFirstOrThrow();
}

/**
 * When the oldest vote not counted yet (cast at or after `cutoff`) was cast, on a summary that
 * counts, of `userId` or of anyone: the reputation moves, with time alone, when it crosses the
 * cutoff. Null: no such vote (only a write can move it). The votes_recent index bounds the read
 * to the last two days' votes. For one person SQLite walks their summaries instead, probing
 * each one's votes (15 ms for a writer of 45,000 summaries), so with a `deadline` it runs on
 * SQLite's read pool, like their reputation.
 */
export async function selectOldestUncountedVoteAt(
  db: Kysely<Database>,
  cutoff: string,
  userId: number | null,
  deadline?: number,
): Promise<string | null> {
  let query = (deadline === undefined ? db : offLoop(db, deadline))
    .selectFrom("votes as v")
    .innerJoin("summaries as s", "s.id", "v.summary_id")
    .where("v.created_at", ">=", cutoff)
    .where(listedSummary("s"))
    .where("s.is_anonymous", "=", 0);
  if (userId !== null) query = query.where("s.user_id", "=", userId);
  const row = await query
    .select((eb) => eb.fn.min<string | null>("v.created_at").as("at"))
    .executeTakeFirst();
  return row?.at ?? null;
}

export interface LeaderRow extends ReputationRow {
  id: number;
  username: string;
  display_name: string;
}

/**
 * Live, unbanned users with at least one counted summary: those the leaderboard may list. It
 * reads every counted vote (100-300 ms at 30,000 votes on SQLite), so the leaderboard's two
 * reads run on SQLite's read pool, off the event loop, until one deadline (offLoop).
 */
function leaders(db: Kysely<Database>, cutoff: string) {
  return db
    .selectFrom(countedSummaryNets(db, cutoff).as("t"))
    .innerJoin("users as u", "u.id", "t.user_id")
    .where("u.deleted_at", "is", null)
    .where("u.banned_at", "is", null);
}

/** Best average first; on a tie, more counted summaries, then the older account. */
export async function selectLeaders(
  db: Kysely<Database>,
  cutoff: string,
  page: { offset: number; limit: number; deadline: number },
): Promise<LeaderRow[]> {
  return leaders(offLoop(db, page.deadline), cutoff)
    .groupBy(["u.id", "u.username", "u.display_name"])
    .select(["u.id", "u.username", "u.display_name"])
    .select((eb) => [
      eb.fn.sum<number | string>("t.net").as("net"),
      eb.fn.countAll<number | string>().as("summaries"),
    ])
    .orderBy(sql`sum(t.net) * 1.0 / count(*)`, "desc")
    .orderBy(sql`count(*)`, "desc")
    .orderBy("u.id")
    .offset(page.offset)
    .limit(page.limit)
    .execute();
}

export async function countLeaders(
  db: Kysely<Database>,
  cutoff: string,
  deadline: number,
): Promise<number> {
  const row = await leaders(offLoop(db, deadline), cutoff)
    .select((eb) => eb.fn.count<number | string>("u.id").distinct().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
