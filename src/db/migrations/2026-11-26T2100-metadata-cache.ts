import type { Kysely, Migration } from "kysely";

// Never edit once landed: add a new migration instead.
// Answers of the metadata services (arXiv, Crossref, …) by identifier, with an expiry.
export function metadataCacheMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("metadata_cache")
        .addColumn("key", "text", (c) => c.primaryKey())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("body", "text", (c) => c.notNull().defaultTo(""))
        .addColumn("fetched_at", "text", (c) => c.notNull())
        .addColumn("expires_at", "text", (c) => c.notNull())
        .execute();
      // Purging expired answers scans by expiry.
      await db.schema
        .createIndex("metadata_cache_expires")
        .on("metadata_cache")
        .column("expires_at")
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable("metadata_cache").ifExists().execute();
    },
  };
}
