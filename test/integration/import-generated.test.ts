// An import of generated snapshot records (bench/arxiv-records.ts: TeX, unicode, long author
// lists, DOIs, journal references, old and new ids) against the rows the paper store writes
// for the same records given to it directly, in other batches and on this thread: the
// import's batching, parsing thread and SQLite settings must not change a row. Then a few
// records field by field, the search index, and a re-run that changes nothing.

import { createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import Sqlite from "better-sqlite3";
import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateSnapshot } from "../../bench/arxiv-records";
import type { Database } from "../../src/db/schema";
import { readArxivSnapshot } from "../../src/import/arxiv-snapshot";
import { ImportReadError, importFile } from "../../src/import/import.service";
import { type PaperRecord, upsertPapers } from "../../src/papers/paper-store.service";
import { createTestDb, type TestDb } from "../helpers/test-db";

const RECORDS = 3_000;
const dir = mkdtempSync(join(tmpdir(), "shortscience-import-generated-"));
const file = join(dir, "snapshot.jsonl");
let imported: TestDb;
let reference: TestDb;
let db: Kysely<Database>;
let lines: Record<string, unknown>[];

beforeAll(async () => {
  await generateSnapshot(file, RECORDS);
  lines = readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  [imported, reference] = await Promise.all([createTestDb(), createTestDb()]);
  db = imported.db.kysely;
  // The reference: the same records straight into the store, 250 at a time, on this thread.
  const records: PaperRecord[] = [];
  for await (const items of readArxivSnapshot(createReadStream(file))) {
    for (const item of items) if ("record" in item) records.push(item.record);
  }
  for (let i = 0; i < records.length; i += 250) {
    await upsertPapers(reference.db.kysely, records.slice(i, i + 250));
  }
}, 120_000);
afterAll(async () => {
  await Promise.all([imported?.drop(), reference?.drop()]);
  rmSync(dir, { recursive: true, force: true });
});

