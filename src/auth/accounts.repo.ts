import type { Kysely } from "kysely";
import type { Database, UserRow } from "../db/schema";
import { isUsernamePending } from "./pending-signups.repo";

export async function findUserForLogin(
  db: Kysely<Database>,
  login: string,
): Promise<UserRow | null> {
  const key = login.trim().toLowerCase();
  return (
    (await db
      .selectFrom("users")
      .selectAll()
      .where((eb) => eb.or([eb("username_key", "=", key), eb("email_key", "=", key)]))
      .where("deleted_at", "is", null)
      .executeTakeFirst()) ?? null
  );
}

export async function findUserById(db: Kysely<Database>, id: number): Promise<UserRow | null> {
  return (await db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst()) ?? null;
}

export async function findUserByEmail(
  db: Kysely<Database>,
  email: string,
): Promise<UserRow | null> {
  return (
    (await db
      .selectFrom("users")
      .selectAll()
      .where("email_key", "=", email.trim().toLowerCase())
      .where("deleted_at", "is", null)
      .executeTakeFirst()) ?? null
  );
}

/**
 * Whether an account has the name, or a sign-up waiting for its link holds it. Only inside a
 * transaction that claimed the name (claimUsername) does the answer hold until the insert.
 */
export async function isUsernameTaken(
  db: Kysely<Database>,
  username: string,
  nowIso = new Date().toISOString(),
): Promise<boolean> {
  const row = await db
    .selectFrom("users")
    .select("id")
    .where("username_key", "=", username.toLowerCase())
    .executeTakeFirst();
  return row !== undefined || isUsernamePending(db, username, nowIso);
}

export async function isEmailTaken(
  db: Kysely<Database>,
  email: string,
  exceptUserId = 0,
): Promise<boolean> {
  const row = await db
    .selectFrom("users")
    .select("id")
    .where("email_key", "=", email.toLowerCase())
    .where("id", "!=", exceptUserId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function updateUser(
  db: Kysely<Database>,
  id: number,
  values: Partial<Omit<UserRow, "id">>,
): Promise<void> {
  await db.updateTable("users").set(values).where("id", "=", id).execute();
}
