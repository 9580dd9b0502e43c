import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listApiPapers } from "../../src/api/api.service";
import { API_PAGE_MAX } from "../../src/core/limits";
import { makePaper } from "../helpers/factories";
import { statementsOf } from "../helpers/recorded-statements";
import { createTestDb, type TestDb } from "../helpers/test-db";

// The API's `limit` comes from the client. On SQLite a LIMIT is written into the statement's
// text (db/sqlite-query-compiler.ts), so the rows read are rounded up to a few sizes
// (api.service.ts rowsToRead): every limit a client may ask for makes at most four texts,
// and each page still holds exactly what was asked, with a cursor only when more follow.
// On SQLite, and on PostgreSQL with TEST_DATABASE_URL.

let t: TestDb;
const ids: number[] = [];
beforeAll(async () => {
  t = await createTestDb();
  for (let i = 0; i < 30; i++) ids.push((await makePaper(t.db.kysely)).id);
  ids.reverse(); // the list is newest first
});
afterAll(async () => {
  await t?.drop();
});

describe("API list limits", () => {
  it("make few statement texts, whatever limit is asked", async () => {
    const texts = new Set<string>();
    for (let limit = 1; limit <= API_PAGE_MAX; limit++) {
      const sent = await statementsOf(t.db.kysely, (db) =>
        listApiPapers(db, "http://x", { limit }),
      );
      for (const s of sent) if (/ limit /.test(s.sql)) texts.add(s.sql);
    }
    expect(texts.size).toBeGreaterThan(0);
    expect(texts.size).toBeLessThanOrEqual(4);
  });

  it("give exactly `limit` items a page, and a cursor only while more follow", async () => {
    for (const limit of [1, 7, 10, 11, 29, 30, 31]) {
      const seen: number[] = [];
      let cursor: string | undefined;
      for (let pages = 0; pages < 40; pages++) {
        const page = await listApiPapers(t.db.kysely, "http://x", { limit, cursor });
        seen.push(...page.items.map((p) => p.id));
        expect(page.items.length).toBeLessThanOrEqual(limit);
        if (!page.next) break;
        expect(page.items).toHaveLength(limit);
        cursor = page.next;
      }
      expect(seen, `limit ${limit}`).toEqual(ids);
    }
  });
});
