import { type Kysely, type Migration, sql } from "kysely";
import type { DialectName } from "../dialect";
import { primaryId } from "../dialect";

// Never edit once landed: add a new migration instead.
//
// Issue 10, points 3, 5 and 8. Summaries and comments are never removed by their authors or
// moderators, only marked: `deleted_at` (the author deleted it; a summary can be restored for
// 30 days), `hidden_at` (a moderator hid it; unhiding brings it back as it was) and `edited_at`
// (the last edit after publishing, shown as "edited DATE"). A listing shows a row only when
// both marks are empty (db/listed.ts). Comments get `parent_id`: replies nest one level.
// `reports` holds what readers flag; `moderation_log` every moderator action, for admins.
export function moderationMigration(dialect: DialectName): Migration {
  const id = primaryId(dialect);
  return {
    async up(db: Kysely<unknown>) {
      for (const column of ["deleted_at", "hidden_at", "edited_at"]) {
        await db.schema.alterTable("summaries").addColumn(column, "text").execute();
        await db.schema.alterTable("comments").addColumn(column, "text").execute();
      }
      await db.schema
        .alterTable("comments")
        .addColumn("parent_id", "integer", (c) => c.references("comments.id").onDelete("cascade"))
        .execute();
      await db.schema
        .createIndex("comments_parent")
        .on("comments")
        .column("parent_id")
        .where(sql.ref("parent_id"), "is not", null)
        .execute();
      // The restore page lists an author's deleted summaries; the purge finds old ones.
      await db.schema
        .createIndex("summaries_deleted")
        .on("summaries")
        .column("deleted_at")
        .where(sql.ref("deleted_at"), "is not", null)
        .execute();

      await db.schema
        .createTable("reports")
        .addColumn("id", "integer", id)
        // The reporter (no foreign key, like notifications: a report outlives its reporter's
        // account, and a moderator still needs to see it).
        .addColumn("reporter_id", "integer", (c) => c.notNull())
        // "summary" | "comment" | "user"
        .addColumn("target_kind", "text", (c) => c.notNull())
        .addColumn("target_id", "integer", (c) => c.notNull())
        .addColumn("reason", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("resolved_at", "text")
        .addColumn("resolved_by", "integer")
        // "hidden" | "banned" | "dismissed" | …: what the moderator did about it
        .addColumn("resolution", "text")
        .execute();
      // The queue: open reports, oldest first.
      await db.schema
        .createIndex("reports_open")
        .on("reports")
        .columns(["resolved_at", "created_at"])
        .execute();
      // One open report per person and target: a second click adds nothing.
      await db.schema
        .createIndex("reports_open_once")
        .on("reports")
        .columns(["reporter_id", "target_kind", "target_id"])
        .unique()
        .where(sql.ref("resolved_at"), "is", null)
        .execute();

      await db.schema
        .createTable("moderation_log")
        .addColumn("id", "integer", id)
        .addColumn("actor_id", "integer", (c) => c.notNull())
        // "hide" | "unhide" | "ban" | "unban" | "resolve" | "restore" | …
        .addColumn("action", "text", (c) => c.notNull())
        .addColumn("target_kind", "text", (c) => c.notNull())
        .addColumn("target_id", "integer", (c) => c.notNull())
        .addColumn("note", "text", (c) => c.notNull().defaultTo(""))
        .addColumn("created_at", "text", (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("moderation_log_created")
        .on("moderation_log")
        .column("created_at")
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable("moderation_log").ifExists().execute();
      await db.schema.dropTable("reports").ifExists().execute();
      await db.schema.dropIndex("summaries_deleted").ifExists().execute();
      await db.schema.dropIndex("comments_parent").ifExists().execute();
      await db.schema.alterTable("comments").dropColumn("parent_id").execute();
      for (const column of ["deleted_at", "hidden_at", "edited_at"]) {
        await db.schema.alterTable("summaries").dropColumn(column).execute();
        await db.schema.alterTable("comments").dropColumn(column).execute();
      }
    },
  };
}
