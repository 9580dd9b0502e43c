import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../test/helpers/test-db";
import { executeCompiledOnce } from "../db/compiled-queries";
import type { Database } from "../db/schema";
import type { PaperFields } from "./paper-record";
import {
  addPaperIdentifier,
  addPaperIdentifiers,
  clearHandEnteredDetails,
  deletePaper,
  insertPaper,
  insertPapers,
  updatePaper,
  updateTypedPaperDetails,
} from "./paper-writes.repo";
import { findIdentifierOwners, findPaperById } from "./papers.repo";

let t: TestDb;
let db: Kysely<Database>;
beforeAll(async () => {
  t = await createTestDb();
  db = t.db.kysely;
});
afterAll(() => t.drop());

const at = "2026-01-02T03:04:05.000Z";
let n = 0;
function fields(over: Partial<PaperFields> = {}): PaperFields {
  n++;
  return {
    title: `Paper ${n}`,
    authors: ["Ada Author", 'Bo "Quoted" Writer'],
    year: 2020,
    venue: null,
    abstract: "An abstract.",
    categories: ["cs.LG", "stat.ML"],
    arxivVersion: 2,
    section: "cs",
    ...over,
  };
}

describe("insertPaper", () => {
  it("stores the fields encoded, as a service's record unless told otherwise", async () => {
    const id = await insertPaper(
      db,
      { fields: fields({ title: "Encoded" }), venueId: null },
      { at },
    );
    expect(await findPaperById(db, id)).toMatchObject({
      title: "Encoded",
      authors: '["Ada Author","Bo \\"Quoted\\" Writer"]',
      categories: "cs.LG stat.ML",
      section: "cs",
      arxiv_version: 2,
      metadata_source: "service",
      created_at: at,
      updated_at: at,
    });
    const hand = await insertPaper(db, { fields: fields(), venueId: null }, { at, source: "hand" });
    expect((await findPaperById(db, hand))?.metadata_source).toBe("hand");
  });
});

describe("insertPapers", () => {
  it("gives the new ids in the papers' order, across chunks of any size", async () => {
    for (const count of [1, 3, 3]) {
      const batch = Array.from({ length: count }, () => fields());
      const ids = await insertPapers(
        db,
        batch.map((f) => ({ fields: f, venueId: null })),
        at,
      );
      const titles = await Promise.all(ids.map(async (id) => (await findPaperById(db, id))?.title));
      expect(titles).toEqual(batch.map((f) => f.title));
    }
  });
});

describe("updatePaper", () => {
  it("rewrites the details; `confirmed` marks a typed paper as a service's record", async () => {
    const id = await insertPaper(db, { fields: fields(), venueId: null }, { at, source: "hand" });
    const later = "2026-02-01T00:00:00.000Z";
    await updatePaper(
      db,
      id,
      { fields: fields({ title: "Updated", authors: [] }), venueId: null },
      later,
    );
    expect(await findPaperById(db, id)).toMatchObject({
      title: "Updated",
      authors: "[]",
      metadata_source: "hand",
      updated_at: later,
    });
    await updatePaper(db, id, { fields: fields(), venueId: null }, later, true);
    expect(await findPaperById(db, id)).toMatchObject({
      metadata_source: "service",
      metadata_checked_at: later,
    });
  });
});

describe("typed details", () => {
  it("are corrected and cleared only while no service has confirmed them", async () => {
    const typed = await insertPaper(
      db,
      { fields: fields(), venueId: null },
      { at, source: "hand" },
    );
    const correction = {
      title: "Corrected",
      authors: ["Only One"],
      year: 1999,
      venueId: null,
      abstract: "",
      section: "math",
    };
    expect(await updateTypedPaperDetails(db, typed, correction, at)).toBe(true);
    expect(await findPaperById(db, typed)).toMatchObject({
      title: "Corrected",
      authors: '["Only One"]',
      categories: "cs.LG stat.ML",
      section: "math",
      metadata_source: "moderator",
    });
    expect(await clearHandEnteredDetails(db, typed, "From A Service", at)).toBe(true);
    expect(await findPaperById(db, typed)).toMatchObject({
      title: "From A Service",
      authors: "[]",
      categories: "",
      section: null,
      arxiv_version: null,
      metadata_source: "service",
    });
    expect(await clearHandEnteredDetails(db, typed, "Again", at)).toBe(false);
    expect(await updateTypedPaperDetails(db, typed, correction, at)).toBe(false);
  });
});

describe("identifiers", () => {
  it("are added unless another paper has them, and counted", async () => {
    const a = await insertPaper(db, { fields: fields(), venueId: null }, { at });
    const b = await insertPaper(db, { fields: fields(), venueId: null }, { at });
    expect(await addPaperIdentifier(db, a, { scheme: "arxiv", value: "2301.00001" })).toBe(true);
    expect(await addPaperIdentifier(db, b, { scheme: "arxiv", value: "2301.00001" })).toBe(false);
    const added = await addPaperIdentifiers(db, [
      { paperId: b, scheme: "arxiv", value: "2301.00001" },
      { paperId: b, scheme: "arxiv", value: "2301.00002" },
      { paperId: b, scheme: "doi", value: "10.1/x" },
    ]);
    expect(added).toBe(2);
    const owners = await findIdentifierOwners(db, "arxiv", ["2301.00001", "2301.00002"]);
    expect(Object.fromEntries(owners)).toEqual({ "2301.00001": a, "2301.00002": b });
  });

  it("go with their paper when it is deleted", async () => {
    const id = await insertPaper(db, { fields: fields(), venueId: null }, { at });
    await addPaperIdentifier(db, id, { scheme: "arxiv", value: "2301.00099" });
    await deletePaper(db, id);
    expect(await findPaperById(db, id)).toBeNull();
    expect((await findIdentifierOwners(db, "arxiv", ["2301.00099"])).size).toBe(0);
  });
});

describe("executeCompiledOnce", () => {
  it("refuses parameters that are not the ones Kysely binds, in its order", async () => {
    const build = () =>
      db.selectFrom("papers").select("id").where("title", "=", "x").where("year", "=", 1);
    await expect(executeCompiledOnce(db, "test:order", [1, "x"], build)).rejects.toThrow(
      /Kysely binds/,
    );
  });

  it("reuses the SQL compiled for a key with later values", async () => {
    const id = await insertPaper(
      db,
      { fields: fields({ title: "Cached" }), venueId: null },
      { at },
    );
    const select = (title: string) => () =>
      db.selectFrom("papers").select("id").where("title", "=", title);
    const first = await executeCompiledOnce(db, "test:reuse", ["Cached"], select("Cached"));
    expect(first.rows).toEqual([{ id }]);
    // A builder that would compile other SQL is not even called once the key is known.
    const second = await executeCompiledOnce(db, "test:reuse", ["nothing"], () => {
      throw new Error("compiled again");
    });
    expect(second.rows).toEqual([]);
  });
});
