// Expired rows nobody reads again: sessions, e-mail tokens, sign-ups never confirmed (which
// frees their usernames), rate-limit windows, sign-in states, metadata-cache answers, finished
// notification mail and read notifications past their keeping time, summaries deleted longer
// ago than they can be restored (already on no page). Each
// owning feature's service knows what "expired" means for its tables. None of these rows
// shows on a public page, except the profiles of accounts never confirmed: their purge moves
// the content version itself.

import type { Kysely } from "kysely";
import {
  purgeExpiredAuthTokens,
  purgeExpiredOidcStates,
  purgeExpiredPendingSignups,
  purgeExpiredSessions,
  purgeNeverConfirmedAccounts,
} from "../auth/auth-cleanup.service";
import type { Database } from "../db/schema";
import { purgeOldNotifications } from "../notifications/mail-queue.service";
import { purgeExpiredMetadataAnswers } from "../papers/resolvers/metadata-cache.service";
import { pruneRateLimits } from "../ratelimit/rate-limit.service";
import { purgeDeletedSummaries } from "../summaries/summary-lifecycle.service";

export interface CleanupCounts {
  sessions: number;
  authTokens: number;
  pendingSignups: number;
  /** Accounts made by a sign-up whose address was never confirmed, with nothing of their own. */
  unconfirmedAccounts: number;
  rateLimitWindows: number;
  oidcStates: number;
  metadataAnswers: number;
  /** Notification mail sent, failed or dropped longer ago than it is kept. */
  mails: number;
  /** Read notifications past their keeping time, and those of deleted accounts. */
  notifications: number;
  /** Summaries their authors deleted longer ago than they can be restored. */
  deletedSummaries: number;
}

/** Deletes what expired before `now`; one statement per table, so a stop loses nothing. */
export async function purgeExpired(db: Kysely<Database>, now = Date.now()): Promise<CleanupCounts> {
  return {
    sessions: await purgeExpiredSessions(db, now),
    authTokens: await purgeExpiredAuthTokens(db, now),
    pendingSignups: await purgeExpiredPendingSignups(db, now),
    unconfirmedAccounts: await purgeNeverConfirmedAccounts(db, now),
    rateLimitWindows: await pruneRateLimits(db, now),
    oidcStates: await purgeExpiredOidcStates(db, now),
    metadataAnswers: await purgeExpiredMetadataAnswers(db, now),
    ...(await purgeOldNotifications(db, now)),
    deletedSummaries: await purgeDeletedSummaries(db, now),
  };
}

export function describeCleanup(c: CleanupCounts): string {
  return [
    `${c.sessions} expired sessions`,
    `${c.authTokens} e-mail tokens`,
    `${c.pendingSignups} unconfirmed sign-ups`,
    `${c.unconfirmedAccounts} unconfirmed accounts`,
    `${c.rateLimitWindows} rate-limit windows`,
    `${c.oidcStates} sign-in states`,
    `${c.metadataAnswers} metadata-cache answers`,
    `${c.mails} old mails`,
    `${c.notifications} old notifications`,
    `${c.deletedSummaries} deleted summaries past restoring`,
  ].join(", ");
}
