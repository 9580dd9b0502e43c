import type { Kysely } from "kysely";
import { DomainError, invalid } from "../core/errors";
import type { Mailer } from "../core/mailer";
import { hashToken, isWellFormedToken } from "../core/tokens";
import type { Database } from "../db/schema";
import { emailInUseMail, resetPasswordMail, verifyEmailMail } from "../mail/templates";
import { consumeRateLimit } from "../ratelimit/rate-limit.service";
import { addressKey } from "../users/user-keys";
import {
  confirmEmail,
  findUserByEmail,
  findUserById,
  findUserForLogin,
  isEmailTaken,
  setPasswordHash,
} from "../users/users.service";
import { emailSchema, passwordProblem } from "./account-rules";
import { issueAccountLink } from "./account-tokens";
import { reserveAddressMail } from "./address-mail";
import { consumeAuthToken, findTokenOwnerUsername, peekAuthToken } from "./auth-tokens.repo";
import { assertCurrentPassword, checkPasswordLimited } from "./password-check";
import { hashPassword, needsRehash } from "./passwords";
import { endAllSessions, startSession } from "./sessions.service";

export interface AccountDeps {
  db: Kysely<Database>;
  mailer: Mailer;
  baseUrl: string;
}

/** The one message for every failed login: it never says which part was wrong. */
export const LOGIN_FAILED = "That username, e-mail or password is not right.";

export const CURRENT_PASSWORD_WRONG = "Your current password is not right.";

export function parse<T>(
  schema: {
    safeParse(
      v: unknown,
    ): { success: true; data: T } | { success: false; error: { issues: { message: string }[] } };
  },
  value: unknown,
): T {
  const r = schema.safeParse(value);
  if (!r.success) throw invalid(r.error.issues[0]?.message ?? "That value is not valid.");
  return r.data;
}

export async function logIn(
  deps: AccountDeps,
  input: { login: string; password: string; ip: string; userAgent: string },
): Promise<string> {
  // A username or an address: both keys are the text trimmed and lower-cased.
  const login = addressKey(input.login).slice(0, 254);
  if (login === "" || input.password === "") throw invalid(LOGIN_FAILED);
  const user = await findUserForLogin(deps.db, login);
  const ok = await checkPasswordLimited(deps.db, {
    user,
    typedLogin: login,
    password: input.password,
    ip: input.ip,
  });
  if (!ok || !user) throw invalid(LOGIN_FAILED);
  if (user.banned) throw new DomainError("forbidden", "This account is suspended.");
  if (user.passwordHash && needsRehash(user.passwordHash)) {
    await setPasswordHash(deps.db, user.id, await hashPassword(input.password));
  }
  return startSession(deps.db, user.id, input.userAgent);
}

/**
 * Same answer, same limits and the same time whether or not the address has an account: the
 * limits are reserved on the client and the address (reserveAddressMail), and everything that
 * depends on the account (finding it, the link, the mail) happens after the answer, in
 * `delivered`.
 */
export async function requestPasswordReset(
  deps: AccountDeps,
  input: { email: string; ip: string },
): Promise<{ delivered: Promise<void> }> {
  await consumeRateLimit(deps.db, "resetMailPerIp", input.ip);
  const address = addressKey(input.email);
  if (!emailSchema.safeParse(address).success) return { delivered: Promise.resolve() };
  if (!(await reserveAddressMail(deps.db, address, input.ip)))
    return { delivered: Promise.resolve() };
  // Started on the next turn of the event loop, after the answer is on its way.
  const delivered = new Promise<void>((resolve) => setImmediate(resolve)).then(() =>
    deliverResetLink(deps, address),
  );
  // The caller logs a failure; nothing may crash the process while nobody listens yet.
  delivered.catch(() => {});
  return { delivered };
}

async function deliverResetLink(deps: AccountDeps, address: string): Promise<void> {
  const user = await findUserByEmail(deps.db, address);
  if (!user?.email || user.banned) return;
  const link = await issuePasswordLink(deps, user.id, user.email);
  await deps.mailer.send(resetPasswordMail(user.email, user.username, link));
}

/** A single-use link (one hour) to a form that sets the account's password; older links die. */
export function issuePasswordLink(
  deps: AccountDeps,
  userId: number,
  email: string | null,
): Promise<string> {
  return issueAccountLink(deps.db, deps.baseUrl, { userId, purpose: "reset_password", email });
}

const BAD_LINK =
  "This link is not valid any more. Links work once, for a limited time; ask for a new one.";

export async function isVerifyLinkUsable(db: Kysely<Database>, token: string): Promise<boolean> {
  return (
    isWellFormedToken(token) &&
    peekAuthToken(db, hashToken(token), "verify_email", new Date().toISOString())
  );
}

export async function isResetLinkUsable(db: Kysely<Database>, token: string): Promise<boolean> {
  return (
    isWellFormedToken(token) &&
    peekAuthToken(db, hashToken(token), "reset_password", new Date().toISOString())
  );
}

/**
 * Sets a new password through a reset link; every session ends. It logs nobody in. The token,
 * the hash and the sessions change in one transaction; argon2 runs before it opens.
 */
