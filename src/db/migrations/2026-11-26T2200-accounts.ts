import type { Kysely, Migration } from "kysely";
import type { DialectName } from "../dialect";
import { primaryId } from "../dialect";

// Accounts: passwords, verified e-mail, bans, sessions, single-use e-mail tokens,
// shared rate-limit counters and OpenID Connect sign-ins. Never edit once landed.
export function accountsMigration(dialect: DialectName): Migration {
  const id = primaryId(dialect);
  return {
    async up(db: Kysely<unknown>) {
      for (const [name, type] of [
        ["password_hash", "text"],
        ["email_key", "text"],
        ["email_verified_at", "text"],
        ["pending_email", "text"],
        ["banned_at", "text"],
        ["deleted_at", "text"],
      ] as const) {
        await db.schema.alterTable("users").addColumn(name, type).execute();
      }
      await db.schema
        .alterTable("users")
        .addColumn("notify_comments", "integer", (c) => c.notNull().defaultTo(1))
        .execute();
      await db.schema
        .createIndex("users_email_key")
        .on("users")
        .column("email_key")
        .unique()
        .execute();
      await db.schema.createIndex("users_orcid").on("users").column("orcid").execute();

      await db.schema
        .createTable("sessions")
        .addColumn("id", "integer", id)
        .addColumn("token_hash", "text", (c) => c.notNull().unique())
        .addColumn("user_id", "integer", (c) =>
          c.notNull().references("users.id").onDelete("cascade"),
        )
        .addColumn("csrf_token", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("last_seen_at", "text", (c) => c.notNull())
        .addColumn("expires_at", "text", (c) => c.notNull())
        .addColumn("user_agent", "text", (c) => c.notNull().defaultTo(""))
        .execute();
      await db.schema.createIndex("sessions_user").on("sessions").column("user_id").execute();
      await db.schema.createIndex("sessions_expires").on("sessions").column("expires_at").execute();

      await db.schema
        .createTable("auth_tokens")
        .addColumn("id", "integer", id)
        .addColumn("token_hash", "text", (c) => c.notNull().unique())
        .addColumn("user_id", "integer", (c) =>
          c.notNull().references("users.id").onDelete("cascade"),
        )
        .addColumn("purpose", "text", (c) => c.notNull())
        .addColumn("email", "text")
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("expires_at", "text", (c) => c.notNull())
        .addColumn("used_at", "text")
        .execute();
      await db.schema
        .createIndex("auth_tokens_user")
        .on("auth_tokens")
        .columns(["user_id", "purpose"])
        .execute();

      await db.schema
        .createTable("rate_limits")
        .addColumn("bucket", "text", (c) => c.notNull())
        .addColumn("window_start", "bigint", (c) => c.notNull())
        .addColumn("hits", "integer", (c) => c.notNull())
        .addPrimaryKeyConstraint("rate_limits_pk", ["bucket", "window_start"])
        .execute();
      await db.schema
        .createIndex("rate_limits_window")
        .on("rate_limits")
        .column("window_start")
        .execute();

      await db.schema
        .createTable("user_identities")
        .addColumn("id", "integer", id)
        .addColumn("provider", "text", (c) => c.notNull())
        .addColumn("subject", "text", (c) => c.notNull())
        .addColumn("user_id", "integer", (c) =>
          c.notNull().references("users.id").onDelete("cascade"),
        )
        .addColumn("created_at", "text", (c) => c.notNull())
        .addUniqueConstraint("user_identities_provider_subject", ["provider", "subject"])
        .execute();
      await db.schema
        .createIndex("user_identities_user")
        .on("user_identities")
        .column("user_id")
        .execute();

      await db.schema
        .createTable("oidc_states")
        .addColumn("state_hash", "text", (c) => c.primaryKey())
        .addColumn("nonce", "text", (c) => c.notNull())
        .addColumn("code_verifier", "text", (c) => c.notNull())
        .addColumn("link_user_id", "integer", (c) => c.references("users.id").onDelete("cascade"))
        .addColumn("return_to", "text", (c) => c.notNull().defaultTo("/"))
        .addColumn("expires_at", "text", (c) => c.notNull())
        .execute();
    },

    async down(db: Kysely<unknown>) {
      for (const table of [
        "oidc_states",
        "user_identities",
        "rate_limits",
        "auth_tokens",
        "sessions",
      ]) {
        await db.schema.dropTable(table).ifExists().execute();
      }
      await db.schema.dropIndex("users_orcid").ifExists().execute();
      await db.schema.dropIndex("users_email_key").ifExists().execute();
      for (const column of [
        "notify_comments",
        "deleted_at",
        "banned_at",
        "pending_email",
        "email_verified_at",
        "email_key",
        "password_hash",
      ]) {
        await db.schema.alterTable("users").dropColumn(column).execute();
      }
    },
  };
}
