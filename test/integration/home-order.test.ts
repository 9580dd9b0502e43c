import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOME_PAGE_SIZE } from "../../src/core/limits";
import { daysAgoIso, utcDay } from "../../src/core/time";
import { ReadCanceledError } from "../../src/db/db-errors";
import type { Database } from "../../src/db/schema";
import { readPoolOf } from "../../src/db/sqlite-read-dialect";
import { getHomePage } from "../../src/summaries/home-list.service";
import type { HomeTab } from "../../src/summaries/summary-view";
import { makePaper, makeSummary, makeUser } from "../helpers/factories";
import { createTestDb, type TestDb } from "../helpers/test-db";

// The home tabs read ids from partial indexes of listed summaries, and "popular" merges the
// summaries with recent votes or views into the rest (home-list.service.ts). Every page of
// every tab and section must list exactly what the tabs' definitions give, worked out here
// from the raw rows: listed (public, not deleted, not hidden) summaries; best by score, recent
// by last change, popular by ten points per recent vote plus one per recent view of the
// paper; then score; newest id first on ties. On SQLite, and on PostgreSQL with
// TEST_DATABASE_URL.

let testDb: TestDb;
let db: Kysely<Database>;

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function seeded(seed: number) {
  let a = seed;
  return (n: number) => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
}

const SECTIONS = ["cs", "stat", "math", null] as const;
const recently = daysAgoIso(1);
const longAgo = daysAgoIso(90);

beforeAll(async () => {
  testDb = await createTestDb();
  db = testDb.db.kysely;
  const pick = seeded(20261204);
  const writers = await Promise.all(Array.from({ length: 6 }, () => makeUser(db)));
  const voters = await Promise.all(Array.from({ length: 8 }, () => makeUser(db)));
  const summaryIds: number[] = [];
  for (let p = 0; p < 20; p++) {
    const paper = await makePaper(db, { section: SECTIONS[p % SECTIONS.length] ?? null });
    for (const writer of writers.slice(0, 1 + pick(5))) {
      summaryIds.push(await makeSummary(db, paper.id, writer.id));
    }
    // Written private from the start (never listed, whatever its votes).
    if (p % 5 === 0) await makeSummary(db, paper.id, writers[5]?.id ?? 0, { isPrivate: true });
    // Views: some in the period (today), some long before it.
    const views = pick(2) === 0 ? 1 + pick(3) : 0;
    if (views > 0) {
      const day = pick(3) === 0 ? utcDay(Date.parse(longAgo)) : utcDay();
      await db.insertInto("paper_views").values({ paper_id: paper.id, day, views }).execute();
    }
  }
  for (const id of summaryIds) {
    const state = pick(10);
    await db
      .updateTable("summaries")
      .set({
        // Few distinct scores and times (whole days): many ties, broken by id.
        score: pick(4) - 1,
        updated_at: `${utcDay(Date.now() - pick(3) * 86_400_000)}T00:00:00.000Z`,
        is_private: state === 0 ? 1 : 0,
        deleted_at: state === 1 ? recently : null,
        hidden_at: state === 2 ? recently : null,
      })
      .where("id", "=", id)
      .execute();
    // Half the summaries get no votes at all, so many have no points.
    const voted = pick(2) === 0;
    for (const voter of voters) {
      const vote = pick(4);
      if (!voted || vote > 1) continue;
      await db
        .insertInto("votes")
        .values({
          summary_id: id,
          user_id: voter.id,
          value: vote === 0 ? 1 : -1,
          created_at: pick(4) === 0 ? longAgo : recently,
        })
        .execute();
    }
  }
});
afterAll(async () => {
  await testDb?.drop();
});

interface Row {
  id: number;
  score: number;
  updated_at: string;
  paper_id: number;
  section: string | null;
  points: number;
}

/** Listed summaries with what the tabs sort by, computed in TypeScript from the tables. */
async function listedRows(): Promise<Row[]> {
  const summaries = await db
    .selectFrom("summaries as s")
    .innerJoin("papers as p", "p.id", "s.paper_id")
    .select(["s.id", "s.score", "s.updated_at", "s.paper_id", "p.section"])
    .where("s.is_private", "=", 0)
    .where("s.deleted_at", "is", null)
    .where("s.hidden_at", "is", null)
    .execute();
  const votes = await db.selectFrom("votes").selectAll().execute();
  const views = await db.selectFrom("paper_views").selectAll().execute();
  const since = daysAgoIso(30);
  return summaries.map((s) => ({
    ...s,
    id: Number(s.id),
    points:
      10 *
        votes
          .filter((v) => v.summary_id === s.id && v.created_at >= since)
          .reduce((a, v) => a + v.value, 0) +
      views
        .filter((v) => v.paper_id === s.paper_id && v.day >= since.slice(0, 10))
        .reduce((a, v) => a + v.views, 0),
  }));
}

