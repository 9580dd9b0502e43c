import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readContentVersion } from "../../src/db/content-version";
import type { Database } from "../../src/db/schema";
import {
  type PaperRecord,
  recordFromMetadata,
  upsertPaper,
  upsertPapers,
} from "../../src/papers/paper-store.service";
import type { PaperMetadata } from "../../src/papers/resolvers/types";
import { ensureVenues } from "../../src/papers/venues.repo";
import { createTestDb, type TestDb } from "../helpers/test-db";

let t: TestDb;
let db: Kysely<Database>;
beforeAll(async () => {
  t = await createTestDb();
  db = t.db.kysely;
});
afterAll(() => t.drop());

let n = 0;
/** A record with unique identifiers unless given. */
function rec(over: Partial<PaperRecord> = {}): PaperRecord {
  n++;
  return {
    title: `Paper ${n}`,
    authors: ["Ada Author"],
    year: 2020,
    venue: null,
    abstract: "",
    categories: [],
    arxivVersion: null,
    identifiers: [{ scheme: "arxiv", value: `2001.${String(10000 + n)}` }],
    ...over,
  };
}

const paper = (id: number) =>
  db
    .selectFrom("papers as p")
    .leftJoin("venues as v", "v.id", "p.venue_id")
    .select(["p.title", "p.year", "p.abstract", "p.section", "p.arxiv_version", "v.key as venue"])
    .where("p.id", "=", id)
    .executeTakeFirstOrThrow();
const identifiers = async (id: number) =>
  (
    await db
      .selectFrom("paper_identifiers")
      .select(["scheme", "value"])
      .where("paper_id", "=", id)
      .orderBy("scheme")
      .execute()
  ).map((i) => `${i.scheme}:${i.value}`);