/** Every stored row, keyed by what does not depend on insertion order (ids, times). */
async function snapshot(k: Kysely<Database>) {
  const papers = await k
    .selectFrom("papers as p")
    .innerJoin("paper_identifiers as i", (j) =>
      j.onRef("i.paper_id", "=", "p.id").on("i.scheme", "=", "arxiv"),
    )
    .leftJoin("venues as v", "v.id", "p.venue_id")
    .select([
      "i.value as arxiv",
      "p.title",
      "p.authors",
      "p.year",
      "v.key as venue",
      "p.abstract",
      "p.categories",
      "p.section",
      "p.arxiv_version",
      "p.metadata_source",
    ])
    .orderBy("i.value")
    .execute();
  const identifiers = await k
    .selectFrom("paper_identifiers as i")
    .innerJoin("paper_identifiers as a", (j) =>
      j.onRef("a.paper_id", "=", "i.paper_id").on("a.scheme", "=", "arxiv"),
    )
    .select(["a.value as arxiv", "i.scheme", "i.value"])
    .orderBy("i.scheme")
    .orderBy("i.value")
    .execute();
  const venues = await k.selectFrom("venues").select(["key", "name"]).orderBy("key").execute();
  const count = async (table: "papers" | "paper_identifiers" | "venues") =>
    Number(
      (
        await k
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    counts: {
      papers: await count("papers"),
      identifiers: await count("paper_identifiers"),
      venues: await count("venues"),
    },
    papers,
    identifiers,
    venues,
  };
}

async function searchIds(k: Kysely<Database>, dialect: string, word: string): Promise<number[]> {
  const { rows } =
    dialect === "postgres"
      ? await sql<{ id: number }>`select paper_id as id from search_papers
          where doc @@ plainto_tsquery('search_simple', ${word}) order by paper_id`.execute(k)
      : await sql<{ id: number }>`select rowid as id from search_papers
          where search_papers match ${word} order by rowid`.execute(k);
  return rows.map((r) => Number(r.id));
}

async function paperIdOf(arxiv: string): Promise<number> {
  const row = await db
    .selectFrom("paper_identifiers")
    .select("paper_id")
    .where("scheme", "=", "arxiv")
    .where("value", "=", arxiv)
    .executeTakeFirstOrThrow();
  return row.paper_id;
}

/** A paper's row with its venue's key and its identifiers, found by its arXiv id. */
async function stored(arxiv: string) {
  const id = await paperIdOf(arxiv);
  const row = await db
    .selectFrom("papers as p")
    .leftJoin("venues as v", "v.id", "p.venue_id")
    .selectAll("p")
    .select("v.key as venue")
    .where("p.id", "=", id)
    .executeTakeFirstOrThrow();
  const ids = await db
    .selectFrom("paper_identifiers")
    .select(["scheme", "value"])
    .where("paper_id", "=", id)
    .orderBy("scheme")
    .execute();
  return { ...row, ids: ids.map((i) => `${i.scheme}:${i.value}`) };
}

/** FTS5's stored automerge, read on a handle of its own: callable at any moment (SQLite). */
function automergeNow(): number | null {
  const handle = new Sqlite(imported.url.slice("sqlite:".length), { readonly: true });
  try {
    const row = handle.prepare("select v from search_papers_config where k = 'automerge'").get();
    return row ? Number((row as { v: unknown }).v) : null;
  } finally {
    handle.close();
  }
}

async function storedAutomerge(): Promise<{ v: number }[]> {
  const { rows } = await sql<{ v: number }>`
    select v from search_papers_config where k = 'automerge'`.execute(db);
  return rows;
}

describe("import of generated snapshot records", () => {
  it("writes the rows the paper store writes for the same records", async () => {
    const sqlite = imported.db.dialect === "sqlite";
    // A value of the operator's (not FTS5's default, 4): the import must put back this one.
    if (sqlite) {
      await sql`insert into search_papers(search_papers, rank) values ('automerge', 7)`.execute(db);
    }
    const during: (number | null)[] = [];
    const report = await importFile(db, "arxiv", file, {
      batchSize: 700,
      onProgress: () => {
        if (sqlite) during.push(automergeNow());
      },
    });
    expect(report).toMatchObject({ records: RECORDS, inserted: RECORDS, bad: 0, conflicts: 0 });
    if (sqlite) {
      // Off after each of the 5 commits (4 full batches and the rest), back once it ended.
      expect(during).toEqual([0, 0, 0, 0, 0]);
      expect(await storedAutomerge()).toEqual([{ v: 7 }]);
    }
    const dois = lines.filter((l) => l.doi).length;
    const got = await snapshot(db);
    expect(got.counts).toEqual({
      papers: RECORDS,
      identifiers: RECORDS + dois,
      // One venue per journal the generator cites.
      venues: 11,
    });
    expect(got).toEqual(await snapshot(reference.db.kysely));
  });

  it("stores records field by field: TeX to unicode, authors_parsed, DOI, venue, version", async () => {
    // Record 3: an old-style id, 23 authors with TeX accents, a DOI.
    const three = await stored("hep-th/9108001");
    expect(three.title).toBe("Attention Monte gains of assumptions chain under 3");
    expect(JSON.parse(three.authors)).toHaveLength(23);
    expect(JSON.parse(three.authors).slice(0, 3)).toEqual([
      "J. P. Zhang",
      "Luca Müller",
      "É. Balázs",
    ]);
    expect(three).toMatchObject({ year: 1991, venue: null, categories: "hep-th" });
    expect(three.abstract).toMatch(/^experiments attention non-perturbative .* Record 3\.$/s);
    expect(three.abstract).not.toContain("\n");
    expect(three.ids).toEqual(["arxiv:hep-th/9108001", "doi:10.1103/physrevlett.1991.3"]);

    // Record 10: a title wrapped over two lines, a journal reference (its venue), a DOI.
    const ten = await stored("hep-ph/9108001");
    expect(ten.title).toBe(
      "Efficiency efficiency learning prove galaxy representations benchmark numerical that numerical Erdős–Rényi constant 10",
    );
    expect(ten).toMatchObject({
      authors: '["A. Kim"]',
      year: 1991,
      venue: "nucl-phys-b",
      categories: "stat.ML",
    });
    expect(ten.ids).toEqual(["arxiv:hep-ph/9108001", "doi:10.1007/s00220.1991.10"]);

    // New-style ids keep their form (four digits before 2015), with the latest version.
    const first = lines[0] as { id: string; versions: unknown[] };
    expect(first.id).toBe("0704.0001");
    expect((await stored(first.id)).arxiv_version).toBe(first.versions.length);
  });

  it("keeps the search index complete: every paper is found, the index checks out", async () => {
    const dialect = imported.db.dialect;
    // Titles end with the record's number: 2345 names one paper (and no TeX token is 2345).
    expect(await searchIds(db, dialect, "2345")).toEqual([
      await paperIdOf(String(lines[2345]?.id)),
    ]);
    const schrodinger = lines.filter((l) => /Schr(\\"o|ö)dinger/.test(`${l.title} ${l.abstract}`));
    const found = await searchIds(db, dialect, "Schrodinger");
    expect(found).toHaveLength(schrodinger.length);
    const indexed = await (dialect === "postgres"
      ? sql<{ n: number }>`select count(*)::int as n from search_papers`.execute(db)
      : sql<{ n: number }>`select count(*) as n from search_papers_docsize`.execute(db));
    expect(Number(indexed.rows[0]?.n)).toBe(RECORDS);
    if (dialect === "sqlite") {
      // FTS5 compares its index with the papers rows it was built from; throws if they differ.
      await sql`insert into search_papers(search_papers, rank) values ('integrity-check', 1)`.execute(
        db,
      );
      // The value found before the import is still there.
      expect(await storedAutomerge()).toEqual([{ v: 7 }]);
    }
  });

  it("puts its settings back after an import that fails half-way", async () => {
    const whole = gzipSync(readFileSync(file));
    const truncated = join(dir, "truncated.jsonl.gz");
    writeFileSync(truncated, whole.subarray(0, whole.length >> 1));
    const error = await importFile(db, "arxiv", truncated, { batchSize: 500 }).catch((e) => e);
    expect(error).toBeInstanceOf(ImportReadError);
    // The batches before the break were written (again: they change nothing).
    expect((error as ImportReadError).report).toMatchObject({ inserted: 0, updated: 0 });
    expect((error as ImportReadError).report.unchanged).toBeGreaterThan(500);
    if (imported.db.dialect === "sqlite") expect(await storedAutomerge()).toEqual([{ v: 7 }]);
  });

  it("changes nothing when run again", async () => {
    const before = await snapshot(db);
    const times = await db
      .selectFrom("papers")
      .select(["id", "updated_at"])
      .orderBy("id")
      .execute();
    const version = await db.selectFrom("content_version").select("version").execute();
    const report = await importFile(db, "arxiv", file, { batchSize: 1_000 });
    expect(report).toMatchObject({ records: RECORDS, inserted: 0, updated: 0, unchanged: RECORDS });
    expect(await snapshot(db)).toEqual(before);
    expect(
      await db.selectFrom("papers").select(["id", "updated_at"]).orderBy("id").execute(),
    ).toEqual(times);
    expect(await db.selectFrom("content_version").select("version").execute()).toEqual(version);
  });
});
