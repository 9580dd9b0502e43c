import type { Kysely, Migration } from "kysely";

// Never edit once landed: add a new migration instead.
//
// A queued notification mail names the comment it is about, so the worker drops it unsent
// when the comment (or its summary) was hidden or deleted before its turn came. No foreign
// key, as for the recipient: a comment's transaction must not lock rows it doesn't own.
export function mailCommentMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable("mail_queue").addColumn("comment_id", "integer").execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable("mail_queue").dropColumn("comment_id").execute();
    },
  };
}
