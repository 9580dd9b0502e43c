import type { Kysely } from "kysely";
import {
  LEADERBOARD_MAX_USERS,
  LEADERBOARD_PAGE_SIZE,
  PAGE_READ_DEADLINE_MS,
  REPUTATION_VOTE_MIN_AGE_MS,
} from "../core/limits";
import { pageWindow } from "../core/paging";
import type { Database } from "../db/schema";
import { reputationOf } from "./reputation";
import {
  countLeaders,
  type ReputationRow,
  selectLeaders,
  selectOldestUncountedVoteAt,
  selectReputation,
} from "./reputation.repo";

// Reputation as the original site computed it (its "SciScore"); README "Reputation" says which
// summaries and votes count. `now` is a parameter so tests can move the clock past the votes.

/** Votes cast (or last changed) before this time count. */
function cutoffAt(now: number): string {
  return new Date(now - REPUTATION_VOTE_MIN_AGE_MS).toISOString();
}

function toReputation(row: ReputationRow): number {
  return reputationOf({ net: Number(row.net ?? 0), summaries: Number(row.summaries) });
}

export async function getReputation(
  db: Kysely<Database>,
  userId: number,
  now = Date.now(),
): Promise<number> {
  // Of the real clock: `now` is the reputation's.
  const deadline = Date.now() + PAGE_READ_DEADLINE_MS;
  return toReputation(await selectReputation(db, userId, cutoffAt(now), deadline));
}

/**
 * When a reputation read with `cutoff` goes out of date by time alone: the oldest vote it left
 * out counts once the cutoff passes its time (votes older than the cutoff count), so at that
 * time + REPUTATION_VOTE_MIN_AGE_MS + 1 ms. No write marks that moment, so a cached page
 * showing the reputation says it (http/page-cache-tags.ts declareCurrentUntil). Null: never.
 */
function currentUntil(oldestUncountedVoteAt: string | null): number | null {
  if (oldestUncountedVoteAt === null) return null;
  const at = Date.parse(oldestUncountedVoteAt);
  // An unreadable time: current for no time at all (the page is simply not cached).
  return Number.isNaN(at) ? 0 : at + REPUTATION_VOTE_MIN_AGE_MS + 1;
}

export interface TimedReputation {
  reputation: number;
  /** The moment (epoch ms) it may change with no write; null: only a write changes it. */
  currentUntil: number | null;
}

/**
 * A profile's reputation, and until when it holds: two indexed queries whose cost grows with
 * the writer's summaries, on SQLite's pages pool until `readDeadline`.
 */
export async function getReputationUntil(
  db: Kysely<Database>,
  userId: number,
  now = Date.now(),
  // Of the real clock: `now` is the reputation's.
  readDeadline = Date.now() + PAGE_READ_DEADLINE_MS,
): Promise<TimedReputation> {
  const cutoff = cutoffAt(now);
  return {
    reputation: toReputation(await selectReputation(db, userId, cutoff, readDeadline)),
    currentUntil: currentUntil(await selectOldestUncountedVoteAt(db, cutoff, userId, readDeadline)),
  };
}

export interface Leader {
  rank: number;
  username: string;
  displayName: string;
  reputation: number;
  /** How many summaries the average is over. */
  summaries: number;
}

export interface LeaderboardPage {
  page: number;
  pageCount: number;
  leaders: Leader[];
  /** Until when the ranking holds with no write (see currentUntil above); null: until one. */
  currentUntil: number | null;
}

/** A page of the top LEADERBOARD_MAX_USERS users by reputation; past the last page is a 404. */
export async function getLeaderboard(
  db: Kysely<Database>,
  page: number,
  now = Date.now(),
): Promise<LeaderboardPage> {
  const cutoff = cutoffAt(now);
  // One deadline for both reads (of the real clock: `now` is the reputation's).
  const deadline = Date.now() + PAGE_READ_DEADLINE_MS;
  const total = Math.min(await countLeaders(db, cutoff, deadline), LEADERBOARD_MAX_USERS);
  const { pageCount, offset, limit } = pageWindow(total, LEADERBOARD_PAGE_SIZE, page);
  const rows = limit === 0 ? [] : await selectLeaders(db, cutoff, { offset, limit, deadline });
  return {
    page,
    pageCount,
    currentUntil: currentUntil(await selectOldestUncountedVoteAt(db, cutoff, null)),
    leaders: rows.map((r, i) => ({
      rank: offset + i + 1,
      username: r.username,
      displayName: r.display_name,
      reputation: toReputation(r),
      summaries: Number(r.summaries),
    })),
  };
}