const ORDERS: Record<HomeTab, (a: Row, b: Row) => number> = {
  best: (a, b) => b.score - a.score || b.id - a.id,
  recent: (a, b) =>
    (a.updated_at < b.updated_at ? 1 : a.updated_at > b.updated_at ? -1 : 0) || b.id - a.id,
  popular: (a, b) => b.points - a.points || b.score - a.score || b.id - a.id,
};

async function everyPage(tab: HomeTab, section: string | null, listMax?: number) {
  const first = await getHomePage(db, { tab, section, page: 1 }, { listMax });
  const ids = first.summaries.map((c) => c.id);
  for (let page = 2; page <= first.pageCount; page++) {
    const next = await getHomePage(db, { tab, section, page }, { listMax });
    expect(next.summaries.length).toBeLessThanOrEqual(HOME_PAGE_SIZE);
    ids.push(...next.summaries.map((c) => c.id));
  }
  return { ids, first };
}

describe("home tabs read from the listed-summary indexes", () => {
  it("the data covers what the orders must handle", async () => {
    const rows = await listedRows();
    const all = await db.selectFrom("summaries").select("id").execute();
    expect(rows.length).toBeGreaterThan(HOME_PAGE_SIZE * 3);
    expect(all.length).toBeGreaterThan(rows.length); // some are not listed
    expect(rows.some((r) => r.points > 0)).toBe(true);
    expect(rows.some((r) => r.points < 0)).toBe(true);
    expect(rows.filter((r) => r.points === 0).length).toBeGreaterThan(HOME_PAGE_SIZE);
    expect(new Set(rows.map((r) => r.score)).size).toBeLessThan(rows.length); // ties
    expect(new Set(rows.map((r) => r.updated_at)).size).toBeLessThan(rows.length);
  });

  for (const tab of ["popular", "best", "recent"] as const) {
    for (const section of [null, "cs", "stat", "physics"]) {
      it(`${tab}${section ? ` in ${section}` : ""}: every page, in order, each summary once`, async () => {
        const expected = (await listedRows())
          .filter((r) => section === null || r.section === section)
          .sort(ORDERS[tab])
          .map((r) => r.id);
        const { ids, first } = await everyPage(tab, section);
        expect(ids).toEqual(expected);
        expect(first.pageCount).toBe(Math.max(1, Math.ceil(expected.length / HOME_PAGE_SIZE)));
        expect(first.capped).toBe(false);
        await expect(
          getHomePage(db, { tab, section, page: first.pageCount + 1 }),
        ).rejects.toMatchObject({ code: "not_found" });
      });
    }
  }

  it("follows a paper's new section, a deleted paper, a vote and an unlisted summary", async () => {
    const listed = await listedRows();
    const moved = listed.find((r) => r.section === "cs");
    const gone = listed.find((r) => r.section === "stat");
    const hushed = listed.find((r) => r.section === "math");
    if (!moved || !gone || !hushed) throw new Error("the data lacks a listed summary per section");
    await db
      .updateTable("papers")
      .set({ section: "stat" })
      .where("id", "=", moved.paper_id)
      .execute();
    await db.deleteFrom("papers").where("id", "=", gone.paper_id).execute();
    await db.updateTable("summaries").set({ is_private: 1 }).where("id", "=", hushed.id).execute();
    const rescored = listed.find((r) => r.points === 0 && r.id !== moved.id && r.id !== hushed.id);
    const voted = listed.find(
      (r) => r.points === 0 && r.id !== rescored?.id && r.id !== moved.id && r.id !== hushed.id,
    );
    if (!rescored || !voted) throw new Error("the data lacks summaries with no points");
    await db.updateTable("summaries").set({ score: 99 }).where("id", "=", rescored.id).execute();
    // A first vote in the period lifts a summary out of those with no points.
    const voter = await makeUser(db);
    await db
      .insertInto("votes")
      .values({ summary_id: voted.id, user_id: voter.id, value: 1, created_at: recently })
      .execute();
    const after = await listedRows();
    for (const tab of ["popular", "best", "recent"] as const) {
      for (const section of [null, "cs", "stat", "math"]) {
        const expected = after
          .filter((r) => section === null || r.section === section)
          .sort(ORDERS[tab])
          .map((r) => r.id);
        expect((await everyPage(tab, section)).ids, `${tab} ${section}`).toEqual(expected);
      }
    }
    expect(after.find((r) => r.id === moved.id)?.section).toBe("stat");
    expect(after.find((r) => r.id === voted.id)?.points).toBe(10);
    expect(after.some((r) => r.paper_id === gone.paper_id || r.id === hushed.id)).toBe(false);
  });

  it("stops at the list's bound: the first pages only, marked as cut", async () => {
    const rows = (await listedRows()).sort(ORDERS.popular);
    const expected = rows.map((r) => r.id);
    const above = rows.filter((r) => r.points > 0).length;
    // Mid-page, and inside the summaries with no points (after those above zero).
    for (const listMax of [HOME_PAGE_SIZE + 2, above + 3]) {
      expect(listMax).toBeLessThan(expected.length);
      const { ids, first } = await everyPage("popular", null, listMax);
      expect(first.pageCount).toBe(Math.ceil(listMax / HOME_PAGE_SIZE));
      expect(first.capped).toBe(true);
      expect(ids).toEqual(expected.slice(0, listMax));
      await expect(
        getHomePage(db, { tab: "popular", section: null, page: first.pageCount + 1 }, { listMax }),
      ).rejects.toMatchObject({ code: "not_found" });
    }
  });
});

