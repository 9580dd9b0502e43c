// sitemap.xml (an index), its pages (split at a page size, streamed) and robots.txt (issue
// 11, point 5). On SQLite and, with TEST_DATABASE_URL, PostgreSQL.

import { XMLParser, XMLValidator } from "fast-xml-parser";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DomainError } from "../../src/core/errors";
import { SITEMAP_PAGE_URLS } from "../../src/core/limits";
import { sitemapPages } from "../../src/feeds/sitemap.pages";
import type { AppEnv } from "../../src/http/app-env";
import { ensureVenues } from "../../src/papers/venues.repo";
import { makePaper, makeSummary, makeUser } from "../helpers/factories";
import { createTestApp, type TestApp } from "../helpers/test-app";

let t: TestApp;
const expected = { papers: [] as string[], summaries: [] as string[], users: [] as string[] };
let hiddenSummary = 0;
let privateOnlyPaper = "";

const xml = new XMLParser({ isArray: (name) => name === "url" || name === "sitemap" });

/** The sitemap routes alone, with a small page size and batch, on the test's database. */
function smallSitemaps(pageSize: number, batchSize: number) {
  const app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    c.set("deps", t.deps);
    await next();
  });
  app.route("/", sitemapPages({ pageSize, batchSize }));
  app.onError((error, c) =>
    c.text(String(error), error instanceof DomainError && error.code === "not_found" ? 404 : 500),
  );
  return (path: string) => app.request(`http://localhost${path}`);
}

beforeAll(async () => {
  t = await createTestApp();
  const writers = [await makeUser(t.db), await makeUser(t.db), await makeUser(t.db)];
  const anonymousOnly = await makeUser(t.db);
  for (let i = 0; i < 7; i++) {
    const p = await makePaper(t.db);
    const w = writers[i % 3];
    if (!w) throw new Error("writer");
    const id = await makeSummary(t.db, p.id, w.id);
    expected.papers.push(`http://localhost/paper/arxiv/${p.arxiv}`);
    expected.summaries.push(`http://localhost/summary/${id}`);
  }
  for (const w of writers) expected.users.push(`http://localhost/user/${w.username}`);
  // An anonymous summary: its paper and the summary are listed, its author is not.
  const anonPaper = await makePaper(t.db);
  const anonId = await makeSummary(t.db, anonPaper.id, anonymousOnly.id, { isAnonymous: true });
  expected.papers.push(`http://localhost/paper/arxiv/${anonPaper.arxiv}`);
  expected.summaries.push(`http://localhost/summary/${anonId}`);
  // Never listed: a paper without a summary, one with only a private or hidden summary.
  await makePaper(t.db);
  const priv = await makePaper(t.db);
  await makeSummary(t.db, priv.id, anonymousOnly.id, { isPrivate: true });
  privateOnlyPaper = `http://localhost/paper/arxiv/${priv.arxiv}`;
  const hid = await makePaper(t.db);
  hiddenSummary = await makeSummary(t.db, hid.id, anonymousOnly.id);
  await t.db
    .updateTable("summaries")
    .set({ hidden_at: new Date().toISOString() })
    .where("id", "=", hiddenSummary)
    .execute();
  await ensureVenues(t.db, [{ key: "icml", name: "ICML" }]);
});
afterAll(async () => {
  await t.close();
});

async function urlsOf(res: Response): Promise<{ loc: string; lastmod?: string }[]> {
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("application/xml; charset=utf-8");
  const body = await res.text();
  expect(XMLValidator.validate(body)).toBe(true);
  return xml.parse(body).urlset.url ?? [];
}

