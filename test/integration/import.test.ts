import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { Kysely } from "kysely";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/schema";
import { ImportReadError, importFile } from "../../src/import/import.service";
import { createTestDb, type TestDb } from "../helpers/test-db";

const ARXIV = "test/fixtures/import/arxiv-snapshot.jsonl";
const DBLP = "test/fixtures/import/dblp.xml";
const dir = mkdtempSync(join(tmpdir(), "shortscience-import-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let t: TestDb;
let db: Kysely<Database>;
beforeEach(async () => {
  t = await createTestDb();
  db = t.db.kysely;
});
afterEach(() => t.drop());

async function counts() {
  const [papers, ids, venues] = await Promise.all(
    (["papers", "paper_identifiers", "venues"] as const).map((table) =>
      db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow(),
    ),
  );
  return { papers: Number(papers?.n), identifiers: Number(ids?.n), venues: Number(venues?.n) };
}

async function paperOf(scheme: string, value: string) {
  const row = await db
    .selectFrom("paper_identifiers as i")
    .innerJoin("papers as p", "p.id", "i.paper_id")
    .leftJoin("venues as v", "v.id", "p.venue_id")
    .select([
      "p.id",
      "p.title",
      "p.authors",
      "p.year",
      "p.section",
      "p.arxiv_version",
      "v.key as venue",
    ])
    .where("i.scheme", "=", scheme)
    .where("i.value", "=", value)
    .executeTakeFirst();
  if (!row) return null;
  const ids = await db
    .selectFrom("paper_identifiers")
    .select(["scheme", "value"])
    .where("paper_id", "=", row.id)
    .orderBy("scheme")
    .orderBy("value")
    .execute();
  return {
    ...row,
    authors: JSON.parse(row.authors) as string[],
    ids: ids.map((i) => `${i.scheme}:${i.value}`),
  };
}

describe("import arxiv", () => {
  it("creates papers and identifiers, reports bad lines with their numbers", async () => {
    const report = await importFile(db, "arxiv", ARXIV);
    expect(report).toMatchObject({ records: 7, inserted: 7, bad: 2, stopped: false });
    expect(report.badSamples.map((b) => b.line)).toEqual([9, 10]);
    expect(report.badSamples[0]?.message).toMatch(/not JSON/);
    // 7 arXiv ids and 4 DOIs (the Higgs paper's two DOIs differ only by case).
    expect(await counts()).toMatchObject({ papers: 7, identifiers: 11 });

    expect(await paperOf("arxiv", "0704.0001")).toMatchObject({
      authors: ["C. Balázs", "E. L. Berger", "P. M. Nadolsky", "C. -P. Yuan"],
      year: 2007,
      arxiv_version: 2,
      section: "physics",
      venue: "phys-rev-d",
      ids: ["arxiv:0704.0001", "doi:10.1103/physrevd.76.013009"],
    });
    expect(await paperOf("arxiv", "hep-th/9711200")).toMatchObject({
      arxiv_version: 3,
      year: 1997,
    });
    expect(await paperOf("arxiv", "math/0309136")).toMatchObject({ section: "math", venue: null });
    expect(await paperOf("arxiv", "1706.03762")).toMatchObject({ arxiv_version: 7, venue: "nips" });
    expect(await paperOf("arxiv", "1901.00001")).toMatchObject({
      authors: ["John Smith Jr.", "Jörg Müller", "Zoë"],
      title: "Odd Authors and $\\mathcal{O}(n)$ Math",
      section: "stat",
      venue: "icml",
    });
    expect((await paperOf("doi", "10.1016/j.physletb.2012.08.020"))?.authors).toEqual([
      "ATLAS Collaboration",
    ]);
  });

  it("re-runs change nothing, and update a changed title", async () => {
    await importFile(db, "arxiv", ARXIV);
    const before = await counts();
    const again = await importFile(db, "arxiv", ARXIV);
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 7 });
    expect(await counts()).toEqual(before);

    const changed = join(dir, "changed.jsonl");
    writeFileSync(
      changed,
      readFileSync(ARXIV, "utf8").replace(
        "Attention Is All You Need",
        "Attention Is All You Need (revised)",
      ),
    );
    const third = await importFile(db, "arxiv", changed);
    expect(third).toMatchObject({ inserted: 0, updated: 1, unchanged: 6 });
    expect((await paperOf("arxiv", "1706.03762"))?.title).toBe(
      "Attention Is All You Need (revised)",
    );
    expect(await counts()).toEqual(before);
  });

  it("reads a .gz file the same way", async () => {
    const gz = join(dir, "snapshot.jsonl.gz");
    writeFileSync(gz, gzipSync(readFileSync(ARXIV)));
    const report = await importFile(db, "arxiv", gz);
    expect(report).toMatchObject({ records: 7, inserted: 7, bad: 2 });
    expect(report.bytesRead).toBe(report.totalBytes);
  });

  it("keeps what it read before a broken part of a .gz file, and says so", async () => {
    const whole = gzipSync(readFileSync(ARXIV));
    const truncated = join(dir, "truncated.jsonl.gz");
    writeFileSync(truncated, whole.subarray(0, whole.length - 40));
    const error = await importFile(db, "arxiv", truncated).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportReadError);
    const report = (error as ImportReadError).report;
    expect(report.records).toBeGreaterThan(0);
    expect((await counts()).papers).toBe(report.inserted);
  });

  it("an interrupted run keeps its committed batches; a re-run completes without duplicates", async () => {
    const progress: number[] = [];
    const stopped = await importFile(db, "arxiv", ARXIV, {
      batchSize: 2,
      maxBatches: 2,
      onProgress: (p) => progress.push(p.records),
    });
    expect(stopped).toMatchObject({ stopped: true, records: 4, batches: 2 });
    expect(progress).toEqual([2, 4]);
    expect((await counts()).papers).toBe(4);

    const rest = await importFile(db, "arxiv", ARXIV, { batchSize: 2 });
    expect(rest).toMatchObject({ stopped: false, inserted: 3, unchanged: 4 });
    expect(await counts()).toMatchObject({ papers: 7, identifiers: 11 });
  });
});

