import type { Kysely } from "kysely";
import { RESET_TOKEN_TTL_MS, VERIFY_TOKEN_TTL_MS } from "../core/limits";
import { hashToken, randomToken } from "../core/tokens";
import type { Database } from "../db/schema";
import { insertAuthToken, revokeUserTokens, type TokenPurpose } from "./auth-tokens.repo";

/** Where each kind of link leads, and how long it works. */
const LINKS: Record<TokenPurpose, { path: string; ttlMs: number }> = {
  reset_password: { path: "reset", ttlMs: RESET_TOKEN_TTL_MS },
  verify_email: { path: "verify", ttlMs: VERIFY_TOKEN_TTL_MS },
};

/**
 * A new single-use link of `purpose` for a user; older ones of that purpose die with it, in
 * one transaction (the caller's, when `db` is one). Returns the link for the mail, which the
 * caller sends after the commit. Only the token's hash is stored.
 */
export async function issueAccountLink(
  db: Kysely<Database>,
  baseUrl: string,
  t: { userId: number; purpose: TokenPurpose; email: string | null; browserHash?: string },
  now = Date.now(),
): Promise<string> {
  const token = randomToken(16);
  const link = LINKS[t.purpose];
  const run = async (trx: Kysely<Database>) => {
    await revokeUserTokens(trx, t.userId, t.purpose, new Date(now).toISOString());
    await insertAuthToken(trx, {
      tokenHash: hashToken(token),
      userId: t.userId,
      purpose: t.purpose,
      email: t.email,
      browserHash: t.browserHash ?? null,
      at: new Date(now).toISOString(),
      expiresAt: new Date(now + link.ttlMs).toISOString(),
    });
  };
  await (db.isTransaction ? run(db) : db.transaction().execute(run));
  return `${baseUrl}/${link.path}/${token}`;
}