describe("upsertPapers", () => {
  it("inserts new papers with their identifiers, venue and section", async () => {
    const r = await upsertPapers(db, [
      rec({
        identifiers: [
          { scheme: "arxiv", value: "1706.03762" },
          { scheme: "doi", value: "10.5555/attention" },
        ],
        venue: { key: "nips", name: "NeurIPS" },
        categories: ["cs.CL"],
        arxivVersion: 5,
      }),
      rec({ venue: { key: "prl", name: "Physical Review Letters" } }),
    ]);
    expect(r).toMatchObject({ inserted: 2, updated: 0, unchanged: 0, conflicts: 0 });
    expect(await identifiers(r.ids[0] ?? 0)).toEqual(["arxiv:1706.03762", "doi:10.5555/attention"]);
    expect(await paper(r.ids[0] ?? 0)).toMatchObject({
      venue: "nips",
      section: "cs",
      arxiv_version: 5,
    });
    // No arXiv categories: the venue gives the section.
    expect(await paper(r.ids[1] ?? 0)).toMatchObject({ venue: "prl", section: "physics" });
  });

  it("finds a paper through any identifier and merges: longer abstract, higher version, missing year filled", async () => {
    const first = await upsertPaper(
      db,
      rec({
        identifiers: [{ scheme: "arxiv", value: "1512.03385" }],
        abstract: "A long abstract about residual learning.",
        arxivVersion: 2,
        year: null,
        venue: { key: "corr", name: "arXiv (CoRR)" },
      }),
    );
    expect(first.inserted).toBe(true);
    // The published version's record lists the DOI and the arXiv id: same paper, DOI added.
    const second = await upsertPaper(
      db,
      rec({
        title: "Deep Residual Learning",
        identifiers: [
          { scheme: "doi", value: "10.1109/cvpr.2016.90" },
          { scheme: "arxiv", value: "1512.03385" },
        ],
        abstract: "Short.",
        arxivVersion: 1,
        year: 2016,
        venue: { key: "cvpr", name: "CVPR" },
      }),
    );
    expect(second).toMatchObject({ id: first.id, inserted: false, updated: true, conflicts: 0 });
    // A record naming only the DOI now finds the same paper.
    const third = await upsertPaper(
      db,
      rec({
        title: "Deep Residual Learning for Image Recognition",
        identifiers: [{ scheme: "doi", value: "10.1109/cvpr.2016.90" }],
      }),
    );
    expect(third.id).toBe(first.id);
    expect(await identifiers(first.id)).toEqual(["arxiv:1512.03385", "doi:10.1109/cvpr.2016.90"]);
    expect(await paper(first.id)).toMatchObject({
      // The newest record's title wins.
      title: "Deep Residual Learning for Image Recognition",
      abstract: "A long abstract about residual learning.",
      arxiv_version: 2,
      year: 2016,
      // arXiv's listing gives way to the real venue; a real venue is never replaced.
      venue: "cvpr",
    });
    await upsertPaper(
      db,
      rec({
        identifiers: [{ scheme: "arxiv", value: "1512.03385" }],
        venue: { key: "icml", name: "ICML" },
      }),
    );
    expect((await paper(first.id)).venue).toBe("cvpr");
  });

  it("merges records of one batch that name the same new paper", async () => {
    const r = await upsertPapers(db, [
      rec({ identifiers: [{ scheme: "arxiv", value: "1301.3781" }] }),
      rec({
        identifiers: [
          { scheme: "dblp", value: "conf/iclr/MikolovCCD13" },
          { scheme: "arxiv", value: "1301.3781" },
        ],
      }),
      rec({ identifiers: [{ scheme: "dblp", value: "conf/iclr/MikolovCCD13" }] }),
    ]);
    expect(r.inserted).toBe(1);
    expect(new Set(r.ids).size).toBe(1);
    expect(await identifiers(r.ids[0] ?? 0)).toEqual([
      "arxiv:1301.3781",
      "dblp:conf/iclr/MikolovCCD13",
    ]);
  });

  it("never moves an identifier from one paper to another: it counts a conflict", async () => {
    const a = await upsertPaper(
      db,
      rec({ identifiers: [{ scheme: "arxiv", value: "1001.00001" }] }),
    );
    const b = await upsertPaper(db, rec({ identifiers: [{ scheme: "doi", value: "10.1/b" }] }));
    const both = await upsertPaper(
      db,
      rec({
        identifiers: [
          { scheme: "arxiv", value: "1001.00001" },
          { scheme: "doi", value: "10.1/b" },
        ],
      }),
    );
    expect(both).toMatchObject({ id: a.id, conflicts: 1 });
    expect(await identifiers(a.id)).toEqual(["arxiv:1001.00001"]);
    expect(await identifiers(b.id)).toEqual(["doi:10.1/b"]);
  });

  it("bumps the content version once per call, and not when nothing changed", async () => {
    const records = [rec(), rec(), rec()];
    const before = await readContentVersion(db);
    await upsertPapers(db, records);
    expect(await readContentVersion(db)).toBe(before + 1);
    const again = await upsertPapers(db, records);
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 3 });
    expect(await readContentVersion(db)).toBe(before + 1);
  });

  it("keeps the name of a venue that exists, and reuses cached venue ids", async () => {
    await ensureVenues(db, [{ key: "iclr", name: "ICLR (ours)" }]);
    const venues = new Map<string, number>();
    await upsertPapers(db, [rec({ venue: { key: "iclr", name: "ICLR" } })], { venues });
    await upsertPapers(db, [rec({ venue: { key: "iclr", name: "ICLR" } })], { venues });
    const rows = await db.selectFrom("venues").selectAll().where("key", "=", "iclr").execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.name).toBe("ICLR (ours)");
    expect(venues.get("iclr")).toBe(rows[0]?.id);
  });

  it("refuses a record without a title, writing nothing", async () => {
    await expect(upsertPapers(db, [rec(), rec({ title: "  " })])).rejects.toThrow(/title/);
  });

  it("writes thousands of records in one call (chunked statements)", async () => {
    const records = Array.from({ length: 2_500 }, (_, i) =>
      rec({
        identifiers: [{ scheme: "doi", value: `10.9999/bulk.${i}` }],
        venue: { key: `v${i % 7}`, name: `V${i % 7}` },
      }),
    );
    const r = await upsertPapers(db, records);
    expect(r.inserted).toBe(2_500);
    expect(new Set(r.ids).size).toBe(2_500);
    // Ids line up with the records' order.
    expect(await identifiers(r.ids[1234] ?? 0)).toEqual(["doi:10.9999/bulk.1234"]);
  });
});

describe("recordFromMetadata", () => {
  const meta = (over: Partial<PaperMetadata>): PaperMetadata => ({
    title: "T",
    authors: [],
    year: null,
    venue: null,
    abstract: "",
    identifiers: [],
    arxivVersion: null,
    categories: [],
    journalRef: null,
    source: "test",
    ...over,
  });
  it.each([
    [meta({ venue: "Advances in Neural Information Processing Systems" }), "nips"],
    [meta({ journalRef: "Phys. Rev. Lett. 99, 010401 (2007)" }), "prl"],
    [
      meta({ identifiers: [{ scheme: "dblp", value: "conf/icml/X19" }], venue: "ICML (2)" }),
      "icml",
    ],
    [
      meta({
        identifiers: [{ scheme: "dblp", value: "journals/tcs/X19" }],
        venue: "Theor. Comput. Sci.",
      }),
      "tcs",
    ],
    [meta({}), null],
  ])("venue of %o is %s", (m, key) => {
    expect(recordFromMetadata(m).venue?.key ?? null).toBe(key);
  });
});
