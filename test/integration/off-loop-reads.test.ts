// Reads whose cost grows with the whole site (the popular tab's (/) month of activity, the
// leaderboard's votes, the sitemap's counts) run on SQLite's read pool, so a page that needs
// one never holds the event loop for the time it takes (db/sqlite-read-dialect.ts, offLoop).
// The pages still list what they did. On SQLite; PostgreSQL has no pool, and its statements
// never held the loop.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { daysAgoIso } from "../../src/core/time";
import { readPoolOf } from "../../src/db/sqlite-read-dialect";
import { makePaper, makeSummary, makeUser } from "../helpers/factories";
import { createTestApp, type TestApp } from "../helpers/test-app";

let t: TestApp;
let writer = "";
let summaryId = 0;

beforeAll(async () => {
  t = await createTestApp();
  const w = await makeUser(t.db);
  writer = w.username;
  const paper = await makePaper(t.db);
  summaryId = await makeSummary(t.db, paper.id, w.id);
  const voter = await makeUser(t.db);
  // Old enough to count for reputation, recent enough for the popular tab.
  await t.db
    .insertInto("votes")
    .values({ summary_id: summaryId, user_id: voter.id, value: 1, created_at: daysAgoIso(5) })
    .execute();
  await t.db.updateTable("summaries").set({ score: 1 }).where("id", "=", summaryId).execute();
});
afterAll(() => t.close());

describe.runIf(!process.env.TEST_DATABASE_URL)("reads that grow with the site", () => {
  const cases = [
    { path: "/", reads: 1, shows: () => `/summary/${summaryId}` },
    { path: "/users", reads: 2, shows: () => `/user/${writer}` },
    { path: "/sitemap.xml", reads: 3, shows: () => "/sitemap-summaries-1.xml" },
    { path: "/sitemap-summaries-1.xml", reads: 1, shows: () => `/summary/${summaryId}` },
  ];
  for (const c of cases) {
    it(`${c.path} reads on the pool and lists what it did`, async () => {
      const pool = readPoolOf(t.db);
      if (!pool) throw new Error("a SQLite file database has a read pool");
      const before = pool.reads;
      const res = await t.get(c.path);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain(c.shows());
      expect(pool.reads - before).toBe(c.reads);
    });
  }

  it("the cheap tabs stay on the main handle", async () => {
    const pool = readPoolOf(t.db);
    const before = pool?.reads;
    for (const path of ["/best", "/recent"]) {
      const res = await t.get(path);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain(`/summary/${summaryId}`);
    }
    expect(pool?.reads).toBe(before);
  });
});
