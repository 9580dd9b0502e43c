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

/** Gives back one hit of a window (never below zero), in one statement. */
export async function refundHit(
  db: Kysely<Database>,
  bucket: string,
  windowStart: number,
): Promise<void> {
  await db
    .updateTable("rate_limits")
    .set({ hits: sql`hits - 1` })
    .where("bucket", "=", bucket)
    .where("window_start", "=", windowStart)
    .where("hits", ">", 0)
    .execute();
}

/** Deletes windows that started before `before`; returns how many. */
export async function deleteWindowsBefore(db: Kysely<Database>, before: number): Promise<number> {
  const result = await db
    .deleteFrom("rate_limits")
    .where("window_start", "<", before)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
