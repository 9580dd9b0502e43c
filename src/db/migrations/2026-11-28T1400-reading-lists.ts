import type { Kysely, Migration } from "kysely";
import type { DialectName } from "../dialect";
import { primaryId } from "../dialect";

// Never edit once landed: add a new migration instead.
//
// Issue 11, point 7. A person's named reading lists (`slug` is the list's address under
// /user/NAME/lists/, unique per owner), public or private, and the papers on them with a note.
// `position` orders a list's items; lists/ keeps it unique within a list (every write locks
// the list's row first). It has no unique index: moving items shifts several rows in one
// UPDATE, which a per-row unique check would refuse halfway.
export function readingListsMigration(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("reading_lists")
        .addColumn("id", "integer", primaryId(dialect))
        .addColumn("user_id", "integer", (c) =>
          c.notNull().references("users.id").onDelete("cascade"),
        )
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("slug", "text", (c) => c.notNull())
        .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
        .addColumn("is_public", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("updated_at", "text", (c) => c.notNull())
        .addUniqueConstraint("reading_lists_user_slug", ["user_id", "slug"])
        .execute();

      await db.schema
        .createTable("reading_list_items")
        .addColumn("list_id", "integer", (c) =>
          c.notNull().references("reading_lists.id").onDelete("cascade"),
        )
        .addColumn("paper_id", "integer", (c) =>
          c.notNull().references("papers.id").onDelete("cascade"),
        )
        .addColumn("note", "text", (c) => c.notNull().defaultTo(""))
        .addColumn("position", "integer", (c) => c.notNull())
        .addColumn("added_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("reading_list_items_pk", ["list_id", "paper_id"])
        .execute();
      await db.schema
        .createIndex("reading_list_items_order")
        .on("reading_list_items")
        .columns(["list_id", "position"])
        .execute();
      // A paper's deletion cascades here: find its items without a scan.
      await db.schema
        .createIndex("reading_list_items_paper")
        .on("reading_list_items")
        .column("paper_id")
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable("reading_list_items").ifExists().execute();
      await db.schema.dropTable("reading_lists").ifExists().execute();
    },
  };
}
