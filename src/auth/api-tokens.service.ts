import type { Kysely } from "kysely";
import type { CurrentUser } from "../core/current-user";
import { DomainError, invalid } from "../core/errors";
import {
  API_TOKEN_NAME_MAX_CHARS,
  API_TOKENS_PER_USER_MAX,
  SESSION_TOUCH_MS,
} from "../core/limits";
import { nowIso } from "../core/time";
import { hashToken, randomToken } from "../core/tokens";
import { writeVisible } from "../db/content-version";
import { lockKeyUntilCommit } from "../db/dialect";
import type { Database } from "../db/schema";
import { consumeRateLimit } from "../ratelimit/rate-limit.service";
import {
  type ApiScope,
  type ApiTokenRow,
  countLiveApiTokens,
  findLiveApiToken,
  insertApiToken,
  listApiTokensOf,
  markApiTokenRevoked,
  touchApiToken,
} from "./api-tokens.repo";

// Personal API tokens (issue 11, point 6): made and revoked in Settings, shown once, kept as
// their SHA-256 only. A token is `ss_` + 32 random bytes in base64url: the prefix lets secret
// scanners and people recognise one; the rest is a session cookie's strength.

export type { ApiScope, ApiTokenRow } from "./api-tokens.repo";

export const API_TOKEN_PREFIX = "ss_";
const TOKEN_SHAPE = /^ss_[A-Za-z0-9_-]{43}$/;

/** The person behind a bearer token, with what the token may do. */
export interface ApiCaller {
  user: CurrentUser;
  tokenId: number;
  scope: ApiScope;
}

export function parseApiScope(raw: string): ApiScope {
  if (raw === "read" || raw === "write") return raw;
  throw invalid("A token's scope is read or write.");
}

/** Makes a token; the returned secret is shown once and never stored. */
export async function createApiToken(
  db: Kysely<Database>,
  userId: number,
  input: { name: string; scope: ApiScope },
): Promise<{ id: number; token: string }> {
  const name = input.name.trim();
  if (name === "") throw invalid("Give the token a name, so you know later what uses it.");
  if ([...name].length > API_TOKEN_NAME_MAX_CHARS) {
    throw invalid(`A token's name may be at most ${API_TOKEN_NAME_MAX_CHARS} characters.`);
  }
  await consumeRateLimit(db, "apiTokenCreatePerUser", String(userId));
  const token = `${API_TOKEN_PREFIX}${randomToken(32)}`;
  // Lock, count, insert in one transaction: two requests at once (two tabs, two processes)
  // could otherwise both count max−1 and both insert. PostgreSQL: a per-user advisory lock;
  // SQLite: writeVisible's first statement takes the database's write lock. A token is on no
  // public page, so no cached page is dropped.
  const id = await writeVisible(
    db,
    async (trx) => {
      await lockKeyUntilCommit(trx, `api-tokens:${userId}`);
      if ((await countLiveApiTokens(trx, userId)) >= API_TOKENS_PER_USER_MAX) {
        throw new DomainError(
          "conflict",
          `You have ${API_TOKENS_PER_USER_MAX} tokens already; revoke one you no longer use first.`,
        );
      }
      return insertApiToken(trx, {
        userId,
        name,
        tokenHash: hashToken(token),
        scope: input.scope,
        at: nowIso(),
      });
    },
    { changed: () => false },
  );
  return { id, token };
}

export function listApiTokens(db: Kysely<Database>, userId: number): Promise<ApiTokenRow[]> {
  return listApiTokensOf(db, userId);
}

/** Revoking twice, or another person's token, changes nothing (and says so alike). */
export async function revokeApiToken(
  db: Kysely<Database>,
  userId: number,
  tokenId: number,
): Promise<void> {
  await markApiTokenRevoked(db, userId, tokenId, nowIso());
}

/**
 * The caller behind an `Authorization: Bearer` value, or null: unknown, malformed, revoked,
 * or its owner banned or deleted. Not a session: no CSRF token (API writes need a bearer
 * token, which a browser never adds on its own).
 */
export async function resolveApiToken(
  db: Kysely<Database>,
  token: string,
  now = Date.now(),
): Promise<ApiCaller | null> {
  if (!TOKEN_SHAPE.test(token)) return null;
  const t = await findLiveApiToken(db, hashToken(token));
  if (!t || t.banned || t.deleted) return null;
  // "Last used" to the minute or so: not a write on every request.
  if (t.lastUsedAt === null || now - Date.parse(t.lastUsedAt) > SESSION_TOUCH_MS) {
    await touchApiToken(db, t.tokenId, new Date(now).toISOString());
  }
  return {
    tokenId: t.tokenId,
    scope: t.scope,
    user: {
      id: t.userId,
      username: t.username,
      displayName: t.displayName,
      role: t.role,
      emailVerified: t.emailVerified,
      // No session and no form token: API requests never pass the CSRF check's branch.
      sessionId: 0,
      csrfToken: "",
    },
  };
}
