import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isQueryCanceled } from "../../src/db/db-errors";
import { type PaperRecord, upsertPapers } from "../../src/papers/paper-store.service";
import { idBlocksQuery } from "../../src/search/id-blocks";
import {
  firstSpan,
  newestIds,
  type SearchTable,
  widerSpan,
} from "../../src/search/search-newest.repo";
import { paperRecord, searchFor } from "../helpers/search-fixtures";
import { createTestApp, type TestApp } from "../helpers/test-app";

// The newest `window` matches are exactly the newest, however far the database's estimate of
// how many match is off. On PostgreSQL they are looked for in a range of the highest ids sized
// by the planner's estimate (search-newest.repo.ts), widened when it holds too few: here a
// word in half the papers (estimate right, first range enough) and two words each in half the
// papers but together only in the oldest ones and two new ones (estimate 500, truth 32: the
// range must widen). SQLite, or PostgreSQL with TEST_DATABASE_URL.

let t: TestApp;
const ID_BLOCK_STARTS = [4096, 65_536, 3 * 65_536 + 5 * 4096];
const WINDOW = 25;
const PAPERS = 2000;
/** Ids in insertion order: paper i has id ids[i]. */
let ids: number[];
const together = (i: number) => i < 30 || i === PAPERS - 100 || i === PAPERS - 7;

function record(i: number): PaperRecord {
  const words = [i % 2 === 0 ? "koala" : "possum"];
  // Dingo in even papers, emu in odd ones: both only where `together` says.
  if (together(i)) words.push("dingo emu");
  else words.push(i % 2 === 0 ? "dingo" : "emu");
  return paperRecord(`Survey ${i} ${words.join(" ")}`);
}

beforeAll(async () => {
  t = await createTestApp();
  ids = [];
  for (let i = 0; i < PAPERS; i += 500) {
    // On PostgreSQL the batches after the first straddle the id blocks of search_papers.facets
    // (4,096 and 65,536 ids; id-blocks.ts), so ranges begin inside, at and across them.
    const next = ID_BLOCK_STARTS[i / 500 - 1];
    if (t.testDb.db.dialect === "postgres" && next !== undefined)
      await sql`select setval(pg_get_serial_sequence('papers', 'id'), ${next - 250})`.execute(t.db);
    const batch = Array.from({ length: Math.min(500, PAPERS - i) }, (_, k) => record(i + k));
    ids.push(...(await upsertPapers(t.db, batch)).ids);
  }
  // The planner's statistics, as a server that has analysed its tables has them.
  await sql`analyze`.execute(t.db);
});
afterAll(() => t.close());

/** Every paper id the search ranks, over as many pages as the window fills. */
async function rankedIds(q: string): Promise<{ count: number; more: boolean; ids: number[] }> {
  const first = await searchFor(t.db, { q }, WINDOW);
  const second = await searchFor(t.db, { q, page: "2" }, WINDOW);
  return { ...first.papers, ids: [...first.paperHits, ...second.paperHits].map((h) => h.id) };
}

const newestOf = (matching: (i: number) => boolean) =>
  ids
    .filter((_, i) => matching(i))
    .sort((a, b) => b - a)
    .slice(0, WINDOW)
    .sort((a, b) => a - b);

describe("the newest window of matches", () => {
  it("is the newest matches of a word in half the papers", async () => {
    const r = await rankedIds("koala");
    expect(r).toMatchObject({ count: WINDOW, more: true });
    expect([...r.ids].sort((a, b) => a - b)).toEqual(newestOf((i) => i % 2 === 0));
  });

  it("is the newest matches of words far rarer together than apart", async () => {
    const r = await rankedIds("dingo emu");
    expect(r).toMatchObject({ count: WINDOW, more: true });
    expect([...r.ids].sort((a, b) => a - b)).toEqual(newestOf(together));
  });

  it("counts every match of words rarer together than the window", async () => {
    const r = await rankedIds("koala dingo emu");
    const expected = ids.filter((_, i) => together(i) && i % 2 === 0);
    expect(r).toMatchObject({ count: expected.length, more: false });
    expect([...r.ids].sort((a, b) => a - b)).toEqual(expected.sort((a, b) => a - b));
  });
});

