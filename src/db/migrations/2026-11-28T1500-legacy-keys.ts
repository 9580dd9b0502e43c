import type { Kysely, Migration } from "kysely";
import type { DialectName } from "../dialect";
import { primaryId } from "../dialect";

// Never edit once landed: add a new migration instead.
//
// Issue 11, point 8. The original site's dump has keys of its own (users by numeric id,
// papers by bibtexKey, summaries by (paper, user): there is no summary id, comments by id).
// `legacy_keys` maps each to the row an import made from it, so a second run of the same (or
// a newer) dump finds that row and updates it instead of adding another. `source` names the
// dump's kind ("shortscience-mysql"), `kind` the row's ("user", "paper", "summary", "comment").
export function legacyKeysMigration(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("legacy_keys")
        .addColumn("id", "integer", primaryId(dialect))
        .addColumn("source", "text", (c) => c.notNull())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("legacy_key", "text", (c) => c.notNull())
        // No foreign key: the id points into the table `kind` names.
        .addColumn("new_id", "integer", (c) => c.notNull())
        .addUniqueConstraint("legacy_keys_unique", ["source", "kind", "legacy_key"])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable("legacy_keys").ifExists().execute();
    },
  };
}
