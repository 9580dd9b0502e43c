// Title searches' answers in the metadata_cache table (through its one repo), so a repeated
// search does not ask the services again. Keyed "search:SERVICE:QUERY", which no identifier
// lookup's "scheme:value" key can be. Only real answers are kept, never a failure.

import type { Kysely } from "kysely";
import * as limits from "../../core/limits";
import type { Database } from "../../db/schema";
import { readCachedAnswer, storeAnswer } from "./metadata-cache.repo";
import { readHits, type SearchHit } from "./search-hit";

const HOUR_MS = 3_600_000;

export function searchCacheKey(service: string, normalizedQuery: string): string {
  return `search:${service}:${normalizedQuery}`;
}

/** The hits kept for `key` if fresh at `now`; null on a miss or a shape this version can't read. */
export async function readCachedSearch(
  db: Kysely<Database>,
  key: string,
  now: number,
): Promise<SearchHit[] | null> {
  const cached = await readCachedAnswer(db, key, new Date(now).toISOString());
  if (!cached) return null;
  return cached.status === "not_found" ? [] : readHits(cached.body);
}

export async function storeSearch(
  db: Kysely<Database>,
  key: string,
  hits: readonly SearchHit[],
  now: number,
): Promise<void> {
  await storeAnswer(db, {
    key,
    status: hits.length > 0 ? "found" : "not_found",
    body: hits.length > 0 ? JSON.stringify(hits) : "",
    fetchedAt: new Date(now).toISOString(),
    expiresAt: new Date(now + limits.EXTERNAL_SEARCH_CACHE_TTL_HOURS * HOUR_MS).toISOString(),
  });
}
