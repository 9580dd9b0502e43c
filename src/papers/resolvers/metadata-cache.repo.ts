// The metadata_cache table: one answer per identifier key, with its expiry. Kysely only.

import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";

export interface CachedAnswer {
  key: string;
  status: "found" | "not_found";
  /** PaperMetadata as JSON when found, else "". */
  body: string;
  fetchedAt: string;
  expiresAt: string;
}

/** The answer stored for `key` if it has not expired at `nowIso`. */
export async function readCachedAnswer(
  db: Kysely<Database>,
  key: string,
  nowIso: string,
): Promise<CachedAnswer | null> {
  const row = await db
    .selectFrom("metadata_cache")
    .selectAll()
    .where("key", "=", key)
    .where("expires_at", ">", nowIso)
    .executeTakeFirst();
  if (!row || (row.status !== "found" && row.status !== "not_found")) return null;
  return {
    key: row.key,
    status: row.status,
    body: row.body,
    fetchedAt: row.fetched_at,
    expiresAt: row.expires_at,
  };
}

/** Inserts or replaces the answer for its key. */
export async function storeAnswer(db: Kysely<Database>, answer: CachedAnswer): Promise<void> {
  const values = {
    status: answer.status,
    body: answer.body,
    fetched_at: answer.fetchedAt,
    expires_at: answer.expiresAt,
  };
  await db
    .insertInto("metadata_cache")
    .values({ key: answer.key, ...values })
    .onConflict((oc) => oc.column("key").doUpdateSet(values))
    .execute();
}

/** Deletes answers that expired before `nowIso`; returns how many. */
export async function purgeExpiredAnswers(db: Kysely<Database>, nowIso: string): Promise<number> {
  const result = await db
    .deleteFrom("metadata_cache")
    .where("expires_at", "<=", nowIso)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
