import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { RATE_LIMITS, SEARCH_FEW_RESULTS } from "../../src/core/limits";
import { endpointsAt, testResolverConfig } from "../../src/papers/resolvers/test-services";
import { createExternalSearch } from "../../src/search/external-search.service";
import { fixture } from "../fixtures/metadata/harness";
import { makePaper } from "../helpers/factories";
import { type RouteTable, replayServers } from "../helpers/replay-servers";
import { createTestApp, type TestApp } from "../helpers/test-app";

// Issue 11, point 1: /search offers what arXiv, Crossref and DBLP know by that title when the
// site has few papers for it, names a service that can't be reached while the rest still show,
// and never keeps such a page in the cache.

let t: TestApp;
const { serve } = replayServers();
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const NO_WAIT = { arxiv: 0, crossref: 0, dblp: 0, pubmed: 0, semanticScholar: 0, openreview: 0 };
const ARXIV: RouteTable[number] = [
  /^\/arxiv\?/,
  {
    status: 200,
    body: fixture("arxiv_search.xml"),
    headers: { "content-type": "application/atom+xml" },
  },
];
const CROSSREF: RouteTable[number] = [
  /^\/crossref\/works\?/,
  {
    status: 200,
    body: fixture("crossref_search.json"),
    headers: { "content-type": "application/json" },
  },
];
const DBLP: RouteTable[number] = [
  /^\/dblp\/search\/publ\/api\?/,
  {
    status: 200,
    body: fixture("dblp_search.json"),
    headers: { "content-type": "application/json" },
  },
];

async function closedPort(): Promise<string> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address() as { port: number };
  await new Promise<void>((r) => s.close(() => r()));
  return `http://127.0.0.1:${port}`;
}

/** The app with its title search pointed at `base` (crossref at `crossrefBase` when given). */
async function appAsking(table: RouteTable, crossrefBase?: string) {
  const server = await serve(table);
  const endpoints = endpointsAt(server.baseUrl);
  if (crossrefBase) endpoints.crossref = `${crossrefBase}/crossref`;
  const config = testResolverConfig({}, { offline: false, endpoints, minIntervalMs: NO_WAIT });
  const app = createApp(
    { ...t.deps, externalSearch: createExternalSearch(t.db, config) },
    { pageCacheRevalidateMs: 0 },
  );
  const get = (path: string, headers: Record<string, string> = {}) =>
    app.fetch(new Request(`http://localhost${path}`, { headers }));
  return { server, get, close: () => app.close() };
}

describe("/search and the services' title search", () => {
  it("offers the services' matches when the site has none, and keeps the page cacheable", async () => {
    const { server, get, close } = await appAsking([ARXIV, CROSSREF, DBLP]);
    try {
      const res = await get("/search?q=attention+strings");
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain("Not on ShortScience yet");
      expect(html).toContain("Attention in String Theory");
      expect(html).not.toContain("could not be reached");
      expect(res.headers.get("cache-control") ?? "").not.toContain("no-store");
      expect(server.requests.length).toBe(3);
    } finally {
      await close();
    }
  });

  it("names a service that can't be reached, shows the others, and is not cached", async () => {
    const { get, close } = await appAsking([ARXIV, DBLP], await closedPort());
    try {
      const res = await get("/search?q=attention+knots");
      const html = await res.text();
      expect(html).toContain("Crossref could not be reached; showing what we have.");
      expect(html).toContain("Attention to Knots");
      expect(res.headers.get("cache-control") ?? "").toContain("no-store");
    } finally {
      await close();
    }
  });

  it("asks the services for one client at most externalSearchPerIp times, then shows ours only", async () => {
    const { server, get, close } = await appAsking([ARXIV, CROSSREF, DBLP]);
    const { max } = RATE_LIMITS.externalSearchPerIp;
    const from = { "X-Forwarded-For": "203.0.113.77" };
    try {
      for (let i = 0; i < max; i++) {
        const html = await (await get(`/search?q=zzyzx+${i}`, from)).text();
        expect(html).toContain("Not on ShortScience yet");
      }
      expect(server.requests.length).toBe(3 * max);
      const over = await get("/search?q=zzyzx+over", from);
      expect(over.status).toBe(200);
      expect(await over.text()).not.toContain("Not on ShortScience yet");
      expect(over.headers.get("cache-control") ?? "").toContain("no-store");
      expect(server.requests.length).toBe(3 * max);
      // Another client still gets them.
      const other = await get("/search?q=zzyzx+other", { "X-Forwarded-For": "203.0.113.78" });
      expect(await other.text()).toContain("Not on ShortScience yet");
    } finally {
      await close();
    }
  });

  it("asks no service when the site has enough papers for the query", async () => {
    for (let i = 0; i < SEARCH_FEW_RESULTS; i++) {
      await makePaper(t.db, { title: `Quasicrystal tilings, part ${i + 1}` });
    }
    const { server, get, close } = await appAsking([ARXIV, CROSSREF, DBLP]);
    try {
      const html = await (await get("/search?q=quasicrystal")).text();
      expect(html).toContain("tilings, part 1");
      expect(html).not.toContain("Not on ShortScience yet");
      expect(server.requests).toEqual([]);
    } finally {
      await close();
    }
  });
});
