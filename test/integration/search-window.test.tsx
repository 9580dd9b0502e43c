import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SEARCH_PAGE_SIZE } from "../../src/core/limits";
import { nowIso } from "../../src/core/time";
import { type PaperRecord, upsertPapers } from "../../src/papers/paper-store.service";
import type { SearchResults } from "../../src/search/search.service";
import { SearchView } from "../../src/search/search.view";
import { makeSummary, makeUser } from "../helpers/factories";
import { paperRecord, searchFor, searchPage } from "../helpers/search-fixtures";
import { createTestApp, type TestApp } from "../helpers/test-app";

// A query matching more than the rank window (SEARCH_RANK_WINDOW, small here) ranks only its
// newest matches (and, for two words or more, papers whose title matches them all:
// search-title.test.ts), says so, and still filters exactly and never shows what isn't
// listed; a query matching fewer ranks every match, best first. SQLite, or PostgreSQL with
// TEST_DATABASE_URL.

let t: TestApp;
const WINDOW = 25;

const paper = paperRecord;

/** Inserted one by one, so ids grow in this order (newest last). */
async function addAll(records: PaperRecord[]): Promise<number[]> {
  const ids: number[] = [];
  for (const r of records) ids.push(...(await upsertPapers(t.db, [r])).ids);
  return ids;
}

const run = (query: Record<string, string>, rankWindow = WINDOW) =>
  searchFor(t.db, query, rankWindow);

const page = searchPage;
const view = async (r: SearchResults) =>
  (await (<SearchView page={page} results={r} params={r.params} />)).toString();

// 40 papers match "wallaby"; the oldest has it three times in its title (the best match of
// all), the newest but one twice. Years alternate 2019 / 2021.
let wallabies: number[];
let bestOld: number;
let bestNew: number;

beforeAll(async () => {
  t = await createTestApp();
  const ids = await addAll([
    paper("Wallaby wallaby wallaby", { year: 2019 }),
    ...Array.from({ length: 37 }, (_, i) =>
      paper(`Marsupial study ${i}`, {
        year: i % 2 === 0 ? 2021 : 2019,
        abstract: `A long abstract about many animals, one of them the wallaby, number ${i}.`,
      }),
    ),
    paper("Wallaby wallaby notes", { year: 2021 }),
    paper("Marsupial study last", { year: 2019, abstract: "Also the wallaby, in passing." }),
  ]);
  wallabies = ids;
  bestOld = ids[0] as number;
  bestNew = ids[38] as number;
});
afterAll(() => t.close());

describe("more matches than the window", () => {
  it("fills the first page from the newest matches, best first, and says it was bounded", async () => {
    const r = await run({ q: "wallaby" });
    expect(r.papers).toEqual({ count: WINDOW, more: true });
    expect(r.pageCount).toBe(Math.ceil(WINDOW / SEARCH_PAGE_SIZE));
    const first = r.paperHits.map((h) => h.id);
    expect(first).toHaveLength(SEARCH_PAGE_SIZE);
    expect(first[0]).toBe(bestNew);
    // Only the newest WINDOW matches are ranked: the oldest, best of all, is not among them.
    const newest = new Set(wallabies.slice(-WINDOW));
    expect(first.every((id) => newest.has(id))).toBe(true);
    expect(first).not.toContain(bestOld);
    // Page 2 holds the rest of the window, each once; page 3 is past the end.
    const second = (await run({ q: "wallaby", page: "2" })).paperHits.map((h) => h.id);
    expect(second).toHaveLength(WINDOW - SEARCH_PAGE_SIZE);
    expect(new Set([...first, ...second])).toEqual(newest);
    expect((await run({ q: "wallaby", page: "3" })).paperHits).toEqual([]);
    const html = await view(r);
    expect(html).toContain(`More than ${WINDOW} papers match`);
    expect(html).toContain(`the best matches among the newest ${WINDOW}.`);
    // One word is not taken for a title (search-title.test.ts): no title matches ranked.
    expect(html).not.toContain("whose title matches");
    expect(html).toContain("Add words or filters");
  });

  it("applies filters before the window: every hit passes them", async () => {
    const r = await run({ q: "wallaby", from: "2021", to: "2021" });
    const in2021 = wallabies.filter((_, i) => i >= 1 && i <= 37 && (i - 1) % 2 === 0);
    in2021.push(bestNew);
    // 20 papers of 2021 match: fewer than the window, so all are ranked and counted exactly.
    expect(r.papers).toEqual({ count: in2021.length, more: false });
    expect(r.paperHits.every((h) => h.year === 2021)).toBe(true);
    expect(r.paperHits[0]?.id).toBe(bestNew);
    // With a window smaller than the filtered matches, still only 2021's papers.
    const small = await run({ q: "wallaby", from: "2021", to: "2021" }, 5);
    expect(small.papers).toEqual({ count: 5, more: true });
    expect(small.paperHits.map((h) => h.year)).toEqual([2021, 2021, 2021, 2021, 2021]);
    expect(new Set(small.paperHits.map((h) => h.id))).toEqual(new Set(in2021.slice(-5)));
    expect(await view(small)).toContain("More than 5 papers match");
  });
});

describe("prefixes (FTS5 prefix indexes of 3 and 4 characters on SQLite)", () => {
  it("reads two letters and a star as the word, not a prefix", async () => {
    const r = await run({ q: "wa*" }, 100);
    expect(r.papers).toEqual({ count: 0, more: false });
  });

  it("finds the same papers by a 3-, 4- or 5-letter prefix, bounded alike", async () => {
    for (const prefix of ["wal*", "wall*", "walla*"]) {
      const r = await run({ q: prefix });
      expect(r.papers).toEqual({ count: WINDOW, more: true });
      expect(r.paperHits[0]?.id).toBe(bestNew);
      const all = await run({ q: prefix }, 100);
      expect(all.papers).toEqual({ count: wallabies.length, more: false });
      expect(all.paperHits[0]?.id).toBe(bestOld);
    }
  });
});