describe("import dblp", () => {
  it("reads records with DTD entities and inline markup, skips person pages", async () => {
    const report = await importFile(db, "dblp", DBLP);
    expect(report).toMatchObject({ records: 7, inserted: 7, bad: 0 });
    expect(await paperOf("dblp", "journals/neco/HochreiterS97")).toMatchObject({
      title: "Long Short-Term Memory",
      authors: ["Sepp Hochreiter", "Jürgen Schmidhuber"],
      year: 1997,
      section: "cs",
      venue: "neco",
      ids: ["dblp:journals/neco/HochreiterS97", "doi:10.1162/neco.1997.9.8.1735"],
    });
    // A CoRR key is the arXiv paper; the arXiv link says the same.
    expect(await paperOf("arxiv", "1301.3781")).toMatchObject({
      authors: ["Tomáš Mikolov", "Kai Chen", "Greg Corrado", "Jeffrey Dean"],
      venue: "corr",
      ids: ["arxiv:1301.3781"],
    });
    expect(await paperOf("dblp", "conf/icml/Doe21")).toMatchObject({
      title: "Learning with H2 Loss & the &foo; Entity",
      authors: ["François Doe", "Björn Åström"],
      venue: "icml",
    });
    expect(await paperOf("dblp", "phd/Roe19")).toMatchObject({ venue: null, section: "cs" });
    const again = await importFile(db, "dblp", DBLP);
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 7 });
  });

  it("reads a .gz dump, in this thread too", async () => {
    const gz = join(dir, "dblp.xml.gz");
    writeFileSync(gz, gzipSync(readFileSync(DBLP)));
    expect(await importFile(db, "dblp", gz, { thread: false })).toMatchObject({ inserted: 7 });
    expect(await importFile(db, "dblp", gz)).toMatchObject({ inserted: 0, unchanged: 7 });
  });

  it("merges DBLP's records into the arXiv paper through the arXiv id and the DOI", async () => {
    await importFile(db, "arxiv", ARXIV);
    const report = await importFile(db, "dblp", DBLP);
    // CoRR (arXiv link) and CVPR (DOI) records find the arXiv paper (one paper updated, two
    // records); 5 others are new.
    expect(report).toMatchObject({ records: 7, inserted: 5, updated: 1, conflicts: 0 });
    expect(await paperOf("arxiv", "1512.03385")).toMatchObject({
      year: 2015,
      section: "cs",
      // The CoRR listing gave way to CVPR, read later in the file.
      venue: "cvpr",
      ids: [
        "arxiv:1512.03385",
        "dblp:conf/cvpr/HeZRS16",
        "dblp:journals/corr/HeZRS15",
        "doi:10.1109/cvpr.2016.90",
      ],
    });
    expect((await counts()).papers).toBe(12);
  });
});
