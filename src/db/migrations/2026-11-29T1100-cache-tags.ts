import type { Kysely, Migration } from "kysely";

// Never edit once landed: add a new migration instead.
//
// Issue 12, point 2: precise page-cache invalidation. Each write that changes what pages show
// stamps the tags it changed (`paper:12`, `home`, …) with the content version it bumped to,
// in its own transaction; each app process reads the tags stamped after the newest version it
// has seen (hence the index on version) and drops only the pages carrying them. One row per
// tag, overwritten on every stamp: the table is bounded by the number of entities, not writes.
export function cacheTagsMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("cache_tags")
        .addColumn("tag", "text", (c) => c.primaryKey())
        .addColumn("version", "integer", (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("cache_tags_version")
        .on("cache_tags")
        .column("version")
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable("cache_tags").execute();
    },
  };
}
