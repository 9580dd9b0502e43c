import type { Kysely } from "kysely";
import { invalid } from "../core/errors";
import type { RateLimitName } from "../core/limits";
import type { Database } from "../db/schema";
import { reserveRateLimit } from "../ratelimit/rate-limit.service";
import { addressKey } from "../users/user-keys";
import type { User } from "../users/users.service";
import { dummyPasswordHash, verifyPassword } from "./passwords";

/**
 * The rate-limit key of the account a password is checked against: its id, so a guess counts
 * the same whether the account was named by username or e-mail. A name no account has is
 * limited by itself, so unknown names answer exactly as known ones do.
 */
export function accountLimitKey(user: Pick<User, "id"> | null, typedLogin: string): string {
  return user ? `user:${user.id}` : `name:${addressKey(typedLogin).slice(0, 254)}`;
}

/**
 * Checks a password against an account (or, when there is none, against a dummy hash that
 * takes as long). Every check reserves a hit on the client address and on `account` (which
 * limit counts the account's checks) BEFORE argon2 runs, so no more than the limit's `max`
 * checks are ever evaluated in a window, however many arrive at once. A right password gives
 * its hits back: only wrong ones use up the limit. Throws RateLimitedError when either limit
 * is used up; returns whether the password is right.
 */
async function checkReserved(
  db: Kysely<Database>,
  input: {
    user: User | null;
    password: string;
    ip: string;
    account: { limit: RateLimitName; key: string };
  },
): Promise<boolean> {
  const byAddress = await reserveRateLimit(db, "loginPerIp", input.ip);
  const byAccount = await reserveRateLimit(db, input.account.limit, input.account.key);
  const stored = input.user?.passwordHash ?? (await dummyPasswordHash());
  const ok = (await verifyPassword(stored, input.password)) && Boolean(input.user?.passwordHash);
  if (ok) {
    await byAccount.refund();
    await byAddress.refund();
  }
  return ok;
}

/** A login's password check: limited per account (by id, however named) and per address. */
export function checkPasswordLimited(
  db: Kysely<Database>,
  input: { user: User | null; typedLogin: string; password: string; ip: string },
): Promise<boolean> {
  return checkReserved(db, {
    user: input.user,
    password: input.password,
    ip: input.ip,
    account: { limit: "loginPerAccount", key: accountLimitKey(input.user, input.typedLogin) },
  });
}

/**
 * Settings re-ask for the current password (password and e-mail change, deletion), limited
 * per logged-in user and per client address, so they are no side door for guessing. The user
 * limit is not the login's: someone keeping the account's logins locked out (anyone can type
 * its name) must not also keep its logged-in owner from changing the password or leaving. An
 * account without a password (signed in with ORCID only) has nothing to re-enter.
 */
export async function assertCurrentPassword(
  db: Kysely<Database>,
  input: { user: User; password: string; ip: string; wrongMessage: string },
): Promise<void> {
  if (!input.user.passwordHash) return;
  const ok = await checkReserved(db, {
    user: input.user,
    password: input.password,
    ip: input.ip,
    account: { limit: "reenterPasswordPerUser", key: String(input.user.id) },
  });
  if (!ok) throw invalid(input.wrongMessage);
}
