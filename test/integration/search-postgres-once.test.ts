import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/schema";
import { upsertPapers } from "../../src/papers/paper-store.service";
import { makePaper, makeSummary, makeUser } from "../helpers/factories";
import { paperRecord, searchFor } from "../helpers/search-fixtures";
import { createTestApp, type TestApp } from "../helpers/test-app";

// PostgreSQL: a search with fewer matches than the rank window finds them once. Its count
// already holds every matching id (search-postgres.repo.ts), and the ranking scores those ids
// rather than matching the table again: for a phrase, each match costs a recheck of the row.
// Seen through a second connection pool that records every statement the search sends.

const pgUrl = process.env.TEST_DATABASE_URL;

describe.runIf(pgUrl)("a PostgreSQL search finds its matches once", () => {
  let t: TestApp;
  let pool: pg.Pool;
  let watched: Kysely<Database>;
  let statements: string[] = [];
  /** Paper ids in insertion order. */
  let ids: number[];

  beforeAll(async () => {
    t = await createTestApp();
    ids = (
      await upsertPapers(t.db, [
        paperRecord("Marsupial koala dingo survey"),
        paperRecord("Koala survey of the outback"),
        paperRecord("Dingo and koala counts"),
        paperRecord("Marsupial koala dingo survey"),
        paperRecord("Wombat burrows"),
      ])
    ).ids;
    const user = await makeUser(t.db);
    const paper = await makePaper(t.db);
    await makeSummary(t.db, paper.id, user.id, { source: "The koala dingo pair, then more." });
    await makeSummary(t.db, paper.id, (await makeUser(t.db)).id, { source: "A dingo, a koala." });
    pool = new pg.Pool({ connectionString: t.testDb.url, max: 2 });
    watched = new Kysely<Database>({
      dialect: new PostgresDialect({ pool }),
      log: (event) => {
        if (event.level === "query") statements.push(event.query.sql);
      },
    });
  });
  afterAll(async () => {
    await watched?.destroy();
    await t?.close();
  });

  /** How many statements (not the planner's estimates) matched a table against the query. */
  const matchesOf = (table: "search_papers sp" | "search_summaries ss") =>
    statements.filter((s) => !s.startsWith("explain") && s.includes(table) && s.includes("@@"))
      .length;

  it("matches papers once for a phrase, and ranks what it found, ties oldest first", async () => {
    statements = [];
    const r = await searchFor(watched, { q: '"koala dingo"' }, 10);
    expect(r.papers).toEqual({ count: 2, more: false });
    // The two papers share one title: the same rank, the older first.
    expect(r.paperHits.map((h) => h.id)).toEqual([ids[0], ids[3]]);
    expect(matchesOf("search_papers sp")).toBe(1);
  });

  it("matches summaries once too", async () => {
    statements = [];
    const r = await searchFor(watched, { q: "koala dingo", type: "summaries" }, 10);
    expect(r.summaries).toEqual({ count: 2, more: false });
    expect(r.summaryHits).toHaveLength(2);
    expect(matchesOf("search_summaries ss")).toBe(1);
  });

  it("ranks the same as one statement over every match would", async () => {
    statements = [];
    const r = await searchFor(watched, { q: "koala" }, 10);
    // "koala" twice in no title: by ts_rank_cd all four tie, and ties go oldest first.
    expect(r.paperHits.map((h) => h.id)).toEqual(ids.slice(0, 4));
    expect(matchesOf("search_papers sp")).toBe(1);
  });
});
