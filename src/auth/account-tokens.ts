import type { Kysely } from "kysely";
import { hashToken, randomToken } from "../core/tokens";
import type { Database } from "../db/schema";
import { insertAuthToken, revokeUserTokens, type TokenPurpose } from "./auth-tokens.repo";

/**
 * A new single-use link token of `purpose` for a user; older ones of that purpose die with
 * it, in one transaction (the caller's, when `db` is one). Returns the raw token for the mail,
 * which the caller sends after the commit. Only its hash is stored.
 */
export async function issueAccountToken(
  db: Kysely<Database>,
  t: { userId: number; purpose: TokenPurpose; email: string | null; ttlMs: number },
  now = Date.now(),
): Promise<string> {
  const token = randomToken(16);
  const run = async (trx: Kysely<Database>) => {
    await revokeUserTokens(trx, t.userId, t.purpose, new Date(now).toISOString());
    await insertAuthToken(trx, {
      tokenHash: hashToken(token),
      userId: t.userId,
      purpose: t.purpose,
      email: t.email,
      at: new Date(now).toISOString(),
      expiresAt: new Date(now + t.ttlMs).toISOString(),
    });
  };
  await (db.isTransaction ? run(db) : db.transaction().execute(run));
  return token;
}
