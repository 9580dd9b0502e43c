import type { Kysely } from "kysely";
import type { Database } from "../db/schema";
import { ACCOUNT_STATE_COLUMNS, type AccountState, toAccountState } from "../users/users.mapper";

// The api_tokens table's one writer. Rows hold the token's SHA-256, never the token.

export type ApiScope = "read" | "write";

export interface ApiTokenRow {
  id: number;
  name: string;
  scope: ApiScope;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** A live token's owner as a request needs them; banned or deleted owners are refused above. */
export interface ApiTokenOwner extends AccountState {
  tokenId: number;
  scope: ApiScope;
  lastUsedAt: string | null;
  userId: number;
}

const toScope = (s: string): ApiScope => (s === "write" ? "write" : "read");

export async function insertApiToken(
  db: Kysely<Database>,
  t: { userId: number; name: string; tokenHash: string; scope: ApiScope; at: string },
): Promise<number> {
  const row = await db
    .insertInto("api_tokens")
    .values({
      user_id: t.userId,
      name: t.name,
      token_hash: t.tokenHash,
      scope: t.scope,
      created_at: t.at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function countLiveApiTokens(db: Kysely<Database>, userId: number): Promise<number> {
  const row = await db
    .selectFrom("api_tokens")
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null)
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A person's tokens, newest first: live ones and the revoked ones Settings still lists. */
export async function listApiTokensOf(
  db: Kysely<Database>,
  userId: number,
): Promise<ApiTokenRow[]> {
  const rows = await db
    .selectFrom("api_tokens")
    .where("user_id", "=", userId)
    .select(["id", "name", "scope", "created_at", "last_used_at", "revoked_at"])
    .orderBy("id", "desc")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    scope: toScope(r.scope),
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
  }));
}

/** Revokes one of the user's own tokens; false when it isn't theirs or is revoked already. */
export async function markApiTokenRevoked(
  db: Kysely<Database>,
  userId: number,
  tokenId: number,
  at: string,
): Promise<boolean> {
  const result = await db
    .updateTable("api_tokens")
    .set({ revoked_at: at })
    .where("id", "=", tokenId)
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function findLiveApiToken(
  db: Kysely<Database>,
  tokenHash: string,
): Promise<ApiTokenOwner | null> {
  const row = await db
    .selectFrom("api_tokens as t")
    .innerJoin("users as u", "u.id", "t.user_id")
    .where("t.token_hash", "=", tokenHash)
    .where("t.revoked_at", "is", null)
    .select(["t.id", "t.scope", "t.last_used_at", "t.user_id", ...ACCOUNT_STATE_COLUMNS])
    .executeTakeFirst();
  if (!row) return null;
  return {
    tokenId: row.id,
    scope: toScope(row.scope),
    lastUsedAt: row.last_used_at,
    userId: row.user_id,
    ...toAccountState(row),
  };
}

export async function touchApiToken(db: Kysely<Database>, id: number, at: string): Promise<void> {
  await db.updateTable("api_tokens").set({ last_used_at: at }).where("id", "=", id).execute();
}