describe("the popular tab's read of the period's activity", () => {
  const popular = { tab: "popular", section: null, page: 1 } as const;

  it("runs on SQLite's read pool, is given up at its deadline, and reads a transaction's own rows on its handle", async () => {
    const pool = readPoolOf(db, "pages");
    if (testDb.db.dialect !== "sqlite") {
      // PostgreSQL's statements never hold the event loop: no pool, no deadline of ours.
      expect(pool).toBeNull();
      const page = await getHomePage(db, popular, { readDeadline: Date.now() - 1 });
      expect(page.summaries.length).toBe(HOME_PAGE_SIZE);
      return;
    }
    if (!pool) throw new Error("a SQLite file database has a read pool");
    const before = pool.reads;
    const { pageCount } = await getHomePage(db, popular);
    expect(pool.reads).toBe(before + 1);
    // The last page holds summaries below zero: the period's scores, then the ids of those
    // with no points (skipping thousands of scored ids on a busy site), then their count.
    await getHomePage(db, { ...popular, page: pageCount });
    expect(pool.reads).toBe(before + 4);
    // The other tabs' reads are a few index entries: they stay on the main handle.
    await getHomePage(db, { ...popular, tab: "best", page: pageCount });
    await getHomePage(db, { ...popular, tab: "recent", page: pageCount });
    expect(pool.reads).toBe(before + 4);
    await expect(getHomePage(db, popular, { readDeadline: Date.now() - 1 })).rejects.toBeInstanceOf(
      ReadCanceledError,
    );
    expect(pool.reads).toBe(before + 4);

    // In a transaction the read sees rows not yet committed, which no pool thread could.
    const listed = await listedRows();
    const lifted = listed.sort(ORDERS.best).at(-1);
    if (!lifted) throw new Error("no listed summary");
    const ofPaper = listed.filter((r) => r.paper_id === lifted.paper_id).map((r) => r.id);
    const rollback = new Error("roll back");
    const inside = db.transaction().execute(async (trx) => {
      await trx
        .insertInto("paper_views")
        .values({ paper_id: lifted.paper_id, day: utcDay(), views: 1_000_000 })
        .onConflict((oc) => oc.columns(["paper_id", "day"]).doUpdateSet({ views: 1_000_000 }))
        .execute();
      const page = await getHomePage(trx, popular, { readDeadline: Date.now() - 1 });
      expect(ofPaper).toContain(page.summaries[0]?.id);
      throw rollback;
    });
    await expect(inside).rejects.toBe(rollback);
    expect(pool.reads).toBe(before + 4);
  });
});
