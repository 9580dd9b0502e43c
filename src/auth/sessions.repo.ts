import type { Kysely } from "kysely";
import { compiledOnce } from "../db/compiled-queries";
import type { Database } from "../db/schema";
import { ACCOUNT_STATE_COLUMNS, type AccountState, toAccountState } from "../users/users.mapper";

/** A session and what a request needs of its user, decoded (users.mapper for the role). */
export interface SessionWithUser extends AccountState {
  sessionId: number;
  userId: number;
  csrfToken: string;
  lastSeenAt: string;
  expiresAt: string;
}

export async function insertSession(
  db: Kysely<Database>,
  s: {
    tokenHash: string;
    userId: number;
    csrfToken: string;
    at: string;
    expiresAt: string;
    userAgent: string;
  },
): Promise<void> {
  await db
    .insertInto("sessions")
    .values({
      token_hash: s.tokenHash,
      user_id: s.userId,
      csrf_token: s.csrfToken,
      created_at: s.at,
      last_seen_at: s.at,
      expires_at: s.expiresAt,
      user_agent: s.userAgent,
    })
    .execute();
}

export async function findSessionByTokenHash(
  db: Kysely<Database>,
  tokenHash: string,
): Promise<SessionWithUser | null> {
  // Every request with a cookie asks: compiled once (db/compiled-queries.ts).
  const [row] = await compiledOnce(db, "session-by-token", [tokenHash], () =>
    db
      .selectFrom("sessions as s")
      .innerJoin("users as u", "u.id", "s.user_id")
      .where("s.token_hash", "=", tokenHash)
      .select([
        "s.id as session_id",
        "s.user_id",
        "s.csrf_token",
        "s.last_seen_at",
        "s.expires_at",
        ...ACCOUNT_STATE_COLUMNS,
      ]),
  );
  if (!row) return null;
  return {
    sessionId: row.session_id,
    userId: row.user_id,
    csrfToken: row.csrf_token,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
    ...toAccountState(row),
  };
}

export async function touchSession(db: Kysely<Database>, id: number, at: string): Promise<void> {
  await db.updateTable("sessions").set({ last_seen_at: at }).where("id", "=", id).execute();
}

export async function deleteSessionById(db: Kysely<Database>, id: number): Promise<void> {
  await db.deleteFrom("sessions").where("id", "=", id).execute();
}

export async function deleteUserSessions(db: Kysely<Database>, userId: number): Promise<number> {
  const result = await db.deleteFrom("sessions").where("user_id", "=", userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Deletes sessions past their absolute or idle expiry; returns how many. */
export async function deleteExpiredSessions(
  db: Kysely<Database>,
  now: string,
  idleBefore: string,
): Promise<number> {
  const result = await db
    .deleteFrom("sessions")
    .where((eb) => eb.or([eb("expires_at", "<", now), eb("last_seen_at", "<", idleBefore)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
