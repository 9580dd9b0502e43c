// Paper page views rank "popular" on the home page, so one client must not be able to buy
// rank with requests: a view counts once per client per paper per UTC day, cached hits
// included, in a bounded set (src/papers/page-view-counter.ts).

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VIEWS_PER_DAY_MAX_KEYS } from "../../src/core/limits";
import { createPageViewCounter } from "../../src/papers/page-view-counter";
import { makePaper, makeSummary, makeUser } from "../helpers/factories";
import { serveFetch } from "../helpers/raw-http";
import { createTestApp, type TestApp } from "../helpers/test-app";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

async function viewsOf(paperId: number, app: TestApp = t): Promise<number> {
  await app.pageViews.flush();
  const rows = await app.db
    .selectFrom("paper_views")
    .select("views")
    .where("paper_id", "=", paperId)
    .execute();
  return rows.reduce((sum, r) => sum + Number(r.views), 0);
}

/** `n` GETs of the paper's page as client `ip` (the test app trusts one proxy). */
async function visit(arxiv: string, ip: string, n = 1): Promise<void> {
  for (let i = 0; i < n; i++) {
    const res = await t.get(`/paper/arxiv/${arxiv}`, { "X-Forwarded-For": ip });
    expect(res.status).toBe(200);
    await res.arrayBuffer();
  }
}

describe("paper page views", () => {
  it("count 1,000 requests from one client as one view, cached hits included", async () => {
    const paper = await makePaper(t.db);
    const before = t.pageCache.stats().entries;
    await visit(paper.arxiv, "198.51.100.1", 1_000);
    // All but the first were answered from the cache: the hit path is what is tested.
    expect(t.pageCache.stats().entries).toBe(before + 1);
    expect(await viewsOf(paper.id)).toBe(1);
    // The same client written another way (a port, IPv4-mapped IPv6) is the same client.
    await visit(paper.arxiv, "198.51.100.1:4000");
    await visit(paper.arxiv, "::ffff:198.51.100.1");
    expect(await viewsOf(paper.id)).toBe(1);
  });

  it("count 50 clients as 50 views", async () => {
    const paper = await makePaper(t.db);
    for (let c = 1; c <= 50; c++) await visit(paper.arxiv, `203.0.113.${c}`, 3);
    expect(await viewsOf(paper.id)).toBe(50);
  });

  it("count a client once per paper: its views of another paper count there", async () => {
    const a = await makePaper(t.db);
    const b = await makePaper(t.db);
    await visit(a.arxiv, "198.51.100.2", 5);
    await visit(b.arxiv, "198.51.100.2", 5);
    expect([await viewsOf(a.id), await viewsOf(b.id)]).toEqual([1, 1]);
  });

  it("count requests without a known client (no socket, no header) as one client", async () => {
    const paper = await makePaper(t.db);
    for (let i = 0; i < 20; i++) await (await t.get(`/paper/arxiv/${paper.arxiv}`)).text();
    expect(await viewsOf(paper.id)).toBe(1);
  });

  it("key on the socket's address over HTTP: rotating X-Forwarded-For without a proxy buys nothing", async () => {
    const direct = await createTestApp({ env: { TRUST_PROXY: "0" } });
    const server = await serveFetch(direct.fetch);
    try {
      const paper = await makePaper(direct.db);
      for (let i = 0; i < 30; i++) {
        const res = await fetch(`${server.url}/paper/arxiv/${paper.arxiv}`, {
          headers: { "X-Forwarded-For": `192.0.2.${i + 1}` },
        });
        expect(res.status).toBe(200);
        await res.arrayBuffer();
      }
      expect(await viewsOf(paper.id, direct)).toBe(1);
    } finally {
      await server.close();
      await direct.close();
    }
  });

  it("behind one proxy, read only the proxy's entry: spoofed entries left of it buy nothing", async () => {
    const paper = await makePaper(t.db);
    for (let i = 0; i < 30; i++) {
      await visit(paper.arxiv, `10.9.${i}.1, 198.51.100.3`);
    }
    expect(await viewsOf(paper.id)).toBe(1);
  });

  it("can't move the home page's popular order for one client", async () => {
    const author = await makeUser(t.db);
    const papers = [];
    for (const name of ["Alpha", "Beta", "Gamma"]) {
      const paper = await makePaper(t.db, { title: `Popularity ${name} ${Date.now()}` });
      await makeSummary(t.db, paper.id, author.id);
      papers.push({ ...paper, title: `Popularity ${name}` });
    }
    const [alpha, beta, gamma] = papers as [
      (typeof papers)[0],
      (typeof papers)[0],
      (typeof papers)[0],
    ];
    for (let c = 1; c <= 3; c++) await visit(alpha.arxiv, `198.51.100.${10 + c}`);
    for (let c = 1; c <= 2; c++) await visit(beta.arxiv, `198.51.100.${20 + c}`);
    // One client asks for the last paper's page 1,000 times.
    await visit(gamma.arxiv, "198.51.100.30", 1_000);
    await t.pageViews.flush();
    // Views don't bump the content version (a page cached before would keep its order).
    t.pageCache.clear();
    const home = await t.html("/");
    const at = papers.map((p) => home.indexOf(p.title));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect(at).toEqual([...at].sort((x, y) => x - y));
  });
});

describe("the set of clients seen today", () => {
  it("never holds more than its cap, however many clients come; the day after starts afresh", async () => {
    expect(t.pageViews.stats().maxKeys).toBe(VIEWS_PER_DAY_MAX_KEYS);
    const paper = await makePaper(t.db);
    let clock = Date.parse("2026-12-01T10:00:00.000Z");
    const views = createPageViewCounter(t.db, { maxKeys: 200, now: () => clock });
    try {
      for (let c = 0; c < 5_000; c++) {
        views.record(paper.id, `2001:db8:${c.toString(16)}::/64`);
        expect(views.stats().keys).toBeLessThanOrEqual(200);
      }
      expect(views.stats()).toEqual({ keys: 200, maxKeys: 200, refusedWhenFull: 4_800 });
      // A client already counted today still counts nothing more.
      views.record(paper.id, "2001:db8:0::/64");
      await views.flush();
      expect(await viewsOf(paper.id)).toBe(200);

      clock += 86_400_000;
      views.record(paper.id, "2001:db8:0::/64");
      views.record(paper.id, "2001:db8:0::/64");
      expect(views.stats()).toEqual({ keys: 1, maxKeys: 200, refusedWhenFull: 0 });
      await views.flush();
      expect(await viewsOf(paper.id)).toBe(201);
    } finally {
      await views.stop();
    }
  });
});

describe("views recorded before midnight and written after it", () => {
  it("count on the day they were seen", async () => {
    const paper = await makePaper(t.db);
    let clock = Date.parse("2026-12-01T23:59:59.000Z");
    const views = createPageViewCounter(t.db, { now: () => clock });
    try {
      views.record(paper.id, "198.51.100.1");
      clock += 2_000;
      views.record(paper.id, "198.51.100.2");
      await views.flush();
      const rows = await t.db
        .selectFrom("paper_views")
        .select(["day", "views"])
        .where("paper_id", "=", paper.id)
        .orderBy("day")
        .execute();
      expect(rows.map((r) => [r.day, Number(r.views)])).toEqual([
        ["2026-12-01", 1],
        ["2026-12-02", 1],
      ]);
    } finally {
      await views.stop();
    }
  });
});
