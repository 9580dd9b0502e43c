import { type Kysely, sql } from "kysely";
import type { Database } from "../db/schema";

/** Counts one hit in a fixed window and returns the window's total, atomically. */
export async function hitWindow(
  db: Kysely<Database>,
  bucket: string,
  windowStart: number,
): Promise<number> {
  const row = await db
    .insertInto("rate_limits")
    .values({ bucket, window_start: windowStart, hits: 1 })
    .onConflict((oc) =>
      oc.columns(["bucket", "window_start"]).doUpdateSet({ hits: sql`rate_limits.hits + 1` }),
    )
    .returning("hits")
    .executeTakeFirstOrThrow();
  return row.hits;
}

export async function readWindow(
  db: Kysely<Database>,
  bucket: string,
  windowStart: number,
): Promise<number> {
  const row = await db
    .selectFrom("rate_limits")
    .select("hits")
    .where("bucket", "=", bucket)
    .where("window_start", "=", windowStart)
    .executeTakeFirst();
  return row?.hits ?? 0;
}

export async function clearBucket(db: Kysely<Database>, bucket: string): Promise<void> {
  await db.deleteFrom("rate_limits").where("bucket", "=", bucket).execute();
}

export async function deleteWindowsBefore(db: Kysely<Database>, before: number): Promise<void> {
  await db.deleteFrom("rate_limits").where("window_start", "<", before).execute();
}
