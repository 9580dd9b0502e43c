import type { Kysely } from "kysely";
import type { Database } from "../db/schema";
import { DomainError, invalid } from "../errors";
import { RESET_TOKEN_TTL_MS, VERIFY_TOKEN_TTL_MS } from "../limits";
import type { Mailer } from "../mail/mailer";
import { alreadyRegisteredMail, resetPasswordMail, verifyEmailMail } from "../mail/templates";
import {
  assertUnderRateLimit,
  consumeRateLimit,
  resetRateLimit,
} from "../ratelimit/rate-limit.service";
import { insertUser } from "../users/users.repo";
import { emailSchema, passwordProblem, usernameSchema } from "./account-rules";
import {
  findUserByEmail,
  findUserById,
  findUserForLogin,
  isEmailTaken,
  isUsernameTaken,
  updateUser,
} from "./accounts.repo";
import {
  consumeAuthToken,
  findTokenOwnerUsername,
  insertAuthToken,
  peekAuthToken,
  revokeUserTokens,
} from "./auth-tokens.repo";
import { dummyPasswordHash, hashPassword, needsRehash, verifyPassword } from "./passwords";
import { endAllSessions, startSession } from "./sessions.service";
import { hashToken, isWellFormedToken, randomToken } from "./tokens";

export interface AccountDeps {
  db: Kysely<Database>;
  mailer: Mailer;
  baseUrl: string;
}

/** The one message for every failed login: it never says which part was wrong. */
export const LOGIN_FAILED = "That username, e-mail or password is not right.";

