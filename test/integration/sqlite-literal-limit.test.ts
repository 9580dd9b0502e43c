import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, type Db } from "../../src/db/connect";
import { readerUntil } from "../../src/db/sqlite-read-dialect";
import { createTestDb } from "../helpers/test-db";

// db/sqlite-query-compiler.ts: SQLite plans by a LIMIT's bound value, so a bound LIMIT makes
// the statement be prepared again on every run. Integer LIMITs are written into the text, on
// the main connection and on the search read pool; OFFSETs and other values stay bound.

type Items = {
  items: { id: number; name: string };
};

describe.runIf(!process.env.TEST_DATABASE_URL)("SQLite LIMIT written into the SQL", () => {
  let dir: string;
  let db: Db;
  let items: Kysely<Items>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "shortscience-limit-"));
    db = connect(`sqlite:${join(dir, "t.db")}`);
    await sql`create table items (id integer primary key, name text not null)`.execute(db.kysely);
    for (let i = 1; i <= 10; i++) {
      await sql`insert into items (name) values (${`n${i}`})`.execute(db.kysely);
    }
    items = db.kysely.withTables<Items>();
  });
  afterAll(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const page = (k: Kysely<Items>, limit: number, offset: number) =>
    k.selectFrom("items").select("id").orderBy("id").limit(limit).offset(offset);

  it("writes an integer LIMIT as a number and keeps the OFFSET bound, with the same rows", async () => {
    const compiled = page(items, 3, 2).compile();
    expect(compiled.sql).toMatch(/ limit 3 offset \?$/);
    expect(compiled.parameters).toEqual([2]);
    expect((await page(items, 3, 2).execute()).map((r) => r.id)).toEqual([3, 4, 5]);
    // Each limit is its own text, so a kept statement never answers for another limit.
    expect((await page(items, 2, 2).execute()).map((r) => r.id)).toEqual([3, 4]);
    expect((await page(items, 3, 2).execute()).map((r) => r.id)).toEqual([3, 4, 5]);
  });

  it("does the same for a LIMIT inside a subquery", () => {
    const compiled = items
      .selectFrom((eb) =>
        eb.selectFrom("items").select("id").where("name", "!=", "x").limit(4).as("few"),
      )
      .select((eb) => eb.fn.countAll().as("n"))
      .compile();
    expect(compiled.sql).toContain(" limit 4)");
    expect(compiled.parameters).toEqual(["x"]);
  });

  it("keeps a LIMIT that is not an integer bound, as a value and never as text", () => {
    const fractional = page(items, 2.5, 0).compile();
    expect(fractional.sql).toMatch(/ limit \? offset \?$/);
    expect(fractional.parameters).toEqual([2.5, 0]);
    const text = items
      .selectFrom("items")
      .select("id")
      .limit("1; drop table items" as unknown as number)
      .compile();
    expect(text.sql).toMatch(/ limit \?$/);
    expect(text.parameters).toEqual(["1; drop table items"]);
  });

  it("writes it on the search read pool's connection too", async () => {
    const reader = readerUntil(db.kysely, Date.now() + 10_000, "search");
    expect(reader).not.toBeNull();
    const onPool = (reader as Kysely<unknown> as Kysely<Items>).withTables<Items>();
    expect(page(onPool, 2, 5).compile().sql).toMatch(/ limit 2 offset \?$/);
    expect((await page(onPool, 2, 5).execute()).map((r) => r.id)).toEqual([6, 7]);
  });

  it("leaves the migrated database without planner statistics (STAT4 would re-plan per value)", async () => {
    const migrated = await createTestDb();
    try {
      const { rows } = await sql<{ name: string }>`
        select name from sqlite_schema where name like 'sqlite_stat%'`.execute(migrated.db.kysely);
      expect(rows).toEqual([]);
    } finally {
      await migrated.drop();
    }
  });
});
