import type { Kysely, Migration } from "kysely";
import type { DialectName } from "../dialect";
import { primaryId } from "../dialect";

// Never edit once landed: add a new migration instead.
//
// A sign-up waiting for its mailed link. Sign-up used to create the account at once, so the
// name's public profile (or its absence) told anyone whether the address was registered. Now
// every sign-up, registered address or not, leaves one of these rows and no account; opening
// the link turns it into the account. The row reserves its username (unique key) until it
// expires; the cleanup deletes it then.
export function pendingSignupsMigration(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("pending_signups")
        .addColumn("id", "integer", primaryId(dialect))
        .addColumn("username", "text", (c) => c.notNull())
        .addColumn("username_key", "text", (c) => c.notNull().unique())
        .addColumn("email", "text", (c) => c.notNull())
        .addColumn("password_hash", "text", (c) => c.notNull())
        .addColumn("token_hash", "text", (c) => c.notNull().unique())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("expires_at", "text", (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("pending_signups_expires")
        .on("pending_signups")
        .column("expires_at")
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable("pending_signups").ifExists().execute();
    },
  };
}
