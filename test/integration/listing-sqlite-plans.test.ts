import { CompiledQuery, type Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/schema";
import { listLegacyRows, listScopeRows } from "../../src/feeds/feeds.repo";
import { getHomePage } from "../../src/summaries/home-list.service";
import { countUserSummaries, userSummaryIds } from "../../src/summaries/profile-listing.repo";
import { selectReputation } from "../../src/users/reputation.repo";
import { makePaper, makeSummary, makeUser } from "../helpers/factories";
import { statementsOf as recordStatements } from "../helpers/recorded-statements";
import { createTestDb, type TestDb } from "../helpers/test-db";

// SQLite has no planner statistics, so which index a query walks follows from the schema
// alone. Lists of summaries must walk the partial indexes of listed summaries
// (2026-12-04T1000-home-listing-indexes) or a selective key, never every summary row: at
// 50,000 summaries a whole walk took 80-750 ms on the event loop. The indexes on
// (is_private, …) that migration dropped were taken for selective and walked instead of a
// profile's own summaries or a page's five ids; these checks fail with them back.

let t: TestDb;
let userId: number;
beforeAll(async () => {
  t = await createTestDb();
  const user = await makeUser(t.db.kysely);
  userId = user.id;
  await makeSummary(t.db.kysely, (await makePaper(t.db.kysely)).id, user.id);
});
afterAll(async () => {
  await t?.drop();
});

const statementsOf = (run: (db: Kysely<Database>) => Promise<unknown>) =>
  recordStatements(t.db.kysely, run);

async function planOf(compiled: CompiledQuery): Promise<string[]> {
  const { rows } = await t.db.kysely.executeQuery<{ detail: string }>(
    CompiledQuery.raw(`explain query plan ${compiled.sql}`, [...compiled.parameters]),
  );
  return rows.map((r) => r.detail);
}

/** Plan lines that read summaries other than by a key or through a listed-summary index
 *  (a search on `is_private` alone is a walk of every public summary), all of SQLite's
 *  by-section copy (summary_listing) rather than one section's range, or every vote or view
 *  rather than the period's. */
function wholeWalks(plan: string[]): string[] {
  return plan.filter(
    (line) =>
      (/^SCAN (s|summaries)\b/.test(line) &&
        !/USING (COVERING )?INDEX summaries_listed_(best|recent|id)\b/.test(line)) ||
      /^SEARCH (s|summaries) USING (COVERING )?INDEX \w+ \(is_private=\?\)/.test(line) ||
      /^SCAN (l|summary_listing|v|votes|pv|paper_views|ps)\b/.test(line),
  );
}

describe.runIf(!process.env.TEST_DATABASE_URL)("SQLite plans of summary lists", () => {
  for (const tab of ["popular", "best", "recent"] as const) {
    for (const section of [null, "cs"]) {
      it(`home ${tab}${section ? ` in ${section}` : ""}: index walks, cards by id`, async () => {
        const sent = await statementsOf((db) => getHomePage(db, { tab, section, page: 1 }));
        const summaryReads = sent.filter((s) => /\b(summaries|summary_listing)\b/.test(s.sql));
        expect(summaryReads.length).toBeGreaterThanOrEqual(3);
        for (const statement of summaryReads) {
          expect(wholeWalks(await planOf(statement)), statement.sql).toEqual([]);
        }
        // One section is a range of summary_listing's index, not a test of every summary; the
        // popular tab's scored summaries are each looked up by id.
        const bySection = summaryReads.filter((s) => s.sql.includes("summary_listing"));
        expect(bySection.length > 0).toBe(section !== null);
        for (const statement of bySection) {
          const plan = (await planOf(statement)).join("\n");
          expect(plan).toMatch(
            statement.sql.includes("activity")
              ? /SEARCH l USING INTEGER PRIMARY KEY \(rowid=\?\)/
              : /SEARCH l USING (COVERING )?INDEX summary_listing_\w+ \(section=\?/,
          );
        }
        const cards = summaryReads.find((s) => s.sql.includes("excerpt_html"));
        expect(cards).toBeDefined();
        expect(await planOf(cards as CompiledQuery)).toContainEqual(
          expect.stringMatching(/^SEARCH s USING INTEGER PRIMARY KEY \(rowid=\?\)/),
        );
      });
    }
  }

  it("a profile's reputation reads that person's summaries only", async () => {
    const [statement] = await statementsOf((db) =>
      selectReputation(db, userId, new Date().toISOString(), Date.now() + 60_000),
    );
    const plan = await planOf(statement as CompiledQuery);
    expect(plan).toContainEqual(
      expect.stringMatching(
        /^SEARCH s USING (COVERING )?INDEX summaries_(user|profile) \(user_id=\?\)/,
      ),
    );
    expect(wholeWalks(plan)).toEqual([]);
  });

  it("a profile's page and count walk its own entries of the profile index, with no sort", async () => {
    const sent = await statementsOf(async (db) => {
      await countUserSummaries(db, userId);
      await userSummaryIds(db, userId, { offset: 20, limit: 20 });
    });
    expect(sent).toHaveLength(2);
    for (const statement of sent) {
      const plan = await planOf(statement);
      expect(plan[0]).toMatch(/^SEARCH s USING COVERING INDEX summaries_profile \(user_id=\?\)/);
      expect(plan.join("\n")).not.toMatch(/TEMP B-TREE FOR ORDER BY/);
    }
  });

  it("the feeds walk the listed-recent index in its order, with no sort", async () => {
    const sent = await statementsOf(async (db) => {
      await listScopeRows(db, { kind: "latest" }, 50);
      await listLegacyRows(db, null, 100);
      await listLegacyRows(db, { updatedAt: new Date().toISOString(), id: 10 }, 100);
    });
    expect(sent).toHaveLength(3);
    for (const statement of sent) {
      const plan = await planOf(statement);
      expect(plan[0]).toMatch(/^SCAN s USING (COVERING )?INDEX summaries_listed_recent\b/);
      expect(plan.join("\n")).not.toMatch(/TEMP B-TREE FOR ORDER BY/);
    }
  });
});