describe("a search inside the caller's own transaction", () => {
  it("leaves that transaction's planner settings as they were", async () => {
    if (t.testDb.db.dialect !== "postgres") return;
    const setting = sql<{ v: string }>`select current_setting('enable_indexscan') as v`;
    for (const before of ["on", "off"]) {
      const after = await t.db.transaction().execute(async (trx) => {
        await sql`select set_config('enable_indexscan', ${before}, true)`.execute(trx);
        // Far rarer together than the estimate: the search ends reading a bitmap of every match,
        // with index scans off for that statement.
        const r = await searchFor(trx, { q: "dingo emu" }, WINDOW);
        expect(r.papers).toMatchObject({ count: WINDOW, more: true });
        return (await setting.execute(trx)).rows[0]?.v;
      });
      expect(after).toBe(before);
    }
  });
});

describe("newest ids through ranges of every kind (PostgreSQL)", () => {
  const matching = (query: string) =>
    sql`(select to_tsquery('search_simple', ${query}) as query) tq
      cross join search_papers sp where sp.doc @@ tq.query`;
  const plainly = async (query: string, window: number) =>
    (
      await sql<{ id: number }>`select sp.paper_id as id from ${matching(query)}
        order by sp.paper_id desc limit ${window}`.execute(t.db)
    ).rows.map((r) => Number(r.id));
  // Walks of at most 10 rows: every range here is read as a bitmap, of the range or of all.
  const tables: SearchTable[] = (["id blocks", "primary key", false] as const).map(
    (rangedBitmaps) => ({
      name: "search_papers",
      key: "paper_id",
      alias: "sp",
      walkMaxRows: 10,
      rangedBitmaps,
    }),
  );

  it("are the newest matches, for any window, whether ranges are read as bitmaps or not", async () => {
    if (t.testDb.db.dialect !== "postgres") return;
    for (const table of tables)
      for (const [query, window] of [
        ["koala", 25],
        ["dingo & emu", 2],
        ["dingo & emu", 25],
        ["koala & dingo & emu", 40],
      ] as const) {
        // In a transaction, as a search's statements run: a planner setting lasts till its end.
        const found = await t.db
          .transaction()
          .execute((trx) =>
            newestIds(trx, table, matching(query), window, "words", Date.now() + 60_000),
          );
        expect({ query, window, rangedBitmaps: table.rangedBitmaps, found }).toEqual({
          query,
          window,
          rangedBitmaps: table.rangedBitmaps,
          found: await plainly(query, window),
        });
      }
  });

  it("id blocks hold every id above a bound inside, at and across blocks", async () => {
    if (t.testDb.db.dialect !== "postgres") return;
    const high = Math.max(...ids);
    const bounds = [
      0,
      ...ID_BLOCK_STARTS.flatMap((b) => [b - 251, b - 2, b - 1, b, b + 1, b + 200]),
      high - 1,
    ];
    for (const above of bounds) {
      const blocks = idBlocksQuery(above + 1, high);
      expect(blocks).not.toBeNull();
      const { rows } = await sql<{ id: number }>`select paper_id as id from search_papers
        where facets @@ ${blocks}::tsquery and paper_id > ${above} order by paper_id`.execute(t.db);
      expect({ above, ids: rows.map((r) => Number(r.id)) }).toEqual({
        above,
        ids: ids.filter((id) => id > above).sort((a, b) => a - b),
      });
    }
  });

  it("stop with the search's time spent", async () => {
    if (t.testDb.db.dialect !== "postgres") return;
    const late = t.db
      .connection()
      .execute((c) => newestIds(c, tables[0] as SearchTable, matching("koala"), 5, "words", 0));
    await expect(late).rejects.toSatisfy(isQueryCanceled);
  });
});

describe("range sizes", () => {
  it("start where the estimate says the window's matches are, with half again to spare", () => {
    expect(firstSpan(1_000_000, 10_000, 1000)).toBe(150_000);
    // An estimate of nothing is taken as one row: the first range is every row and more.
    expect(firstSpan(1000, 0, 10)).toBeGreaterThanOrEqual(1000);
  });

  it("widen by what the last range held, at least twice and at most sixteen times", () => {
    // 100 of 1000 wanted in 10,000 ids: 10,000 × 1000/100 × 1.5.
    expect(widerSpan(10_000, 100, 1000)).toBe(150_000);
    expect(widerSpan(10_000, 900, 1000)).toBe(20_000);
    expect(widerSpan(10_000, 0, 1000)).toBe(160_000);
    expect(widerSpan(10_000, 1, 1000)).toBe(160_000);
  });
});