describe("sitemap", () => {
  it("splits each kind into pages of the page size, listed in the index", async () => {
    const get = smallSitemaps(3, 2);
    const indexBody = await (await get("/sitemap.xml")).text();
    expect(XMLValidator.validate(indexBody)).toBe(true);
    const index = xml.parse(indexBody).sitemapindex.sitemap.map((s: { loc: string }) => s.loc);
    expect(index).toEqual([
      "http://localhost/sitemap-static.xml",
      "http://localhost/sitemap-papers-1.xml",
      "http://localhost/sitemap-papers-2.xml",
      "http://localhost/sitemap-papers-3.xml",
      "http://localhost/sitemap-summaries-1.xml",
      "http://localhost/sitemap-summaries-2.xml",
      "http://localhost/sitemap-summaries-3.xml",
      "http://localhost/sitemap-users-1.xml",
    ]);
    for (const kind of ["papers", "summaries", "users"] as const) {
      const all: string[] = [];
      for (let n = 1; ; n++) {
        const res = await get(`/sitemap-${kind}-${n}.xml`);
        if (res.status === 404) break;
        const urls = await urlsOf(res);
        expect(urls.length).toBeLessThanOrEqual(3);
        for (const u of urls) expect(u.lastmod).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
        all.push(...urls.map((u) => u.loc));
      }
      expect(all.sort()).toEqual([...expected[kind]].sort());
    }
    expect(JSON.stringify(expected)).not.toContain(privateOnlyPaper);
  });

  it("answers 404 past the last page and for non-canonical page numbers", async () => {
    const get = smallSitemaps(3, 2);
    for (const path of [
      "/sitemap-papers-4.xml",
      "/sitemap-papers-0.xml",
      "/sitemap-papers-01.xml",
      "/sitemap-users-2.xml",
      "/sitemap-comments-1.xml",
    ]) {
      expect((await get(path)).status, path).toBe(404);
    }
  });

  it("streams a page: the body arrives in several chunks, one per batch", async () => {
    const get = smallSitemaps(8, 1);
    const res = await get("/sitemap-summaries-1.xml");
    const reader = res.body?.getReader();
    if (!reader) throw new Error("no body");
    const chunks: Uint8Array[] = [];
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      chunks.push(value);
    }
    // Head, eight batches of one URL, tail.
    expect(chunks.length).toBe(10);
    const body = new TextDecoder().decode(Buffer.concat(chunks));
    expect(XMLValidator.validate(body)).toBe(true);
  });

  it("in production: at most 50,000 URLs a page, served by the app", async () => {
    expect(SITEMAP_PAGE_URLS).toBeLessThanOrEqual(50_000);
    const index = await (await t.get("/sitemap.xml")).text();
    expect(index).toContain("<loc>http://localhost/sitemap-papers-1.xml</loc>");
    expect(index).not.toContain("sitemap-papers-2.xml");
    expect((await t.get("/sitemap-papers-2.xml")).status).toBe(404);
    const papers = await urlsOf(await t.get("/sitemap-papers-1.xml"));
    expect(papers.map((u) => u.loc).sort()).toEqual([...expected.papers].sort());
    const summaries = await urlsOf(await t.get("/sitemap-summaries-1.xml"));
    expect(summaries.map((u) => u.loc)).not.toContain(`http://localhost/summary/${hiddenSummary}`);
    const statics = (await urlsOf(await t.get("/sitemap-static.xml"))).map((u) => u.loc);
    expect(statics).toContain("http://localhost/");
    expect(statics).toContain("http://localhost/help/writing");
    // A venue is listed once it has a paper with a listed summary; icml has none.
    expect(statics).not.toContain("http://localhost/venue/icml");
  });
});

describe("robots.txt", () => {
  it("allows reading, keeps crawlers out of accounts and private links, names the sitemap", async () => {
    const res = await t.get("/robots.txt");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    const lines = (await res.text()).split("\n");
    expect(lines[0]).toBe("User-agent: *");
    expect(lines).toContain("Allow: /");
    for (const path of [
      "/settings",
      "/login",
      "/moderation",
      "/shared/",
      "/paper/*/write",
      "/api/",
    ]) {
      expect(lines).toContain(`Disallow: ${path}`);
    }
    expect(lines).toContain("Sitemap: http://localhost/sitemap.xml");
    expect(lines.filter((l) => l.startsWith("Disallow: /summary/") && !l.includes("*"))).toEqual(
      [],
    );
  });
});
