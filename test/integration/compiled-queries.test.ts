import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  COMPILED_LIST_MAX_LENGTH,
  compiledOnce,
  compiledOnceForList,
} from "../../src/db/compiled-queries";
import { listedSummary } from "../../src/db/listed";
import type { Database } from "../../src/db/schema";
import { makePaper, makeSummary, makeUser } from "../helpers/factories";
import { createTestDb, type TestDb } from "../helpers/test-db";

// db/compiled-queries.ts: a query shape compiled once, later calls binding their own values.
// Runs on SQLite, and on PostgreSQL with TEST_DATABASE_URL.

let testDb: TestDb;
let db: Kysely<Database>;
const papers: { id: number }[] = [];

beforeAll(async () => {
  testDb = await createTestDb();
  db = testDb.db.kysely;
  for (let i = 0; i < 3; i++) {
    const paper = await makePaper(db, { title: `Compiled ${i}` });
    papers.push(paper);
    await makeSummary(db, paper.id, (await makeUser(db)).id);
  }
});
afterAll(async () => {
  await testDb.drop();
});

/** Constants inside the query (listedSummary's `= 0`) are bound too, in Kysely's order. */
const summariesOf = (paperId: number) =>
  db
    .selectFrom("summaries as s")
    .select(["s.id", "s.paper_id"])
    .where("s.paper_id", "=", paperId)
    .where(listedSummary("s"))
    .orderBy("s.id");

describe("compiledOnce", () => {
  it("binds each call's values to the text compiled the first time", async () => {
    let builds = 0;
    for (const paper of papers) {
      const rows = await compiledOnce(db, "test-summaries-of", [paper.id], () => {
        builds++;
        return summariesOf(paper.id);
      });
      expect(rows).toEqual(await summariesOf(paper.id).execute());
      expect(rows).toHaveLength(1);
      expect(rows[0]?.paper_id).toBe(paper.id);
    }
    expect(builds).toBe(1);
  });

  it("keeps one text per IN-list length", async () => {
    const ids = papers.map((p) => p.id);
    const byPapers = (list: number[]) =>
      compiledOnce(db, `test-in:${list.length}`, list, () =>
        db.selectFrom("papers").select("id").where("id", "in", list).orderBy("id"),
      );
    expect((await byPapers(ids.slice(0, 1))).map((r) => r.id)).toEqual(ids.slice(0, 1));
    expect((await byPapers(ids)).map((r) => r.id)).toEqual(ids);
    expect((await byPapers(ids.slice(1, 2))).map((r) => r.id)).toEqual(ids.slice(1, 2));
  });

  it("refuses values that are not the ones Kysely binds, and keeps nothing for them", async () => {
    const paperId = papers[0]?.id as number;
    const build = () =>
      db.selectFrom("papers").select("id").where("id", "=", paperId).where("title", "!=", "x");
    await expect(compiledOnce(db, "test-wrong", [paperId], build)).rejects.toThrow(/Kysely binds/);
    // The shape was not kept: the right list then works.
    expect(await compiledOnce(db, "test-wrong", [paperId, "x"], build)).toEqual([{ id: paperId }]);
  });

  it("works inside a transaction, which sees its own writes", async () => {
    const paperId = papers[1]?.id as number;
    await db.transaction().execute(async (trx) => {
      await trx.updateTable("papers").set({ title: "Renamed" }).where("id", "=", paperId).execute();
      const rows = await compiledOnce(trx, "test-title", [paperId], () =>
        trx.selectFrom("papers").select("title").where("id", "=", paperId),
      );
      expect(rows).toEqual([{ title: "Renamed" }]);
    });
  });
});

describe("compiledOnceForList", () => {
  it("answers every list length right: short ones compiled once per length, long ones built each time", async () => {
    const ids = papers.map((p) => p.id);
    let builds = 0;
    const byPapers = (list: number[]) =>
      compiledOnceForList(db, "test-list", list, () => {
        builds++;
        return db.selectFrom("papers").select("id").where("id", "in", list).orderBy("id");
      });
    const lists = [
      ids.slice(0, 2),
      ids.slice(0, 1),
      ids,
      ids.slice(1, 3),
      ids.slice(2, 3),
      [ids[2] as number, ids[1] as number, ids[0] as number],
    ];
    for (const list of lists) {
      expect((await byPapers(list)).map((r) => r.id)).toEqual([...list].sort((a, b) => a - b));
    }
    // One text per length: 2, 1 and 3.
    expect(builds).toBe(3);
    // Longer than the bound: the same answers, every call built (and no shape kept for it).
    const long = Array.from(
      { length: COMPILED_LIST_MAX_LENGTH + 1 },
      (_, i) => ids[i % 3] as number,
    );
    for (let i = 0; i < 2; i++) {
      expect((await byPapers(long)).map((r) => r.id)).toEqual([...ids].sort((a, b) => a - b));
    }
    expect(builds).toBe(5);
  });
});
