import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nowIso } from "../../src/core/time";
import { type PaperRecord, upsertPapers } from "../../src/papers/paper-store.service";
import { makeSummary, makeUser } from "../helpers/factories";
import { paperRecord, searchFor } from "../helpers/search-fixtures";
import { createTestApp, type TestApp } from "../helpers/test-app";

// Issue 11, point 1: a title typed in full finds its paper even when more newer papers than
// the rank window hold all its words (in their abstracts), so the newest matches alone would
// leave it out. The window also ranks the newest papers whose TITLE matches (FTS5's column
// filter on SQLite, search_papers.title_doc on PostgreSQL with TEST_DATABASE_URL); filters
// and visibility apply to them exactly as to every match.

let t: TestApp;
const WINDOW = 25;
const TITLE = "Attention Is All You Need";

const paper = paperRecord;

/** Inserted one by one, so ids grow in this order (newest last). */
async function add(title: string, over: Partial<PaperRecord> = {}): Promise<number> {
  return (await upsertPapers(t.db, [paper(title, over)])).ids[0] as number;
}

const run = (query: Record<string, string>, rankWindow = WINDOW) =>
  searchFor(t.db, query, rankWindow);

// All three hold every word of the title; the first two hold it as a phrase (30 of 45).
const ABSTRACTS = [
  (i: number) => `We ask whether attention is all you need for task ${i}, and find it is not.`,
  (i: number) => `Attention is all you need, they said; study ${i} asks what models need.`,
  (i: number) => `Is attention enough? You need all of it, says experiment ${i}.`,
];

let old: number;
let newer: number[];

beforeAll(async () => {
  t = await createTestApp();
  old = await add(TITLE, { year: 2017, abstract: "The Transformer, based solely on mechanisms." });
  // Older than the window too, its title holding only some of the words.
  await add("Attention for translation is what we need", { year: 2016 });
  newer = [];
  for (let i = 0; i < 45; i++)
    newer.push(
      await add(`Sequence study ${i}`, {
        year: 2018 + (i % 5),
        categories: [i % 2 === 0 ? "cs.CL" : "math.ST"],
        abstract: (ABSTRACTS[i % 3] as (i: number) => string)(i),
      }),
    );
});
afterAll(() => t.close());

