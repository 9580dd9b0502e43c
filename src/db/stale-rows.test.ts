import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makePaper, makeSummary, makeUser } from "../../test/helpers/factories";
import { createTestDb, type TestDb } from "../../test/helpers/test-db";
import { readContentVersion } from "./content-version";
import type { Database } from "./schema";
import { rerenderStaleRows, type StaleRow, selectStaleRows } from "./stale-rows";

let testDb: TestDb;
let t: { db: Kysely<Database> };
beforeAll(async () => {
  testDb = await createTestDb();
  t = { db: testDb.db.kysely };
});
afterAll(async () => {
  await testDb.drop();
});

/** Rows kept in memory: what a feature's repo would list and store. */
function memoryRows(sources: string[]) {
  const rows = sources.map((source, i) => ({ id: (i + 1) * 10, source, html: "old" }));
  const events: string[] = [];
  return {
    rows,
    events,
    job: {
      list: async (_db: unknown, afterId: number, limit: number): Promise<StaleRow[]> => {
        events.push(`list>${afterId}`);
        return rows
          .filter((r) => r.html === "old" && r.id > afterId)
          .slice(0, limit)
          .map(({ id, source }) => ({ id, source }));
      },
      render: async (source: string) => {
        events.push(`render ${source}`);
        if (source.startsWith("bad")) throw new Error(`cannot render ${source}`);
        return `<p>${source}</p>`;
      },
      store: async (trx: { isTransaction: boolean }, row: StaleRow, html: string) => {
        events.push(`store ${row.source} in transaction: ${trx.isTransaction}`);
        const stored = rows.find((r) => r.id === row.id);
        if (!stored || stored.source !== row.source) return false;
        stored.html = html;
        return true;
      },
    },
  };
}

describe("rerenderStaleRows", () => {
  it("renders a batch outside the transaction, then stores it inside one", async () => {
    const m = memoryRows(["a", "b", "c"]);
    const report = await rerenderStaleRows(t.db, m.job, 2);
    expect(report).toEqual({ written: 3, failed: [] });
    expect(m.events).toEqual([
      "list>0",
      "render a",
      "render b",
      "store a in transaction: true",
      "store b in transaction: true",
      "list>20",
      "render c",
      "store c in transaction: true",
      "list>30",
    ]);
    expect(m.rows.map((r) => r.html)).toEqual(["<p>a</p>", "<p>b</p>", "<p>c</p>"]);
  });

  it("reports a row that fails to render, keeps its old HTML and goes on past it", async () => {
    const m = memoryRows(["bad one", "good"]);
    const report = await rerenderStaleRows(t.db, m.job, 1);
    expect(report).toEqual({ written: 1, failed: [{ id: 10, message: "cannot render bad one" }] });
    expect(m.rows.map((r) => r.html)).toEqual(["old", "<p>good</p>"]);
  });

  it("does not count a row edited since it was read, and keeps its fresh HTML", async () => {
    const m = memoryRows(["before"]);
    const render = m.job.render;
    m.job.render = async (source) => {
      const out = await render(source);
      const row = m.rows[0];
      if (row) Object.assign(row, { source: "after", html: "<p>fresh</p>" });
      return out;
    };
    expect(await rerenderStaleRows(t.db, m.job)).toEqual({ written: 0, failed: [] });
    expect(m.rows[0]?.html).toBe("<p>fresh</p>");
  });

  it("bumps the content version for a batch that stored something, and only then", async () => {
    const before = await readContentVersion(t.db);
    await rerenderStaleRows(t.db, memoryRows(["bad"]).job);
    expect(await readContentVersion(t.db)).toBe(before);
    await rerenderStaleRows(t.db, memoryRows(["x", "y"]).job, 1);
    expect(await readContentVersion(t.db)).toBe(before + 2);
  });
});

describe("selectStaleRows", () => {
  it("lists the rows of another renderer version, in id order, after an id, a page at a time", async () => {
    const user = await makeUser(t.db);
    const ids: number[] = [];
    for (const source of ["one", "two", "three", "four"]) {
      const paper = await makePaper(t.db);
      ids.push(await makeSummary(t.db, paper.id, user.id, { source }));
    }
    const [first, second, third, fourth] = ids as [number, number, number, number];
    await t.db
      .updateTable("summaries")
      .set({ renderer_version: 7 })
      .where("id", "in", [first, third, fourth])
      .execute();
    await t.db
      .updateTable("summaries")
      .set({ renderer_version: 8 })
      .where("id", "=", second)
      .execute();
    expect(await selectStaleRows(t.db, "summaries", 8, 0, 2)).toEqual([
      { id: first, source: "one" },
      { id: third, source: "three" },
    ]);
    expect(await selectStaleRows(t.db, "summaries", 8, third, 2)).toEqual([
      { id: fourth, source: "four" },
    ]);
    expect(await selectStaleRows(t.db, "comments", 8, 0, 10)).toEqual([]);
  });
});
