import { type Kysely, sql } from "kysely";
import type { Database } from "./schema";

// One counter that every write visible on public pages increments, in the same
// transaction: app processes compare it to drop their cached pages.

export async function bumpContentVersion(db: Kysely<Database>): Promise<void> {
  await db
    .updateTable("content_version")
    .set({ version: sql`version + 1` })
    .where("id", "=", 1)
    .execute();
}

export async function readContentVersion(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom("content_version")
    .select("version")
    .where("id", "=", 1)
    .executeTakeFirst();
  return row?.version ?? 0;
}
