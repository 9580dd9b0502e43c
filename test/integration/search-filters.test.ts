import { sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SEARCH_YEAR_FACETS_MAX } from "../../src/core/limits";
import { nowIso } from "../../src/core/time";
import { type PaperRecord, upsertPapers } from "../../src/papers/paper-store.service";
import { searchLocal } from "../../src/search/search.service";
import { SearchView } from "../../src/search/search.view";
import { readSearchParams } from "../../src/search/search-params";
import { makeSummary, makeUser } from "../helpers/factories";
import { paperRecord, searchFor, searchPage } from "../helpers/search-fixtures";
import { createTestApp, type TestApp } from "../helpers/test-app";

// Search filters and phrases mean exactly the same on SQLite and PostgreSQL (TEST_DATABASE_URL).
// On PostgreSQL the filtered columns and the title's tsvector are copies in search_papers
// (migration 2026-11-29T1200-search-filters): these tests fail if a copy lags behind its
// paper, if a phrase matches words that are present but not adjacent, or if a phrase misses
// an exact match because many rows hold its words.

let t: TestApp;

const paper = paperRecord;

async function add(title: string, over: Partial<PaperRecord> = {}): Promise<number> {
  const { ids } = await upsertPapers(t.db, [paper(title, over)]);
  return ids[0] as number;
}

/** Ids of every paper found (one page holds them all here), sorted. */
async function found(query: Record<string, string>, rankWindow?: number): Promise<number[]> {
  const r = await searchFor(t.db, query, rankWindow || undefined);
  return r.paperHits.map((h) => h.id).sort((a, b) => a - b);
}

/** Gives paper `id` the venue of paper `holder`. */
async function moveToVenue(id: number, holder: number): Promise<void> {
  const { venue_id } = await t.db
    .selectFrom("papers")
    .select("venue_id")
    .where("id", "=", holder)
    .executeTakeFirstOrThrow();
  await t.db.updateTable("papers").set({ venue_id }).where("id", "=", id).execute();
}

const page = searchPage;

const sorted = (ids: number[]) => [...ids].sort((a, b) => a - b);

/** Resolves once some other backend of this database waits for a lock `holder`'s backend holds. */
async function waitUntilBlocked(holder: pg.Client): Promise<void> {
  for (;;) {
    const { rows } = await holder.query(
      "select 1 from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and pg_backend_pid() = any(pg_blocking_pids(pid))",
    );
    if (rows.length > 0) return;
  }
}

/**
 * PostgreSQL: twice as many papers as its shared lock table has slots (max_locks_per_transaction
 * per backend of every kind; spare shared memory lets it grow past that, ~1.7× here). SQLite, which
 * has no such table: a few hundred.
 */
