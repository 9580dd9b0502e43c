import type { Kysely } from "kysely";
import { DomainError, invalid, notFound } from "../core/errors";
import { writeVisible } from "../db/content-version";
import type { Database } from "../db/schema";
import {
  banUser as banAccount,
  findLiveUserByUsername,
  insertUser,
  isEmailTaken,
  type Role,
  setRole as setAccountRole,
  type User,
  unbanUser as unbanAccount,
} from "../users/users.service";
import { emailSchema, SYSTEM_USERNAME_PREFIX, usernameSchema } from "./account-rules";
import { type AccountDeps, issuePasswordLink } from "./accounts.service";
import { claimUsername } from "./pending-signups.repo";
import { endAllSessions } from "./sessions.service";
import { isUsernameTaken } from "./usernames.service";

export { ROLES, type Role } from "../users/users.service";

/** An account made by the operator: confirmed, with a one-hour link to set its password. */
export async function createUserByOperator(
  deps: AccountDeps,
  input: { username: string; email: string | null; role: Role },
): Promise<{ id: number; passwordLink: string }> {
  const username = usernameSchema.safeParse(input.username);
  if (!username.success) throw invalid(username.error.issues[0]?.message ?? "Bad username.");
  // The operator may take names like "admin"; deleted accounts' names stay the system's own.
  if (username.data.toLowerCase().startsWith(SYSTEM_USERNAME_PREFIX))
    throw invalid(`Names starting with "${SYSTEM_USERNAME_PREFIX}" are kept for deleted accounts.`);
  let email: string | null = null;
  if (input.email) {
    const parsed = emailSchema.safeParse(input.email);
    if (!parsed.success) throw invalid("That e-mail address is not valid.");
    email = parsed.data;
  }
  const now = new Date().toISOString();
  // The name is claimed first (a pending sign-up holds names too; see claimUsername).
  const id = await deps.db.transaction().execute(async (trx) => {
    await claimUsername(trx, username.data, now);
    if (await isUsernameTaken(trx, username.data, now))
      throw new DomainError("conflict", "That username is taken, or held by a pending sign-up.");
    if (email && (await isEmailTaken(trx, email)))
      throw new DomainError("conflict", "That e-mail address has an account.");
    return insertUser(trx, {
      username: username.data,
      displayName: username.data,
      bio: "",
      bioHtml: "",
      orcid: null,
      email,
      role: input.role,
      emailVerifiedAt: now,
      createdAt: now,
    });
  });
  return { id, passwordLink: await issuePasswordLink(deps, id, email) };
}

/** The operator names a live account by its username (an address or a deleted name: not found). */
async function userByName(db: Kysely<Database>, username: string): Promise<User> {
  const user = await findLiveUserByUsername(db, username);
  if (!user) throw notFound(`The user ${username}`);
  return user;
}

export async function setRole(db: Kysely<Database>, username: string, role: Role): Promise<void> {
  const user = await userByName(db, username);
  await setAccountRole(db, user.id, role);
}

/** A ban ends every session of the user at once; login is refused until unbanned. */
export async function banUser(db: Kysely<Database>, username: string): Promise<number> {
  const user = await userByName(db, username);
  // The /users leaderboard leaves banned people out: cached copies must go.
  await writeVisible(db, (trx) => banAccount(trx, user.id, new Date().toISOString()));
  return endAllSessions(db, user.id);
}

export async function unbanUser(db: Kysely<Database>, username: string): Promise<void> {
  const user = await userByName(db, username);
  await writeVisible(db, (trx) => unbanAccount(trx, user.id));
}
