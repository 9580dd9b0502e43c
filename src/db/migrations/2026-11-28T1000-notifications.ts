import { type Kysely, type Migration, sql } from "kysely";
import type { DialectName } from "../dialect";
import { primaryId } from "../dialect";

// Never edit once landed: add a new migration instead.
//
// Issue 10, point 6. `notifications`: what the site tells a person (a comment on their
// summary, a reply after their comment, votes on their summary, which are aggregated into one
// unread row per summary). `mail_queue`: every notification mail, written in the transaction
// of the write that caused it and sent later by a worker, so a rolled-back write sends nothing
// and a down SMTP server loses nothing. `server_secrets`: keys the server derives on first use
// (the HMAC key of unsubscribe links), kept in the database and never in the repository.
export function notificationsMigration(dialect: DialectName): Migration {
  const id = primaryId(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("notifications")
        .addColumn("id", "integer", id)
        // No foreign key on the recipient, on purpose: a comment's or vote's transaction
        // writes rows for other people, and a key would lock their account rows (KEY SHARE)
        // while the transaction holds the summary, which deadlocks on PostgreSQL against the
        // recipient deleting their account (that locks the account, then the summaries). Ids
        // are never reused; the hourly cleanup deletes rows of accounts that are gone.
        .addColumn("user_id", "integer", (c) => c.notNull())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("summary_id", "integer", (c) =>
          c.notNull().references("summaries.id").onDelete("cascade"),
        )
        .addColumn("comment_id", "integer", (c) => c.references("comments.id").onDelete("cascade"))
        .addColumn("actor_id", "integer", (c) => c.references("users.id").onDelete("cascade"))
        .addColumn("count", "integer", (c) => c.notNull().defaultTo(1))
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("updated_at", "text", (c) => c.notNull())
        .addColumn("read_at", "text")
        .execute();
      // The list and the header's count.
      await db.schema
        .createIndex("notifications_user")
        .on("notifications")
        .columns(["user_id", "read_at", "updated_at"])
        .execute();
      // Once per person per comment.
      await db.schema
        .createIndex("notifications_user_comment")
        .on("notifications")
        .columns(["user_id", "comment_id"])
        .unique()
        .execute();
      // At most one unread votes row per person and summary: new votes add to its count.
      await db.schema
        .createIndex("notifications_unread_votes")
        .on("notifications")
        .columns(["user_id", "summary_id"])
        .unique()
        .where(sql.ref("kind"), "=", "votes")
        .where(sql.ref("read_at"), "is", null)
        .execute();

      await db.schema
        .createTable("mail_queue")
        .addColumn("id", "integer", id)
        // The recipient's account (no foreign key, as above): a mail whose account is gone,
        // or no longer wants it, is dropped when its turn comes.
        .addColumn("user_id", "integer")
        .addColumn("to_address", "text", (c) => c.notNull())
        .addColumn("subject", "text", (c) => c.notNull())
        .addColumn("body", "text", (c) => c.notNull())
        // A JSON object of extra headers (List-Unsubscribe).
        .addColumn("headers", "text", (c) => c.notNull().defaultTo("{}"))
        // "queued" | "sent" | "failed" | "dropped"
        .addColumn("status", "text", (c) => c.notNull().defaultTo("queued"))
        .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("next_attempt_at", "text", (c) => c.notNull())
        .addColumn("claimed_at", "text")
        .addColumn("claim_token", "text")
        .addColumn("last_error", "text")
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("finished_at", "text")
        .execute();
      await db.schema
        .createIndex("mail_queue_due")
        .on("mail_queue")
        .columns(["status", "next_attempt_at"])
        .execute();

      await db.schema
        .createTable("server_secrets")
        .addColumn("name", "text", (c) => c.primaryKey())
        .addColumn("value", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable("server_secrets").ifExists().execute();
      await db.schema.dropTable("mail_queue").ifExists().execute();
      await db.schema.dropTable("notifications").ifExists().execute();
    },
  };
}
