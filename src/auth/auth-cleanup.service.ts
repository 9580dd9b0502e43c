import type { Kysely } from "kysely";
import { SESSION_IDLE_MS, VERIFY_TOKEN_TTL_MS } from "../core/limits";
import { writeVisible } from "../db/content-version";
import type { Database } from "../db/schema";
import { deleteNeverConfirmedAccounts } from "../users/users.service";
import { deleteExpiredAuthTokens } from "./auth-tokens.repo";
import { deleteExpiredOidcStates } from "./oidc.repo";
import { deleteExpiredPendingSignups } from "./pending-signups.repo";
import { deleteExpiredSessions } from "./sessions.repo";

// What auth keeps only for a while, deleted once it expired (maintenance/cleanup.service.ts
// runs these). Each returns how many rows went; one statement each.

/** Sessions past their absolute expiry, or idle longer than a session may be. */
export function purgeExpiredSessions(db: Kysely<Database>, now: number): Promise<number> {
  return deleteExpiredSessions(
    db,
    new Date(now).toISOString(),
    new Date(now - SESSION_IDLE_MS).toISOString(),
  );
}

/** E-mail links past their expiry, used or not. */
export function purgeExpiredAuthTokens(db: Kysely<Database>, now: number): Promise<number> {
  return deleteExpiredAuthTokens(db, new Date(now).toISOString());
}

/** Sign-ups of the older kind (no account until confirmed) never confirmed: names freed. */
export function purgeExpiredPendingSignups(db: Kysely<Database>, now: number): Promise<number> {
  return deleteExpiredPendingSignups(db, new Date(now).toISOString());
}

/**
 * Accounts made by a sign-up whose address was never confirmed, once their last link expired
 * (48 hours after sign-up, or after the last "send the link again"): their usernames are free
 * again. Only accounts with nothing of their own are deleted (summaries, comments, votes,
 * reports, an ORCID sign-in). Their profiles were public, so the content version moves.
 */
export function purgeNeverConfirmedAccounts(db: Kysely<Database>, now: number): Promise<number> {
  return writeVisible(
    db,
    (trx) =>
      deleteNeverConfirmedAccounts(
        trx,
        new Date(now - VERIFY_TOKEN_TTL_MS).toISOString(),
        new Date(now).toISOString(),
      ),
    { changed: (n) => n > 0 },
  );
}

/** OpenID Connect sign-ins that never came back. */
export function purgeExpiredOidcStates(db: Kysely<Database>, now: number): Promise<number> {
  return deleteExpiredOidcStates(db, new Date(now).toISOString());
}
