import type { Kysely } from "kysely";
import type { Database, UserRow } from "../db/schema";

export interface NewUser {
  username: string;
  displayName: string;
  bio: string;
  bioHtml: string;
  orcid: string | null;
  email: string | null;
  role?: string;
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
      username_key: user.username.toLowerCase(),
      display_name: user.displayName,
      bio: user.bio,
      bio_html: user.bioHtml,
      orcid: user.orcid,
      email: user.email,
      // Login and reset find an address by its key: a row never has one without the other.
      email_key: user.email?.toLowerCase() ?? null,
      password_hash: user.passwordHash ?? null,
      email_verified_at: user.emailVerifiedAt ?? null,
      role: user.role ?? "user",
      created_at: user.createdAt,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findUserByUsername(
  db: Kysely<Database>,
  username: string,
): Promise<UserRow | null> {
  return (
    (await db
      .selectFrom("users")
      .selectAll()
      .where("username_key", "=", username.toLowerCase())
      .executeTakeFirst()) ?? null
  );
}

/** Reputation: the summed score of a user's public summaries. */
export async function userReputation(db: Kysely<Database>, userId: number): Promise<number> {
  const row = await db
    .selectFrom("summaries")
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>("score"), eb.lit(0)).as("reputation"))
    .where("user_id", "=", userId)
    .where("is_private", "=", 0)
    .where("is_anonymous", "=", 0)
    .executeTakeFirstOrThrow();
  return Number(row.reputation);
}

export async function listUsersForBioRerender(
  db: Kysely<Database>,
): Promise<{ id: number; bio: string }[]> {
  return db.selectFrom("users").select(["id", "bio"]).orderBy("id").execute();
}

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
