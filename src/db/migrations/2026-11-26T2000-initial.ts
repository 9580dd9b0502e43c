import { type Kysely, type Migration, sql } from "kysely";
import type { DialectName } from "../dialect";
import { primaryId } from "../dialect";

// Never edit once landed: add a new migration instead.
export function initialMigration(dialect: DialectName): Migration {
  const id = primaryId(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("users")
        .addColumn("id", "integer", id)
        .addColumn("username", "text", (c) => c.notNull())
        .addColumn("username_key", "text", (c) => c.notNull().unique())
        .addColumn("display_name", "text", (c) => c.notNull())
        .addColumn("bio", "text", (c) => c.notNull().defaultTo(""))
        .addColumn("bio_html", "text", (c) => c.notNull().defaultTo(""))
        .addColumn("orcid", "text")
        .addColumn("email", "text")
        .addColumn("role", "text", (c) => c.notNull().defaultTo("user"))
        .addColumn("created_at", "text", (c) => c.notNull())
        .execute();

      await db.schema
        .createTable("venues")
        .addColumn("id", "integer", id)
        .addColumn("key", "text", (c) => c.notNull().unique())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
        .execute();

      await db.schema
        .createTable("papers")
        .addColumn("id", "integer", id)
        .addColumn("title", "text", (c) => c.notNull())
        .addColumn("authors", "text", (c) => c.notNull().defaultTo("[]"))
        .addColumn("year", "integer")
        .addColumn("venue_id", "integer", (c) => c.references("venues.id").onDelete("set null"))
        .addColumn("abstract", "text", (c) => c.notNull().defaultTo(""))
        .addColumn("categories", "text", (c) => c.notNull().defaultTo(""))
        .addColumn("section", "text")
        .addColumn("arxiv_version", "integer")
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("updated_at", "text", (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("papers_venue_year")
        .on("papers")
        .columns(["venue_id", "year"])
        .execute();

      await db.schema
        .createTable("paper_identifiers")
        .addColumn("id", "integer", id)
        .addColumn("paper_id", "integer", (c) =>
          c.notNull().references("papers.id").onDelete("cascade"),
        )
        .addColumn("scheme", "text", (c) => c.notNull())
        .addColumn("value", "text", (c) => c.notNull())
        .addUniqueConstraint("paper_identifiers_scheme_value", ["scheme", "value"])
        .execute();
      await db.schema
        .createIndex("paper_identifiers_paper")
        .on("paper_identifiers")
        .column("paper_id")
        .execute();

      await db.schema
        .createTable("summaries")
        .addColumn("id", "integer", id)
        .addColumn("paper_id", "integer", (c) =>
          c.notNull().references("papers.id").onDelete("cascade"),
        )
        .addColumn("user_id", "integer", (c) =>
          c.notNull().references("users.id").onDelete("cascade"),
        )
        .addColumn("source", "text", (c) => c.notNull())
        .addColumn("html", "text", (c) => c.notNull())
        .addColumn("renderer_version", "integer", (c) => c.notNull())
        .addColumn("math_count", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("math_errors", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("is_private", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("is_anonymous", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("share_token", "text", (c) => c.notNull().unique())
        .addColumn("paper_version", "integer")
        .addColumn("score", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("updated_at", "text", (c) => c.notNull())
        .addUniqueConstraint("summaries_one_per_user_per_paper", ["paper_id", "user_id"])
        .execute();
      // The pages' queries: a paper's public summaries by score; a user's summaries;
      // the home tabs (best = score, recent = updated_at); re-rendering by version.
      await db.schema
        .createIndex("summaries_paper_score")
        .on("summaries")
        .columns(["paper_id", "is_private", "score"])
        .execute();
      await db.schema
        .createIndex("summaries_user")
        .on("summaries")
        .columns(["user_id", "updated_at"])
        .execute();
      await db.schema
        .createIndex("summaries_public_score")
        .on("summaries")
        .columns(["is_private", "score", "id"])
        .execute();
      await db.schema
        .createIndex("summaries_public_updated")
        .on("summaries")
        .columns(["is_private", "updated_at", "id"])
        .execute();
      await db.schema
        .createIndex("summaries_renderer_version")
        .on("summaries")
        .column("renderer_version")
        .execute();

      await db.schema
        .createTable("summary_revisions")
        .addColumn("id", "integer", id)
        .addColumn("summary_id", "integer", (c) =>
          c.notNull().references("summaries.id").onDelete("cascade"),
        )
        .addColumn("source", "text", (c) => c.notNull())
        .addColumn("paper_version", "integer")
        .addColumn("created_at", "text", (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("summary_revisions_summary")
        .on("summary_revisions")
        .columns(["summary_id", "id"])
        .execute();

      await db.schema
        .createTable("votes")
        .addColumn("summary_id", "integer", (c) =>
          c.notNull().references("summaries.id").onDelete("cascade"),
        )
        .addColumn("user_id", "integer", (c) =>
          c.notNull().references("users.id").onDelete("cascade"),
        )
        .addColumn("value", "integer", (c) => c.notNull().check(sql`value in (-1, 1)`))
        .addColumn("created_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("votes_pk", ["summary_id", "user_id"])
        .execute();
      await db.schema.createIndex("votes_user").on("votes").column("user_id").execute();
      await db.schema
        .createIndex("votes_recent")
        .on("votes")
        .columns(["created_at", "summary_id"])
        .execute();

      await db.schema
        .createTable("comments")
        .addColumn("id", "integer", id)
        .addColumn("summary_id", "integer", (c) =>
          c.notNull().references("summaries.id").onDelete("cascade"),
        )
        .addColumn("user_id", "integer", (c) =>
          c.notNull().references("users.id").onDelete("cascade"),
        )
        .addColumn("source", "text", (c) => c.notNull())
        .addColumn("html", "text", (c) => c.notNull())
        .addColumn("renderer_version", "integer", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("updated_at", "text", (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("comments_summary")
        .on("comments")
        .columns(["summary_id", "created_at"])
        .execute();
      await db.schema.createIndex("comments_user").on("comments").column("user_id").execute();

      await db.schema
        .createTable("paper_views")
        .addColumn("paper_id", "integer", (c) =>
          c.notNull().references("papers.id").onDelete("cascade"),
        )
        .addColumn("day", "text", (c) => c.notNull())
        .addColumn("views", "integer", (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint("paper_views_pk", ["paper_id", "day"])
        .execute();
      await db.schema
        .createIndex("paper_views_day")
        .on("paper_views")
        .columns(["day", "paper_id"])
        .execute();

      await db.schema
        .createTable("content_version")
        .addColumn("id", "integer", (c) => c.primaryKey())
        .addColumn("version", "integer", (c) => c.notNull())
        .execute();
      await db
        .insertInto("content_version" as never)
        .values({ id: 1, version: 1 } as never)
        .execute();
    },

    async down(db: Kysely<unknown>) {
      for (const table of [
        "content_version",
        "paper_views",
        "comments",
        "votes",
        "summary_revisions",
        "summaries",
        "paper_identifiers",
        "papers",
        "venues",
        "users",
      ]) {
        await db.schema.dropTable(table).ifExists().execute();
      }
    },
  };
}