async function lockTableSlots(app: TestApp): Promise<number> {
  if (app.testDb.db.dialect !== "postgres") return 300;
  const setting = (name: string) => sql`current_setting(${name})::int`;
  const { rows } = await sql<{
    n: number | string;
  }>`select ${setting("max_locks_per_transaction")} * (
      ${setting("max_connections")} + ${setting("autovacuum_max_workers")}
      + ${setting("max_worker_processes")} + ${setting("max_wal_senders")}
      + ${setting("max_prepared_transactions")} + 1) as n`.execute(app.db);
  return 2 * Number(rows[0]?.n);
}

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe("filters", () => {
  it("year ranges include both edges and exclude papers without a year", async () => {
    const y = {
      1999: await add("Okapi one", { year: 1999 }),
      2000: await add("Okapi two", { year: 2000 }),
      2010: await add("Okapi three", { year: 2010 }),
      2011: await add("Okapi four", { year: 2011 }),
      none: await add("Okapi five", { year: null }),
    };
    expect(await found({ q: "okapi", from: "2000", to: "2010" })).toEqual(
      sorted([y[2000], y[2010]]),
    );
    expect(await found({ q: "okapi", from: "2010" })).toEqual(sorted([y[2010], y[2011]]));
    expect(await found({ q: "okapi", to: "2000" })).toEqual(sorted([y[1999], y[2000]]));
    expect(await found({ q: "okapi", from: "2005", to: "2005" })).toEqual([]);
  });

  it("a range as long as PostgreSQL asks through the index, one year longer, and reversed", async () => {
    // Up to SEARCH_YEAR_FACETS_MAX years the range is the years' lexemes; a longer one is
    // tested on rows (search-postgres-filters.ts): both edges hold either way.
    const first = 1950;
    const last = first + SEARCH_YEAR_FACETS_MAX - 1;
    const y = {
      before: await add("Quokka before", { year: first - 1 }),
      first: await add("Quokka first", { year: first }),
      last: await add("Quokka last", { year: last }),
      after: await add("Quokka after", { year: last + 1 }),
    };
    const years = (from: number, to: number) =>
      found({ q: "quokka", from: String(from), to: String(to), section: "cs" });
    expect(await years(first, last)).toEqual(sorted([y.first, y.last]));
    expect(await years(first + 1, last + 1)).toEqual(sorted([y.last, y.after]));
    expect(await years(first, last + 1)).toEqual(sorted([y.first, y.last, y.after]));
    expect(await years(first - 1, last + 1)).toEqual(sorted([y.before, y.first, y.last, y.after]));
    expect(await years(last, first)).toEqual([]);
    expect(await years(last + 1, last + 1)).toEqual([y.after]);
  });

  it("venue by any alias, section, and both together", async () => {
    const nips = await add("Tapir nets", { venue: { key: "nips", name: "NeurIPS" } });
    const math = await add("Tapir walks", { categories: ["math.PR"] });
    const plain = await add("Tapir plain");
    expect(await found({ q: "tapir", venue: "neurips" })).toEqual([nips]);
    expect(await found({ q: "tapir", venue: "nips" })).toEqual([nips]);
    expect(await found({ q: "tapir", section: "math" })).toEqual([math]);
    expect(await found({ q: "tapir", section: "cs" })).toEqual(sorted([nips, plain]));
    expect(await found({ q: "tapir", section: "math", venue: "nips" })).toEqual([]);
  });

  it("has summaries: private, deleted and hidden summaries don't count", async () => {
    const u = await makeUser(t.db);
    const listed = await add("Quoll listed");
    const hidden = await add("Quoll hidden");
    const deleted = await add("Quoll deleted");
    const secret = await add("Quoll private");
    await add("Quoll none");
    await makeSummary(t.db, listed, u.id);
    await makeSummary(t.db, secret, u.id, { isPrivate: true });
    const h = await makeSummary(t.db, hidden, u.id);
    const d = await makeSummary(t.db, deleted, u.id);
    await t.db.updateTable("summaries").set({ hidden_at: nowIso() }).where("id", "=", h).execute();
    await t.db.updateTable("summaries").set({ deleted_at: nowIso() }).where("id", "=", d).execute();
    expect(await found({ q: "quoll", summaries: "1" })).toEqual([listed]);
    // Un-hiding counts again at once.
    await t.db.updateTable("summaries").set({ hidden_at: null }).where("id", "=", h).execute();
    expect(await found({ q: "quoll", summaries: "1" })).toEqual(sorted([listed, hidden]));
  });

  it("a paper whose year, section or venue changes moves in filtered results at once", async () => {
    const moving = await add("Numbat moving", { year: 2001 });
    const still = await add("Numbat still", { year: 2001 });
    const f = { q: "numbat", from: "2000", to: "2002", section: "cs" };
    expect(await found(f)).toEqual(sorted([moving, still]));
    await t.db.updateTable("papers").set({ year: 2015 }).where("id", "=", moving).execute();
    expect(await found(f)).toEqual([still]);
    await t.db.updateTable("papers").set({ year: 2002 }).where("id", "=", moving).execute();
    expect(await found(f)).toEqual(sorted([moving, still]));
    await t.db.updateTable("papers").set({ section: "math" }).where("id", "=", moving).execute();
    expect(await found(f)).toEqual([still]);
    // A title change (the tsvector is rebuilt) keeps the copied columns right.
    await t.db
      .updateTable("papers")
      .set({ title: "Numbat renamed", section: "cs", year: 2000 })
      .where("id", "=", moving)
      .execute();
    expect(await found(f)).toEqual(sorted([moving, still]));
    await moveToVenue(still, await add("Venue holder", { venue: { key: "icml", name: "ICML" } }));
    expect(await found({ q: "numbat", venue: "icml" })).toEqual([still]);
    // Rolled back: the copy rolls back with the paper.
    await t.db
      .transaction()
      .execute(async (trx) => {
        await trx.updateTable("papers").set({ venue_id: null }).where("id", "=", still).execute();
        throw new Error("roll back");
      })
      .catch(() => undefined);
    expect(await found({ q: "numbat", venue: "icml" })).toEqual([still]);
  });

  it("summaries follow their paper's year, section and venue, and their own listing", async () => {
    const [u1, u2] = [await makeUser(t.db), await makeUser(t.db)];
    const first = await add("Wombat host one", { year: 2001 });
    const second = await add("Wombat host two", { year: 2011 });
    const s1 = await makeSummary(t.db, first, u1.id, { source: "A wallaroo summary one." });
    const s2 = await makeSummary(t.db, second, u2.id, { source: "A wallaroo summary two." });
    // The ids shown, and the count: summaryHits checks listing again when it reads the rows,
    // the count reads only the index (and, on PostgreSQL, its copy of `listed`).
    const summaries = async (query: Record<string, string>) => {
      const r = await searchFor(t.db, { ...query, type: "summaries" });
      const ids = r.summaryHits.map((h) => h.id).sort((a, b) => a - b);
      expect(r.summaries.count).toBe(ids.length);
      return ids;
    };
    const f = { q: "wallaroo", from: "2000", to: "2005", section: "cs" };
    expect(await summaries(f)).toEqual([s1]);
    await t.db.updateTable("papers").set({ year: 2003 }).where("id", "=", second).execute();
    expect(await summaries(f)).toEqual(sorted([s1, s2]));
    await t.db.updateTable("papers").set({ section: "math" }).where("id", "=", first).execute();
    expect(await summaries(f)).toEqual([s2]);
    // A summary moved to another paper (a merge) takes that paper's columns.
    await t.db.updateTable("summaries").set({ paper_id: second }).where("id", "=", s1).execute();
    expect(await summaries(f)).toEqual(sorted([s1, s2]));
    await moveToVenue(second, await add("Wombat venue", { venue: { key: "colt", name: "COLT" } }));
    expect(await summaries({ q: "wallaroo", venue: "colt" })).toEqual(sorted([s1, s2]));
    // Made private, then public again, with filters and without.
    await t.db.updateTable("summaries").set({ is_private: 1 }).where("id", "=", s2).execute();
    expect(await summaries(f)).toEqual([s1]);
    expect(await summaries({ q: "wallaroo" })).toEqual([s1]);
    await t.db.updateTable("summaries").set({ is_private: 0 }).where("id", "=", s2).execute();
    expect(await summaries({ q: "wallaroo" })).toEqual(sorted([s1, s2]));
    // Hidden, then shown again; deleted, then restored.
    for (const column of ["hidden_at", "deleted_at"] as const) {
      await t.db
        .updateTable("summaries")
        .set({ [column]: nowIso() })
        .where("id", "=", s1)
        .execute();
      expect(await summaries(f)).toEqual([s2]);
      expect(await summaries({ q: "wallaroo" })).toEqual([s2]);
      await t.db
        .updateTable("summaries")
        .set({ [column]: null })
        .where("id", "=", s1)
        .execute();
      expect(await summaries(f)).toEqual(sorted([s1, s2]));
    }
  });

  it("summaries written while their paper's year changes take its last year", async () => {
    const host = await add("Dunnart host", { year: 1999 });
    const users = await Promise.all(Array.from({ length: 6 }, () => makeUser(t.db)));
    const years = [2001, 2002, 2003, 2004, 2005, 2006];
    // Summaries and year changes of the same paper at once, each on a connection of its own.
    const written = await Promise.all([
      ...users.map((u, i) => makeSummary(t.db, host, u.id, { source: `Dunnart ${i} notes.` })),
      ...years.map((year) =>
        t.db
          .updateTable("papers")
          .set({ year })
          .where("id", "=", host)
          .execute()
          .then(() => 0),
      ),
    ]);
    const ids = written.filter((id) => id > 0);
    const { year } = await t.db
      .selectFrom("papers")
      .select("year")
      .where("id", "=", host)
      .executeTakeFirstOrThrow();
    const hits = await searchFor(t.db, {
      q: "dunnart",
      type: "summaries",
      from: String(year),
      to: String(year),
    });
    expect(hits.summaryHits.map((h) => h.id).sort((a, b) => a - b)).toEqual(sorted(ids));
  });

  it("one transaction writes summaries of more papers than PostgreSQL's lock table holds", async () => {
    // Each summary write guards its paper's copied columns; a guard that takes a lock-table
    // slot per paper (an advisory lock) fails past max_locks_per_transaction × connections.
    const papers = await lockTableSlots(t);
    const title = (i: number) => `Numbat bulk ${i}`;
    const ids: number[] = [];
    for (let i = 0; i < papers; i += 1000) {
      const batch = Array.from({ length: Math.min(1000, papers - i) }, (_, k) =>
        paper(title(i + k), { year: 1980 }),
      );
      ids.push(...(await upsertPapers(t.db, batch)).ids);
    }
    const user = await makeUser(t.db);
    const now = nowIso();
    await t.db.transaction().execute(async (trx) => {
      for (let i = 0; i < ids.length; i += 500) {
        const rows = ids.slice(i, i + 500).map((paperId) => ({
          paper_id: paperId,
          user_id: user.id,
          source: "Numbat bulk notes.",
          html: "",
          renderer_version: 0,
          math_count: 0,
          math_errors: 0,
          is_private: 0,
          is_anonymous: 0,
          share_token: `bulk-${paperId}`,
          paper_version: null,
          score: 0,
          created_at: now,
          updated_at: now,
        }));
        await trx.insertInto("summaries").values(rows).execute();
      }
    });
    const r = await searchFor(
      t.db,
      { q: "numbat bulk", type: "summaries", from: "1980", to: "1980" },
      papers + 1,
    );
    expect(r.summaries).toEqual({ count: papers, more: false });
    // Its size follows the server's settings (15,616 papers on PostgreSQL's defaults: ~6 s).
  }, 180_000);

  it("a summary hidden and shown while its paper's year change waits to commit takes the new year", async () => {
    if (t.testDb.db.dialect !== "postgres") return;
    const host = await add("Quoll host", { year: 1998 });
    const user = await makeUser(t.db);
    const summary = await makeSummary(t.db, host, user.id, { source: "Quoll notes." });
    // The year change holds its paper (and the summary's copy) until it commits; the summary's
    // update, on a connection of its own, waits for it inside its trigger.
    const holder = new pg.Client({ connectionString: t.testDb.url });
    await holder.connect();
    try {
      await holder.query("begin");
      await holder.query("update papers set year = 2004 where id = $1", [host]);
      const hide = t.db
        .updateTable("summaries")
        .set({ hidden_at: null, updated_at: nowIso() })
        .where("id", "=", summary)
        .execute();
      await waitUntilBlocked(holder);
      await holder.query("commit");
      await hide;
    } finally {
      await holder.end();
    }
    const { rows } = await sql<{
      year: number;
    }>`select year from search_summaries where summary_id = ${summary}`.execute(t.db);
    expect(rows).toEqual([{ year: 2004 }]);
  });

  it("parallel year changes: each paper ends where its last write put it", async () => {
    const ids = await Promise.all(
      Array.from({ length: 8 }, (_, i) => add(`Bilby parallel ${i}`, { year: 1995 })),
    );
    await Promise.all(
      ids.map((id, i) =>
        t.db
          .updateTable("papers")
          .set({ year: i % 2 === 0 ? 2005 : 1990 })
          .where("id", "=", id)
          .execute(),
      ),
    );
    const even = ids.filter((_, i) => i % 2 === 0);
    expect(await found({ q: "bilby", from: "2000" })).toEqual(sorted(even));
    expect(await found({ q: "bilby", to: "1995" })).toEqual(
      sorted(ids.filter((id) => !even.includes(id))),
    );
  });
});

