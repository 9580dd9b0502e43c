import { DomainError, invalid } from "../errors";
import { VERIFY_TOKEN_TTL_MS } from "../limits";
import { alreadyRegisteredMail, verifyEmailMail } from "../mail/templates";
import { consumeRateLimit } from "../ratelimit/rate-limit.service";
import { insertUser } from "../users/users.repo";
import {
  emailSchema,
  isReservedUsername,
  passwordProblem,
  RESERVED_USERNAME_MESSAGE,
  usernameSchema,
} from "./account-rules";
import { issueAccountToken } from "./account-tokens";
import { isEmailTaken, isUsernameTaken } from "./accounts.repo";
import { type AccountDeps, addressKey, parse } from "./accounts.service";
import { reserveAddressMail } from "./address-mail";
import { hashPassword } from "./passwords";

export interface SignUpInput {
  username: string;
  email: string;
  password: string;
  ip: string;
}

const USERNAME_TAKEN = "That username is taken. Try another.";

/**
 * Creates an unverified account. Sign-up tells nobody which addresses are registered: an
 * address that already has an account gets a mail saying so, and the answer, the limits (on
 * the client, and on the e-mail address: reserveAddressMail) and the work (one argon2 hash,
 * one mail) are the same as for a new one.
 */
export async function signUp(deps: AccountDeps, input: SignUpInput): Promise<void> {
  await consumeRateLimit(deps.db, "signupPerIp", input.ip);
  const username = parse(usernameSchema, input.username);
  if (isReservedUsername(username)) throw invalid(RESERVED_USERNAME_MESSAGE);
  const email = parse(emailSchema, input.email);
  const problem = passwordProblem(input.password, username);
  if (problem) throw invalid(problem);
  // Usernames are public (every profile shows one): saying one is taken reveals nothing.
  if (await isUsernameTaken(deps.db, username)) throw new DomainError("conflict", USERNAME_TAKEN);
  const mayMail = await reserveAddressMail(deps.db, addressKey(email), input.ip);
  // Hashed whether or not an account gets made, and before any transaction opens.
  const passwordHash = await hashPassword(input.password);
  const token = await createAccount(deps, { username, email, passwordHash });
  // Past the address's overall cap the account is still made (it can ask for a new link
  // from Settings); only the mail is skipped, whichever mail it would have been.
  if (!mayMail) return;
  await deps.mailer.send(
    token
      ? verifyEmailMail(email, username, `${deps.baseUrl}/verify/${token}`)
      : alreadyRegisteredMail(email, deps.baseUrl),
  );
}

/**
 * The user row, its hash and its verification token in one transaction. Returns the token,
 * or null when the address has an account. The insert comes first and the unique keys decide
 * (a taken address, or a parallel sign-up that won): a transaction that read first could not
 * take SQLite's write lock once another process had written in between.
 */
async function createAccount(
  deps: AccountDeps,
  a: { username: string; email: string; passwordHash: string },
): Promise<string | null> {
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const id = await insertUser(trx, {
        username: a.username,
        displayName: a.username,
        bio: "",
        bioHtml: "",
        orcid: null,
        email: a.email,
        passwordHash: a.passwordHash,
        createdAt: new Date().toISOString(),
      });
      return issueAccountToken(trx, {
        userId: id,
        purpose: "verify_email",
        email: a.email,
        ttlMs: VERIFY_TOKEN_TTL_MS,
      });
    });
  } catch (error) {
    if (await isUsernameTaken(deps.db, a.username))
      throw new DomainError("conflict", USERNAME_TAKEN);
    if (await isEmailTaken(deps.db, a.email)) return null;
    throw error;
  }
}