describe("fewer matches than the window", () => {
  it("ranks every match, best first, and says nothing of a window", async () => {
    const r = await run({ q: "wallaby" }, 100);
    expect(r.papers).toEqual({ count: wallabies.length, more: false });
    expect(r.paperHits[0]?.id).toBe(bestOld);
    expect(r.paperHits[1]?.id).toBe(bestNew);
    expect(await view(r)).not.toContain("among the newest");
  });
});

describe("summaries beyond the window", () => {
  it("never shows private, deleted, hidden or anonymous authors' summaries, even newest", async () => {
    const writer = await makeUser(t.db, { username: "numbatwriter", displayName: "Nia Numbat" });
    const host = (await addAll([paper("Host of numbat summaries")]))[0] as number;
    const others = await addAll(Array.from({ length: 12 }, (_, i) => paper(`Numbat host ${i}`)));
    const listed: number[] = [];
    for (const [i, paperId] of others.entries()) {
      const s = await makeSummary(t.db, paperId, writer.id, {
        source: `## Numbat notes ${i}\n\nThe **numbat** eats termites.`,
        isAnonymous: i === 11,
      });
      listed.push(s);
    }
    // Newer than every listed one: private, deleted, hidden. A window of 4 over all
    // summaries would be exactly these; over listed ones it is the newest four listed.
    const unlisted = [
      await makeSummary(t.db, host, writer.id, { source: "numbat private", isPrivate: true }),
      await makeSummary(t.db, others[0] as number, (await makeUser(t.db)).id, {
        source: "numbat deleted",
      }),
      await makeSummary(t.db, others[1] as number, (await makeUser(t.db)).id, {
        source: "numbat hidden",
      }),
    ];
    const at = nowIso();
    await t.db
      .updateTable("summaries")
      .set({ deleted_at: at })
      .where("id", "=", unlisted[1] as number)
      .execute();
    await t.db
      .updateTable("summaries")
      .set({ hidden_at: at })
      .where("id", "=", unlisted[2] as number)
      .execute();
    const r = await run({ q: "numbat", type: "summaries" }, 4);
    expect(r.summaries).toEqual({ count: 4, more: true });
    const ids = r.summaryHits.map((h) => h.id);
    expect(new Set(ids)).toEqual(new Set(listed.slice(-4)));
    for (const id of unlisted) expect(ids).not.toContain(id);
    const anonymous = r.summaryHits.find((h) => h.id === listed[11]);
    expect(anonymous?.author).toBeNull();
    // The snippet is the summary's words, not its Markdown.
    for (const hit of r.summaryHits) {
      expect(hit.snippetHtml).toContain("<mark>");
      expect(hit.snippetHtml).not.toMatch(/##|\*\*/);
    }
    const html = await view(r);
    expect(html).toContain("More than 4 summaries match");
    // The anonymous summary's item names no author.
    const item = html.slice(html.indexOf(`/summary/${listed[11]}"`));
    expect(item.slice(0, item.indexOf("</li>"))).toContain("anonymous");
    expect(item.slice(0, item.indexOf("</li>"))).not.toContain("Nia Numbat");
  });
});

// SQLite ranks a window of summaries by bm25, as it ranks every match. PostgreSQL's ts_rank_cd
// ties these texts, and it breaks ties oldest first over every match and newest first in a
// window (search-postgres.repo.ts), so there the two orders may differ by ties alone.
describe.runIf(!process.env.TEST_DATABASE_URL)("summaries ranked within the window", () => {
  it("come in the order ranking every match would give them", async () => {
    const writer = await makeUser(t.db, { username: "dingowriter" });
    const hosts = await addAll(Array.from({ length: 26 }, (_, i) => paper(`Dingo host ${i}`)));
    const write = (i: number, source: string) =>
      makeSummary(t.db, hosts[i] as number, writer.id, { source });
    // "dingo" is in every one of these summaries and "quokka" in a few: bm25 weighs the rare
    // word and puts the most quokkas first; a score that counts every hit alike would put the
    // most dingoes first (as the window's score once did).
    for (let i = 0; i < 20; i++) await write(i, `The dingo roams the outback, story ${i}.`);
    const older = [
      await write(20, "A dingo and a quokka met by the river at dawn."),
      await write(21, "A dingo and a quokka met by the river at dusk."),
    ];
    const newest = [
      await write(22, "Dingo dingo dingo dingo dingo, then a quokka."),
      await write(23, "A dingo, then quokka quokka quokka by the sea."),
      await write(24, "One dingo saw a quokka near the old stone wall."),
      await write(25, "A dingo, and a quokka quokka beside the road."),
    ];
    const whole = await run({ q: "dingo quokka", type: "summaries" }, 100);
    expect(whole.summaries).toEqual({ count: 6, more: false });
    const windowed = await run({ q: "dingo quokka", type: "summaries" }, 4);
    expect(windowed.summaries).toEqual({ count: 4, more: true });
    const order = windowed.summaryHits.map((h) => h.id);
    expect(new Set(order)).toEqual(new Set(newest));
    const wholeOrder = whole.summaryHits.map((h) => h.id).filter((id) => !older.includes(id));
    expect(order).toEqual(wholeOrder);
  });
});
