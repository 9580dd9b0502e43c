import type { Kysely } from "kysely";
import type { Database, UserRow } from "../db/schema";
import { invalid } from "../errors";
import { reserveRateLimit } from "../ratelimit/rate-limit.service";
import { dummyPasswordHash, verifyPassword } from "./passwords";

/**
 * The rate-limit key of the account a password is checked against: its id, so a guess counts
 * the same whether the account was named by username or e-mail. A name no account has is
 * limited by itself, so unknown names answer exactly as known ones do.
 */
export function accountLimitKey(user: Pick<UserRow, "id"> | null, typedLogin: string): string {
  return user ? `user:${user.id}` : `name:${typedLogin.trim().toLowerCase().slice(0, 254)}`;
}

/**
 * Checks a password against an account (or, when there is none, against a dummy hash that
 * takes as long). Every check reserves a hit on the account and on the client address BEFORE
 * argon2 runs, so no more than the limit's `max` checks are ever evaluated in a window, however
 * many arrive at once. A right password gives its hits back: only wrong ones use up the limit.
 * Throws RateLimitedError when either limit is used up; returns whether the password is right.
 */
export async function checkPasswordLimited(
  db: Kysely<Database>,
  input: { user: UserRow | null; typedLogin: string; password: string; ip: string },
): Promise<boolean> {
  const byAddress = await reserveRateLimit(db, "loginPerIp", input.ip);
  const byAccount = await reserveRateLimit(
    db,
    "loginPerAccount",
    accountLimitKey(input.user, input.typedLogin),
  );
  const stored = input.user?.password_hash ?? (await dummyPasswordHash());
  const ok = (await verifyPassword(stored, input.password)) && Boolean(input.user?.password_hash);
  if (ok) {
    await byAccount.refund();
    await byAddress.refund();
  }
  return ok;
}

/**
 * Settings re-ask for the current password (password and e-mail change, deletion) under the
 * login limits, so they are no side door for guessing. An account without a password (signed
 * in with ORCID only) has nothing to re-enter.
 */
export async function assertCurrentPassword(
  db: Kysely<Database>,
  input: { user: UserRow; password: string; ip: string; wrongMessage: string },
): Promise<void> {
  if (!input.user.password_hash) return;
  const ok = await checkPasswordLimited(db, {
    user: input.user,
    typedLogin: input.user.username,
    password: input.password,
    ip: input.ip,
  });
  if (!ok) throw invalid(input.wrongMessage);
}
