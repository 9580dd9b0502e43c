import type { Kysely } from "kysely";
import { SESSION_IDLE_MS } from "../core/limits";
import type { Database } from "../db/schema";
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

/** Sign-ups never confirmed: their usernames are free again. */
export function purgeExpiredPendingSignups(db: Kysely<Database>, now: number): Promise<number> {
  return deleteExpiredPendingSignups(db, new Date(now).toISOString());
}

/** OpenID Connect sign-ins that never came back. */
export function purgeExpiredOidcStates(db: Kysely<Database>, now: number): Promise<number> {
  return deleteExpiredOidcStates(db, new Date(now).toISOString());
}
