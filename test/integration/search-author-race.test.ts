import { sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { makePaper, makeSummary, makeUser } from "../helpers/factories";
import { searchFor } from "../helpers/search-fixtures";
import { createTestApp, type TestApp } from "../helpers/test-app";

// PostgreSQL: an author renames themselves while one of their summaries is made anonymous.
// The rename rewrites the search text of the author's named summaries; one made anonymous
// meanwhile must not get the author's name back, or a search for the name finds it (search
// must never find an anonymous summary's author). The rename is caught waiting for the
// anonymizing transaction's row lock, which then commits. SQLite writes one at a time.

const pgUrl = process.env.TEST_DATABASE_URL;

describe.runIf(pgUrl)("renaming an author while a summary of theirs turns anonymous", () => {
  let t: TestApp;
  let anonymizing: pg.Client;
  let renaming: pg.Client;
  beforeAll(async () => {
    t = await createTestApp();
    anonymizing = new pg.Client({ connectionString: t.testDb.url });
    renaming = new pg.Client({ connectionString: t.testDb.url });
    await anonymizing.connect();
    await renaming.connect();
  });
  afterAll(async () => {
    await anonymizing?.end();
    await renaming?.end();
    await t?.close();
  });

  it("leaves the anonymous summary without the author's new name", async () => {
    const author = await makeUser(t.db);
    const paper = await makePaper(t.db);
    const hidden = await makeSummary(t.db, paper.id, author.id, {
      source: "The encoder is shared between the two tasks, which halves the parameters.",
    });
    const named = await makeSummary(t.db, (await makePaper(t.db)).id, author.id, {
      source: "A second summary, signed, about sparse attention over long inputs.",
    });
    const renamer = (await renaming.query("select pg_backend_pid() as pid")).rows[0].pid;

    await anonymizing.query("begin");
    await anonymizing.query("update summaries set is_anonymous = 1 where id = $1", [hidden]);
    const renamed = renaming.query(
      "update users set display_name = 'Zebulon Quill' where id = $1",
      [author.id],
    );
    await vi.waitFor(
      async () => {
        const { rows } = await sql<{
          waiting: string | null;
        }>`select wait_event_type as waiting from pg_stat_activity where pid = ${renamer}`.execute(
          t.db,
        );
        expect(rows[0]?.waiting).toBe("Lock");
      },
      { timeout: 10_000 },
    );
    await anonymizing.query("commit");
    await renamed;

    const found = await searchFor(t.db, { q: "zebulon", type: "summaries" });
    expect(found.summaryHits.map((h) => h.id)).toEqual([named]);
    expect(found.summaryHits[0]?.author?.displayName).toBe("Zebulon Quill");
  });
});