export async function resetPassword(
  deps: AccountDeps,
  input: { token: string; password: string },
): Promise<void> {
  if (!(await isResetLinkUsable(deps.db, input.token))) throw invalid(BAD_LINK);
  const username = await findTokenOwnerUsername(deps.db, hashToken(input.token));
  const problem = passwordProblem(input.password, username ?? "");
  if (problem) throw invalid(problem);
  const passwordHash = await hashPassword(input.password);
  await deps.db.transaction().execute(async (trx) => {
    const token = await consumeAuthToken(
      trx,
      hashToken(input.token),
      "reset_password",
      new Date().toISOString(),
    );
    if (!token) throw invalid(BAD_LINK);
    await setPasswordHash(trx, token.user_id, passwordHash);
    await endAllSessions(trx, token.user_id);
  });
}

/** Whose address a verification link confirmed. */
export interface ConfirmedAddress {
  userId: number;
  username: string;
  email: string;
  /**
   * The account had no confirmed address before: a new account's first confirmation, which
   * may log its browser in. A later change of address never does, so a mistyped new address
   * gives whoever reads that inbox the address change, not the account.
   */
  first: boolean;
  banned: boolean;
  /** The hash of the key of the browser that signed up (sign-up links only), else null. */
  browserHash: string | null;
}

/** Confirms the address a verification link was sent to; an e-mail change takes effect here. */
export async function verifyEmail(deps: AccountDeps, rawToken: string): Promise<ConfirmedAddress> {
  if (!isWellFormedToken(rawToken)) throw invalid(BAD_LINK);
  const seen: { address: string | null; userId: number } = { address: null, userId: 0 };
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const token = await consumeAuthToken(
        trx,
        hashToken(rawToken),
        "verify_email",
        new Date().toISOString(),
      );
      if (!token?.email) throw invalid(BAD_LINK);
      const user = await findUserById(trx, token.user_id);
      if (!user || (user.email !== token.email && user.pendingEmail !== token.email))
        throw invalid(BAD_LINK);
      seen.address = token.email;
      seen.userId = user.id;
      // Thrown, so the transaction rolls back: nothing changes, the link is not used up.
      if (await isEmailTaken(trx, token.email, user.id)) throw invalid(ADDRESS_TAKEN);
      await confirmEmail(trx, user.id, token.email, new Date().toISOString());
      return {
        userId: user.id,
        username: user.username,
        email: token.email,
        first: !user.emailVerified,
        banned: user.banned,
        browserHash: token.browser_hash,
      };
    });
  } catch (error) {
    // Another account took the address between our check and our write (its unique key).
    const { address, userId } = seen;
    if (
      !(error instanceof DomainError) &&
      address &&
      (await isEmailTaken(deps.db, address, userId))
    )
      throw invalid(ADDRESS_TAKEN);
    throw error;
  }
}

export const ADDRESS_TAKEN =
  "That address now belongs to another account, so it was not confirmed and nothing changed. Use another address in Settings.";

export async function resendVerification(deps: AccountDeps, userId: number): Promise<void> {
  await consumeRateLimit(deps.db, "verifyMailPerAccount", String(userId));
  const user = await findUserById(deps.db, userId);
  const email = user?.pendingEmail ?? (user?.emailVerified ? null : user?.email);
  if (!user || !email) return;
  // A pending address another account took gets what the e-mail change sent it: a notice.
  if (user.pendingEmail && (await isEmailTaken(deps.db, email, user.id))) {
    await deps.mailer.send(emailInUseMail(email, deps.baseUrl));
    return;
  }
  await sendVerificationLink(deps, user.id, user.username, email);
}

/** Issues a verification token for `email` and mails the link (after the token's commit). */
async function sendVerificationLink(
  deps: AccountDeps,
  userId: number,
  username: string,
  email: string,
): Promise<void> {
  const link = await issueAccountLink(deps.db, deps.baseUrl, {
    userId,
    purpose: "verify_email",
    email,
  });
  await deps.mailer.send(verifyEmailMail(email, username, link));
}

/**
 * Needs the current password (limited per user and client address). The new hash, the end of
 * every session and the new session for this browser are one transaction; argon2 runs before
 * it opens.
 */
export async function changePassword(
  deps: AccountDeps,
  input: { userId: number; current: string; next: string; userAgent: string; ip: string },
): Promise<string> {
  const user = await findUserById(deps.db, input.userId);
  if (!user) throw invalid(LOGIN_FAILED);
  const problem = passwordProblem(input.next, user.username);
  if (problem) throw invalid(problem);
  await assertCurrentPassword(deps.db, {
    user,
    password: input.current,
    ip: input.ip,
    wrongMessage: CURRENT_PASSWORD_WRONG,
  });
  const passwordHash = await hashPassword(input.next);
  return deps.db.transaction().execute(async (trx) => {
    await setPasswordHash(trx, user.id, passwordHash);
    await endAllSessions(trx, user.id);
    return startSession(trx, user.id, input.userAgent);
  });
}
