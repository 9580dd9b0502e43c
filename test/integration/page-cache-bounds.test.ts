import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { ConfigError, loadConfig } from "../../src/core/config";
import { PAGE_CACHE_DEFAULT_MAX_BYTES } from "../../src/core/limits";
import { makePaper, makeSummary, makeUser } from "../helpers/factories";
import { createTestApp, type TestApp } from "../helpers/test-app";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

/** The app with a page cache of `maxBytes`, counting the requests that reach the app (misses). */
function cachedApp(maxBytes = PAGE_CACHE_DEFAULT_MAX_BYTES) {
  const created = createApp(
    { ...t.deps, config: { ...t.deps.config, pageCacheMaxBytes: maxBytes } },
    { now: () => 0 },
  );
  let rendered = 0;
  const fetch = created.pageCache.wrap((req, env) => {
    rendered += 1;
    return created.app.fetch(req, env);
  });
  return {
    get: (path: string) => Promise.resolve(fetch(new Request(`http://localhost${path}`))),
    rendered: () => rendered,
    stats: () => created.pageCache.stats(),
  };
}

async function paperPage(summarySource?: string) {
  const author = await makeUser(t.db);
  const paper = await makePaper(t.db);
  await makeSummary(t.db, paper.id, author.id, summarySource ? { source: summarySource } : {});
  return `/paper/arxiv/${paper.arxiv}`;
}

async function inBatches(count: number, size: number, request: (i: number) => Promise<void>) {
  for (let start = 0; start < count; start += size) {
    await Promise.all(
      Array.from({ length: Math.min(size, count - start) }, (_, k) => request(start + k)),
    );
  }
}

describe("page cache keys", () => {
  it("2,000 cache-busting query strings are one entry, answered from it", async () => {
    const app = cachedApp();
    const path = await paperPage();
    const first = await app.get(path);
    expect(first.status).toBe(200);
    const etag = first.headers.get("ETag");
    const { bytes } = app.stats();

    await inBatches(2_000, 100, async (i) => {
      const res = await app.get(`${path}?v=${i}&utm_source=x${i}`);
      expect(res.status).toBe(200);
      expect(res.headers.get("ETag")).toBe(etag);
      await res.arrayBuffer();
    });
    expect(app.rendered()).toBe(1);
    expect(app.stats()).toMatchObject({ entries: 1, bytes });
  });

  it("unknown parameters never create an entry, even on a cold cache", async () => {
    const app = cachedApp();
    for (let i = 0; i < 20; i++) expect((await app.get(`/about?v=${i}`)).status).toBe(200);
    expect(app.stats().entries).toBe(0);
    expect(app.rendered()).toBe(20);

    await app.get("/about");
    expect(app.stats().entries).toBe(1);
    await app.get("/about?v=999");
    expect(app.rendered()).toBe(21);
  });

  it("keys on the parameters a page reads, in canonical order", async () => {
    const app = cachedApp();
    expect((await app.get("/recent?page=1&section=cs")).status).toBe(200);
    expect((await app.get("/recent?section=cs&page=1")).status).toBe(200);
    expect(app.rendered()).toBe(1);
    // A parameter the page reads makes a different page…
    expect((await app.get("/recent?section=math&page=1")).status).toBe(200);
    expect(app.rendered()).toBe(2);
    expect(app.stats().entries).toBe(2);
    // …and the same parameter twice is answered from the first value's entry, never stored.
    expect((await app.get("/recent?section=cs&page=1&page=1")).status).toBe(200);
    expect(app.rendered()).toBe(2);
  });

  it("one value spelt many ways is one entry; a refused value is a 400, never an entry", async () => {
    for (let i = 0; i < 6; i++) await paperPage(); // a second page of summaries
    const app = cachedApp();
    const second = await app.get("/best?page=2");
    expect(second.status).toBe(200);
    const etag = second.headers.get("ETag");
    for (const spelling of ["02", "0002", "000002", "%30%32"]) {
      const res = await app.get(`/best?page=${spelling}`);
      expect(res.status, spelling).toBe(200);
      expect(res.headers.get("ETag"), spelling).toBe(etag);
    }
    expect((await app.get("/best")).status).toBe(200);
    for (const spelling of ["1", "01", "0001", ""]) {
      expect((await app.get(`/best?page=${spelling}`)).status, spelling).toBe(200);
    }
    expect(app.rendered()).toBe(2);
    expect(app.stats().entries).toBe(2);

    for (const spelling of ["0", "00", "x1", "0000002"]) {
      expect((await app.get(`/best?page=${spelling}`)).status, spelling).toBe(400);
    }
    expect(app.rendered()).toBe(6);
    expect(app.stats().entries).toBe(2);
  });
});

