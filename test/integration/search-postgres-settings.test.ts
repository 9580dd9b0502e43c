import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SEARCH_WORK_MEM } from "../../src/core/limits";
import type { SearchFilters, SearchQuery } from "../../src/search/search-filters";
import { searchPostgresRepo } from "../../src/search/search-postgres.repo";
import { parseSearchQuery } from "../../src/search/search-query";
import { createTestApp, type TestApp } from "../helpers/test-app";

// PostgreSQL: the planner settings a search runs with (search-postgres.repo.ts's bounded),
// read from inside its transaction, and gone from the pooled connection after it.

const pgUrl = process.env.TEST_DATABASE_URL;

const unfiltered: SearchFilters = {
  yearFrom: null,
  yearTo: null,
  venueKey: null,
  section: null,
  hasSummaries: false,
};

describe.runIf(pgUrl)("a PostgreSQL search's settings", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  const settings = sql<{
    work_mem: string;
    random_page_cost: string;
    cpu_index_tuple_cost: string;
  }>`select current_setting('work_mem') as work_mem,
    current_setting('random_page_cost') as random_page_cost,
    current_setting('cpu_index_tuple_cost') as cpu_index_tuple_cost`;

  const inSearch = (filters: SearchFilters) => {
    const q: SearchQuery = {
      terms: parseSearchQuery("koala"),
      filters,
      deadline: Date.now() + 10_000,
    };
    return searchPostgresRepo.bounded(
      t.db,
      q,
      async (conn) => (await settings.execute(conn)).rows[0],
    );
  };

  it("gives every search the bitmap memory, and a filtered one its costs, in its own transaction", async () => {
    // Several at once: each pooled connection they used must come back as it was.
    const before = (await settings.execute(t.db)).rows[0];
    const [plain, filtered, faceted] = await Promise.all([
      inSearch(unfiltered),
      inSearch({ ...unfiltered, yearFrom: 2000, section: "cs" }),
      // Facets of doc's index, but tested on rows by the title query: the costs too.
      inSearch({ ...unfiltered, yearFrom: 2000, yearTo: 2010, section: "cs" }),
    ]);
    expect(plain).toEqual({ ...before, work_mem: SEARCH_WORK_MEM });
    expect(faceted).toEqual(filtered);
    expect(filtered).toEqual({
      work_mem: SEARCH_WORK_MEM,
      random_page_cost: "1.1",
      cpu_index_tuple_cost: "0.08",
    });
    const after = await Promise.all(
      Array.from({ length: 4 }, async () => (await settings.execute(t.db)).rows[0]),
    );
    expect(after).toEqual([before, before, before, before]);
  });
});
