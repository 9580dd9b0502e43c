import type { Kysely } from "kysely";
import type { Database } from "../db/schema";
import type { TargetRef } from "./reports.repo";

// The moderation_log table's one writer: one row per moderator action that changed something.

export async function insertLogEntry(
  db: Kysely<Database>,
  e: { actorId: number; action: string; target: TargetRef; note: string; at: string },
): Promise<void> {
  await db
    .insertInto("moderation_log")
    .values({
      actor_id: e.actorId,
      action: e.action,
      target_kind: e.target.kind,
      target_id: e.target.id,
      note: e.note,
      created_at: e.at,
    })
    .execute();
}

export async function countLogEntries(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom("moderation_log")
    .select((eb) => eb.fn.countAll<number | string | bigint>().as("n"))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export interface LogEntryRow {
  id: number;
  action: string;
  target_kind: string;
  target_id: number;
  note: string;
  created_at: string;
  actor_username: string | null;
  actor_display_name: string | null;
  /** The target's username when the target is a person. */
  target_username: string | null;
}

/** The log, newest first, a page at a time, with the actor's and a target person's names. */
export function listLogEntries(
  db: Kysely<Database>,
  offset: number,
  limit: number,
): Promise<LogEntryRow[]> {
  return db
    .selectFrom("moderation_log as l")
    .leftJoin("users as a", "a.id", "l.actor_id")
    .leftJoin("users as t", (join) =>
      join.onRef("t.id", "=", "l.target_id").on("l.target_kind", "=", "user"),
    )
    .select([
      "l.id",
      "l.action",
      "l.target_kind",
      "l.target_id",
      "l.note",
      "l.created_at",
      "a.username as actor_username",
      "a.display_name as actor_display_name",
      "t.username as target_username",
    ])
    .orderBy("l.created_at", "desc")
    .orderBy("l.id", "desc")
    .offset(offset)
    .limit(limit)
    .execute();
}
