// Reads whose cost grows with the whole site (the popular tab's (/) month of activity, the
// leaderboard's votes, the sitemap's counts) or with one writer's (a profile's reputation)
// run on SQLite's read pool, so a page that needs one never holds the event loop for the time
// it takes (db/sqlite-read-dialect.ts, offLoop).
// The pages still list what they did. On SQLite; PostgreSQL has no pool, and its statements
// never held the loop. They have a pool of their own, which searches can't fill.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SQLITE_READ_THREADS } from "../../src/core/limits";
import { ReadCanceledError } from "../../src/db/db-errors";
import { readPoolOf } from "../../src/db/sqlite-read-dialect";
import { getReputationUntil } from "../../src/users/reputation.service";
import { makeCountedVote, makePaper, makeSummary, makeUser } from "../helpers/factories";
import { sessionClient } from "../helpers/sessions";
import { createTestApp, type TestApp } from "../helpers/test-app";

let t: TestApp;
const WRITER = "offloop_writer";
/** Older than REPUTATION_VOTE_MIN_AGE_MS: a vote that counts. */
const FIVE_DAYS_MS = 5 * 86_400_000;
let summaryId = 0;

beforeAll(async () => {
  t = await createTestApp();
  const w = await makeUser(t.db, { username: WRITER });
  const paper = await makePaper(t.db);
  summaryId = await makeSummary(t.db, paper.id, w.id);
  await makeCountedVote(t.db, summaryId);
});
afterAll(() => t.close());

describe.runIf(!process.env.TEST_DATABASE_URL)("reads that grow with the site", () => {
  const cases = [
    { path: "/", reads: 1, shows: () => `/summary/${summaryId}` },
    { path: "/users", reads: 2, shows: () => `/user/${WRITER}` },
    { path: "/sitemap.xml", reads: 3, shows: () => "/sitemap-summaries-1.xml" },
    { path: "/sitemap-summaries-1.xml", reads: 1, shows: () => `/summary/${summaryId}` },
    // Its reputation (every counted vote of the writer's) and until when it holds.
    { path: `/user/${WRITER}`, reads: 2, shows: () => `/summary/${summaryId}` },
  ];
  const poolsOf = () => {
    const pages = readPoolOf(t.db, "pages");
    const search = readPoolOf(t.db, "search");
    if (!pages || !search) throw new Error("a SQLite file database has both read pools");
    return { pages, search };
  };

  for (const c of cases) {
    it(`${c.path} reads on the pages' pool and lists what it did`, async () => {
      const { pages, search } = poolsOf();
      const before = { pages: pages.reads, search: search.reads };
      const res = await t.get(c.path);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain(c.shows());
      expect(pages.reads - before.pages).toBe(c.reads);
      expect(search.reads).toBe(before.search);
    });
  }

  it("the cheap tabs stay on the main handle", async () => {
    const { pages } = poolsOf();
    const before = pages.reads;
    for (const path of ["/best", "/recent"]) {
      const res = await t.get(path);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain(`/summary/${summaryId}`);
    }
    expect(pages.reads).toBe(before);
  });

  it("a profile's reputation is given up past its deadline, and read in the caller's transaction", async () => {
    const { pages } = poolsOf();
    const before = pages.reads;
    const writer = await t.db
      .selectFrom("users")
      .select("id")
      .where("username", "=", WRITER)
      .executeTakeFirstOrThrow();
    await expect(
      getReputationUntil(t.db, writer.id, Date.now(), Date.now() - 1),
    ).rejects.toBeInstanceOf(ReadCanceledError);
    expect((await getReputationUntil(t.db, writer.id)).reputation).toBe(1);
    expect(pages.reads - before).toBe(2);
    // A second summary, voted down, not committed: the reputation inside sees it, which no
    // pool thread could, and the deadline (already past) is the caller's to keep.
    const rollback = new Error("roll back");
    const inside = t.db.transaction().execute(async (trx) => {
      const paper = await makePaper(trx);
      const second = await makeSummary(trx, paper.id, writer.id);
      const voter = await makeUser(trx);
      await trx
        .insertInto("votes")
        .values({
          summary_id: second,
          user_id: voter.id,
          value: -1,
          created_at: new Date(Date.now() - FIVE_DAYS_MS).toISOString(),
        })
        .execute();
      const r = await getReputationUntil(trx, writer.id, Date.now(), Date.now() - 1);
      expect(r.reputation).toBe(0);
      throw rollback;
    });
    await expect(inside).rejects.toBe(rollback);
    expect(pages.reads - before).toBe(2);
  });

  it("answers while searches hold every thread of theirs", async () => {
    const { search } = poolsOf();
    // Statements that end by themselves, after a few seconds: they count to 20 million.
    const long =
      "with recursive c(x) as (select 1 union all select x + 1 from c where x < 20000000) " +
      "select count(*) as n from c";
    let settled = 0;
    const held = Array.from({ length: SQLITE_READ_THREADS }, () =>
      search.read(long, [], Date.now() + 120_000).finally(() => settled++),
    );
    expect(search.running).toBe(SQLITE_READ_THREADS);
    // Pages read the popular activity and the leaderboard on their own pool, not behind these
    // (logged in: never from the page cache).
    const { client } = await sessionClient(t);
    const before = poolsOf().pages.reads;
    for (const path of ["/", "/users"]) {
      const res = await client.get(path);
      expect(res.status).toBe(200);
    }
    expect(poolsOf().pages.reads - before).toBe(3);
    expect(settled).toBe(0);
    expect(search.running).toBe(SQLITE_READ_THREADS);
    await Promise.all(held);
  });
});
