import type { Kysely } from "kysely";
import { lockKeyUntilCommit } from "../db/dialect";
import type { Database } from "../db/schema";
import { usernameKey } from "../users/user-keys";

// Sign-ups of the older kind, which made no account until their mailed link was opened (see
// the pending_signups migration). Sign-up no longer writes any: the rows left are confirmed
// or expire within 48 hours. claimUsername stays the one lock every name-giver takes.

/**
 * Serialises everything that gives out `username` (sign-up, its confirmation, ORCID and the
 * operator's accounts) until the caller's transaction ends, and frees the name from an expired
 * sign-up the cleanup has not deleted yet. On SQLite this must be the transaction's first
 * statement (or follow another write): the DELETE, even of nothing, takes the write lock, so
 * the check that follows cannot go stale before the insert.
 */
export async function claimUsername(
  trx: Kysely<Database>,
  username: string,
  nowIso: string,
): Promise<void> {
  const key = usernameKey(username);
  await lockKeyUntilCommit(trx, `username:${key}`);
  await trx
    .deleteFrom("pending_signups")
    .where("username_key", "=", key)
    .where("expires_at", "<=", nowIso)
    .execute();
}

export async function isUsernamePending(
  db: Kysely<Database>,
  username: string,
  nowIso: string,
): Promise<boolean> {
  const row = await db
    .selectFrom("pending_signups")
    .select("id")
    .where("username_key", "=", usernameKey(username))
    .where("expires_at", ">", nowIso)
    .executeTakeFirst();
  return row !== undefined;
}

/** The username of a live sign-up behind a link, without using the link. */
export async function peekPendingSignup(
  db: Kysely<Database>,
  tokenHash: string,
  nowIso: string,
): Promise<string | null> {
  const row = await db
    .selectFrom("pending_signups")
    .select("username")
    .where("token_hash", "=", tokenHash)
    .where("expires_at", ">", nowIso)
    .executeTakeFirst();
  return row?.username ?? null;
}

/**
 * Deletes a live sign-up by its link and returns it, in one statement: of two requests racing
 * with one link, only one gets it.
 */
export async function consumePendingSignup(
  db: Kysely<Database>,
  tokenHash: string,
  nowIso: string,
): Promise<{ username: string; email: string; password_hash: string } | null> {
  const row = await db
    .deleteFrom("pending_signups")
    .where("token_hash", "=", tokenHash)
    .where("expires_at", ">", nowIso)
    .returning(["username", "email", "password_hash"])
    .executeTakeFirst();
  return row ?? null;
}

/** Deletes sign-ups past their expiry, which frees their usernames. Returns how many. */
export async function deleteExpiredPendingSignups(
  db: Kysely<Database>,
  nowIso: string,
): Promise<number> {
  const result = await db
    .deleteFrom("pending_signups")
    .where("expires_at", "<=", nowIso)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
