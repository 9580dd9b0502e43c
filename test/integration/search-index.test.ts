import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SEARCH_CONCURRENCY, SEARCH_QUEUE } from "../../src/core/limits";
import { nowIso } from "../../src/core/time";
import { importFile } from "../../src/import/import.service";
import { type PaperRecord, upsertPapers } from "../../src/papers/paper-store.service";
import { searchLocal } from "../../src/search/search.service";
import { readSearchParams } from "../../src/search/search-params";
import { makeSummary, makeUser, retitlePaper } from "../helpers/factories";
import { type RecordingLogger, recordingLogger } from "../helpers/recording-logger";
import { createTestApp, type TestApp } from "../helpers/test-app";

// The full-text indexes follow every write in its own transaction (triggers), and what is
// private, deleted, hidden or anonymous is never found. SQLite, or PostgreSQL with
// TEST_DATABASE_URL.

let t: TestApp;
let log: RecordingLogger;
let n = 0;
const paper = (title: string, abstract = ""): PaperRecord => ({
  title,
  authors: ["Ada Author"],
  year: 2020,
  venue: null,
  abstract,
  categories: ["cs.LG"],
  arxivVersion: null,
  identifiers: [{ scheme: "arxiv", value: `2302.${String(10000 + n++)}` }],
});

const find = async (q: string, type = "papers", db = t.db) => {
  const params = readSearchParams((name) => ({ q, type })[name as "q" | "type"]);
  const r = await searchLocal(db, params);
  return type === "papers" ? r.paperHits.map((h) => h.id) : r.summaryHits.map((h) => h.id);
};

beforeAll(async () => {
  log = recordingLogger();
  t = await createTestApp({ logger: log.logger });
});
afterAll(() => t.close());