describe("a title typed in full, among many newer abstracts holding its words", () => {
  it("finds the old paper first, as words or as a phrase, in any case", async () => {
    for (const q of [TITLE, TITLE.toLowerCase(), `"${TITLE}"`, "Attention is all you nee*"]) {
      const r = await run({ q });
      // More matches than the window: counted up to it, the note says so.
      expect(r.papers.more, q).toBe(true);
      expect(r.paperHits[0]?.id, q).toBe(old);
      expect(r.paperHits[0]?.titleHtml, q).toMatch(/^<mark>Attention/);
    }
    // It is older than the newest WINDOW matches: only the title brought it in.
    expect(newer.slice(-WINDOW)).not.toContain(old);
    const r = await run({ q: TITLE });
    const ids = r.paperHits.map((h) => h.id);
    const allowed = new Set([...newer.slice(-WINDOW), old]);
    expect(ids.every((id) => allowed.has(id))).toBe(true);
  });

  it("every match ranked (a window larger than the matches): still first", async () => {
    const r = await run({ q: TITLE }, 1000);
    expect(r.papers).toEqual({ count: 1 + newer.length, more: false });
    expect(r.paperHits[0]?.id).toBe(old);
  });

  it("filters stay exact for the title's paper too", async () => {
    const later = await run({ q: TITLE, from: "2018" });
    expect(later.paperHits.map((h) => h.id)).not.toContain(old);
    expect(later.paperHits.every((h) => (h.year ?? 0) >= 2018)).toBe(true);
    const math = await run({ q: TITLE, section: "math" });
    expect(math.paperHits.map((h) => h.id)).not.toContain(old);
    expect(math.paperHits.length).toBeGreaterThan(0);
    const upTo2017 = await run({ q: TITLE, to: "2017" });
    expect(upTo2017.papers).toEqual({ count: 1, more: false });
    expect(upTo2017.paperHits.map((h) => h.id)).toEqual([old]);
    const cs = await run({ q: TITLE, section: "cs" }, 10);
    expect(cs.papers.more).toBe(true);
    expect(cs.paperHits[0]?.id).toBe(old);
  });

  it("'has summaries': private, deleted and hidden summaries don't let it in", async () => {
    const u = await makeUser(t.db);
    const other = await makeUser(t.db);
    const third = await makeUser(t.db);
    // Newer papers with listed summaries: more than the window with summaries match.
    const summarised = newer.slice(0, 30);
    for (const id of summarised) await makeSummary(t.db, id, u.id);
    await makeSummary(t.db, old, u.id, { isPrivate: true });
    const deleted = await makeSummary(t.db, old, other.id);
    const hidden = await makeSummary(t.db, old, third.id);
    await t.db
      .updateTable("summaries")
      .set({ deleted_at: nowIso() })
      .where("id", "=", deleted)
      .execute();
    await t.db
      .updateTable("summaries")
      .set({ hidden_at: nowIso() })
      .where("id", "=", hidden)
      .execute();
    const r = await run({ q: TITLE, summaries: "1" }, 10);
    expect(r.papers).toEqual({ count: 10, more: true });
    expect(r.paperHits.map((h) => h.id)).not.toContain(old);
    expect(r.paperHits.every((h) => summarised.includes(h.id))).toBe(true);
    // Un-hidden: listed, so the paper is found by its title again, first.
    await t.db.updateTable("summaries").set({ hidden_at: null }).where("id", "=", hidden).execute();
    const again = await run({ q: TITLE, summaries: "1" }, 10);
    expect(again.paperHits[0]?.id).toBe(old);
    await t.db
      .updateTable("summaries")
      .set({ hidden_at: nowIso() })
      .where("id", "=", hidden)
      .execute();
  });

  it("the title that is the query comes first, before longer titles repeating its words", async () => {
    const exact = await add("Memory Is All You Need", { year: 2016 });
    for (let i = 0; i < 30; i++)
      await add(`Recall study ${i}`, { abstract: `Is memory all you need? Study ${i}.` });
    // Newer, and scored higher by words alone: the title repeats them, an author is one.
    const repeats = await add(
      "Memory, memory: is all you need all you need? All you need is memory",
      {
        authors: ["Need Memory"],
        abstract: "Memory is all you need; all you need is memory; memory, memory.",
      },
    );
    const not = await add("Memory Is Not All You Need");
    const r = await run({ q: "Memory is all you need" });
    expect(r.papers.more).toBe(true);
    // The query itself first, then the nearly-same title, shortest first; the rest by score.
    expect(r.paperHits.slice(0, 2).map((h) => h.id)).toEqual([exact, not]);
    expect(r.paperHits.map((h) => h.id)).toContain(repeats);
  });

  it("a renamed paper is found by its new title at once, no longer by the old one, nor deleted", async () => {
    const renamed = await add("Convolution Is All You Need", { year: 2015 });
    for (let i = 0; i < 30; i++)
      await add(`Vision study ${i}`, { abstract: `Is convolution all you need? Case ${i}.` });
    const q = "Convolution is all you need";
    expect((await run({ q })).paperHits[0]?.id).toBe(renamed);
    await t.db
      .updateTable("papers")
      .set({ title: "Pooling Is All You Need" })
      .where("id", "=", renamed)
      .execute();
    expect((await run({ q })).paperHits.map((h) => h.id)).not.toContain(renamed);
    expect((await run({ q: "Pooling is all you need" })).paperHits[0]?.id).toBe(renamed);
    // Deleted: gone from the titles' index too (SQLite: FTS5 checks it against papers).
    await t.db.deleteFrom("paper_identifiers").where("paper_id", "=", renamed).execute();
    await t.db.deleteFrom("papers").where("id", "=", renamed).execute();
    expect((await run({ q: "Pooling is all you need" })).paperHits.map((h) => h.id)).toEqual([]);
    if (t.testDb.db.dialect === "sqlite")
      await sql`insert into search_titles(search_titles, rank) values ('integrity-check', 1)`.execute(
        t.db,
      );
  });

  it("parallel searches while newer matching papers are written: each finds it first", async () => {
    const writes = Array.from({ length: 6 }, (_, i) =>
      add(`Parallel study ${i}`, { abstract: `Attention is all you need, again (${i}).` }),
    );
    const reads = Array.from({ length: 8 }, (_, i) =>
      run({ q: i % 2 === 0 ? TITLE : `"${TITLE}"`, ...(i % 4 === 3 ? { to: "2020" } : {}) }),
    );
    const [results] = await Promise.all([Promise.all(reads), Promise.all(writes)]);
    for (const r of results) expect(r.paperHits[0]?.id).toBe(old);
  });
});
