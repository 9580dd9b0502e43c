// Rows of every kind the cleanup deletes, expired or live at a given time (for cleanup tests).

import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import { RATE_LIMITS, SESSION_IDLE_MS } from "../../src/core/limits";
import type { Database } from "../../src/db/schema";
import { makeUser } from "./factories";

const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();
const token = () => randomBytes(12).toString("hex");
const longestWindow = Math.max(...Object.values(RATE_LIMITS).map((l) => l.windowMs));
const TABLES = [
  "sessions",
  "auth_tokens",
  "pending_signups",
  "rate_limits",
  "oidc_states",
  "metadata_cache",
] as const;

/** `expired` rows of each kind that are dead at `now`, and `live` ones that are not. */
export async function seedExpiringRows(
  db: Kysely<Database>,
  now: number,
  expired: number,
  live: number,
) {
  const { id: userId } = await makeUser(db);
  const session = (expiresAt: number, lastSeen: number) => ({
    token_hash: token(),
    user_id: userId,
    csrf_token: token(),
    created_at: iso(lastSeen - HOUR),
    last_seen_at: iso(lastSeen),
    expires_at: iso(expiresAt),
    user_agent: "",
  });
  const authToken = (expiresAt: number, used: boolean) => ({
    token_hash: token(),
    user_id: userId,
    purpose: "reset_password",
    email: null,
    created_at: iso(expiresAt - HOUR),
    expires_at: iso(expiresAt),
    used_at: used ? iso(expiresAt - 1_000) : null,
  });
  const pendingSignup = (expiresAt: number) => {
    const name = `pending_${token().slice(0, 12)}`;
    return {
      username: name,
      username_key: name,
      email: `${name}@example.org`,
      password_hash: "$argon2id$not-a-real-hash",
      token_hash: token(),
      created_at: iso(expiresAt - HOUR),
      expires_at: iso(expiresAt),
    };
  };
  const state = (expiresAt: number) => ({
    state_hash: token(),
    nonce: token(),
    code_verifier: token(),
    link_user_id: null,
    return_to: "/",
    expires_at: iso(expiresAt),
  });
  const answer = (expiresAt: number) => ({
    key: `arxiv:${token()}`,
    status: "not_found",
    body: "",
    fetched_at: iso(expiresAt - HOUR),
    expires_at: iso(expiresAt),
  });
  const windowRow = (start: number) => ({
    bucket: `test:${token()}`,
    window_start: start,
    hits: 1,
  });
  for (let i = 0; i < expired; i++) {
    // Half past their absolute expiry, half idle too long.
    await db
      .insertInto("sessions")
      .values(
        i % 2 === 0
          ? session(now - 1_000, now - HOUR)
          : session(now + HOUR, now - SESSION_IDLE_MS - 1),
      )
      .execute();
    await db
      .insertInto("auth_tokens")
      .values(authToken(now - 1_000, i % 2 === 0))
      .execute();
    await db
      .insertInto("pending_signups")
      .values(pendingSignup(now - 1_000))
      .execute();
    await db
      .insertInto("oidc_states")
      .values(state(now - 1_000))
      .execute();
    await db
      .insertInto("metadata_cache")
      .values(answer(now - 1_000))
      .execute();
    await db
      .insertInto("rate_limits")
      .values(windowRow(now - 2 * longestWindow - 1_000))
      .execute();
  }
  for (let i = 0; i < live; i++) {
    await db
      .insertInto("sessions")
      .values(session(now + HOUR, now - 1_000))
      .execute();
    await db
      .insertInto("auth_tokens")
      .values(authToken(now + HOUR, false))
      .execute();
    await db
      .insertInto("pending_signups")
      .values(pendingSignup(now + HOUR))
      .execute();
    await db
      .insertInto("oidc_states")
      .values(state(now + 60_000))
      .execute();
    await db
      .insertInto("metadata_cache")
      .values(answer(now + HOUR))
      .execute();
    await db
      .insertInto("rate_limits")
      .values(windowRow(now - 1_000))
      .execute();
  }
}

/** Rows left in each table, in the order sessions, tokens, sign-ups, windows, states, answers. */
export async function expiringRowCounts(db: Kysely<Database>) {
  const out: Record<string, number> = {};
  for (const table of TABLES) {
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    out[table] = Number(row.n);
  }
  return out;
}

export async function emptyExpiringTables(db: Kysely<Database>) {
  for (const table of TABLES) {
    await db.deleteFrom(table).execute();
  }
}
