import { type Kysely, sql } from "kysely";
import type { Database, UserRow } from "../db/schema";
import { addressKey, usernameKey } from "./user-keys";
import { type Role, toUser, type User } from "./users.mapper";

// The one writer of the users table. Its functions take domain values and derive the keys
// (`username_key`, `email_key`) themselves, so a key can never disagree with its column.

export interface NewUser
  extends Pick<User, "username" | "displayName" | "bio" | "bioHtml" | "orcid" | "email"> {
  role?: Role;
  createdAt: string;
  /** Hashed before the caller's transaction opens: argon2 never runs inside one. */
  passwordHash?: string | null;
  emailVerifiedAt?: string | null;
}

export async function insertUser(db: Kysely<Database>, user: NewUser): Promise<number> {
  const row = await db
    .insertInto("users")
    .values({
      username: user.username,
      username_key: usernameKey(user.username),
      display_name: user.displayName,
      bio: user.bio,
      bio_html: user.bioHtml,
      orcid: user.orcid,
      email: user.email,
      // Login and reset find an address by its key: a row never has one without the other.
      email_key: user.email === null ? null : addressKey(user.email),
      password_hash: user.passwordHash ?? null,
      email_verified_at: user.emailVerifiedAt ?? null,
      role: user.role ?? "user",
      created_at: user.createdAt,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

// --- Reads ---------------------------------------------------------------------------------

export async function findUserByUsername(
  db: Kysely<Database>,
  username: string,
): Promise<UserRow | null> {
  return (
    (await db
      .selectFrom("users")
      .selectAll()
      .where("username_key", "=", usernameKey(username))
      .executeTakeFirst()) ?? null
  );
}

export async function findUserById(db: Kysely<Database>, id: number): Promise<User | null> {
  const row = await db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? toUser(row) : null;
}

/** These accounts (any that exist), by id order. */
export async function findUsersByIds(
  db: Kysely<Database>,
  ids: readonly number[],
): Promise<User[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom("users")
    .selectAll()
    .where("id", "in", ids)
    .orderBy("id")
    .execute();
  return rows.map(toUser);
}

/** A live account by its username or its address (both compared by key). */
export async function findUserForLogin(db: Kysely<Database>, login: string): Promise<User | null> {
  // An address contains "@" and a username cannot, so one key never matches two accounts.
  const key = addressKey(login);
  const row = await db
    .selectFrom("users")
    .selectAll()
    .where((eb) => eb.or([eb("username_key", "=", key), eb("email_key", "=", key)]))
    .where("deleted_at", "is", null)
    .executeTakeFirst();
  return row ? toUser(row) : null;
}

/** A live account by its username only (an address does not name it). */
export async function findLiveUserByUsername(
  db: Kysely<Database>,
  username: string,
): Promise<User | null> {
  const row = await db
    .selectFrom("users")
    .selectAll()
    .where("username_key", "=", usernameKey(username))
    .where("deleted_at", "is", null)
    .executeTakeFirst();
  return row ? toUser(row) : null;
}

export async function findUserByEmail(db: Kysely<Database>, email: string): Promise<User | null> {
  const row = await db
    .selectFrom("users")
    .selectAll()
    .where("email_key", "=", addressKey(email))
    .where("deleted_at", "is", null)
    .executeTakeFirst();
  return row ? toUser(row) : null;
}

/** Whether an account (live or deleted) has the name; pending sign-ups are auth's to add. */
export async function hasUsername(db: Kysely<Database>, username: string): Promise<boolean> {
  const row = await db
    .selectFrom("users")
    .select("id")
    .where("username_key", "=", usernameKey(username))
    .executeTakeFirst();
  return row !== undefined;
}

export async function isEmailTaken(
  db: Kysely<Database>,
  email: string,
  exceptUserId = 0,
): Promise<boolean> {
  const row = await db
    .selectFrom("users")
    .select("id")
    .where("email_key", "=", addressKey(email))
    .where("id", "!=", exceptUserId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function listUsersForBioRerender(
  db: Kysely<Database>,
): Promise<{ id: number; bio: string }[]> {
  return db.selectFrom("users").select(["id", "bio"]).orderBy("id").execute();
}

// --- Writes --------------------------------------------------------------------------------

export async function updateUserBioHtml(
  db: Kysely<Database>,
  id: number,
  /** The bio the HTML was made from: a profile edit since then keeps its own HTML. */
  r: { bio: string; html: string },
): Promise<void> {
  await db
    .updateTable("users")
    .set({ bio_html: r.html })
    .where("id", "=", id)
    .where("bio", "=", r.bio)
    .execute();
}

export interface ProfileChange {
  displayName: string;
  bio: string;
  bioHtml: string;
  orcid: string | null;
  commentMail: boolean;
}

export async function updateProfile(
  db: Kysely<Database>,
  userId: number,
  p: ProfileChange,
): Promise<void> {
  await db
    .updateTable("users")
    .set({
      display_name: p.displayName,
      bio: p.bio,
      bio_html: p.bioHtml,
      orcid: p.orcid,
      notify_comments: p.commentMail ? 1 : 0,
    })
    .where("id", "=", userId)
    .execute();
}

/** The one-click unsubscribe link (notifications/) turns comment mail off; true if it was on. */
export async function turnOffCommentMail(db: Kysely<Database>, userId: number): Promise<boolean> {
  const result = await db
    .updateTable("users")
    .set({ notify_comments: 0 })
    .where("id", "=", userId)
    .where("notify_comments", "=", 1)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function setPasswordHash(
  db: Kysely<Database>,
  userId: number,
  hash: string,
): Promise<void> {
  await db.updateTable("users").set({ password_hash: hash }).where("id", "=", userId).execute();
}

export async function setRole(db: Kysely<Database>, userId: number, role: Role): Promise<void> {
  await db.updateTable("users").set({ role }).where("id", "=", userId).execute();
}

export async function ban(db: Kysely<Database>, userId: number, at: string): Promise<void> {
  await db.updateTable("users").set({ banned_at: at }).where("id", "=", userId).execute();
}

export async function unban(db: Kysely<Database>, userId: number): Promise<void> {
  await db.updateTable("users").set({ banned_at: null }).where("id", "=", userId).execute();
}

export async function setOrcid(db: Kysely<Database>, userId: number, orcid: string): Promise<void> {
  await db.updateTable("users").set({ orcid }).where("id", "=", userId).execute();
}

/**
 * An iD typed by hand in Settings is a claim; a sign-in through the provider proves it.
 * Proof wins: the iD leaves every other account that only typed it.
 */
export async function releaseTypedOrcid(
  db: Kysely<Database>,
  orcid: string,
  ownerId: number,
): Promise<void> {
  await db
    .updateTable("users")
    .set({ orcid: null })
    .where("orcid", "=", orcid)
    .where("id", "!=", ownerId)
    .execute();
}

/** A new address waits here until its verification link is opened. */
export async function setPendingEmail(
  db: Kysely<Database>,
  userId: number,
  email: string,
): Promise<void> {
  await db.updateTable("users").set({ pending_email: email }).where("id", "=", userId).execute();
}

/** The address becomes the account's, confirmed at `at`; a pending change is done. */
export async function confirmEmail(
  db: Kysely<Database>,
  userId: number,
  email: string,
  at: string,
): Promise<void> {
  await db
    .updateTable("users")
    .set({
      email,
      email_key: addressKey(email),
      email_verified_at: at,
      pending_email: null,
    })
    .where("id", "=", userId)
    .execute();
}

/** What a deleted account that keeps its summaries shows as their author. */
export const DELETED_DISPLAY_NAME = "Deleted user";

/**
 * A deletion that keeps the person's summaries and comments: the row stays (they point at it)
 * under a system name, and nothing of the person remains in it.
 */
export async function anonymize(
  db: Kysely<Database>,
  userId: number,
  d: { username: string; at: string },
): Promise<void> {
  await db
    .updateTable("users")
    .set({
      username: d.username,
      username_key: usernameKey(d.username),
      display_name: DELETED_DISPLAY_NAME,
      bio: "",
      bio_html: "",
      orcid: null,
      email: null,
      email_key: null,
      pending_email: null,
      password_hash: null,
      deleted_at: d.at,
    })
    .where("id", "=", userId)
    .execute();
}

/** Deletes the row; foreign keys cascade to their summaries, comments and sessions. */
export async function deleteUser(db: Kysely<Database>, userId: number): Promise<void> {
  await db.deleteFrom("users").where("id", "=", userId).execute();
}

/**
 * Takes the account's row lock for the rest of the caller's transaction and tells whether the
 * account still exists. It writes nothing (deleted_at = deleted_at); a no-op UPDATE locks on
 * PostgreSQL and takes the write lock on SQLite alike. The votes feature says when to call it.
 */
export async function lockLiveAccount(db: Kysely<Database>, userId: number): Promise<boolean> {
  const row = await db
    .updateTable("users")
    .set({ deleted_at: sql`deleted_at` })
    .where("id", "=", userId)
    .where("deleted_at", "is", null)
    .returning("id")
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Deletes sign-ups' accounts never confirmed: made with a password, still without an address,
 * older than `createdBefore`, with no usable confirmation link left, and nothing of theirs
 * anyone else sees or links to (summaries, comments, votes, an ORCID sign-in; reports need a
 * confirmed address, and outlive their reporter anyway). One
 * statement, so processes cleaning up at once delete each account once; a confirmation that
 * lands first leaves its row out (the WHERE is checked again on the row). Returns how many.
 */
export async function deleteNeverConfirmedAccounts(
  db: Kysely<Database>,
  createdBefore: string,
  nowIso: string,
): Promise<number> {
  const result = await db
    .deleteFrom("users")
    .where("email", "is", null)
    .where("email_verified_at", "is", null)
    .where("pending_email", "is not", null)
    .where("password_hash", "is not", null)
    .where("deleted_at", "is", null)
    .where("created_at", "<", createdBefore)
    .where(({ exists, not, selectFrom, ref }) =>
      not(
        exists(
          selectFrom("auth_tokens as t")
            .select("t.id")
            .whereRef("t.user_id", "=", ref("users.id"))
            .where("t.purpose", "=", "verify_email")
            .where("t.used_at", "is", null)
            .where("t.expires_at", ">", nowIso),
        ),
      ),
    )
    .where(({ exists, not, selectFrom, ref }) =>
      not(
        exists(
          selectFrom("summaries as s").select("s.id").whereRef("s.user_id", "=", ref("users.id")),
        ),
      ),
    )
    .where(({ exists, not, selectFrom, ref }) =>
      not(
        exists(
          selectFrom("comments as c").select("c.id").whereRef("c.user_id", "=", ref("users.id")),
        ),
      ),
    )
    .where(({ exists, not, selectFrom, ref }) =>
      not(
        exists(
          selectFrom("votes as v").select("v.user_id").whereRef("v.user_id", "=", ref("users.id")),
        ),
      ),
    )
    .where(({ exists, not, selectFrom, ref }) =>
      not(
        exists(
          selectFrom("user_identities as i")
            .select("i.id")
            .whereRef("i.user_id", "=", ref("users.id")),
        ),
      ),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