describe("phrases", () => {
  it("match adjacent words in order only", async () => {
    const yes = await add("The red wombat burrows");
    const abstract = await add("Burrowing", { abstract: "We follow a red wombat at night." });
    await add("The wombat is red");
    await add("A red and brown wombat");
    await add("Red", { abstract: "Wombat." });
    expect(await found({ q: '"red wombat"' })).toEqual(sorted([yes, abstract]));
    expect(await found({ q: '"red wombat" burrows' })).toEqual([yes]);
  });

  it("finds every exact match however many rows hold the words (no candidate cut-off)", async () => {
    // 6 papers hold both words, 2 as the phrase (the oldest and the newest but one); a window
    // of 3 is smaller than the rows holding the words, not than the phrase's matches.
    const exactOld = await add("Koala bear myths");
    await add("Bear with the koala");
    await add("The bear and the koala");
    await add("A bear, not a koala");
    const exactNew = await add("Koala bear habitats");
    await add("Koala and bear");
    for (const window of [3, 10]) {
      const r = await searchLocal(
        t.db,
        readSearchParams((name) => (name === "q" ? '"koala bear"' : undefined)),
        { rankWindow: window },
      );
      expect(r.papers).toEqual({ count: 2, more: false });
      expect(sorted(r.paperHits.map((h) => h.id))).toEqual(sorted([exactOld, exactNew]));
      const html = String(await SearchView({ page, results: r, params: r.params }));
      expect(html).toContain("Papers (2)");
      expect(html).not.toContain("among the newest");
    }
  });

  it("more exact matches than the window: the newest of them and the titles, all exact", async () => {
    // 5 abstracts hold the phrase, 3 more hold both words apart; one old title holds it.
    const title = await add("Emu dance studies");
    const phrased: number[] = [];
    for (let i = 0; i < 5; i++)
      phrased.push(await add(`Bird notes ${i}`, { abstract: `We saw an emu dance at dawn ${i}.` }));
    for (let i = 0; i < 3; i++)
      await add(`Bird notes apart ${i}`, { abstract: "The dance of the emu; the emu sang." });
    const newestAbstracts = [
      await add("Bird apart", { abstract: "A dance; then an emu." }),
      await add("Bird apart again", { abstract: "An emu, then a dance." }),
    ];
    const r = await searchLocal(
      t.db,
      readSearchParams((name) => (name === "q" ? '"emu dance"' : undefined)),
      { rankWindow: 4 },
    );
    expect(r.papers).toEqual({ count: 4, more: true });
    const ids = r.paperHits.map((h) => h.id);
    // The old title first, then the newest 4 exact matches; the oldest phrase in an abstract
    // is out of the window, and words apart are never a match.
    expect(ids[0]).toBe(title);
    expect(sorted(ids)).toEqual(sorted([title, ...phrased.slice(1)]));
    for (const id of newestAbstracts) expect(ids).not.toContain(id);
  });
});

