import type { Kysely } from "kysely";
import { cacheTag } from "../core/cache-tags";
import { DomainError, invalid } from "../core/errors";
import { hashToken, randomToken } from "../core/tokens";
import { writeVisible } from "../db/content-version";
import type { Database } from "../db/schema";
import { alreadyRegisteredMail, signUpLinkMail } from "../mail/templates";
import { consumeRateLimit } from "../ratelimit/rate-limit.service";
import { withNext } from "../ui/next-link";
import { addressKey } from "../users/user-keys";
import { findUserById, insertUser, isEmailTaken, setPendingEmail } from "../users/users.service";
import {
  emailSchema,
  isReservedUsername,
  passwordProblem,
  RESERVED_USERNAME_MESSAGE,
  usernameSchema,
} from "./account-rules";
import { issueAccountLink } from "./account-tokens";
import { type AccountDeps, parse } from "./accounts.service";
import { reserveAddressMail } from "./address-mail";
import { hashPassword } from "./passwords";
import { claimUsername } from "./pending-signups.repo";
import { startSession } from "./sessions.service";
import { isUsernameTaken } from "./usernames.service";

export interface SignUpInput {
  username: string;
  email: string;
  password: string;
  ip: string;
  userAgent: string;
  /**
   * A path of this site, already checked by the caller (http/next-path.ts), that the mailed
   * link carries so that confirming returns there; null for none.
   */
  next?: string | null;
}

export const USERNAME_TAKEN = "That username is taken. Try another.";

/**
 * Makes the account at once, unconfirmed, and logs the browser in: the person can read and
 * log in (by username) before confirming, and writes, votes and comments once the mailed link
 * confirms the address (signup-confirm.service.ts). The typed address waits in the account's
 * pending address, so an address that has an account is never touched.
 *
 * Sign-up tells nobody which addresses are registered, not even through what it leaves
 * behind: either way there is a new account with no address, its session, and one unused
 * confirmation link for the typed address. A new address gets that link; a registered one
 * gets a mail saying it has an account, and the new account can never confirm it (the
 * confirmation refuses a taken address), so it expires like any account never confirmed.
 * The answer, the limits (on the client, and on the address: reserveAddressMail) and the work
 * (one argon2 hash, one transaction, one mail) are the same either way. Returns the session
 * token for the cookie.
 */
/** What the signing-up browser keeps: its session, and the key its confirmation link asks for. */
export interface SignedUp {
  session: string;
  browserKey: string;
}

export async function signUp(deps: AccountDeps, input: SignUpInput): Promise<SignedUp> {
  await consumeRateLimit(deps.db, "signupPerIp", input.ip);
  const username = parse(usernameSchema, input.username);
  if (isReservedUsername(username)) throw invalid(RESERVED_USERNAME_MESSAGE);
  const email = parse(emailSchema, input.email);
  const problem = passwordProblem(input.password, username);
  if (problem) throw invalid(problem);
  // Usernames are public (every profile shows one): saying one is taken reveals nothing.
  if (await isUsernameTaken(deps.db, username)) throw new DomainError("conflict", USERNAME_TAKEN);
  const mayMail = await reserveAddressMail(deps.db, addressKey(email), input.ip);
  // Hashed whether or not the address has an account, and before any transaction opens.
  const passwordHash = await hashPassword(input.password);
  const made = await createUnconfirmedAccount(deps, {
    username,
    email,
    passwordHash,
    userAgent: input.userAgent,
  });
  // Past the address's overall cap the account is still made (the same trace either way);
  // only the mail is skipped, whichever mail it would have been.
  if (mayMail) {
    await deps.mailer.send(
      made.registered
        ? alreadyRegisteredMail(email, deps.baseUrl)
        : signUpLinkMail(email, username, withNext(made.link, input.next)),
    );
  }
  return { session: made.session, browserKey: made.browserKey };
}

/**
 * One transaction that first claims the name (claimUsername: on SQLite the write lock, taken
 * by writeVisible's first statement; on PostgreSQL a lock on the name), so no other process
 * slips in between the check and the insert. A new profile is public: the content version
 * moves (for a registered address as for a new one).
 */
async function createUnconfirmedAccount(
  deps: AccountDeps,
  p: { username: string; email: string; passwordHash: string; userAgent: string },
): Promise<{ registered: boolean; link: string; session: string; browserKey: string }> {
  try {
    return await writeVisible(
      deps.db,
      async (trx) => {
        const at = new Date().toISOString();
        await claimUsername(trx, p.username, at);
        if (await isUsernameTaken(trx, p.username, at))
          throw new DomainError("conflict", USERNAME_TAKEN);
        const userId = await insertUser(trx, {
          username: p.username,
          displayName: p.username,
          bio: "",
          bioHtml: "",
          orcid: null,
          email: null,
          passwordHash: p.passwordHash,
          emailVerifiedAt: null,
          createdAt: at,
        });
        await setPendingEmail(trx, userId, p.email);
        const registered = await isEmailTaken(trx, p.email, userId);
        // Issued either way; for a registered address nobody gets it, and it could never confirm.
        // Only this browser (its key's hash is kept with the link) is logged in by opening it.
        const browserKey = randomToken(16);
        const link = await issueAccountLink(trx, deps.baseUrl, {
          userId,
          purpose: "verify_email",
          email: p.email,
          browserHash: hashToken(browserKey),
        });
        const session = await startSession(trx, userId, p.userAgent);
        return { registered, link, session, browserKey };
      },
      // A new, empty profile (never cached: a 404 until now) and the lists of people.
      { tags: () => [cacheTag.people] },
    );
  } catch (error) {
    // The claim should make this unreachable; if a unique key decides anyway, say so clearly.
    if (!(error instanceof DomainError) && (await isUsernameTaken(deps.db, p.username)))
      throw new DomainError("conflict", USERNAME_TAKEN);
    throw error;
  }
}

/** What the page after sign-up tells its new account: where the link went. */
export async function pendingAddressOf(
  db: Kysely<Database>,
  userId: number,
): Promise<{ address: string | null; confirmed: boolean }> {
  const user = await findUserById(db, userId);
  return { address: user?.pendingEmail ?? null, confirmed: user?.emailVerified ?? false };
}
