import { sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { SEARCH_BUSY_RETRY_AFTER_S, SEARCH_CONCURRENCY, SEARCH_QUEUE } from "../../src/core/limits";
import { type PaperRecord, upsertPapers } from "../../src/papers/paper-store.service";
import { SEARCH_TOO_SLOW, searchLine, searchLocal } from "../../src/search/search.service";
import { readSearchParams } from "../../src/search/search-params";
import { SEARCH_BUSY } from "../../src/search/search-slots";
import { makeSummary, makeUser } from "../helpers/factories";
import { createResponseChecker } from "../helpers/openapi-check";
import { paperRecord } from "../helpers/search-fixtures";
import { createTestApp, type TestApp } from "../helpers/test-app";

// /search on a real database (SQLite, or PostgreSQL with TEST_DATABASE_URL): what is found,
// how it is ranked, filtered, paged and highlighted, and what is never found.

let t: TestApp;
/** A paper record (search-fixtures.ts), titled "Untitled" unless given, `id` its arXiv id. */
function paper({ id, ...over }: Partial<PaperRecord> & { id?: string }): PaperRecord {
  const record = paperRecord(over.title ?? "Untitled", over);
  return id === undefined ? record : { ...record, identifiers: [{ scheme: "arxiv", value: id }] };
}

async function add(over: Partial<PaperRecord> & { id?: string }) {
  const record = paper(over);
  const { ids } = await upsertPapers(t.db, [record]);
  return { id: ids[0] as number, path: `/paper/arxiv/${record.identifiers[0]?.value}` };
}

async function search(query: string): Promise<string> {
  const res = await t.get(`/search?${query}`);
  expect(res.status).toBe(200);
  return res.text();
}
const q = (text: string, more = "") => search(`q=${encodeURIComponent(text)}${more}`);

let schrodinger: { id: number; path: string };
let titleHit: { id: number; path: string };
let abstractHit: { id: number; path: string };
let authorHit: { id: number; path: string };

beforeAll(async () => {
  t = await createTestApp();
  schrodinger = await add({ title: "Schrödinger bridges for generative models", year: 2021 });
  titleHit = await add({ title: "Quokka inference at scale", abstract: "Nothing else here." });
  abstractHit = await add({
    title: "A study of marsupials",
    abstract: "We discuss the quokka in one sentence among many other words about animals.",
  });
  authorHit = await add({ title: "Deep nets", authors: ["Zyxwerth Plonk", "Bo Writer"] });
});
afterAll(() => t.close());

describe("what is found", () => {
  it("matches titles, authors and abstracts, and folds diacritics both ways", async () => {
    expect(await q("zyxwerth")).toContain(authorHit.path);
    expect(await q("Schrodinger")).toContain(schrodinger.path);
    expect(await q("SCHRÖDINGER bridges")).toContain(schrodinger.path);
    expect(await q("schrödinger")).toContain(schrodinger.path);
    expect(await q("schrodinger unicorns")).not.toContain(schrodinger.path);
  });

  it("ranks a title match above an abstract match", async () => {
    const html = await q("quokka");
    expect(html).toContain(titleHit.path);
    expect(html).toContain(abstractHit.path);
    expect(html.indexOf(titleHit.path)).toBeLessThan(html.indexOf(abstractHit.path));
    expect(html).toContain("Papers (2)");
  });

  it("tells phrases from words, and reads prefixes", async () => {
    const near = await add({ title: "Gradient noise", abstract: "Adding noise to the gradient." });
    expect(await q("noise gradient")).toContain(near.path);
    expect(await q('"noise gradient"')).not.toContain(near.path);
    expect(await q('"gradient noise"')).toContain(near.path);
    expect(await q("gradi*")).toContain(near.path);
    expect(await q("gradi")).not.toContain(near.path);
  });

  it("matches summary text (not its HTML) and non-anonymous authors", async () => {
    const p = await add({ title: "Host paper" });
    const writer = await makeUser(t.db, { username: "wombatwriter", displayName: "Wendy Wombat" });
    const sId = await makeSummary(t.db, p.id, writer.id, {
      source: "The **platypus** lemma, with $x^2$ and a [link](https://example.org/strongly).",
    });
    const html = await q("platypus", "&type=summaries");
    expect(html).toContain(`/summary/${sId}`);
    expect(html).toContain("Wendy Wombat");
    expect(await q("wombatwriter", "&type=summaries")).toContain(`/summary/${sId}`);
    // "strong" is only in the HTML (<strong>), never in the source's words.
    expect(await q("strong", "&type=summaries")).not.toContain(`/summary/${sId}`);
  });
});

describe("snippets", () => {
  it("are escaped text with <mark> as the only markup", async () => {
    const p = await add({
      title: "Bobcat <script>alert(1)</script> & friends",
      abstract: "The bobcat <img src=x onerror=alert(1)> & a \ue001 stray marker \ue000.",
    });
    const html = await q("bobcat");
    expect(html).toContain(
      "<mark>Bobcat</mark> &lt;script&gt;alert(1)&lt;/script&gt; &amp; friends",
    );
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(html).not.toContain("<script>alert");
    expect(html).not.toMatch(/[\ue000\ue001]/);
    const item = html.slice(html.indexOf(p.path));
    const marks = item.slice(0, item.indexOf("</li>"));
    expect(marks.match(/<mark>/g)?.length).toBe(marks.match(/<\/mark>/g)?.length);
  });
});

describe("filters and pages", () => {
  it("filters by years, venue (any alias), field and having summaries", async () => {
    const old = await add({ title: "Capybara survey", year: 1999, categories: ["math.PR"] });
    const nips = await add({
      title: "Capybara networks",
      year: 2017,
      venue: { key: "nips", name: "NeurIPS" },
    });
    const other = await add({ title: "Capybara again", year: 2017, categories: ["cs.CV"] });
    const u = await makeUser(t.db);
    await makeSummary(t.db, other.id, u.id);
    const years = await q("capybara", "&from=2000&to=2018");
    expect(years).toContain(nips.path);
    expect(years).not.toContain(old.path);
    const venue = await q("capybara", "&venue=neurips");
    expect(venue).toContain(nips.path);
    expect(venue).not.toContain(other.path);
    const field = await q("capybara", "&section=math");
    expect(field).toContain(old.path);
    expect(field).not.toContain(nips.path);
    const summarised = await q("capybara", "&summaries=1");
    expect(summarised).toContain(other.path);
    expect(summarised).not.toContain(nips.path);
    for (const bad of ["&from=99", "&section=astrology", "&type=users", "&summaries=yes"])
      expect((await t.get(`/search?q=capybara${bad}`)).status).toBe(400);
  });

  it("pages through every match once, with the right count", async () => {
    await upsertPapers(
      t.db,
      Array.from({ length: 45 }, (_, i) => paper({ title: `Pangolin number ${i}` })),
    );
    const seen = new Set<string>();
    for (const page of [1, 2, 3]) {
      const html = await q("pangolin", page > 1 ? `&page=${page}` : "");
      expect(html).toContain("Papers (45)");
      for (const m of html.matchAll(/Pangolin<\/mark> number (\d+)/g)) seen.add(m[1] as string);
    }
    expect(seen.size).toBe(45);
    expect(await q("pangolin", "&page=9")).toContain("No papers match.");
  });
});

describe("the header box", () => {
  it("sends identifiers and URLs to the paper or its add page, and searches anything else", async () => {
    const known = await add({ title: "Known one", id: "1706.03762" });
    for (const id of ["1706.03762", "https://arxiv.org/abs/1706.03762v2", "arXiv:1706.03762"]) {
      const res = await t.get(`/search?q=${encodeURIComponent(id)}`);
      expect(res.status).toBe(302);
      expect(res.headers.get("Location")).toBe(known.path);
    }
    const unknown = await t.get("/search?q=10.1234%2Fnot.here");
    expect(unknown.headers.get("Location")).toMatch(/^\/papers\/new\?id=/);
    expect((await t.get("/search?q=Attention+is+all+you+need")).status).toBe(200);
    expect(await t.html("/")).toContain('action="/search"');
    expect((await t.get("/lookup?q=1706.03762")).headers.get("Location")).toBe(known.path);
  });
});

describe("a search PostgreSQL stops for its time (SEARCH_STATEMENT_TIMEOUT_MS)", () => {
  it("answers 422 with advice on the page and in the API, keeps neither, and searches again after", async () => {
    if (t.testDb.db.dialect !== "postgres") return;
    const bandicoot = await add({ title: "Bandicoot timing" });
    // The settings a search changes for its own statements (search-postgres.repo.ts,
    // search-newest.repo.ts).
    const timeoutSetting = () =>
      sql<{
        v: string;
      }>`select concat_ws(' ', current_setting('statement_timeout'), current_setting('enable_seqscan'),
        current_setting('enable_indexscan')) as v`
        .execute(t.db)
        .then((r) => r.rows[0] as { v: string });
    const before = (await timeoutSetting()).v;
    // Another connection holds the papers' index table: the search's count waits, as a costly
    // query would run, until PostgreSQL cancels it.
    const holder = new pg.Client({ connectionString: t.testDb.url });
    await holder.connect();
    try {
      await holder.query("begin");
      await holder.query("lock table search_papers in access exclusive mode");
      const page = await t.get("/search?q=bandicoot");
      expect(page.status).toBe(422);
      expect(page.headers.get("cache-control") ?? "").toContain("no-store");
      const html = await page.text();
      expect(html).toContain(SEARCH_TOO_SLOW);
      expect(html).not.toMatch(/statement|search_papers|57014|at async/);
      const api = await t.get("/api/v1/papers/search?q=bandicoot");
      expect(api.status).toBe(422);
      // The answer is one the OpenAPI document declares for this operation.
      const check = createResponseChecker(await (await t.get("/api/openapi.json")).json());
      expect(await check("get", "/api/v1/papers/search?q=bandicoot", api)).toEqual({
        error: { code: "search_timeout", message: SEARCH_TOO_SLOW },
      });
    } finally {
      await holder.query("rollback");
      await holder.end();
    }
    expect(await q("bandicoot")).toContain(bandicoot.path);
    // The limit was the search's own transaction's: the pool's connections are as before.
    const settings = await Promise.all(Array.from({ length: 4 }, timeoutSetting));
    expect(settings.map((s) => s.v)).toEqual([before, before, before, before]);
  });
});

/** How long a test waits for searches to take their places: a loaded machine may be slow. */
const LINE_WAIT = { timeout: 10_000 };

describe("searches beyond what one process runs at once (SEARCH_CONCURRENCY, SEARCH_QUEUE)", () => {
  it("wait in line up to the queue, get a 503 past it, and leave the pool to other pages", async () => {
    if (t.testDb.db.dialect !== "postgres") return;
    const numbat = await add({ title: "Numbat queueing" });
    // Searches held by a lock on the papers' index table, with time enough (a minute) that
    // none is stopped while the line is inspected.
    const holder = new pg.Client({ connectionString: t.testDb.url });
    await holder.connect();
    await holder.query("begin");
    await holder.query("lock table search_papers in access exclusive mode");
    const held = Array.from({ length: SEARCH_CONCURRENCY + SEARCH_QUEUE }, (_, i) =>
      searchLocal(
        t.db,
        readSearchParams((name) => (name === "q" ? "numbat" : undefined)),
        { timeoutMs: 60_000, client: `198.18.2.${i}` },
      ),
    );
    try {
      // Each held search counts against its client's limit before it takes a place: the
      // next one must come when every place is taken, not overtake one still on its way.
      await vi.waitFor(
        () => expect(searchLine()).toEqual({ running: SEARCH_CONCURRENCY, waiting: SEARCH_QUEUE }),
        LINE_WAIT,
      );
      const page = await t.get("/search?q=numbat", { "X-Forwarded-For": "198.18.3.1" });
      expect(page.status).toBe(503);
      expect(page.headers.get("retry-after")).toBe(String(SEARCH_BUSY_RETRY_AFTER_S));
      expect(page.headers.get("cache-control") ?? "").toContain("no-store");
      expect(await page.text()).toContain(SEARCH_BUSY);
      // The running searches hold a few connections: the pool still serves everything else.
      const { rows } = await sql<{ one: number }>`select 1 as one`.execute(t.db);
      expect(rows).toEqual([{ one: 1 }]);
    } finally {
      await holder.query("rollback");
      await holder.end();
    }
    for (const r of await Promise.all(held)) expect(r.papers.count).toBeGreaterThan(0);
    expect(await q("numbat")).toContain(numbat.path);
  });

  it("take out of the line a search whose request closed while it waited", async () => {
    if (t.testDb.db.dialect !== "postgres") return;
    await add({ title: "Quokka leaving" });
    const holder = new pg.Client({ connectionString: t.testDb.url });
    await holder.connect();
    await holder.query("begin");
    await holder.query("lock table search_papers in access exclusive mode");
    const held = Array.from({ length: SEARCH_CONCURRENCY }, (_, i) =>
      searchLocal(
        t.db,
        readSearchParams((name) => (name === "q" ? "quokka" : undefined)),
        { timeoutMs: 60_000, client: `198.18.4.${i}` },
      ),
    );
    const leaving = new AbortController();
    try {
      await vi.waitFor(
        () => expect(searchLine()).toEqual({ running: SEARCH_CONCURRENCY, waiting: 0 }),
        LINE_WAIT,
      );
      const page = t.fetch(
        new Request("http://localhost/search?q=quokka", {
          headers: { "X-Forwarded-For": "198.18.5.1" },
          signal: leaving.signal,
        }),
      );
      await vi.waitFor(() => expect(searchLine().waiting).toBe(1), LINE_WAIT);
      leaving.abort();
      // Out of the line at once, while every slot is still taken.
      expect(searchLine()).toEqual({ running: SEARCH_CONCURRENCY, waiting: 0 });
      expect((await page).status).toBe(503);
    } finally {
      await holder.query("rollback");
      await holder.end();
      await Promise.allSettled(held);
    }
    for (const r of await Promise.all(held)) expect(r.papers.count).toBeGreaterThan(0);
    expect(searchLine()).toEqual({ running: 0, waiting: 0 });
  });
});
