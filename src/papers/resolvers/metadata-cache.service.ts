import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { purgeExpiredAnswers } from "./metadata-cache.repo";

/** Deletes cached metadata answers past their expiry (the cleanup's part); returns how many. */
export function purgeExpiredMetadataAnswers(db: Kysely<Database>, now: number): Promise<number> {
  return purgeExpiredAnswers(db, new Date(now).toISOString());
}