describe("the index follows writes", () => {
  it("updates and deletes of papers", async () => {
    const [id] = (await upsertPapers(t.db, [paper("Axolotl dynamics")])).ids;
    expect(await find("axolotl")).toEqual([id]);
    await retitlePaper(t.db, id as number, "Salamander dynamics");
    expect(await find("axolotl")).toEqual([]);
    expect(await find("salamander")).toEqual([id]);
    await t.db
      .deleteFrom("paper_identifiers")
      .where("paper_id", "=", id as number)
      .execute();
    await t.db
      .deleteFrom("papers")
      .where("id", "=", id as number)
      .execute();
    expect(await find("salamander")).toEqual([]);
  });

  it("a rolled-back write leaves no trace, and is found inside its own transaction", async () => {
    const boom = new Error("boom");
    await expect(
      t.db.transaction().execute(async (trx) => {
        const { ids } = await upsertPapers(trx, [paper("Rollbackium studies")]);
        expect(await find("rollbackium", "papers", trx)).toEqual(ids);
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(await find("rollbackium")).toEqual([]);
  });

  it("imports are searchable as soon as they commit", async () => {
    await importFile(t.db, "arxiv", "test/fixtures/import/arxiv-snapshot.jsonl", { thread: false });
    expect((await find("diphoton")).length).toBe(1);
    expect((await find("chromodynamics")).length).toBe(1);
  });

  it("summary edits, deletes, hiding, privacy and author renames", async () => {
    const [pid] = (await upsertPapers(t.db, [paper("Host")])).ids;
    const u = await makeUser(t.db, { username: "okapi_fan", displayName: "Olga Okapi" });
    const s = await makeSummary(t.db, pid as number, u.id, { source: "About the okapi." });
    expect(await find("okapi", "summaries")).toEqual([s]);
    await t.db
      .updateTable("summaries")
      .set({ source: "About the tapir." })
      .where("id", "=", s)
      .execute();
    expect(await find("tapir", "summaries")).toEqual([s]);
    expect(await find('"the okapi"', "summaries")).toEqual([]);
    await t.db
      .updateTable("users")
      .set({ display_name: "Olga Tamandua" })
      .where("id", "=", u.id)
      .execute();
    expect(await find("tamandua", "summaries")).toEqual([s]);
    for (const mark of ["hidden_at", "deleted_at"] as const) {
      await t.db
        .updateTable("summaries")
        .set({ [mark]: nowIso() })
        .where("id", "=", s)
        .execute();
      expect(await find("tapir", "summaries")).toEqual([]);
      await t.db
        .updateTable("summaries")
        .set({ [mark]: null })
        .where("id", "=", s)
        .execute();
      expect(await find("tapir", "summaries")).toEqual([s]);
    }
    await t.db.updateTable("summaries").set({ is_private: 1 }).where("id", "=", s).execute();
    expect(await find("tapir", "summaries")).toEqual([]);
    await t.db.deleteFrom("summary_revisions").where("summary_id", "=", s).execute();
    await t.db.deleteFrom("summaries").where("id", "=", s).execute();
    await t.db.updateTable("summaries").set({ is_private: 0 }).where("id", "=", s).execute();
    expect(await find("tapir", "summaries")).toEqual([]);
  });

  it("never finds or shows an anonymous summary's author", async () => {
    const [pid] = (await upsertPapers(t.db, [paper("Anonymous host")])).ids;
    const u = await makeUser(t.db, { username: "secret_quoll", displayName: "Quentin Quoll" });
    const s = await makeSummary(t.db, pid as number, u.id, {
      source: "Bandicoot results.",
      isAnonymous: true,
    });
    expect(await find("quoll", "summaries")).toEqual([]);
    expect(await find("secret_quoll", "summaries")).toEqual([]);
    const html = await t.html("/search?q=bandicoot&type=summaries");
    expect(html).toContain(`/summary/${s}`);
    expect(html).not.toMatch(/quoll/i);
    // Renaming the account reaches no anonymous summary either.
    await t.db
      .updateTable("users")
      .set({ display_name: "Quentin Numbat" })
      .where("id", "=", u.id)
      .execute();
    expect(await find("numbat", "summaries")).toEqual([]);
  });
});

describe("hostile queries", () => {
  it("answer 200 or a clear 400, never a 5xx, and log no error", async () => {
    const hostile = fc.oneof(
      fc.string({ unit: "binary", maxLength: 60 }),
      fc.constantFrom(
        '"',
        '"a',
        "a*",
        "*",
        "NEAR(a b)",
        "a OR b NOT c",
        "col:term",
        "^a",
        "a + b",
        "'a'",
        "a:*",
        "!(a)",
        "a & | b",
        "\\",
        "\u0000",
        "\ue000x\ue001",
        "x".repeat(10_000),
        "ü*",
      ),
      fc
        .array(fc.constantFrom("a", '"', "*", "(", ")", ":", "-", "OR", "^", "é", " "), {
          maxLength: 30,
        })
        .map((a) => a.join("")),
    );
    // Each run from its own address: 300 searches from one would meet searchPerIp's 429.
    let run = 0;
    await fc.assert(
      fc.asyncProperty(hostile, async (q) => {
        run++;
        const from = { "X-Forwarded-For": `198.18.${run >> 8}.${run & 255}` };
        const res = await t.get(`/search?q=${encodeURIComponent(q)}&type=summaries`, from);
        const res2 = await t.get(`/search?q=${encodeURIComponent(q)}`, from);
        for (const r of [res, res2]) {
          expect([200, 302, 400]).toContain(r.status);
          await r.arrayBuffer();
        }
      }),
      { numRuns: 150 },
    );
    expect((await t.get(`/search?q=${"a".repeat(10_000)}`)).status).toBe(400);
    expect(log.errors).toEqual([]);
  });
});

describe("under concurrency", () => {
  it("parallel writes and searches: every committed paper is found, counts are right", async () => {
    const batches = Array.from({ length: 6 }, (_, b) =>
      Array.from({ length: 10 }, (_, i) => paper(`Echidna batch ${b} item ${i}`)),
    );
    // As many as one process runs and queues, each from its own address (search-slots.ts).
    const searches = Array.from({ length: SEARCH_CONCURRENCY + SEARCH_QUEUE }, (_, i) =>
      t.get("/search?q=echidna", { "X-Forwarded-For": `198.18.200.${i}` }),
    );
    const [written, answers] = await Promise.all([
      Promise.all(batches.map((batch) => upsertPapers(t.db, batch))),
      Promise.all(searches),
    ]);
    for (const a of answers) expect(a.status).toBe(200);
    expect(written.flatMap((w) => w.ids)).toHaveLength(60);
    expect(await t.html("/search?q=echidna")).toContain("Papers (60)");
  });
});
