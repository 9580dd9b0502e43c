import type { Kysely, Migration } from "kysely";
import type { DialectName } from "../dialect";
import { primaryId } from "../dialect";

// Never edit once landed: add a new migration instead.
//
// Issue 11, point 6: personal API tokens for /api/v1. Only the token's SHA-256 is kept
// (`token_hash`, unique: the bearer lookup), so a leaked table grants nothing. `scope` is
// "read" or "write". A revoked token keeps its row (`revoked_at`), so Settings can still say
// when it stopped; deleting the account deletes its tokens.
export function apiTokensMigration(dialect: DialectName): Migration {
  const id = primaryId(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("api_tokens")
        .addColumn("id", "integer", id)
        .addColumn("user_id", "integer", (c) =>
          c.notNull().references("users.id").onDelete("cascade"),
        )
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("token_hash", "text", (c) => c.notNull().unique())
        .addColumn("scope", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("last_used_at", "text")
        .addColumn("revoked_at", "text")
        .execute();
      // Settings lists a person's tokens.
      await db.schema.createIndex("api_tokens_user").on("api_tokens").column("user_id").execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable("api_tokens").ifExists().execute();
    },
  };
}
