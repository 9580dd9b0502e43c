import { CompiledQuery, type Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/schema";
import type { SearchFilters, SearchQuery } from "../../src/search/search-filters";
import { parseSearchQuery } from "../../src/search/search-query";
import { sqliteSearchRepo } from "../../src/search/search-sqlite.repo";
import { statementsOf as recordStatements } from "../helpers/recorded-statements";
import { createTestDb, type TestDb } from "../helpers/test-db";

// SQLite's plans for the search counts: the FTS5 table drives, and each match is tested on the
// narrow indexes of migration 2026-12-02T1000-search-filter-indexes rather than on its large
// papers or summaries row. INDEXED BY and CROSS JOIN fix these plans whatever the statistics
// say. Without them a planner with no statistics of those indexes reads the rows by rowid (as
// here: these checks fail), and one with statistics from 50,000 summaries once scanned
// summaries first and ran the FTS5 query once per summary (0.4–0.7 s).

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.drop();
});

const noFilter: SearchFilters = {
  yearFrom: null,
  yearTo: null,
  venueKey: null,
  section: null,
  hasSummaries: false,
};
const filtered: SearchFilters = { ...noFilter, yearFrom: 2000, yearTo: 2010, section: "cs" };
const byVenue: SearchFilters = { ...noFilter, venueKey: "neurips", hasSummaries: true };

const statementsOf = (run: (db: Kysely<Database>) => Promise<unknown>) =>
  recordStatements(t.db.kysely, run);

/** The tables the count's plan reads, in order (not the plan's wrapping of the count). */
async function scansOf(compiled: CompiledQuery | undefined): Promise<string[]> {
  if (!compiled) throw new Error("no statement was sent");
  const { rows } = await t.db.kysely.executeQuery<{ detail: string }>(
    CompiledQuery.raw(`explain query plan ${compiled.sql}`, [...compiled.parameters]),
  );
  return rows
    .map((r) => r.detail)
    .filter((line) => /^(SCAN|SEARCH)/.test(line) && !/^SCAN m$/.test(line));
}

const query = (filters: SearchFilters): SearchQuery => ({
  terms: parseSearchQuery("network"),
  filters,
  deadline: Date.now() + 60_000,
});

describe.runIf(!process.env.TEST_DATABASE_URL)("SQLite search plans", () => {
  it("a filtered paper count reads the FTS5 matches, then the narrow papers index", async () => {
    for (const filters of [filtered, byVenue]) {
      const [count] = await statementsOf((db) =>
        sqliteSearchRepo.countPapers(db, query(filters), 1000),
      );
      const scans = await scansOf(count);
      const fts = scans.findIndex((line) => /^SCAN search_papers VIRTUAL TABLE/.test(line));
      const paper = scans.findIndex((line) =>
        /^SEARCH p USING COVERING INDEX papers_search_filters \(id=/.test(line),
      );
      expect(fts).toBeGreaterThanOrEqual(0);
      expect(paper).toBeGreaterThan(fts);
    }
  });

  it("summary counts, filtered or not, read the FTS5 matches, then narrow indexes", async () => {
    for (const filters of [noFilter, filtered]) {
      const [count] = await statementsOf((db) =>
        sqliteSearchRepo.countSummaries(db, query(filters), 1000),
      );
      const scans = await scansOf(count);
      expect(scans[0]).toMatch(/^SCAN search_summaries VIRTUAL TABLE/);
      expect(scans[1]).toMatch(/^SEARCH s USING COVERING INDEX summaries_search_listed \(id=/);
      if (filters === filtered) {
        expect(scans[2]).toMatch(/^SEARCH p USING COVERING INDEX papers_search_filters \(id=/);
      }
    }
  });
});