// The copies are kept by the trigger; this reads them, so a trigger that forgot a column
// fails here even where a query happened to join papers.
describe("the copied columns and title_doc (PostgreSQL)", () => {
  it("equal their summaries' and papers' columns for every summary", async () => {
    if (t.testDb.db.dialect !== "postgres") return;
    const { rows } = await sql<{ all: number | string; wrong: number | string }>`
      select count(*) as all, count(*) filter (where
          ss.listed is distinct from (s.is_private = 0 and s.deleted_at is null
            and s.hidden_at is null)
          or ss.paper_id is distinct from p.id or ss.year is distinct from p.year
          or ss.section is distinct from p.section or ss.venue_id is distinct from p.venue_id
        ) as wrong
      from summaries s join papers p on p.id = s.paper_id
      join search_summaries ss on ss.summary_id = s.id`.execute(t.db);
    expect(Number(rows[0]?.all)).toBeGreaterThan(0);
    expect(Number(rows[0]?.wrong)).toBe(0);
  });

  it("equal their papers' columns for every paper", async () => {
    if (t.testDb.db.dialect !== "postgres") return;
    const { rows } = await sql<{ n: number | string }>`select count(*) as n from papers p
      join search_papers sp on sp.paper_id = p.id
      where sp.year is distinct from p.year or sp.section is distinct from p.section
        or sp.venue_id is distinct from p.venue_id
        or sp.title_doc is distinct from to_tsvector('search_simple', p.title)`.execute(t.db);
    expect(Number(rows[0]?.n)).toBe(0);
  });
});
