import type { Kysely, Migration } from "kysely";

// Never edit once landed: add a new migration instead.
// Where a paper's details come from. "service": a metadata service or a bulk import (every
// paper before this migration); "hand": typed in by a user while no service knew the paper or
// none answered, not yet confirmed; "moderator": a hand-entered paper a moderator corrected.
export function paperProvenanceMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable("papers")
        .addColumn("metadata_source", "text", (c) => c.notNull().defaultTo("service"))
        .execute();
      // When the background check last asked the services about a hand-entered paper.
      await db.schema.alterTable("papers").addColumn("metadata_checked_at", "text").execute();
      // The background check looks for the few "hand" rows among millions of imported ones.
      await db.schema
        .createIndex("papers_metadata_source")
        .on("papers")
        .columns(["metadata_source", "metadata_checked_at"])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex("papers_metadata_source").ifExists().execute();
      await db.schema.alterTable("papers").dropColumn("metadata_checked_at").execute();
      await db.schema.alterTable("papers").dropColumn("metadata_source").execute();
    },
  };
}
