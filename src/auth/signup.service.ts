import { DomainError, invalid } from "../core/errors";
import { VERIFY_TOKEN_TTL_MS } from "../core/limits";
import { hashToken, randomToken } from "../core/tokens";
import { alreadyRegisteredMail, signUpLinkMail } from "../mail/templates";
import { consumeRateLimit } from "../ratelimit/rate-limit.service";
import { withNext } from "../ui/next-link";
import { addressKey } from "../users/user-keys";
import { isEmailTaken } from "../users/users.service";
import {
  emailSchema,
  isReservedUsername,
  passwordProblem,
  RESERVED_USERNAME_MESSAGE,
  usernameSchema,
} from "./account-rules";
import { type AccountDeps, parse } from "./accounts.service";
import { reserveAddressMail } from "./address-mail";
import { hashPassword } from "./passwords";
import { claimUsername, insertPendingSignup } from "./pending-signups.repo";
import { isUsernameTaken } from "./usernames.service";

export interface SignUpInput {
  username: string;
  email: string;
  password: string;
  ip: string;
  /**
   * A path of this site, already checked by the caller (http/next-path.ts), that the mailed
   * link carries so the new account's first login returns there; null for none.
   */
  next?: string | null;
}

export const USERNAME_TAKEN = "That username is taken. Try another.";

/**
 * Stores a sign-up that waits for its mailed link; no account exists until the link is opened
 * (signup-confirm.service.ts). Sign-up tells nobody which addresses are registered, not even
 * through what it leaves behind: either way the username is held by a pending sign-up (a
 * second sign-up with it gets 409), no profile exists and nobody can log in with it. A new
 * address gets the link; a registered one gets a mail saying it has an account, and its
 * pending sign-up can never be confirmed (its token is mailed to nobody), so it expires. The
 * answer, the limits (on the client, and on the e-mail address: reserveAddressMail) and the
 * work (one argon2 hash, one transaction, one mail) are the same either way.
 */
export async function signUp(deps: AccountDeps, input: SignUpInput): Promise<void> {
  await consumeRateLimit(deps.db, "signupPerIp", input.ip);
  const username = parse(usernameSchema, input.username);
  if (isReservedUsername(username)) throw invalid(RESERVED_USERNAME_MESSAGE);
  const email = parse(emailSchema, input.email);
  const problem = passwordProblem(input.password, username);
  if (problem) throw invalid(problem);
  // Usernames are public (every profile shows one), and a pending sign-up holds its name
  // whatever address it came with: saying one is taken reveals nothing.
  if (await isUsernameTaken(deps.db, username)) throw new DomainError("conflict", USERNAME_TAKEN);
  const mayMail = await reserveAddressMail(deps.db, addressKey(email), input.ip);
  // Hashed whether or not the address has an account, and before any transaction opens.
  const passwordHash = await hashPassword(input.password);
  const token = randomToken(16);
  const registered = await storePendingSignUp(deps, {
    username,
    email,
    passwordHash,
    tokenHash: hashToken(token),
  });
  // Past the address's overall cap the sign-up is still stored (the same trace either way);
  // only the mail is skipped, whichever mail it would have been.
  if (!mayMail) return;
  await deps.mailer.send(
    registered
      ? alreadyRegisteredMail(email, deps.baseUrl)
      : signUpLinkMail(email, username, withNext(`${deps.baseUrl}/verify/${token}`, input.next)),
  );
}

/**
 * Holds the username in one transaction that first claims it (claimUsername: on SQLite its
 * first statement is a write, so no other process can slip in between the check and the
 * insert; on PostgreSQL a lock on the name). Returns whether the address has an account.
 */
async function storePendingSignUp(
  deps: AccountDeps,
  p: { username: string; email: string; passwordHash: string; tokenHash: string },
): Promise<boolean> {
  const now = Date.now();
  const at = new Date(now).toISOString();
  try {
    return await deps.db.transaction().execute(async (trx) => {
      await claimUsername(trx, p.username, at);
      if (await isUsernameTaken(trx, p.username, at))
        throw new DomainError("conflict", USERNAME_TAKEN);
      await insertPendingSignup(trx, {
        ...p,
        at,
        expiresAt: new Date(now + VERIFY_TOKEN_TTL_MS).toISOString(),
      });
      return isEmailTaken(trx, p.email);
    });
  } catch (error) {
    // The claim should make this unreachable; if a unique key decides anyway, say so clearly.
    if (!(error instanceof DomainError) && (await isUsernameTaken(deps.db, p.username)))
      throw new DomainError("conflict", USERNAME_TAKEN);
    throw error;
  }
}
