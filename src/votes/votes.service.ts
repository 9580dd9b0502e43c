import type { Kysely } from "kysely";
import type { CurrentUser } from "../core/current-user";
import { DomainError, invalid, notFound } from "../core/errors";
import { assertCanPublish } from "../core/publish-policy";
import { nowIso } from "../core/time";
import { writeVisible } from "../db/content-version";
import type { Database } from "../db/schema";
import { consumeRateLimit } from "../ratelimit/rate-limit.service";
import { summaryCacheTags } from "../summaries/summary-cache-tags.service";
import { lockSummaryForVote, moveScores } from "../summaries/summary-write.service";
import { lockLiveAccount } from "../users/users.service";
import {
  castVote,
  deleteVotesBy,
  listViewerVotes,
  listVotedSummaryIds,
  listWrittenOrVotedSummaryIds,
  readScore,
  type VoteChoice,
} from "./votes.repo";

export type { VoteChoice } from "./votes.repo";

/** What a vote leaves: the summary's new score and the voter's vote (0: none). */
export interface VoteOutcome {
  score: number;
  vote: VoteChoice;
}

/** What a reader's vote controls show for one summary. */
export interface ViewerVote {
  vote: VoteChoice;
  /** Their own summary: its score, no buttons. */
  own: boolean;
}

const asChoice = (n: number): VoteChoice => (n > 0 ? 1 : n < 0 ? -1 : 0);

/**
 * The reader's votes on a page's summaries, by summary id, in one query; empty for a logged-out
 * reader. Summaries missing from the map are neither voted on nor theirs.
 */
export async function viewerVotes(
  db: Kysely<Database>,
  viewer: CurrentUser | null,
  summaryIds: readonly number[],
): Promise<Map<number, ViewerVote>> {
  if (!viewer || summaryIds.length === 0) return new Map();
  const rows = await listViewerVotes(db, viewer.id, summaryIds);
  return new Map(rows.map((r) => [r.summaryId, { vote: asChoice(r.value), own: r.own }]));
}

/**
 * Told of each vote inside its transaction, under the summary's lock (app.ts hands in the
 * notifications'): a vote that rolls back tells no one.
 */
export type VoteListener = (
  trx: Kysely<Database>,
  e: {
    summaryId: number;
    authorId: number;
    userId: number;
    value: VoteChoice;
    previous: number;
    at: string;
  },
) => Promise<void>;

/** What a vote form may send: +1, −1, or 0 to withdraw. Anything else is refused. */
export function parseVoteChoice(raw: string): VoteChoice {
  if (raw === "1" || raw === "+1") return 1;
  if (raw === "-1") return -1;
  if (raw === "0") return 0;
  throw invalid("A vote is +1, −1, or 0 to withdraw it.");
}

/**
 * Records, changes or withdraws (value 0) a vote, moving the score by the change of the
 * voter's row in the same transaction.
 *
 * Lock order, in every transaction that touches votes: the voter's account row first, then
 * summaries (in id order when several). An account deletion locks the same account row
 * first, so a vote cast while its voter is being deleted either lands before the deletion
 * (which then takes it back) or is refused after it, and the two never deadlock. Under the
 * summary's lock, the voter's previous vote read next is the latest committed one and nobody
 * can change it before we commit: that makes `score + delta` exact on PostgreSQL under READ
 * COMMITTED, where recounting from the rows a statement can see loses concurrent votes.
 */
export async function voteOnSummary(
  db: Kysely<Database>,
  v: { summaryId: number; userId: number; value: VoteChoice; at?: string },
  onVote?: VoteListener,
): Promise<VoteOutcome> {
  const { score } = await writeVisible(
    db,
    async (trx) => {
      if (!(await lockLiveAccount(trx, v.userId))) {
        throw new DomainError("forbidden", "This account has been deleted.");
      }
      const summary = await lockSummaryForVote(trx, v.summaryId);
      if (!summary || summary.isPrivate) throw notFound("The summary");
      if (summary.authorId === v.userId) {
        throw new DomainError("forbidden", "You cannot vote on your own summary.");
      }
      const at = v.at ?? nowIso();
      const previous = await castVote(trx, { ...v, at });
      await moveScores(trx, [v.summaryId], v.value - previous);
      await onVote?.(trx, { ...v, authorId: summary.authorId, previous, at });
      // Read under the summary's lock: exactly the score this vote left.
      return {
        changed: previous !== v.value,
        score: await readScore(trx, v.summaryId),
        // The score shows on the summary, its paper, venue and the lists; a signed summary's
        // on its author's profile (never an anonymous one's: summary-cache-tags.service.ts).
        tags: await summaryCacheTags(trx, [v.summaryId]),
      };
    },
    // Repeating one's vote changes nothing a page shows: cached pages stay.
    { changed: (r) => r.changed, tags: (r) => r.tags },
  );
  return { score, vote: v.value };
}

/** A vote from the web: a logged-in, confirmed user, within the vote rate limit. */
export async function castUserVote(
  db: Kysely<Database>,
  user: CurrentUser | null,
  v: { summaryId: number; value: VoteChoice },
  onVote?: VoteListener,
): Promise<VoteOutcome> {
  const voter = assertCanPublish(user);
  await consumeRateLimit(db, "votePerUser", String(voter.id));
  return voteOnSummary(db, { summaryId: v.summaryId, userId: voter.id, value: v.value }, onVote);
}

// Bound values per statement, far below SQLite's and PostgreSQL's limits.
const IDS_PER_STATEMENT = 500;

/**
 * An account deletion takes back the person's votes and their values off the scores, inside
 * the deletion's own transaction: the locks taken here (the account, then its summaries in id
 * order, as a vote does) must hold until that transaction commits, so the caller passes it
 * and no transaction is opened here. A vote the person casts meanwhile waits, then is refused.
 */
/**
 * Before an account's deletion changes anything: its row, then every summary it wrote or voted
 * on, in id order. The deletion goes on to lock its own summaries (the rename of a "keep"
 * deletion rewrites their search text; a "remove" deletes them) and those it voted on
 * (removeVotesOf); taken there, in two orders, two people who voted on each other's
 * summaries, deleting at once, each held what the other waited for (PostgreSQL aborted one).
 */
export async function lockForAccountDeletion(trx: Kysely<Database>, userId: number): Promise<void> {
  if (!trx.isTransaction) throw new Error("lockForAccountDeletion runs inside a transaction.");
  await lockLiveAccount(trx, userId);
  for (const id of await listWrittenOrVotedSummaryIds(trx, userId))
    await lockSummaryForVote(trx, id);
}

export async function removeVotesOf(trx: Kysely<Database>, userId: number): Promise<void> {
  if (!trx.isTransaction) throw new Error("removeVotesOf runs inside the caller's transaction.");
  // In "keep" mode the row is already marked deleted (and so locked) by this transaction.
  await lockLiveAccount(trx, userId);
  for (const id of await listVotedSummaryIds(trx, userId)) await lockSummaryForVote(trx, id);
  const removed = await deleteVotesBy(trx, userId);
  for (const value of [1, -1]) {
    const ids = removed.filter((r) => r.value === value).map((r) => r.summaryId);
    for (let i = 0; i < ids.length; i += IDS_PER_STATEMENT) {
      await moveScores(trx, ids.slice(i, i + IDS_PER_STATEMENT), -value);
    }
  }
}
