// Expired rows nobody reads again: sessions, e-mail tokens, sign-ups never confirmed (which
// frees their usernames), rate-limit windows, sign-in states and metadata-cache answers. Each table's own repo knows what "expired" means; none
// of these rows shows on a public page, so no content-version bump.

import type { Kysely } from "kysely";
import { deleteExpiredAuthTokens } from "../auth/auth-tokens.repo";
import { deleteExpiredOidcStates } from "../auth/oidc.repo";
import { deleteExpiredPendingSignups } from "../auth/pending-signups.repo";
import { deleteExpiredSessions } from "../auth/sessions.repo";
import { SESSION_IDLE_MS } from "../core/limits";
import type { Database } from "../db/schema";
import { purgeExpiredAnswers } from "../papers/resolvers/metadata-cache.repo";
import { pruneRateLimits } from "../ratelimit/rate-limit.service";

export interface CleanupCounts {
  sessions: number;
  authTokens: number;
  pendingSignups: number;
  rateLimitWindows: number;
  oidcStates: number;
  metadataAnswers: number;
}

/** Deletes what expired before `now`; one statement per table, so a stop loses nothing. */
export async function purgeExpired(db: Kysely<Database>, now = Date.now()): Promise<CleanupCounts> {
  const nowIso = new Date(now).toISOString();
  return {
    sessions: await deleteExpiredSessions(
      db,
      nowIso,
      new Date(now - SESSION_IDLE_MS).toISOString(),
    ),
    authTokens: await deleteExpiredAuthTokens(db, nowIso),
    pendingSignups: await deleteExpiredPendingSignups(db, nowIso),
    rateLimitWindows: await pruneRateLimits(db, now),
    oidcStates: await deleteExpiredOidcStates(db, nowIso),
    metadataAnswers: await purgeExpiredAnswers(db, nowIso),
  };
}

export function describeCleanup(c: CleanupCounts): string {
  return [
    `${c.sessions} expired sessions`,
    `${c.authTokens} e-mail tokens`,
    `${c.pendingSignups} unconfirmed sign-ups`,
    `${c.rateLimitWindows} rate-limit windows`,
    `${c.oidcStates} sign-in states`,
    `${c.metadataAnswers} metadata-cache answers`,
  ].join(", ");
}