describe("page cache size", () => {
  it("stays within its byte bound, evicting the least recently used pages", async () => {
    const probe = cachedApp();
    const probePath = await paperPage();
    await probe.get(probePath);
    const onePage = probe.stats().bytes;
    expect(onePage).toBeGreaterThan(1_000);

    // Room for ten pages; the per-page cap (an eighth of that) is a little over one page.
    const maxBytes = Math.floor(onePage * 10.5);
    const app = cachedApp(maxBytes);
    const paths: string[] = [];
    for (let i = 0; i < 16; i++) paths.push(await paperPage());
    for (const path of paths) {
      expect((await app.get(path)).status).toBe(200);
      expect(app.stats().bytes).toBeLessThanOrEqual(maxBytes);
    }
    expect(app.rendered()).toBe(16);
    expect(app.stats().entries).toBeGreaterThanOrEqual(9);
    expect(app.stats().entries).toBeLessThanOrEqual(10);

    // The most recent pages are hits; the first one was evicted.
    for (const path of paths.slice(-3)) await app.get(path);
    expect(app.rendered()).toBe(16);
    await app.get(paths[0] ?? "");
    expect(app.rendered()).toBe(17);
  });

  it("doesn't keep a page above the per-page cap, and still serves it", async () => {
    const probe = cachedApp();
    await probe.get(await paperPage());
    const onePage = probe.stats().bytes;

    // The cap is an eighth of the cache: here a little over one ordinary page.
    const app = cachedApp(onePage * 10);
    const big = await paperPage(`A long summary. ${"Many words of text here. ".repeat(800)}`);
    for (let i = 0; i < 2; i++) {
      const res = await app.get(big);
      expect(res.status).toBe(200);
      expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(onePage * 1.25);
      expect(res.headers.get("Vary")).toContain("Cookie");
      expect(res.headers.get("Cache-Control")).toBe("public, no-cache");
    }
    expect(app.rendered()).toBe(2);
    expect(app.stats().entries).toBe(0);

    const small = await paperPage();
    await app.get(small);
    await app.get(small);
    expect(app.rendered()).toBe(3);
  });

  it("PAGE_CACHE_MAX_BYTES sets the bound; a bad value names the variable", () => {
    expect(loadConfig({}).pageCacheMaxBytes).toBe(64 * 1024 * 1024);
    expect(loadConfig({ PAGE_CACHE_MAX_BYTES: "1000000" }).pageCacheMaxBytes).toBe(1_000_000);
    expect(() => loadConfig({ PAGE_CACHE_MAX_BYTES: "lots" })).toThrow(ConfigError);
    expect(() => loadConfig({ PAGE_CACHE_MAX_BYTES: "-1" })).toThrow(/PAGE_CACHE_MAX_BYTES/);
  });

  it("PAGE_CACHE_MAX_BYTES=0 keeps nothing", async () => {
    const app = cachedApp(0);
    const path = await paperPage();
    expect((await app.get(path)).status).toBe(200);
    expect((await app.get(path)).status).toBe(200);
    expect(app.rendered()).toBe(2);
    expect(app.stats()).toMatchObject({ entries: 0, bytes: 0 });
  });
});
