import { readFileSync } from "node:fs";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { declaredSchema } from "../helpers/declared-schema";
import { createTestDb, type TestDb } from "../helpers/test-db";

// src/db/schema.ts is written by hand; this compares it, table by table, with what the
// migrations create (SQLite, or PostgreSQL when TEST_DATABASE_URL is set): the same columns,
// and the same ones nullable. A column added to a migration but not to schema.ts (or the other
// way round) fails here.

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.drop());

/** table → column → nullable, as the migrated database reports it. */
async function migratedSchema(): Promise<Map<string, Map<string, boolean>>> {
  const db = t.db.kysely;
  const tables = await db.introspection.getTables();
  const schema = new Map<string, Map<string, boolean>>();
  for (const table of tables) {
    // The full-text indexes (migrations 2026-11-28T1200-search, 2026-11-29T1200-search-filters)
    // differ per database (FTS5 and its shadow tables, tsvector tables) and only src/search/
    // reads them, in raw SQL.
    if (/^search_(?:papers|summaries|titles)(?:_[a-z]+)?$/.test(table.name)) continue;
    // SQLite's copy of listed summaries by section (2026-12-04T1100-sqlite-summary-listing):
    // SQLite only, kept by triggers, read in raw SQL by summaries/home-listing.repo.ts.
    if (table.name === "summary_listing") continue;
    // SQLite reports a one-column PRIMARY KEY declared without NOT NULL as nullable, where
    // PostgreSQL makes it NOT NULL; the migrations mean the latter, as do the rows we write.
    const primaryKey =
      t.db.dialect === "sqlite"
        ? new Set(
            (
              await sql<{
                name: string;
              }>`select name from pragma_table_info(${table.name}) where pk > 0`.execute(db)
            ).rows.map((r) => r.name),
          )
        : new Set<string>();
    schema.set(
      table.name,
      new Map(table.columns.map((c) => [c.name, c.isNullable && !primaryKey.has(c.name)])),
    );
  }
  return schema;
}

/** "table.column: nullable" lines, sorted, for a readable difference. */
function describeSchema(schema: Map<string, Map<string, boolean>>): string[] {
  return [...schema]
    .flatMap(([table, columns]) =>
      [...columns].map(([column, nullable]) => `${table}.${column}${nullable ? ": nullable" : ""}`),
    )
    .sort();
}

describe("src/db/schema.ts against the migrations", () => {
  it("declares every table and column the migrations create, with the same nullability", async () => {
    const declared = declaredSchema(readFileSync("src/db/schema.ts", "utf8"), "src/db/schema.ts");
    const migrated = await migratedSchema();
    expect(migrated.size).toBeGreaterThan(10);
    expect(describeSchema(declared)).toEqual(describeSchema(migrated));
  });
});
