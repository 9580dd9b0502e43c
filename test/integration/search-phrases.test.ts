import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upsertPapers } from "../../src/papers/paper-store.service";
import { makeSummary, makeUser, retitlePaper } from "../helpers/factories";
import { paperRecord, searchFor } from "../helpers/search-fixtures";
import { createTestApp, type TestApp } from "../helpers/test-app";

// Phrases find exactly the rows that hold their words next to each other, in order: counted
// here against the abstracts themselves, for plain words, diacritics, digits, longer phrases,
// phrases with other words, and a hyphenated word; kept through edits of papers, summaries
// and authors' names; and a title phrase is told from one that runs from the title into the
// abstract. SQLite, or PostgreSQL with TEST_DATABASE_URL.

// Title and authors hold none of these words, so a phrase can only be in the abstract.
const VOCAB = ["koala", "emu", "dingo", "wombat", "quokka", "müller", "3d"];
const PAPERS = 240;

let t: TestApp;
/** Each paper's id and its abstract's words, lower case and without diacritics. */
let abstracts: { id: number; words: string[] }[];

const plain = (w: string) => w.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();

/** Ids of the papers whose abstract holds `phrases`' words next to each other, and `words`. */
function oracle(phrases: string[][], words: string[] = []): number[] {
  const holds = (text: string[], phrase: string[]) =>
    text.some((_, i) => phrase.every((w, k) => text[i + k] === plain(w)));
  return abstracts
    .filter(
      (a) => phrases.every((p) => holds(a.words, p)) && words.every((w) => holds(a.words, [w])),
    )
    .map((a) => a.id)
    .sort((a, b) => a - b);
}

/** Every paper a query finds: the count, and the ids over as many pages as it has. */
async function found(q: string): Promise<number[]> {
  const ids: number[] = [];
  for (let page = 1; ; page++) {
    const r = await searchFor(t.db, { q, page: String(page) }, 1_000);
    ids.push(...r.paperHits.map((h) => h.id));
    if (r.paperHits.length === 0 || ids.length >= r.papers.count) {
      expect(ids).toHaveLength(r.papers.count);
      return ids.sort((a, b) => a - b);
    }
  }
}

beforeAll(async () => {
  t = await createTestApp();
  // A fixed sequence (seeded, integer arithmetic), so the papers are the same on every run.
  let seed = 11;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const texts = Array.from({ length: PAPERS }, () =>
    Array.from({ length: 12 }, () => VOCAB[Math.floor(random() * VOCAB.length)] as string),
  );
  const { ids } = await upsertPapers(
    t.db,
    texts.map((words, i) =>
      paperRecord(`Survey number ${i}`, { authors: ["Zed Writer"], abstract: words.join(" ") }),
    ),
  );
  abstracts = ids.map((id, i) => ({ id, words: (texts[i] as string[]).map(plain) }));
  // The planner's statistics, as a server that has analysed its tables has them: PostgreSQL
  // sizes the range it searches for the newest matches by its estimate (search-newest.repo.ts).
  await sql`analyze`.execute(t.db);
});
afterAll(() => t.close());

describe("a phrase", () => {
  it("finds exactly the papers holding two words next to each other, in order", async () => {
    for (const a of ["koala", "emu", "wombat"])
      for (const b of ["emu", "dingo", "koala"]) {
        const expected = oracle([[a, b]]);
        expect(expected.length).toBeGreaterThan(0);
        expect(await found(`"${a} ${b}"`)).toEqual(expected);
      }
  });

  it("is exact for words with diacritics or digits, longer phrases, and with other words", async () => {
    const cases: [string, string[][], string[]][] = [
      ['"Müller koala"', [["müller", "koala"]], []],
      ['"muller 3d"', [["muller", "3d"]], []],
      ['"koala emu dingo"', [["koala", "emu", "dingo"]], []],
      ['"emu wombat" quokka', [["emu", "wombat"]], ["quokka"]],
      [
        '"dingo koala" "wombat emu"',
        [
          ["dingo", "koala"],
          ["wombat", "emu"],
        ],
        [],
      ],
      ["koala-emu", [["koala", "emu"]], []],
    ];
    for (const [q, phrases, words] of cases) {
      const expected = oracle(phrases, words);
      expect(expected.length, q).toBeGreaterThan(0);
      expect(await found(q), q).toEqual(expected);
    }
    // A phrase no paper holds in that order is not found, though papers hold its words.
    const long = ["koala", "emu", "dingo", "wombat", "quokka", "koala", "emu"];
    expect(oracle([long])).toEqual([]);
    expect(oracle([], long).length).toBeGreaterThan(0);
    expect(await found(`"${long.join(" ")}"`)).toEqual([]);
  });

  it("follows edits of papers, and of summaries and their authors' names", async () => {
    const [id] = (await upsertPapers(t.db, [paperRecord("Marsupial notes")])).ids;
    expect(await found('"marsupial notes"')).toEqual([id]);
    await retitlePaper(t.db, id as number, "Notes on marsupials");
    expect(await found('"marsupial notes"')).toEqual([]);
    expect(await found('"notes on marsupials"')).toEqual([id]);

    const u = await makeUser(t.db, { displayName: "Olga Okapi" });
    const s = await makeSummary(t.db, id as number, u.id, { source: "The okapi runs." });
    const summaries = async (q: string) =>
      (await searchFor(t.db, { q, type: "summaries" })).summaryHits.map((h) => h.id);
    expect(await summaries('"okapi runs"')).toEqual([s]);
    expect(await summaries('"olga okapi"')).toEqual([s]);
    await t.db
      .updateTable("summaries")
      .set({ source: "The okapi sleeps." })
      .where("id", "=", s)
      .execute();
    expect(await summaries('"okapi runs"')).toEqual([]);
    expect(await summaries('"okapi sleeps"')).toEqual([s]);
    await t.db
      .updateTable("users")
      .set({ display_name: "Olga Tapir" })
      .where("id", "=", u.id)
      .execute();
    expect(await summaries('"olga okapi"')).toEqual([]);
    expect(await summaries('"olga tapir"')).toEqual([s]);
  });
});

describe("a phrase that is a title", () => {
  it("finds the old paper first among more newer abstracts than the window, by its title alone", async () => {
    const add = async (title: string, over: Parameters<typeof paperRecord>[1]) =>
      (await upsertPapers(t.db, [paperRecord(title, over)])).ids[0] as number;
    const old = await add("Bilby census", { abstract: "Counted at night." });
    // The phrase runs from the end of the title into the abstract (PostgreSQL's doc holds
    // them in one run of positions): on PostgreSQL a match, but not a title holding it.
    const across = await add("A survey of the bilby", { authors: [], abstract: "Census methods." });
    const newer: number[] = [];
    for (let i = 0; i < 30; i++)
      newer.push(await add(`Field study ${i}`, { abstract: `The bilby census of site ${i}.` }));
    const r = await searchFor(t.db, { q: '"bilby census"' }, 10);
    expect(r.papers.more).toBe(true);
    const ids = r.paperHits.map((h) => h.id);
    expect(ids[0]).toBe(old);
    expect(ids).not.toContain(across);
    expect(ids.slice(1).sort((a, b) => a - b)).toEqual(newer.slice(-10));
  });
});
