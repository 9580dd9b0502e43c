import type { Kysely } from "kysely";
import type { Database } from "../db/schema";

export type TokenPurpose = "verify_email" | "reset_password";

export async function insertAuthToken(
  db: Kysely<Database>,
  t: {
    tokenHash: string;
    userId: number;
    purpose: TokenPurpose;
    email: string | null;
    at: string;
    expiresAt: string;
    browserHash?: string | null;
  },
): Promise<void> {
  await db
    .insertInto("auth_tokens")
    .values({
      token_hash: t.tokenHash,
      user_id: t.userId,
      purpose: t.purpose,
      email: t.email,
      created_at: t.at,
      expires_at: t.expiresAt,
      used_at: null,
      browser_hash: t.browserHash ?? null,
    })
    .execute();
}

/**
 * Marks an unused, unexpired token of that purpose as used and returns it — in one UPDATE, so
 * two requests racing with the same link cannot both succeed.
 */
export async function consumeAuthToken(
  db: Kysely<Database>,
  tokenHash: string,
  purpose: TokenPurpose,
  now: string,
): Promise<{ user_id: number; email: string | null; browser_hash: string | null } | null> {
  const row = await db
    .updateTable("auth_tokens")
    .set({ used_at: now })
    .where("token_hash", "=", tokenHash)
    .where("purpose", "=", purpose)
    .where("used_at", "is", null)
    .where("expires_at", ">", now)
    .returning(["user_id", "email", "browser_hash"])
    .executeTakeFirst();
  return row ?? null;
}

/** Whether a token is still usable, without using it (to show the form behind a reset link). */
export async function peekAuthToken(
  db: Kysely<Database>,
  tokenHash: string,
  purpose: TokenPurpose,
  now: string,
): Promise<boolean> {
  const row = await db
    .selectFrom("auth_tokens")
    .select("id")
    .where("token_hash", "=", tokenHash)
    .where("purpose", "=", purpose)
    .where("used_at", "is", null)
    .where("expires_at", ">", now)
    .executeTakeFirst();
  return row !== undefined;
}

/** A newer link replaces older ones of the same purpose. */
export async function revokeUserTokens(
  db: Kysely<Database>,
  userId: number,
  purpose: TokenPurpose,
  now: string,
): Promise<void> {
  await db
    .updateTable("auth_tokens")
    .set({ used_at: now })
    .where("user_id", "=", userId)
    .where("purpose", "=", purpose)
    .where("used_at", "is", null)
    .execute();
}

export async function findTokenOwnerUsername(
  db: Kysely<Database>,
  tokenHash: string,
): Promise<string | null> {
  const row = await db
    .selectFrom("auth_tokens as t")
    .innerJoin("users as u", "u.id", "t.user_id")
    .select("u.username")
    .where("t.token_hash", "=", tokenHash)
    .executeTakeFirst();
  return row?.username ?? null;
}

/**
 * Deletes e-mail tokens past their expiry, used or not: an expired link fails the same way
 * whether or not its row is there. Returns how many.
 */
export async function deleteExpiredAuthTokens(
  db: Kysely<Database>,
  nowIso: string,
): Promise<number> {
  const result = await db
    .deleteFrom("auth_tokens")
    .where("expires_at", "<", nowIso)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
