import type { Kysely } from "kysely";
import type { CurrentUser } from "../core/current-user";
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS, SESSION_TOUCH_MS } from "../core/limits";
import { hashToken, isWellFormedToken, randomToken } from "../core/tokens";
import type { Database } from "../db/schema";
import {
  deleteSessionById,
  deleteUserSessions,
  findSessionByTokenHash,
  insertSession,
  touchSession,
} from "./sessions.repo";

/** A new session with a fresh 256-bit token (never reused: no fixation). Returns the cookie value. */
export async function startSession(
  db: Kysely<Database>,
  userId: number,
  userAgent: string,
  now = Date.now(),
): Promise<string> {
  const token = randomToken(32);
  await insertSession(db, {
    tokenHash: hashToken(token),
    userId,
    csrfToken: randomToken(32),
    at: new Date(now).toISOString(),
    expiresAt: new Date(now + SESSION_ABSOLUTE_MS).toISOString(),
    userAgent: userAgent.slice(0, 200),
  });
  return token;
}

/** The user behind a session cookie, or null when it is unknown, expired, idle, or the user is banned. */
export async function resolveSession(
  db: Kysely<Database>,
  token: string | undefined,
  now = Date.now(),
): Promise<CurrentUser | null> {
  if (!isWellFormedToken(token)) return null;
  const s = await findSessionByTokenHash(db, hashToken(token));
  if (!s) return null;
  const idle = now - Date.parse(s.lastSeenAt) > SESSION_IDLE_MS;
  if (idle || Date.parse(s.expiresAt) <= now || s.banned || s.deleted) {
    await deleteSessionById(db, s.sessionId);
    return null;
  }
  if (now - Date.parse(s.lastSeenAt) > SESSION_TOUCH_MS) {
    await touchSession(db, s.sessionId, new Date(now).toISOString());
  }
  return {
    id: s.userId,
    username: s.username,
    displayName: s.displayName,
    role: s.role,
    emailVerified: s.emailVerified,
    sessionId: s.sessionId,
    csrfToken: s.csrfToken,
  };
}

export const endSession = deleteSessionById;

/** Password change, reset, ban, "log out everywhere": every session of the user ends at once. */
export const endAllSessions = deleteUserSessions;
