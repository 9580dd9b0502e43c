import type { Kysely } from "kysely";
import type { Database } from "../db/schema";

// Queries for OpenID Connect sign-in: pending states and the links between an issuer's
// subject and our users.

export interface NewOidcState {
  stateHash: string;
  nonce: string;
  codeVerifier: string;
  linkUserId: number | null;
  returnTo: string;
  expiresAt: string;
}

export async function insertOidcState(db: Kysely<Database>, s: NewOidcState): Promise<void> {
  await db
    .insertInto("oidc_states")
    .values({
      state_hash: s.stateHash,
      nonce: s.nonce,
      code_verifier: s.codeVerifier,
      link_user_id: s.linkUserId,
      return_to: s.returnTo,
      expires_at: s.expiresAt,
    })
    .execute();
}

/** Deletes and returns the state in one statement: of two concurrent callbacks only one gets it. */
export async function takeOidcState(db: Kysely<Database>, stateHash: string) {
  return (
    (await db
      .deleteFrom("oidc_states")
      .where("state_hash", "=", stateHash)
      .returningAll()
      .executeTakeFirst()) ?? null
  );
}

/** Deletes sign-in states past their expiry; returns how many. */
export async function deleteExpiredOidcStates(
  db: Kysely<Database>,
  nowIso: string,
): Promise<number> {
  const result = await db
    .deleteFrom("oidc_states")
    .where("expires_at", "<=", nowIso)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function findIdentityUserId(
  db: Kysely<Database>,
  provider: string,
  subject: string,
): Promise<number | null> {
  const row = await db
    .selectFrom("user_identities")
    .select("user_id")
    .where("provider", "=", provider)
    .where("subject", "=", subject)
    .executeTakeFirst();
  return row?.user_id ?? null;
}

export async function findIdentityOfUser(
  db: Kysely<Database>,
  provider: string,
  userId: number,
): Promise<string | null> {
  const row = await db
    .selectFrom("user_identities")
    .select("subject")
    .where("provider", "=", provider)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return row?.subject ?? null;
}

export async function insertIdentity(
  db: Kysely<Database>,
  i: { provider: string; subject: string; userId: number; at: string },
): Promise<void> {
  await db
    .insertInto("user_identities")
    .values({ provider: i.provider, subject: i.subject, user_id: i.userId, created_at: i.at })
    .execute();
}

export async function deleteIdentitiesOf(db: Kysely<Database>, userId: number): Promise<void> {
  await db.deleteFrom("user_identities").where("user_id", "=", userId).execute();
}