function parse<T>(
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

async function sendVerification(
  deps: AccountDeps,
  userId: number,
  username: string,
  email: string,
) {
  const token = randomToken(16);
  const now = Date.now();
  await revokeUserTokens(deps.db, userId, "verify_email", new Date(now).toISOString());
  await insertAuthToken(deps.db, {
    tokenHash: hashToken(token),
    userId,
    purpose: "verify_email",
    email,
    at: new Date(now).toISOString(),
    expiresAt: new Date(now + VERIFY_TOKEN_TTL_MS).toISOString(),
  });
  await deps.mailer.send(verifyEmailMail(email, username, `${deps.baseUrl}/verify/${token}`));
}

export interface SignUpInput {
  username: string;
  email: string;
  password: string;
  ip: string;
  userAgent: string;
}

/**
 * Creates an unverified account and logs it in. An address that already has an account gets
 * a mail saying so, and the answer is the same as for a new one: sign-up tells nobody which
 * addresses are registered. Returns the session token, or null when no account was made.
 */
export async function signUp(deps: AccountDeps, input: SignUpInput): Promise<string | null> {
  await consumeRateLimit(deps.db, "signupPerIp", input.ip);
  const username = parse(usernameSchema, input.username);
  const email = parse(emailSchema, input.email);
  const problem = passwordProblem(input.password, username);
  if (problem) throw invalid(problem);
  if (await isUsernameTaken(deps.db, username))
    throw new DomainError("conflict", "That username is taken. Try another.");
  if (await isEmailTaken(deps.db, email)) {
    await deps.mailer.send(alreadyRegisteredMail(email, deps.baseUrl));
    return null;
  }
  const id = await insertUser(deps.db, {
    username,
    displayName: username,
    bio: "",
    bioHtml: "",
    orcid: null,
    email,
    createdAt: new Date().toISOString(),
  });
  await updateUser(deps.db, id, {
    email_key: email.toLowerCase(),
    password_hash: await hashPassword(input.password),
  });
  await sendVerification(deps, id, username, email);
  return startSession(deps.db, id, input.userAgent);
}

export async function logIn(
  deps: AccountDeps,
  input: { login: string; password: string; ip: string; userAgent: string },
): Promise<string> {
  const login = input.login.trim().toLowerCase().slice(0, 254);
  if (login === "" || input.password === "") throw invalid(LOGIN_FAILED);
  await assertUnderRateLimit(deps.db, "loginPerIp", input.ip);
  await assertUnderRateLimit(deps.db, "loginPerAccount", login);
  const user = await findUserForLogin(deps.db, login);
  const ok = await verifyPassword(
    user?.password_hash ?? (await dummyPasswordHash()),
    input.password,
  );
  if (!user?.password_hash || !ok) {
    await consumeRateLimit(deps.db, "loginPerIp", input.ip);
    await consumeRateLimit(deps.db, "loginPerAccount", login);
    throw invalid(LOGIN_FAILED);
  }
  if (user.banned_at) throw new DomainError("forbidden", "This account is suspended.");
  await resetRateLimit(deps.db, "loginPerAccount", login);
  if (needsRehash(user.password_hash)) {
    await updateUser(deps.db, user.id, { password_hash: await hashPassword(input.password) });
  }
  return startSession(deps.db, user.id, input.userAgent);
}

/** Same answer whether or not the address has an account; the mail goes only where one exists. */
export async function requestPasswordReset(
  deps: AccountDeps,
  input: { email: string; ip: string },
): Promise<void> {
  await consumeRateLimit(deps.db, "resetMailPerIp", input.ip);
  const email = input.email.trim().toLowerCase();
  if (!emailSchema.safeParse(email).success) return;
  const user = await findUserByEmail(deps.db, email);
  if (!user?.email || user.banned_at) return;
  await consumeRateLimit(deps.db, "resetMailPerAccount", String(user.id));
  const link = await issuePasswordLink(deps, user.id, user.email);
  await deps.mailer.send(resetPasswordMail(user.email, user.username, link));
}

/** A single-use link (one hour) to a form that sets the account's password; older links die. */
export async function issuePasswordLink(
  deps: AccountDeps,
  userId: number,
  email: string | null,
): Promise<string> {
  const token = randomToken(16);
  const now = Date.now();
  await revokeUserTokens(deps.db, userId, "reset_password", new Date(now).toISOString());
  await insertAuthToken(deps.db, {
    tokenHash: hashToken(token),
    userId,
    purpose: "reset_password",
    email,
    at: new Date(now).toISOString(),
    expiresAt: new Date(now + RESET_TOKEN_TTL_MS).toISOString(),
  });
  return `${deps.baseUrl}/reset/${token}`;
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

/** Sets a new password through a reset link; every session ends. It logs nobody in. */
export async function resetPassword(
  deps: AccountDeps,
  input: { token: string; password: string },
): Promise<void> {
  if (!isWellFormedToken(input.token)) throw invalid(BAD_LINK);
  if (!(await isResetLinkUsable(deps.db, input.token))) throw invalid(BAD_LINK);
  const username = await findTokenOwnerUsername(deps.db, hashToken(input.token));
  const problem = passwordProblem(input.password, username ?? "");
  if (problem) throw invalid(problem);
  const token = await consumeAuthToken(
    deps.db,
    hashToken(input.token),
    "reset_password",
    new Date().toISOString(),
  );
  if (!token) throw invalid(BAD_LINK);
  await updateUser(deps.db, token.user_id, { password_hash: await hashPassword(input.password) });
  await endAllSessions(deps.db, token.user_id);
}

/** Confirms the address a verification link was sent to; an e-mail change takes effect here. */
export async function verifyEmail(deps: AccountDeps, rawToken: string): Promise<void> {
  if (!isWellFormedToken(rawToken)) throw invalid(BAD_LINK);
  const token = await consumeAuthToken(
    deps.db,
    hashToken(rawToken),
    "verify_email",
    new Date().toISOString(),
  );
  if (!token?.email) throw invalid(BAD_LINK);
  const user = await findUserById(deps.db, token.user_id);
  if (!user || (user.email !== token.email && user.pending_email !== token.email))
    throw invalid(BAD_LINK);
  if (await isEmailTaken(deps.db, token.email, user.id))
    throw invalid("That address now belongs to another account.");
  await updateUser(deps.db, user.id, {
    email: token.email,
    email_key: token.email.toLowerCase(),
    email_verified_at: new Date().toISOString(),
    pending_email: null,
  });
}

export async function resendVerification(deps: AccountDeps, userId: number): Promise<void> {
  await consumeRateLimit(deps.db, "verifyMailPerAccount", String(userId));
  const user = await findUserById(deps.db, userId);
  const email = user?.pending_email ?? (user?.email_verified_at ? null : user?.email);
  if (!user || !email) return;
  await sendVerification(deps, user.id, user.username, email);
}

export async function changePassword(
  deps: AccountDeps,
  input: { userId: number; current: string; next: string; userAgent: string },
): Promise<string> {
  const user = await findUserById(deps.db, input.userId);
  if (!user) throw invalid(LOGIN_FAILED);
  if (user.password_hash && !(await verifyPassword(user.password_hash, input.current))) {
    throw invalid("Your current password is not right.");
  }
  const problem = passwordProblem(input.next, user.username);
  if (problem) throw invalid(problem);
  await updateUser(deps.db, user.id, { password_hash: await hashPassword(input.next) });
  await endAllSessions(deps.db, user.id);
  return startSession(deps.db, user.id, input.userAgent);
}

/** The new address takes effect once its verification link is opened. */
export async function changeEmail(
  deps: AccountDeps,
  input: { userId: number; email: string },
): Promise<void> {
  const email = parse(emailSchema, input.email);
  await consumeRateLimit(deps.db, "verifyMailPerAccount", String(input.userId));
  const user = await findUserById(deps.db, input.userId);
  if (!user) throw invalid("Unknown account.");
  if (await isEmailTaken(deps.db, email, user.id)) {
    await deps.mailer.send(alreadyRegisteredMail(email, deps.baseUrl));
    return;
  }
  await updateUser(deps.db, user.id, { pending_email: email });
  await sendVerification(deps, user.id, user.username, email);
}
